"""mypy sees into the main screen and the sidebar: a misspelt method called on a widget or an
object they own is an error (`.ci/run` runs mypy with pyproject's [tool.mypy]). Each case plants
one misspelling in a copy of the package, and mypy must name it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import tui_reader

api = pytest.importorskip("mypy.api")

PACKAGE = Path(tui_reader.__file__).resolve().parent
# (file in the package, a call in it (the first is misspelt), the method's name misspelt)
PLANTED = [
    ("ui/screens/main/opening.py", "screen.reader.show_loading(article)", "show_loadin"),
    (
        "ui/screens/main/lists.py",
        "screen.sidebar.update_marks(article_ids, categories)",
        "update_mark",
    ),
    ("ui/screens/main/key_actions.py", "self.actions.applies(action)", "apply"),
    (
        "ui/screens/main/actions/reading.py",
        "view.sidebar.saved_searches.reveal_found(",
        "reveal_fuond",
    ),
    ("ui/screens/main/actions/views.py", "view.reader.set_search_terms(None)", "set_search_term"),
    ("ui/widgets/sidebar/children.py", "tree.saved_searches.populate(node)", "populat"),
    ("ui/widgets/sidebar/saved.py", "tree.leaves.forget_gone()", "forget_gon"),
]


def _pyproject() -> Path:
    for folder in Path(__file__).resolve().parents:
        if (folder / "pyproject.toml").is_file():
            return folder / "pyproject.toml"
    raise AssertionError("no pyproject.toml above the tests")


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> str:
    """mypy's report on a copy of the package with every misspelling of PLANTED in it."""
    copy = tmp_path_factory.mktemp("typed") / "tui_reader"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__", "sample_library"))
    for name, call, misspelt in PLANTED:
        path = copy / name
        text = path.read_text(encoding="utf-8")
        assert call in text, f"{call!r} is not in {name}: update PLANTED"
        method = call.split("(")[0].rsplit(".", 1)[1]
        path.write_text(text.replace(call, call.replace(f".{method}(", f".{misspelt}("), 1))
    cache = copy.parent / "mypy_cache"
    out, err, _status = api.run(
        [str(copy), "--config-file", str(_pyproject()), "--cache-dir", str(cache)]
    )
    return out + err


@pytest.mark.parametrize(("name", "call", "misspelt"), PLANTED)
def test_a_misspelt_call_fails_the_type_check(
    report: str, name: str, call: str, misspelt: str
) -> None:
    errors = [line for line in report.splitlines() if f'has no attribute "{misspelt}"' in line]
    assert errors, f"mypy let {misspelt} in {name} pass:\n{report}"
    assert all(Path(line.split(":")[0]).as_posix().endswith(name) for line in errors)
