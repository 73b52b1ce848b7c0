"""The help screen: j/k/g/G scroll it as the arrows, Home and End do (and as remapped), and it
lists the keys as mapped at any time (before any article is opened too), one by one and written
as the footer writes them."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.containers import VerticalScroll
from ui_support import make_app, open_help

from tui_reader.core.config import Config

pytestmark = pytest.mark.library(samples=False)

SMALL = (80, 16)  # the help screen scrolls


async def positions(pilot, view: VerticalScroll, keys: list[str]) -> list[float]:  # type: ignore[no-untyped-def]
    seen = []
    for key in keys:
        await pilot.press(key)
        await pilot.pause()
        seen.append(view.scroll_y)
    return seen


async def test_j_k_g_and_shift_g_scroll_the_help_like_the_arrows_home_and_end(
    library: Path,
) -> None:
    app = make_app(library)
    async with app.run_test(size=SMALL) as pilot:
        view = await open_help(pilot)
        assert view.max_scroll_y > 2
        by_letters = await positions(pilot, view, ["j", "j", "k", "G", "k", "g"])
        by_arrows = await positions(pilot, view, ["down", "down", "up", "end", "up", "home"])
        assert by_letters == by_arrows == [1, 2, 1, view.max_scroll_y, view.max_scroll_y - 1, 0]


async def test_remapped_moves_scroll_the_help_too(library: Path) -> None:
    app = make_app(library, Config(keys={"cursor_down": "e", "go_bottom": "ctrl+e"}))
    async with app.run_test(size=SMALL) as pilot:
        view = await open_help(pilot)
        assert await positions(pilot, view, ["e", "ctrl+e"]) == [1, view.max_scroll_y]


def keys_by_description(app) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {description: keys for keys, description, _ in app.screen.rows}


async def test_the_help_shows_remapped_keys_before_any_article_is_opened(library: Path) -> None:
    app = make_app(library, Config(keys={"toggle_read": "x", "find": "ctrl+g,F"}))
    async with app.run_test(size=SMALL) as pilot:
        await open_help(pilot)
        assert app.main_screen.reader.article is None
        keys = keys_by_description(app)
        assert keys["Read/unread"] == "x"
        assert keys["Find in article"] == "^g F"


async def test_keys_are_written_one_by_one_as_the_footer_writes_them(library: Path) -> None:
    app = make_app(library)
    async with app.run_test(size=SMALL) as pilot:
        await open_help(pilot)
        keys = keys_by_description(app)
        assert keys["Find in article"] == "f ^f"
        assert keys["Next unread"] == "."
        assert keys["Help"] == "?"
        assert not any("," in key for key in keys.values())
