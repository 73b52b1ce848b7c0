"""Reading state through the app: what the user did is there after a restart."""

from __future__ import annotations

from pathlib import Path

import pytest
from ui_support import SIZE, goto_category, make_app, running, settle

from tui_reader.core.config import Config
from tui_reader.core.state.store import StateStore
from tui_reader.ui.model.tree_data import BookmarkNode, BookmarksNode


async def test_marks_bookmarks_and_position_survive_a_restart(library: Path) -> None:
    async with running(library) as (app, pilot):
        await goto_category(pilot, "English", "Long")
        await pilot.press("j", "enter")
        await settle(pilot)
        long_article = app.main_screen.reader.article
        await pilot.press("b", "tab")
        for _ in range(3):
            await pilot.press("space")
        await pilot.pause()
        fraction = app.main_screen.reader.fraction
        assert 0 < fraction < 1
        await goto_notes_and_toggle(pilot)
        toggled = app.main_screen.sidebar.cursor_article
        await pilot.press("q")
    state = StateStore.open()
    try:
        assert state.is_read(long_article.id)
        assert state.is_bookmarked(long_article.id)
        assert state.position(long_article.id) == pytest.approx(fraction, abs=0.01)
        assert state.is_read(toggled.id)
    finally:
        state.close()

    again = make_app(library)
    async with again.run_test(size=SIZE) as pilot:
        await settle(pilot)
        sidebar = again.main_screen.sidebar
        bookmarks = sidebar.root.children[0]
        assert isinstance(bookmarks.data, BookmarksNode)
        notes = again.main_screen.model.find(("English", "Notes"))
        assert notes.unread == notes.total - 1
        await pilot.press("l", "j")  # open Bookmarks, onto the bookmark
        assert isinstance(sidebar.cursor_node.data, BookmarkNode)
        await pilot.press("enter")
        await settle(pilot)
        reader = again.main_screen.reader
        assert reader.article.id == long_article.id
        assert reader.fraction == pytest.approx(fraction, abs=0.05)  # back where we left it


async def goto_notes_and_toggle(pilot) -> None:
    await pilot.press("tab")
    await pilot.press("g")
    await goto_category(pilot, "English", "Notes")
    await pilot.press("j", "r")


async def test_manual_mark_read_does_not_mark_on_open(library: Path) -> None:
    async with running(library, Config(mark_read="manual")) as (app, pilot):
        await goto_category(pilot, "English", "Notes")
        await pilot.press("j", "enter")
        await settle(pilot)
        article = app.main_screen.reader.article
        assert article is not None and not app.main_screen.state.is_read(article.id)


async def test_bookmark_of_a_deleted_file_shows_missing(library: Path) -> None:
    async with running(library) as (app, pilot):
        await goto_category(pilot, "English", "Notes")
        await pilot.press("j", "b")
        bookmarked = app.main_screen.sidebar.cursor_article
        (library / bookmarked.path).unlink()
        await pilot.press("R")
        await settle(pilot)
        sidebar = app.main_screen.sidebar
        bookmarks = sidebar.root.children[0]
        sidebar.expand_node(bookmarks)
        leaf = bookmarks.children[0]
        assert isinstance(leaf.data, BookmarkNode)
        assert leaf.data.bookmark.id == bookmarked.id and leaf.data.article is None
        assert (
            "(missing)" in sidebar.render_label(leaf, sidebar.rich_style, sidebar.rich_style).plain
        )
