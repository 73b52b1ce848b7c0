"""`source:NAME` finds the articles whose category path has NAME at its second level
(`新媒体 / cnBeta / 最新` is from cnBeta), any case, in any of an article's paths, whole names
only; a path (`source:新媒体/cnBeta`) is refused, `cat:` being the filter for it. The index's
first page, its count and `tui-reader search` agree."""

from __future__ import annotations

from pathlib import Path

import pytest
from ui_support import article, write

from tui_reader.cli import main
from tui_reader.core.library.library import Library
from tui_reader.core.search.index import SearchIndex
from tui_reader.core.search.query import QueryError, parse

PATHS = {
    "three-levels": " - 新媒体\n - cnBeta\n - 最新",
    "two-levels": " - 新媒体\n - cnBeta",
    "second-path": " - [News]\n - [新媒体, cnBeta]",
    "first-level": " - cnBeta\n - 新媒体",
    "third-level": " - 新媒体\n - 其他\n - cnBeta",
    "longer-name": " - 新媒体\n - cnBetaX",
    "other": " - News",
}
FROM_CNBETA = {"three-levels", "two-levels", "second-path"}


@pytest.fixture
def index(tmp_path: Path) -> tuple[SearchIndex, dict[str, str], Path]:
    """The index of a library of the articles of PATHS, and each article's id by its name."""
    folder = tmp_path / "library"
    for number, (name, categories) in enumerate(PATHS.items()):
        when = f"2024-01-{number + 1:02d} 09:00:00 +0000"
        write(folder / f"{name}.md", article(name, when, categories, f"<p>北约 {name}</p>"))
    snapshot = Library(folder).scan(workers=1)
    search = SearchIndex.for_library(folder)
    search.sync(folder, snapshot.articles, workers=1)
    names = {a.title: a.id for a in snapshot.articles}
    assert set(names) == set(PATHS)
    return search, names, folder


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("source:cnBeta", FROM_CNBETA),
        ("source:CNBETA", FROM_CNBETA),
        ("-source:cnbeta", set(PATHS) - FROM_CNBETA),
        ("source:新媒体", {"first-level"}),
        ("source:其他", {"third-level"}),
        ("source:cnbeta cat:最新", {"three-levels"}),
        ("北约 source:cnbeta", FROM_CNBETA),
        ("source:cnbeta OR source:新媒体", FROM_CNBETA | {"first-level"}),
        ("source:cnbeta -cat:news", FROM_CNBETA - {"second-path"}),
        ("source:cnbet", set()),
    ],
)
def test_source_is_the_second_level_of_a_category_path(
    index: tuple[SearchIndex, dict[str, str], Path], query: str, expected: set[str]
) -> None:
    search, names, _ = index
    ids = {hit.article.id for hit in search.search(query, limit=None).hits}
    assert ids == {names[name] for name in expected}
    assert search.count_matches(query) == len(expected)


def test_a_path_is_refused() -> None:
    with pytest.raises(QueryError, match="cat:新媒体/cnBeta"):
        parse("source:新媒体/cnBeta")


def test_the_command_line_searches_by_source(
    index: tuple[SearchIndex, dict[str, str], Path], capsys: pytest.CaptureFixture[str]
) -> None:
    _, _, folder = index
    assert main(["search", "source:cnBeta", str(folder), "--count"]) == 0
    assert capsys.readouterr().out == f"{len(FROM_CNBETA)}\n"
    assert main(["search", "source:cnBeta", str(folder)]) == 0
    listed = capsys.readouterr().out
    assert all((name in listed) == (name in FROM_CNBETA) for name in PATHS)
    assert main(["search", "source:新媒体/cnBeta", str(folder)]) == 2
    assert "cat:新媒体/cnBeta" in capsys.readouterr().err
