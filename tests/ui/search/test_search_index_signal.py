"""Open search screens hear of the search index growing through the main screen's
`search_index_grew` signal, and stop hearing once closed; the user interface finds no screen by
looking modules up in `sys.modules`."""

from __future__ import annotations

import ast
from pathlib import Path

from ui_support import running

import tui_reader.ui
from tui_reader.ui.screens.search.screen import SearchScreen


async def test_an_open_search_screen_follows_the_index_and_a_closed_one_does_not(
    library: Path,
) -> None:
    async with running(library) as (app, pilot):
        main = app.main_screen
        await pilot.press("slash")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SearchScreen)
        before = screen.growing.version  # counts the index changes the screen heard of
        main.show_indexing(3, 10)  # grew, still building
        main.show_indexing(0, 0)  # over
        assert screen.growing.version == before + 2
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is main
        main.show_indexing(5, 10)
        main.search_index_grew.publish(True)
        assert screen.growing.version == before + 2  # closed: it heard nothing more


def test_the_user_interface_looks_no_module_up_in_sys_modules() -> None:
    root = Path(tui_reader.ui.__file__).parent
    found = []
    for path in sorted(root.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Attribute)
                and node.attr == "modules"
                and isinstance(node.value, ast.Name)
                and node.value.id == "sys"
            ):
                found.append(f"{path.relative_to(root)}:{node.lineno}")
    assert found == []
