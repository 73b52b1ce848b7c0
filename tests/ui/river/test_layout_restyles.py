"""The river's layout classes on the screen (three panes, or the list and the article taking
turns) style the two panes only (app.tcss): a change of layout restyles those two, not every
widget of the screen, as each class changed on its own did."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from textual.css.stylesheet import Stylesheet
from ui_support import running, settle, until

import tui_reader.ui.app
from tui_reader.ui.app import ReaderApp
from tui_reader.ui.screens.main.screen import MainScreen
from tui_reader.ui.screens.river import LAYOUT_PANES
from tui_reader.ui.widgets.article_list import ArticleList

LAYOUT_CLASSES = ("-three", "-listing", "-reading")


def count_restyles(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    """Record the ids (or kinds) of the widgets of each restyle (a whole screen: "MainScreen")."""
    restyled: list[list[str]] = []
    update_styles, update_nodes = ReaderApp.update_styles, Stylesheet.update_nodes

    def whole(self: ReaderApp, node: Any, animate: bool = True) -> None:
        if isinstance(node, MainScreen):
            restyled.append(["MainScreen"])
        update_styles(self, node, animate)

    def nodes(self: Stylesheet, found: Any, animate: bool = False) -> None:
        found = list(found)
        if not any(isinstance(node, MainScreen) for node in found):
            restyled.append([node.id or type(node).__name__ for node in found])
        update_nodes(self, found, animate)

    monkeypatch.setattr(ReaderApp, "update_styles", whole)
    monkeypatch.setattr(Stylesheet, "update_nodes", nodes)
    return restyled


@pytest.mark.parametrize("back", ["escape", "h"])
async def test_opening_and_leaving_an_article_taking_turns_restyles_the_panes_once(
    library: Path, back: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with running(library, size=(120, 40), layout="river") as (app, pilot):
        main = app.main_screen
        article_list = main.query_one(ArticleList)
        await until(pilot, lambda: article_list.key == "unread:", "All unread")
        await pilot.press("l")  # into the list
        await settle(pilot)
        restyled = count_restyles(monkeypatch)
        await pilot.press("enter")
        await until(pilot, lambda: main.reader.has_focus, "the article focused")
        await settle(pilot)
        assert ["river", "reader"] in restyled and ["MainScreen"] not in restyled
        assert main.has_class("-reading") and main.reader.region.width > 0
        assert not article_list.display and article_list.region.width == 0
        restyled.clear()
        await pilot.press(back)
        await settle(pilot)
        assert article_list.has_focus and article_list.region.width > 0
        assert not main.reader.display
        assert ["river", "reader"] in restyled and ["MainScreen"] not in restyled


async def test_a_resize_to_three_panes_restyles_the_panes_once(
    library: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with running(library, size=(120, 40), layout="river") as (app, pilot):
        restyled = count_restyles(monkeypatch)
        await pilot.resize_terminal(200, 50)
        await settle(pilot)
        assert restyled.count(["river", "reader"]) == 1 and ["MainScreen"] not in restyled
        main = app.main_screen
        assert main.reader.region.width > 0 and main.query_one(ArticleList).region.width > 0


def test_the_layout_classes_style_only_the_panes_restyled() -> None:
    """A rule on the layout's classes must select one of the panes `River.apply` restyles."""
    css = (Path(tui_reader.ui.app.__file__).parent / "app.tcss").read_text(encoding="utf-8")
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    panes = set(LAYOUT_PANES.replace(" ", "").split(","))
    selectors = [s.strip() for s in re.findall(r"([^{}]+)\{", css)]
    layout = [s for s in selectors if any(name in s for name in LAYOUT_CLASSES)]
    assert layout  # the check sees the rules
    for selector in layout:
        assert selector.split()[-1] in panes, selector
