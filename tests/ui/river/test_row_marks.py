"""The rows of the article list show an article's marks as soon as they change: `b` and `r` on
the row under the cursor redraw it at once, without the cursor having to move."""

from __future__ import annotations

from pathlib import Path

from ui_support import running, settle, until

from tui_reader.ui.model.tree_data import CategoryNode
from tui_reader.ui.widgets.article_list import ArticleList
from tui_reader.ui.widgets.article_list.row import BOOKMARK_MARK, UNREAD_MARK
from tui_reader.ui.widgets.sidebar.sidebar import Sidebar


def cursor_text(article_list: ArticleList) -> str:
    """The cursor's row as drawn now (line 0 is the list's header)."""
    y = article_list.cursor + 1 - round(article_list.scroll_y)
    return article_list.render_line(y).text


async def english_rows(pilot) -> ArticleList:  # type: ignore[no-untyped-def]
    app = pilot.app
    sidebar = app.main_screen.query_one(Sidebar)
    article_list = app.main_screen.query_one(ArticleList)
    sidebar.focus()
    sidebar.cursor_line = 0
    for _ in range(60):
        node = sidebar.cursor_node
        if node is not None and isinstance(node.data, CategoryNode):
            if node.data.category.path == ("English",):
                break
        await pilot.press("j")
        await until(pilot, lambda: not app.held_keys.waiting, "the key run")
    await until(pilot, lambda: article_list.key == "category:English", "the English list")
    await pilot.press("enter")  # into the list
    await until(pilot, lambda: article_list.has_focus, "the list focused")
    await pilot.press("j")  # a row other than the first, the open one
    await settle(pilot)
    return article_list


async def test_b_on_a_row_draws_its_star_at_once(library: Path) -> None:
    async with running(library, size=(200, 50), layout="river") as (app, pilot):
        article_list = await english_rows(pilot)
        assert BOOKMARK_MARK not in cursor_text(article_list)
        await pilot.press("b")
        await settle(pilot)
        assert app.main_screen.state.is_bookmarked(article_list.current.id)
        assert BOOKMARK_MARK in cursor_text(article_list)
        await pilot.press("b")  # and off again
        await settle(pilot)
        assert BOOKMARK_MARK not in cursor_text(article_list)


async def test_r_on_a_row_draws_its_mark_at_once(library: Path) -> None:
    async with running(library, size=(200, 50), layout="river") as (app, pilot):
        article_list = await english_rows(pilot)
        unread = UNREAD_MARK in cursor_text(article_list)
        await pilot.press("r")
        await settle(pilot)
        assert (UNREAD_MARK in cursor_text(article_list)) is not unread
