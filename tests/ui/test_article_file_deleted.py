"""An open article whose file is deleted: after a rescan the pane keeps its text with a line
saying the file is gone, and `b` and `r` on it say why they do nothing
instead of making a `(missing)` bookmark."""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot
from ui_support import SIZE, make_app, make_library, open_where, settle

from tui_reader.core.library.model import Article
from tui_reader.ui.screens.main.opening import GONE_MARK


def _messages(app) -> list[str]:  # type: ignore[no-untyped-def]
    return [str(n.message) for n in app._notifications]


async def _open(pilot: Pilot[object], path: str) -> Article:
    """Open the fixture's article at `path` (the reading pane focused); the article."""
    await settle(pilot)
    return await open_where(pilot, lambda a: a.path == path)


async def test_a_deleted_open_article_says_so_and_refuses_marks(tmp_path: Path) -> None:
    library = make_library(tmp_path / "library", samples=False)
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        article = await _open(pilot, "english/long.md")
        main = app.main_screen
        main.set_read([article.id], False)  # as it was before it was opened
        body = main.reader.rendered.plain_text
        (library / article.path).unlink()
        await pilot.press("R")
        await settle(pilot)

        reader = main.reader
        assert reader.has_focus
        assert reader.article is not None and reader.article.id == article.id
        assert reader.rendered is not None and reader.rendered.plain_text == body  # text kept
        header = str(reader.query_one("#article-header").render())
        assert f"{GONE_MARK} The file is gone (english/long.md)" in header
        assert header.count(GONE_MARK) == 1

        await pilot.press("b")
        await pilot.pause()
        assert main.state is not None and not main.state.is_bookmarked(article.id)
        assert main.state.bookmarks() == []  # no "(missing)" bookmark
        assert "Not bookmarked: the file of this article is gone." in _messages(app)
        await pilot.press("r")
        await pilot.pause()
        assert not main.state.is_read(article.id)
        assert "Not changed: the file of this article is gone." in _messages(app)

        await pilot.press("R")  # a second rescan does not say it twice
        await settle(pilot)
        assert str(reader.query_one("#article-header").render()).count(GONE_MARK) == 1


async def test_a_bookmark_on_a_deleted_open_article_can_still_be_removed(tmp_path: Path) -> None:
    library = make_library(tmp_path / "library", samples=False)
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        article = await _open(pilot, "english/short-1.md")
        main = app.main_screen
        await pilot.press("b")
        await pilot.pause()
        assert main.state is not None and main.state.is_bookmarked(article.id)
        (library / article.path).unlink()
        await pilot.press("R")
        await settle(pilot)
        await pilot.press("b")
        await pilot.pause()
        assert not main.state.is_bookmarked(article.id)


async def test_the_notice_goes_when_the_file_comes_back(tmp_path: Path) -> None:
    """A file moved out and back (same time and size) loses the notice, as `b` and `r` work
    again."""
    library = make_library(tmp_path / "library", samples=False)
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        article = await _open(pilot, "english/long.md")
        main = app.main_screen
        path = library / article.path
        aside = tmp_path / "aside.md"
        path.rename(aside)
        await pilot.press("R")
        await settle(pilot)
        assert GONE_MARK in str(main.reader.query_one("#article-header").render())
        aside.rename(path)
        await pilot.press("R")
        await settle(pilot)
        assert main.reader.article is not None and main.reader.article.id == article.id
        assert GONE_MARK not in str(main.reader.query_one("#article-header").render())
        path.rename(aside)  # and gone again: said again
        await pilot.press("R")
        await settle(pilot)
        assert GONE_MARK in str(main.reader.query_one("#article-header").render())
