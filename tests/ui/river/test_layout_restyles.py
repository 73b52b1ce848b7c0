"""The river's layout classes on the screen (three panes, or the list and the article taking
turns) restyle every widget of the screen when they change: a change of layout restyles it
once, not once per class."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from ui_support import running, settle, until

from tui_reader.ui.app import ReaderApp
from tui_reader.ui.screens.main import MainScreen
from tui_reader.ui.widgets.article_list import ArticleList


def count_screen_restyles(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Record the classes of the main screen each time all of it is restyled."""
    restyled: list[str] = []
    update_styles = ReaderApp.update_styles

    def counted(self: ReaderApp, node: Any, animate: bool = True) -> None:
        if isinstance(node, MainScreen):
            restyled.append(" ".join(sorted(node.classes)))
        update_styles(self, node, animate)

    monkeypatch.setattr(ReaderApp, "update_styles", counted)
    return restyled


@pytest.mark.parametrize("back", ["escape", "h"])
async def test_opening_and_leaving_an_article_taking_turns_restyles_once_each(
    library: Path, back: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with running(library, size=(120, 40), layout="river") as (app, pilot):
        main = app.main_screen
        article_list = main.query_one(ArticleList)
        await until(pilot, lambda: article_list.key == "unread:", "All unread")
        await pilot.press("l")  # into the list
        await settle(pilot)
        restyled = count_screen_restyles(monkeypatch)
        await pilot.press("enter")
        await until(pilot, lambda: main.reader.has_focus, "the article focused")
        await settle(pilot)
        assert restyled == ["-reading river"]
        await pilot.press(back)
        await settle(pilot)
        assert article_list.has_focus
        assert restyled == ["-reading river", "-listing river"]


async def test_a_resize_to_three_panes_restyles_once(
    library: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with running(library, size=(120, 40), layout="river") as (app, pilot):
        restyled = count_screen_restyles(monkeypatch)
        await pilot.resize_terminal(200, 50)
        await settle(pilot)
        assert restyled.count("-three river") == 1
        assert all(classes in ("-three river", "river") for classes in restyled)
