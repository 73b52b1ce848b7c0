"""Moving the tree's cursor in the river layout while the list of the entry left is still being
built: `j` and `k` move at once (each entry passed starts its list, the next one cancels it),
while the keys that act on the list shown (A, enter in the list) still wait for its rows."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from ui_support import category_line, running, until

from tui_reader.ui.model.smart_lists import ListSpec
from tui_reader.ui.model.tree_data import list_of
from tui_reader.ui.screens.river import River
from tui_reader.ui.widgets.article_list import ArticleList
from tui_reader.ui.widgets.sidebar.sidebar import Sidebar

GATE_LIMIT = 60.0  # seconds a held build waits at most (the test opens the gate long before)


class Gate:
    """English's list is held in its worker until `open` (`building` is set once it waits)."""

    def __init__(self) -> None:
        self.opened = threading.Event()
        self.building = threading.Event()

    def hold(self, spec: ListSpec) -> None:
        if spec.kind == "category" and spec.path == ("English",):
            self.building.set()
            self.opened.wait(GATE_LIMIT)


@pytest.fixture
def gate(monkeypatch: pytest.MonkeyPatch) -> Iterator[Gate]:
    held = Gate()
    articles_of = River.articles_of

    def held_articles_of(river: River, spec: ListSpec, *args: object) -> object:
        held.hold(spec)
        return articles_of(river, spec, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(River, "articles_of", held_articles_of)
    try:
        yield held
    finally:
        held.opened.set()  # no worker left waiting


async def english_line(pilot) -> tuple[Sidebar, ArticleList, int]:  # type: ignore[no-untyped-def]
    """The tree, the list and the tree's line of English, once All unread is shown and the tree
    has the focus."""
    sidebar = pilot.app.main_screen.query_one(Sidebar)
    article_list = pilot.app.main_screen.query_one(ArticleList)
    await until(pilot, lambda: article_list.key == "unread:", "All unread shown")
    sidebar.focus()
    return sidebar, article_list, category_line(sidebar, "English")


@pytest.mark.parametrize("key", ["j", "k"])
async def test_the_tree_cursor_moves_while_the_list_it_left_is_built(
    library: Path, gate: Gate, key: str
) -> None:
    async with running(library, size=(200, 50), layout="river") as (app, pilot):
        try:
            sidebar, article_list, line = await english_line(pilot)
            sidebar.cursor_line = line
            await until(pilot, gate.building.is_set, "English's list being built")
            await pilot.press(key)
            await pilot.pause()
            # the cursor moved although English's list is not built yet
            assert not gate.opened.is_set()
            assert sidebar.cursor_line == line + (1 if key == "j" else -1)
            assert not app.held_keys.waiting
            moved_to = list_of(sidebar.cursor_node.data)  # type: ignore[union-attr]
            assert moved_to is not None
        finally:
            gate.opened.set()
        await until(pilot, lambda: article_list.key == moved_to.list_key, "the list moved to")


async def test_A_pressed_in_the_tree_still_waits_for_the_list_moved_to(
    library: Path, gate: Gate
) -> None:
    """`j A`: A acts on the list j moved to, so it waits for that list's rows."""
    async with running(library, size=(200, 50), layout="river") as (app, pilot):
        try:
            sidebar, article_list, line = await english_line(pilot)
            sidebar.cursor_line = line - 1
            await pilot.pause()
            await pilot.press("j", "A")
            await pilot.pause()
            assert sidebar.cursor_line == line
            assert [action for action, _target in app.held_keys.waiting] == ["mark_all_read"]
        finally:
            gate.opened.set()
        await until(pilot, lambda: article_list.key == "category:English", "English shown")
        await until(pilot, lambda: not app.held_keys.waiting, "A run")
