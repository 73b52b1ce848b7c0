"""Counts are written in the singular for one and the plural otherwise, never "file(s)", with a
thousands separator ("7,032 articles"): in the status line, the search bar, the problems view, the
empty-library screen, undo's notice and the CLI."""

from __future__ import annotations

from pathlib import Path

import pytest
from ui_support import (
    SIZE,
    article,
    make_app,
    make_library,
    record_notes,
    running,
    search_status,
    settle,
    write,
)

from tui_reader.commands.common import print_problems
from tui_reader.core.library.library import Library
from tui_reader.core.wording import counted
from tui_reader.ui.screens.empty import EmptyScreen
from tui_reader.ui.screens.problems import ProblemsScreen
from tui_reader.ui.screens.search.screen import SearchScreen
from tui_reader.ui.widgets.status import StatusLine

MANY = 1_050


async def test_search_counts_have_a_thousands_separator(tmp_path: Path) -> None:
    for n in range(MANY):
        date = f"2024-{n % 12 + 1:02d}-{n % 28 + 1:02d} 09:00:00 +0000"
        write(tmp_path / f"notes/{n}.md", article(f"Note {n}", date, " - Notes", "<p>ipsum</p>"))
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, rounds=5)
        await pilot.press("slash")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SearchScreen)
        await pilot.press(*"ipsum")
        for _ in range(400):
            await settle(pilot, rounds=1)
            status = search_status(screen)
            if "articles" in status and "counting" not in status:
                break
        assert search_status(screen).startswith(f"{MANY:,} articles, showing 100")


async def test_the_status_line_says_1_article_and_1_problem(tmp_path: Path) -> None:
    write(tmp_path / "one.md", article("One", "2024-03-01 09:00:00 +0000", " - One", "<p>x</p>"))
    write(tmp_path / "broken.md", "")
    async with running(tmp_path) as (app, pilot):
        text = app.main_screen.query_one(StatusLine).text
        assert "1 article, 1 unread" in text and "1 problem (P)" in text
        write(tmp_path / "two.md", article("Two", "2024-03-02 09:00:00 +0000", " - One", "x"))
        write(tmp_path / "broken-2.md", "")
        await pilot.press("R")
        await settle(pilot)
        text = app.main_screen.query_one(StatusLine).text
        assert "2 articles, 2 unread" in text and "2 problems (P)" in text


@pytest.mark.parametrize(
    ("number", "noun", "plural", "written"),
    [
        (1, "article", None, "1 article"),
        (0, "article", None, "0 articles"),
        (2, "article", None, "2 articles"),
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
    async with running(_one_broken(tmp_path / "library", articles=True)) as (app, pilot):
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
    async with running(_one_broken(tmp_path / "library", articles=False)) as (app, pilot):
        assert isinstance(app.screen, EmptyScreen)
        assert "(1 file could not be read: press P)" in app.screen.reason
