"""Counts are written in the singular for one and the plural otherwise, never "file(s)": in the
status line, the problems view, the empty-library screen, undo's notice and the CLI."""

from __future__ import annotations

from pathlib import Path

import pytest
from ui_support import SIZE, make_app, make_library, record_notes, settle, write

from tui_reader.commands.common import print_problems
from tui_reader.core.library.library import Library
from tui_reader.core.wording import counted
from tui_reader.ui.screens.empty import EmptyScreen
from tui_reader.ui.screens.problems import ProblemsScreen


@pytest.mark.parametrize(
    ("number", "noun", "plural", "written"),
    [
        (1, "article", None, "1 article"),
        (0, "article", None, "0 articles"),
        (7032, "article", None, "7,032 articles"),
        (1, "match", "matches", "1 match"),
        (2, "match", "matches", "2 matches"),
    ],
)
def test_counted(number: int, noun: str, plural: str | None, written: str) -> None:
    assert counted(number, noun, plural) == written


def _one_broken(root: Path, *, articles: bool) -> Path:
    root = make_library(root, samples=False) if articles else root
    write(root / "broken.md", "")  # the one file that cannot be read
    if articles:
        (root / "broken" / "empty.md").unlink()  # the fixture's own broken files
        (root / "broken" / "binary.md").unlink()
    return root


def test_cli_says_one_problem_one_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = _one_broken(tmp_path / "library", articles=True)
    print_problems(Library(root).scan(workers=1))
    assert "tui-reader: 1 problem: 1 file skipped, 0 read in part" in capsys.readouterr().err


async def test_problems_view_and_undo_in_the_singular(tmp_path: Path) -> None:
    app = make_app(_one_broken(tmp_path / "library", articles=True))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        notes = record_notes(app)
        await pilot.press("j", "l", "j", "l", "j", "r", "u")  # an article marked read, undone
        await settle(pilot)
        assert "Undone: 1 article back as they were." in notes
        await pilot.press("P")
        await settle(pilot)
        assert isinstance(app.screen, ProblemsScreen)
        title = str(app.screen.query_one("#problems-title").render())
        assert title.startswith("Problems: 1 file skipped, ")


async def test_an_empty_library_says_one_file_could_not_be_read(tmp_path: Path) -> None:
    app = make_app(_one_broken(tmp_path / "library", articles=False))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, EmptyScreen)
        assert "(1 file could not be read: press P)" in app.screen.reason
