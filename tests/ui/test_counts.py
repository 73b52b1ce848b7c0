"""Counts written as the status line writes them: singular for one ("1 article", "1 problem")
and with a thousands separator in the search bar ("1,050 articles", as "7,032 articles")."""

from __future__ import annotations

from pathlib import Path

from ui_support import SIZE, article, make_app, settle, write

from tui_reader.ui.screens.search import SearchScreen
from tui_reader.ui.widgets.status import StatusLine, counted

MANY = 1_050


def _search_status(screen: SearchScreen) -> str:
    return str(screen.query_one("#search-status").render())


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
            status = _search_status(screen)
            if "articles" in status and "counting" not in status:
                break
        assert _search_status(screen).startswith(f"{MANY:,} articles, showing 100")


async def test_the_status_line_says_1_article_and_1_problem(tmp_path: Path) -> None:
    write(tmp_path / "one.md", article("One", "2024-03-01 09:00:00 +0000", " - One", "<p>x</p>"))
    write(tmp_path / "broken.md", "")
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        text = app.main_screen.query_one(StatusLine).text
        assert "1 article, 1 unread" in text and "1 problem (P)" in text
        write(tmp_path / "two.md", article("Two", "2024-03-02 09:00:00 +0000", " - One", "x"))
        write(tmp_path / "broken-2.md", "")
        await pilot.press("R")
        await settle(pilot)
        text = app.main_screen.query_one(StatusLine).text
        assert "2 articles, 2 unread" in text and "2 problems (P)" in text


def test_counted() -> None:
    assert [counted(n, "article") for n in (0, 1, 2, 7_032)] == [
        "0 articles",
        "1 article",
        "2 articles",
        "7,032 articles",
    ]
