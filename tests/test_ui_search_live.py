"""Search results that follow the index and the reading state, driven with Pilot on the fixture
library: the search bar's results while the index is still being built (held part-way by a gate
in the build), and saved searches that run again when marks change and on R."""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import OptionList
from ui_support import SIZE, make_app, make_library, settle

from tui_reader.core.library.library import Library
from tui_reader.core.search import index as search_index
from tui_reader.core.search import workers as search_workers
from tui_reader.core.search.htmltext import html_to_text
from tui_reader.ui.app import ReaderApp
from tui_reader.ui.model.tree_data import FoundNode, SavedSearchesNode, SavedSearchNode
from tui_reader.ui.screens import main as main_module
from tui_reader.ui.screens.search import SearchScreen
from tui_reader.ui.widgets.sidebar.sidebar import Sidebar
from tui_reader.ui.widgets.status import StatusLine

QUERY = "note"  # in the titles and bodies of the fixture's newest articles, in no sample
BUILDING = "index being built"


@pytest.fixture
def library(tmp_path: Path) -> Path:
    return make_library(tmp_path / "library")


class Gate:
    """Holds the index build after its first chunk until `open` (the build goes oldest first,
    so the newest articles, those QUERY finds, are not indexed meanwhile)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.held = threading.Event()
        self._open = threading.Event()
        self._chunks = 0
        original = search_index.prepare_chunk

        def prepare(root: str, articles: list[object]) -> list[object]:
            if self._chunks:
                self.held.set()
                self._open.wait(30)
            self._chunks += 1
            return original(root, articles)  # type: ignore[arg-type]

        monkeypatch.setattr(search_workers, "CHUNK", 4)
        monkeypatch.setattr(search_index, "prepare_chunk", prepare)

    def open(self) -> None:
        self._open.set()


async def _until(pilot: Pilot[object], done: Callable[[], bool], what: str) -> None:
    """Pause until `done()` (workers may be held, so `settle` cannot be used)."""
    for _ in range(200):
        if done():
            return
        await pilot.pause(0.05)
    raise AssertionError(f"never happened: {what}")


def _search_status(screen: SearchScreen) -> str:
    return str(screen.query_one("#search-status").render())


async def _type_search(pilot: Pilot[object], text: str) -> SearchScreen:
    """Press /, type `text`, and wait until its results are shown (the index may be held)."""
    await pilot.press("slash")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, SearchScreen)
    for char in text:
        await pilot.press(char)
    await _until(
        pilot,
        lambda: screen.query_text == text and "counting" not in _search_status(screen),
        "results shown",
    )
    return screen


async def _held_app(pilot: Pilot[object], gate: Gate) -> ReaderApp:
    app = pilot.app
    assert isinstance(app, ReaderApp)
    await _until(pilot, gate.held.is_set, "the index build held")
    await _until(pilot, lambda: app.main_screen.state is not None, "the state opened")
    return app


# -- the search bar while the index is built ------------------------------------------------------


async def test_results_follow_the_index_while_it_is_built(
    library: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    gate = Gate(monkeypatch)
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await _held_app(pilot, gate)
        screen = await _type_search(pilot, QUERY)
        results = screen.query_one(OptionList)
        early = {o.id for o in results.options}
        assert BUILDING in _search_status(screen)  # the note says the index is not complete

        gate.open()  # the build goes on and finishes with the screen open
        await settle(pilot)
        await _until(pilot, lambda: BUILDING not in _search_status(screen), "the note gone")
        await settle(pilot)
        assert app.screen is screen
        found = {o.id for o in results.options}
        assert found == _scan_ids(library) and found > early
        assert _search_status(screen).startswith(f"{len(found)} articles")


def _scan_ids(root: Path) -> set[str]:
    """The articles QUERY finds, by a plain scan: a whole word of title or text, any case."""
    library = Library(root)
    pattern = re.compile(rf"(?<!\w){QUERY}(?!\w)", re.I)
    return {
        a.id
        for a in library.scan(workers=1).articles
        if pattern.search(a.title) or pattern.search(html_to_text(library.body(a)))
    }


async def test_the_highlighted_result_stays_when_the_results_grow(
    library: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    gate = Gate(monkeypatch)
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await _held_app(pilot, gate)
        screen = await _type_search(pilot, "is:unread")  # every article indexed so far
        results = screen.query_one(OptionList)
        before = results.option_count
        assert before >= 2
        await pilot.press("down", "down")  # into the results, then to the second one
        chosen = results.highlighted_option
        assert chosen is not None and results.highlighted == 1

        gate.open()
        await settle(pilot)
        await _until(pilot, lambda: BUILDING not in _search_status(screen), "the note gone")
        await settle(pilot)
        assert results.option_count > before  # newer articles came in above it
        assert results.highlighted_option is not None
        assert results.highlighted_option.id == chosen.id
        assert app.focused is results


async def test_a_search_typed_after_the_build_is_not_run_again(
    library: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Nothing changes in the index: the results are searched once."""
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        calls: list[str] = []
        original = SearchScreen._search

        def counting(self: SearchScreen, query: str, *args: object, **kwargs: object) -> object:
            calls.append(query)
            return original(self, query, *args, **kwargs)  # type: ignore[arg-type]

        monkeypatch.setattr(SearchScreen, "_search", counting)
        await _type_search(pilot, QUERY)
        await pilot.pause(1.0)  # longer than the refresh interval
        await settle(pilot)
        assert calls == [QUERY]


# -- saved searches and the reading state ---------------------------------------------------------


