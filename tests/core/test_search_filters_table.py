"""The search filters come from one table, `core.search.query.FILTERS`: the parser takes each
key and alias, the index has SQL for each and runs every example (its first page and its count
agree), and the help screen, the search bar's placeholder, `tui-reader search --help` and the
README's table (scripts/readme_filters.py) list them all."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from textual.widgets import Input
from ui_support import make_app, make_library, settle

from tui_reader.cli import main
from tui_reader.core.library.library import Library
from tui_reader.core.search.index import SearchIndex
from tui_reader.core.search.query import FILTERS, Filter, FilterKind, QueryError, parse
from tui_reader.core.search.sql import FILTER_SQL
from tui_reader.ui.screens.help import HelpScreen
from tui_reader.ui.screens.search.screen import SearchScreen

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = Path(__file__).parent.parent / "samples"
README_SCRIPT = ROOT / "scripts" / "readme_filters.py"


def test_every_filter_has_its_sql() -> None:
    assert set(FILTER_SQL) == {kind.key for kind in FILTERS}


@pytest.mark.parametrize("kind", FILTERS, ids=lambda kind: kind.key)
def test_every_name_of_a_filter_parses_to_it(kind: FilterKind) -> None:
    for name in (kind.key, *kind.aliases):
        for example in kind.examples:
            node = parse(f"{name.upper()}:{example.split(':', 1)[1]}")
            assert isinstance(node, Filter) and node.key == kind.key, (name, example)


def test_an_unknown_filter_is_refused_naming_every_filter() -> None:
    with pytest.raises(QueryError) as raised:
        parse("title:x")
    for kind in FILTERS:
        assert f" {kind.key}:" in str(raised.value)


def test_every_example_runs_on_the_index(tmp_path: Path) -> None:
    folder = tmp_path / "library"
    shutil.copytree(SAMPLES, folder)
    library = Library(folder)
    snapshot = library.scan(workers=1)
    index = SearchIndex.for_library(folder)
    index.sync(folder, snapshot.articles, workers=1)
    ids = [article.id for article in snapshot.articles]
    state = {"read_ids": set(ids[::2]), "bookmarked_ids": set(ids[::3])}
    found = 0
    for example in (example for kind in FILTERS for example in kind.examples):
        for query in (example, f"-{example}"):
            hits = index.search(query, limit=None, **state).hits  # type: ignore[arg-type]
            assert index.count_matches(query, **state) == len(hits), query  # type: ignore[arg-type]
            found += bool(hits)
    assert found > len(FILTERS)  # the examples find something, their exclusions too
    index.close()


def test_the_cli_help_lists_every_filter(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["search", "--help"])
    shown = " ".join(capsys.readouterr().out.split())  # argparse wraps the description
    for kind in FILTERS:
        assert all(example in shown for example in kind.examples), kind.key


def test_the_readme_table_is_made_from_the_filters(tmp_path: Path) -> None:
    check = [sys.executable, str(README_SCRIPT), "--check"]
    assert subprocess.run(check, capture_output=True, check=False).returncode == 0
    stale = tmp_path / "README.md"
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    first = FILTERS[0].examples[0]
    stale.write_text(readme.replace(f"| `{first}` ", "| `x:y` ", 1), encoding="utf-8")
    result = subprocess.run([*check, str(stale)], capture_output=True, text=True, check=False)
    assert result.returncode == 1 and "readme_filters.py" in result.stderr
    subprocess.run([sys.executable, str(README_SCRIPT), str(stale)], check=True)
    assert stale.read_text(encoding="utf-8") == readme


async def test_the_help_and_the_search_bar_list_every_filter(tmp_path: Path) -> None:
    app = make_app(make_library(tmp_path / "library", samples=False))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        # a filter's examples may wrap over lines (help.EXAMPLES_WIDTH)
        rows = {syntax.replace("\n", "  "): text for syntax, text, _ in app.screen.search}
        for kind in FILTERS:
            assert rows["  ".join(kind.examples)].lower() == kind.help.lower()
        await pilot.press("escape", "slash")
        await settle(pilot)
        assert isinstance(app.screen, SearchScreen)
        placeholder = app.screen.query_one("#search-input", Input).placeholder
        assert all(f"{kind.key}:" in placeholder for kind in FILTERS)
