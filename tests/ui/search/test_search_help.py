"""The help screen's search section: the search bar's keys (ctrl+o, ctrl+s) as mapped, and the
search syntax in brief, below the keys."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from ui_support import make_app, open_help

from tui_reader.core.config import Config
from tui_reader.ui.screens.help import EXAMPLES_WIDTH, SEARCH_KEYS, HelpScreen
from tui_reader.ui.screens.search.screen import SearchScreen

pytestmark = pytest.mark.library(samples=False)

SIZE = (100, 30)


def _screen_text(svg: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", svg)).replace("\xa0", " ")


async def test_the_help_lists_the_search_keys_and_syntax(library: Path) -> None:
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await open_help(pilot)
        screen = app.screen
        assert isinstance(screen, HelpScreen)
        rows = {keys: description for keys, description, _ in screen.search}
        assert rows["^o"] == "Newest first / by relevance"
        assert rows["^s"] == "Save: it appears in the tree"
        await pilot.press("G")  # the search section is below the keys, a page or two long
        await pilot.pause()
        pages = [_screen_text(app.export_screenshot())]
        for _ in range(2):
            await pilot.press("pageup")
            await pilot.pause()
            pages.append(_screen_text(app.export_screenshot()))
        shown = "\n".join(pages)
    for text in ["Search (/)", "^o", "Newest first / by relevance", "NOT x", "a OR b",
                 "cat:cnBeta", "is:unread", "after:2022-01-31"]:  # fmt: skip
        assert text in shown, text


async def test_the_search_keys_show_as_remapped(library: Path) -> None:
    app = make_app(library, Config(keys={"search.order": "ctrl+r"}))
    async with app.run_test(size=SIZE) as pilot:
        await open_help(pilot)
        assert isinstance(app.screen, HelpScreen)
        rows = {keys: description for keys, description, _ in app.screen.search}
        assert rows["^r"] == "Newest first / by relevance"


def test_the_help_has_the_search_bars_own_bindings() -> None:
    bindings = {b.id: (b.key, b.action) for owner in SearchScreen.__mro__
                for b in getattr(owner, "BINDINGS", []) if getattr(b, "id", None)}  # fmt: skip
    for binding in SEARCH_KEYS:
        assert bindings[binding.id] == (binding.key, binding.action)


async def test_many_examples_of_one_filter_wrap_and_leave_the_descriptions_room(
    library: Path,
) -> None:
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await open_help(pilot)
        assert isinstance(app.screen, HelpScreen)
        rows = app.screen.search
    examples = [keys for keys, _description, _id in rows]
    assert any("\n" in keys for keys in examples)  # is:… has more than fit on a line
    for keys in examples:
        for line in keys.split("\n"):
            assert len(line) <= EXAMPLES_WIDTH or "  " not in line, line