def _saved_node(app: ReaderApp, query: str):  # type: ignore[no-untyped-def]
    for node in app.main_screen.sidebar.root.children:
        if isinstance(node.data, SavedSearchesNode):
            for child in node.children:
                if isinstance(child.data, SavedSearchNode) and child.data.query == query:
                    return child
    return None


async def open_saved_searches(pilot: Pilot[object]) -> Sidebar:
    """Open the Saved searches entry of the tree (with l); the tree."""
    app = pilot.app
    assert isinstance(app, ReaderApp)
    sidebar = app.main_screen.sidebar
    root = next(n for n in sidebar.root.children if isinstance(n.data, SavedSearchesNode))
    sidebar.move_cursor(root)
    await pilot.press("l")
    await settle(pilot)
    return sidebar


async def _saved_and_open(pilot: Pilot[object], *queries: str):  # type: ignore[no-untyped-def]
    """Save each query from the search bar, then open Saved searches and each of them."""
    app = pilot.app
    assert isinstance(app, ReaderApp)
    for query in queries:
        await _type_search(pilot, query)
        await pilot.press("ctrl+s", "escape")
        await settle(pilot)
    sidebar = await open_saved_searches(pilot)
    for query in queries:
        sidebar.move_cursor(_saved_node(app, query))
        await pilot.press("l")
        await settle(pilot)
    return [_saved_node(app, query) for query in queries]


def _found_ids(node) -> list[str]:  # type: ignore[no-untyped-def]
    return [c.data.article.id for c in node.children if isinstance(c.data, FoundNode)]


async def _rerun_settled(pilot: Pilot[object]) -> None:
    """Wait out the delay before saved searches run again after marks change, then the runs."""
    await pilot.pause(getattr(main_module, "SAVED_RERUN_DELAY", 0.5) + 0.2)
    main = pilot.app.main_screen  # type: ignore[attr-defined]
    await _until(pilot, lambda: getattr(main, "_saved_rerun", None) is None, "the rerun")
    await settle(pilot)


@pytest.fixture
def runs(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """The saved queries run, in order."""
    seen: list[str] = []
    original = main_module.run_saved

    def counting(library, snapshot, query, read, marked):  # type: ignore[no-untyped-def]
        seen.append(query)
        return original(library, snapshot, query, read, marked)

    monkeypatch.setattr(main_module, "run_saved", counting)
    yield seen


async def test_marking_read_drops_the_article_from_a_saved_unread_search(
    library: Path, runs: list[str]
) -> None:
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        (node,) = await _saved_and_open(pilot, "is:unread")
        total = node.data.total
        ids = _found_ids(node)
        sidebar = app.main_screen.sidebar
        sidebar.move_cursor(node.children[1])
        await pilot.press("r")  # the article under the cursor is now read
        await _rerun_settled(pilot)
        node = _saved_node(app, "is:unread")
        assert node.data.total == total - 1
        assert _found_ids(node) == [i for i in ids if i != ids[1]]
        # the cursor stays where it was: on the entry that took the read one's place
        assert sidebar.cursor_node is node.children[1]
        assert sidebar.cursor_node.data.article.id == ids[2]

        await pilot.press("u")  # undo: unread again, back in the list
        await _rerun_settled(pilot)
        assert _found_ids(_saved_node(app, "is:unread")) == ids


async def test_an_article_opened_from_a_saved_unread_search_stays_open(
    library: Path, runs: list[str]
) -> None:
    """The tester's steps: open the first article of `is:unread`; it is marked read."""
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        (node,) = await _saved_and_open(pilot, "is:unread")
        total, first = node.data.total, _found_ids(node)[0]
        sidebar = app.main_screen.sidebar
        sidebar.move_cursor(node.children[0])
        await pilot.press("enter")
        await settle(pilot)
        await _rerun_settled(pilot)
        node = _saved_node(app, "is:unread")
        assert node.data.total == total and first in _found_ids(node)  # listed until left
        assert app.main_screen.reader.article.id == first  # the article stays open
        assert sidebar.cursor_node.parent is node  # and the cursor in its search
        assert f"{total - 1} unread" in app.main_screen.query_one(StatusLine).text


async def test_many_marks_at_once_rerun_only_the_searches_on_marks_once(
    library: Path, runs: list[str]
) -> None:
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        unread, notes = await _saved_and_open(pilot, "is:unread", QUERY)
        runs.clear()
        main = app.main_screen
        ids = _found_ids(unread)
        main.set_read(ids[:3], True)  # three marks, one after another
        main.set_read(ids[3:5], True)
        await pilot.press("b")  # a bookmark too
        await _rerun_settled(pilot)
        assert runs == ["is:unread"]  # once, and not the search on text alone
        assert _saved_node(app, "is:unread").data.total == len(ids) - 5


async def test_r_runs_every_saved_search_again(library: Path, runs: list[str]) -> None:
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await _saved_and_open(pilot, "is:unread", QUERY)
        runs.clear()
        await pilot.press("R")
        await settle(pilot)
        assert sorted(runs) == sorted(["is:unread", QUERY])


async def test_a_closed_saved_search_is_fresh_when_opened_again(
    library: Path, runs: list[str]
) -> None:
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        (node,) = await _saved_and_open(pilot, "is:unread")
        total = node.data.total
        node.collapse()
        await pilot.pause()
        runs.clear()
        main = app.main_screen
        main.set_read([_found_ids(node)[0]], True)
        await _rerun_settled(pilot)
        assert runs == []  # closed: it runs when opened, not for every change meanwhile
        node = _saved_node(app, "is:unread")
        node.expand()
        await settle(pilot)
        assert runs == ["is:unread"]
        assert node.data.total == len(_found_ids(node)) == total - 1
