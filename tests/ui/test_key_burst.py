"""Keys typed before the tree is shown, all at once (as tmux sends `j l j l j enter`), act on the
tree once it is there, as they would have on a tree already shown; they were lost on the empty
tree (the first `j` moved nowhere, and the rest went one entry off)."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from textual import events
from textual.pilot import Pilot
from ui_support import make_app, open_saved_searches, saved_node, settle

from tui_reader.core import startup
from tui_reader.core.search.history import SearchHistory
from tui_reader.ui.app import ReaderApp
from tui_reader.ui.model.tree_data import ArticleNode, FoundNode, SavedSearchesNode
from tui_reader.ui.screens import saved_runs
from tui_reader.ui.widgets.sidebar import saved as sidebar_saved

pytestmark = pytest.mark.library(warm=True)

KEYS = ["j", "l", "j", "l", "j", "enter"]  # English, its first sub-category, its first article
SIZE = (80, 24)
LIMIT = 2.0  # seconds keys wait for a search that never answers (a loaded machine settles slowly)


@pytest.fixture
def no_counts_first(monkeypatch: pytest.MonkeyPatch) -> None:
    """The tree waits for the articles (held by `gate`): no tree of counts comes first."""
    monkeypatch.setattr(startup, "COUNTS_FIRST_FROM", 10**9)


def _where(app: ReaderApp) -> tuple[str, str]:
    node = app.main_screen.sidebar.cursor_node
    assert node is not None and isinstance(node.data, ArticleNode | FoundNode)
    article = app.main_screen.reader.article
    assert article is not None
    return node.data.article.id, article.id


async def test_keys_typed_before_the_tree_act_on_it(
    library: Path, gate: threading.Event, no_counts_first: None
) -> None:
    gate.set()
    expected = make_app(library)
    async with expected.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press(*KEYS)
        await settle(pilot)
        want = _where(expected)
    gate.clear()

    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*KEYS)
        assert not app.main_screen.sidebar.root.children  # no tree yet: every key waits
        assert [action for action, _ in app.held_keys.waiting][:3] == [
            "cursor_down", "expand", "cursor_down",
        ]  # fmt: skip
        gate.set()
        await settle(pilot)
        assert _where(app) == want
        assert not app.held_keys.waiting


async def test_quit_never_waits_for_the_tree(
    library: Path, gate: threading.Event, no_counts_first: None
) -> None:
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j", "q")
        assert app.return_code == 0
        gate.set()


# -- a saved search opened: its rows come from a worker ------------------------------------------


def _burst(app: ReaderApp, *keys: tuple[str, str | None]) -> None:
    """Keys sent all at once, as a terminal delivers what tmux typed in one go."""
    for key, character in keys:
        event = events.Key(key, character)
        event.set_sender(app)
        app._driver.send_message(event)  # type: ignore[union-attr]


async def _on_a_saved_search(pilot: Pilot[object], query: str) -> None:
    """The saved search `query` (closed) under the cursor, Saved searches open above it."""
    app = pilot.app
    assert isinstance(app, ReaderApp)
    await settle(pilot)
    sidebar = await open_saved_searches(pilot)
    sidebar.move_cursor(saved_node(app, query))
    await settle(pilot)


L_J_ENTER = (("l", "l"), ("j", "j"), ("enter", "\r"))


async def test_keys_typed_while_a_saved_search_runs_act_on_its_rows(library: Path) -> None:
    SearchHistory.load().save_search("note", "note")
    expected = make_app(library)
    async with expected.run_test(size=SIZE) as pilot:
        await _on_a_saved_search(pilot, "note")
        await pilot.press("l")
        await settle(pilot)
        await pilot.press("j", "enter")  # one by one, the rows shown
        await settle(pilot)
        want = _where(expected)

    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await _on_a_saved_search(pilot, "note")
        _burst(app, *L_J_ENTER)
        await settle(pilot)
        assert _where(app) == want  # not enter on "searching…"
        assert not app.held_keys.waiting


async def test_keys_wait_no_longer_than_the_limit_for_a_search_that_never_answers(
    library: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    SearchHistory.load().save_search("note", "note")
    monkeypatch.setattr(sidebar_saved, "AWAIT_LIMIT", LIMIT)

    def broken(*args: object, **options: object) -> None:
        raise RuntimeError("index gone")

    monkeypatch.setattr(saved_runs, "run_for_reader", broken)
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await _on_a_saved_search(pilot, "note")
        _burst(app, ("l", "l"), ("k", "k"))
        await settle(pilot)
        assert app.held_keys.waiting  # k waits for the rows
        await pilot.pause(LIMIT + 0.5)
        await settle(pilot)
        assert not app.held_keys.waiting
        cursor = app.main_screen.sidebar.cursor_node
        assert cursor is not None and isinstance(cursor.data, SavedSearchesNode)  # k ran
