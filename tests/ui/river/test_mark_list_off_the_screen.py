"""`A` on a list of the river: which of its articles are unread, and the unread copies of their
stories, are found in the worker that gathers the list, not on the screen's thread: at 1M a
category of 77k articles asked the read state of each while the screen waited. The question and
what is marked are the same."""

from __future__ import annotations

import sys
import threading
from pathlib import Path

import pytest
from ui_support import category_line, running, until

from tui_reader.ui.model.category_tree import CategoryTree
from tui_reader.ui.model.stories import Stories
from tui_reader.ui.screens import bulk
from tui_reader.ui.screens.main.screen import MainScreen
from tui_reader.ui.widgets.article_list import ArticleList
from tui_reader.ui.widgets.sidebar.sidebar import Sidebar


async def test_A_asks_the_read_state_of_the_list_off_the_screens_thread(
    library: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    on_screen: list[str] = []
    is_read, with_copies = CategoryTree.is_read, Stories.with_copies

    def watched_is_read(model: CategoryTree, article_id: str) -> bool:
        # (the rows on screen are drawn with their marks: asked from elsewhere, a screenful)
        asker = sys._getframe(1).f_code.co_filename
        if threading.current_thread() is threading.main_thread() and asker == bulk.__file__:
            on_screen.append(article_id)
        return is_read(model, article_id)

    def watched_with_copies(stories: Stories, ids):  # type: ignore[no-untyped-def]
        if threading.current_thread() is threading.main_thread():
            on_screen.extend(ids)
        return with_copies(stories, ids)

    async with running(library, size=(200, 50), layout="river") as (app, pilot):
        main: MainScreen = app.main_screen
        sidebar = main.query_one(Sidebar)
        article_list = main.query_one(ArticleList)
        await until(pilot, lambda: article_list.key == "unread:", "All unread shown")
        sidebar.focus()
        sidebar.cursor_line = category_line(sidebar, "English")
        await until(pilot, lambda: main.river.ready() and article_list.key == "category:English",
                    "English shown")  # fmt: skip
        ids = [a.id for a in article_list.rows.articles]
        main.set_read(ids[:1], True)  # one of them read already
        monkeypatch.setattr(CategoryTree, "is_read", watched_is_read)
        monkeypatch.setattr(Stories, "with_copies", watched_with_copies)
        await pilot.press("A")
        await until(pilot, lambda: app.screen is not main, "the question")
        assert on_screen == []
        assert f"Mark the {len(ids) - 1} unread articles of “English” read" in app.screen.question
        await pilot.press("enter")
        await until(pilot, lambda: all(i in main.model.read for i in ids), "marked read")
