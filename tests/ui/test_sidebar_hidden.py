"""Hiding and showing the sidebar: the article is laid out again at the pane's new width, even
after a scroll (Textual's lazy layout map then sends the body no Resize), the reading position is
kept, and focus returns to the pane that had it."""

from __future__ import annotations

from pathlib import Path

from ui_support import article, running, settle, write

from tui_reader.core.library.location import bundled_library
from tui_reader.core.library.model import Article
from tui_reader.ui.widgets.reader.lines import ArticleLines
from tui_reader.ui.widgets.reader.reader import Reader
from tui_reader.ui.widgets.sidebar.sidebar import Sidebar


def article_titled(app, title: str) -> Article:
    return next(a for a in app.main_screen.model.articles.values() if a.title == title)


def drawn_and_expected(app) -> tuple[list[str], list[str]]:
    """The body's lines as drawn, and as the article laid out at the body's width would be."""
    reader = app.main_screen.query_one(Reader)
    body = reader.query_one(ArticleLines)
    drawn = [body.render_line(y).text.rstrip() for y in range(body.line_count)]
    lines = reader.rendered.body_view().prepare(body.text_width)
    expected = ["".join(segment.text for segment in line).rstrip() for line in lines]
    return drawn, expected


async def test_showing_the_sidebar_after_a_scroll_lays_the_article_out_again() -> None:
    async with running(bundled_library()) as (app, pilot):
        app.main_screen.open_article(article_titled(app, "About tui-reader"), None)
        await settle(pilot)
        narrow = app.main_screen.reader.text_width
        for key in ("tab", "backslash", "j", "backslash"):
            await pilot.press(key)
            await settle(pilot)
        assert app.main_screen.query_one(Sidebar).display
        assert app.main_screen.reader.text_width == narrow
        drawn, expected = drawn_and_expected(app)
        assert drawn == expected
        assert "Such an archive is easy to keep and hard to read" in " ".join(drawn)


async def test_hiding_the_sidebar_after_a_scroll_widens_the_article() -> None:
    async with running(bundled_library()) as (app, pilot):
        app.main_screen.open_article(article_titled(app, "About tui-reader"), None)
        await settle(pilot)
        narrow = app.main_screen.reader.text_width
        for key in ("tab", "j", "j", "backslash"):
            await pilot.press(key)
            await settle(pilot)
        assert app.main_screen.reader.text_width > narrow
        drawn, expected = drawn_and_expected(app)
        assert drawn == expected


def top_paragraph(reader: Reader) -> int:
    """The number of the first "Paragraph N" line in view."""
    body = reader.query_one(ArticleLines)
    first = int(reader.scroll_y) - body.virtual_region.y
    for y in range(max(0, first), body.line_count):
        words = body.render_line(y).text.split()
        if len(words) > 1 and words[0] == "Paragraph":
            return int(words[1])
    raise AssertionError("no paragraph in view")


# About 180 characters a paragraph: four lines beside the sidebar, two without it.
WORDY = "\n".join(
    f"<p>Paragraph {n} of a wordy article, long enough that its lines fold differently at each "
    f"width of the pane, so that the line at the top of the view moves when the sidebar comes "
    f"and goes.</p>"
    for n in range(1, 61)
)


async def test_the_reading_position_is_kept_when_the_width_changes(tmp_path: Path) -> None:
    write(tmp_path / "wordy.md", article("Wordy", "2024-03-01 09:00:00 +0000", " - Wordy", WORDY))
    async with running(tmp_path) as (app, pilot):
        reader = app.main_screen.reader
        app.main_screen.open_article(article_titled(app, "Wordy"), None)
        await settle(pilot)
        reader.focus()
        reader.scroll_to(y=reader.max_scroll_y // 2, animate=False, immediate=True)
        await settle(pilot)
        before = top_paragraph(reader)
        assert before > 10
        for _ in range(2):  # wider (fewer lines), then narrower again
            await pilot.press("backslash")
            await settle(pilot)
            assert abs(top_paragraph(reader) - before) <= 1


async def test_showing_the_sidebar_again_gives_focus_back_to_the_pane_that_had_it() -> None:
    async with running(bundled_library()) as (app, pilot):
        screen = app.main_screen
        screen.open_article(article_titled(app, "About tui-reader"), None)
        await settle(pilot)
        await pilot.press("tab")
        assert app.focused is screen.reader
        await pilot.press("backslash", "backslash")
        await settle(pilot)
        assert app.focused is screen.reader
        await pilot.press("tab")
        assert app.focused is screen.sidebar
        await pilot.press("backslash")
        assert app.focused is screen.reader  # the only pane left
        await pilot.press("backslash")
        await settle(pilot)
        assert app.focused is screen.sidebar


async def test_a_large_article_is_laid_out_again_too(tmp_path: Path) -> None:
    """Past `BACKGROUND_FROM` the body is laid out in a worker: its lines at the old width must
    not win over the new width's, whichever comes back last."""
    paragraphs = WORDY * 8  # ~90,000 characters
    write(tmp_path / "big.md", article("Big", "2024-03-01 09:00:00 +0000", " - Big", paragraphs))
    async with running(tmp_path) as (app, pilot):
        app.main_screen.open_article(article_titled(app, "Big"), None)
        await settle(pilot)
        narrow = app.main_screen.reader.text_width
        for key in ("tab", "backslash", "j", "j", "backslash", "backslash", "j", "backslash"):
            await pilot.press(key)
        await settle(pilot, rounds=6)
        assert app.main_screen.reader.text_width == narrow
        drawn, expected = drawn_and_expected(app)
        assert drawn == expected


async def test_the_reading_position_is_kept_when_the_window_is_resized(tmp_path: Path) -> None:
    write(tmp_path / "wordy.md", article("Wordy", "2024-03-01 09:00:00 +0000", " - Wordy", WORDY))
    async with running(tmp_path) as (app, pilot):
        reader = app.main_screen.reader
        app.main_screen.open_article(article_titled(app, "Wordy"), None)
        await settle(pilot)
        reader.scroll_to(y=reader.max_scroll_y // 2, animate=False, immediate=True)
        await settle(pilot)
        before = top_paragraph(reader)
        for size in ((150, 30), (70, 30)):
            await pilot.resize_terminal(*size)
            await settle(pilot)
            assert abs(top_paragraph(reader) - before) <= 1
