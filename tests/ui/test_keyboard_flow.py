"""The keyboard flow of the reader, driven with Pilot on a fixture library."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from ui_support import cursor_data, goto_category, running, settle

from tui_reader.ui.model.tree_data import ArticleNode, BookmarksNode, CategoryNode, MoreNode
from tui_reader.ui.screens.confirm import ConfirmScreen
from tui_reader.ui.widgets.sidebar import children as sidebar_children


@pytest.fixture(autouse=True)
def utc(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()


def top_names(app) -> list[str]:
    return [
        node.data.category.name
        for node in app.main_screen.sidebar.root.children
        if isinstance(node.data, CategoryNode)
    ]


async def test_tree_shows_categories_with_unread_counts(library: Path) -> None:
    async with running(library) as (app, pilot):
        names = top_names(app)
        assert names == sorted(names, key=str.casefold)
        assert {"English", "新媒体", "Elsewhere"} <= set(names)
        model = app.main_screen.model
        english = model.find(("English",))
        assert english is not None
        assert (english.total, english.unread) == (5, 5)  # the article filed twice counts once
        assert model.find(("Elsewhere",)).articles[0].title == "Filed twice"
        # lazy: nothing below a collapsed category is in the tree yet
        sidebar = app.main_screen.sidebar
        english_node = next(n for n in sidebar.root.children if n.data.category is english)
        assert not english_node.children


async def test_open_article_renders_and_marks_read(library: Path) -> None:
    async with running(library) as (app, pilot):
        await goto_category(pilot, "English", "Notes")
        await pilot.press("j")
        assert isinstance(cursor_data(app), ArticleNode)
        assert cursor_data(app).article.title == "First short note"
        await pilot.press("enter")
        await settle(pilot)
        reader = app.main_screen.reader
        assert reader.article.title == "First short note"
        assert "The first note, short." in reader.rendered.plain_text
        notes = app.main_screen.model.find(("English", "Notes"))
        assert notes.unread == notes.total - 1
        assert app.main_screen.state.is_read(reader.article.id)


async def test_jk_hl_g_and_tab(library: Path) -> None:
    async with running(library) as (app, pilot):
        sidebar = app.main_screen.sidebar
        await pilot.press("j", "j")
        assert sidebar.cursor_line == 2
        await pilot.press("k")
        assert sidebar.cursor_line == 1
        await pilot.press("l")  # expands the category under the cursor
        assert sidebar.cursor_node.is_expanded
        await pilot.press("l")  # already open: go into it
        assert sidebar.cursor_line == 2
        await pilot.press("h")  # on a child: back to the parent
        assert sidebar.cursor_line == 1
        await pilot.press("h")  # on an open category: collapse it
        assert not sidebar.cursor_node.is_expanded
        await pilot.press("G")
        assert sidebar.cursor_line == sidebar.last_line
        await pilot.press("g")
        assert sidebar.cursor_line == 0
        await pilot.press("tab")
        assert app.focused is app.main_screen.reader
        await pilot.press("tab")
        assert app.focused is sidebar


async def test_space_pages_then_opens_next(library: Path) -> None:
    async with running(library) as (app, pilot):
        await goto_category(pilot, "English", "Long")
        await pilot.press("j", "enter")
        await settle(pilot)
        reader = app.main_screen.reader
        assert reader.article.title == "A long English article"
        assert reader.max_scroll_y > 0
        await pilot.press("space")
        await pilot.pause()
        assert reader.scroll_y > 0
        for _ in range(40):
            if reader.at_end:
                break
            await pilot.press("space")
            await pilot.pause()
        assert reader.at_end and reader.article.title == "A long English article"
        await pilot.press("space")  # at the end: the next article in reading order
        await settle(pilot)
        assert reader.article.title == "First short note"


async def test_next_previous_and_next_unread(library: Path) -> None:
    async with running(library) as (app, pilot):
        await goto_category(pilot, "English", "Notes")
        await pilot.press("j", "enter")
        await settle(pilot)
        reader = app.main_screen.reader
        await pilot.press("n")
        await settle(pilot)
        assert reader.article.title == "Second short note"
        sidebar = app.main_screen.sidebar
        assert sidebar.cursor_article.title == "Second short note"  # the tree follows
        await pilot.press("p")
        await settle(pilot)
        assert reader.article.title == "First short note"
        # `.` skips read articles: the second note is read now, the third is not
        await pilot.press("full_stop")
        await settle(pilot)
        assert reader.article.title == "Third short note"


async def test_read_toggle_undo_and_bookmark(library: Path) -> None:
    async with running(library) as (app, pilot):
        await goto_category(pilot, "English", "Notes")
        await pilot.press("j")
        target = app.main_screen.sidebar.cursor_article
        state = app.main_screen.state
        notes = app.main_screen.model.find(("English", "Notes"))
        before = notes.unread
        await pilot.press("r")
        assert state.is_read(target.id) and notes.unread == before - 1
        await pilot.press("r")
        assert not state.is_read(target.id) and notes.unread == before
        await pilot.press("u")  # undoes the last change: back to read
        assert state.is_read(target.id) and notes.unread == before - 1
        await pilot.press("b")
        assert state.is_bookmarked(target.id)
        first = app.main_screen.sidebar.root.children[0]
        assert isinstance(first.data, BookmarksNode) and first.data.count == 1


async def test_mark_category_read_asks_first(library: Path) -> None:
    async with running(library) as (app, pilot):
        await goto_category(pilot, "English")
        await pilot.press("A")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("escape")
        english = app.main_screen.model.find(("English",))
        assert english.unread == english.total
        await pilot.press("A")
        await pilot.pause()
        await pilot.press("enter")  # the first choice: this category
        await pilot.pause()
        assert english.unread == 0
        assert app.main_screen.model.unread > 0  # other categories untouched
        await pilot.press("u")
        assert english.unread == english.total


async def test_unread_only_hides_read(library: Path) -> None:
    async with running(library) as (app, pilot):
        await goto_category(pilot, "English", "Long")
        await pilot.press("j", "enter")
        await settle(pilot)
        await pilot.press("U")
        await pilot.pause()
        assert "Long" not in [
            n.data.category.name for n in app.main_screen.sidebar.category_nodes.values()
        ]
        await pilot.press("U")
        await pilot.pause()
        assert app.main_screen.model.find(("English", "Long")).path in (
            app.main_screen.sidebar.category_nodes
        )


async def test_big_category_adds_pages(library: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sidebar_children, "PAGE_SIZE", 2)
    async with running(library) as (app, pilot):
        await goto_category(pilot, "English", "Notes")
        notes = app.main_screen.sidebar.cursor_node
        kinds = [type(child.data) for child in notes.children]
        assert kinds == [ArticleNode, ArticleNode, MoreNode]
        await pilot.press("j", "j", "j", "enter")
        assert [type(child.data) for child in notes.children] == [ArticleNode] * 4
        assert cursor_data(app).article.title == "Third short note"  # first of the new page


async def test_hide_sidebar_and_quit(library: Path) -> None:
    async with running(library) as (app, pilot):
        await pilot.press("backslash")
        assert not app.main_screen.sidebar.display
        assert app.focused is app.main_screen.reader
        await pilot.press("backslash")
        assert app.main_screen.sidebar.display
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0
