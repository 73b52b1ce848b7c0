"""Search results that follow the index and the reading state, driven with Pilot on the fixture
library: the search bar's results while the index is still being built (held part-way by a gate
in the build), and saved searches that run again when marks change and on R."""

from __future__ import annotations

import re
import threading
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import OptionList
from ui_support import (
    SIZE,
    found_ids,
    make_app,
    rerun_settled,
    running,
    saved_and_open,
    saved_node,
    search_status,
    settle,
    type_search,
    until,
)

from tui_reader.core.library.library import Library
from tui_reader.core.search import documents as search_documents
from tui_reader.core.search import workers as search_workers
from tui_reader.core.search.htmltext import html_to_text
from tui_reader.ui.app import ReaderApp
from tui_reader.ui.screens.search.screen import SearchScreen
from tui_reader.ui.widgets.status import StatusLine

QUERY = "note"  # in the titles and bodies of the fixture's newest articles, in no sample
BUILDING = "index being built"


class Gate:
    """Holds the index build after its first chunk until `open` (the build goes oldest first,
    so the newest articles, those QUERY finds, are not indexed meanwhile)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.held = threading.Event()
        self._open = threading.Event()
        self._chunks = 0
        original = search_documents.prepare_chunk

        def prepare(root: str, articles: list[object]) -> list[object]:
            if self._chunks:
                self.held.set()
                self._open.wait(30)
            self._chunks += 1
            return original(root, articles)  # type: ignore[arg-type]

        monkeypatch.setattr(search_workers, "CHUNK", 4)
        monkeypatch.setattr(search_documents, "prepare_chunk", prepare)

    def open(self) -> None:
        self._open.set()


async def _held_app(pilot: Pilot[object], gate: Gate) -> ReaderApp:
    app = pilot.app
    assert isinstance(app, ReaderApp)
    await until(pilot, gate.held.is_set, "the index build held")
    await until(pilot, lambda: app.main_screen.state is not None, "the state opened")
    return app


# -- the search bar while the index is built ------------------------------------------------------


async def test_results_follow_the_index_while_it_is_built(
    library: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    gate = Gate(monkeypatch)
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await _held_app(pilot, gate)
        screen = await type_search(pilot, QUERY)
        results = screen.query_one(OptionList)
        early = {o.id for o in results.options}
        assert BUILDING in search_status(screen)  # the note says the index is not complete

        gate.open()  # the build goes on and finishes with the screen open
        await settle(pilot)
        await until(pilot, lambda: BUILDING not in search_status(screen), "the note gone")
        await settle(pilot)
        assert app.screen is screen
        found = {o.id for o in results.options}
        assert found == _scan_ids(library) and found > early
        assert search_status(screen).startswith(f"{len(found)} articles")


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
        screen = await type_search(pilot, "is:unread")  # every article indexed so far
        results = screen.query_one(OptionList)
        before = results.option_count
        assert before >= 2
        await pilot.press("down", "down")  # into the results, then to the second one
        chosen = results.highlighted_option
        assert chosen is not None and results.highlighted == 1

        gate.open()
        await settle(pilot)
        await until(pilot, lambda: BUILDING not in search_status(screen), "the note gone")
        await settle(pilot)
        assert results.option_count > before  # newer articles came in above it
        assert results.highlighted_option is not None
        assert results.highlighted_option.id == chosen.id
        assert app.focused is results


async def test_a_search_typed_after_the_build_is_not_run_again(
    library: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Nothing changes in the index: the results are searched once."""
    async with running(library) as (app, pilot):
        calls: list[str] = []
        original = SearchScreen._search

        def counting(self: SearchScreen, query: str, *args: object, **kwargs: object) -> object:
            calls.append(query)
            return original(self, query, *args, **kwargs)  # type: ignore[arg-type]

        monkeypatch.setattr(SearchScreen, "_search", counting)
        await type_search(pilot, QUERY)
        await pilot.pause(1.0)  # longer than the refresh interval
        await settle(pilot)
        assert calls == [QUERY]


# -- saved searches and the reading state ---------------------------------------------------------


async def test_marking_read_drops_the_article_from_a_saved_unread_search(
    library: Path, runs: list[str]
) -> None:
    async with running(library) as (app, pilot):
        (node,) = await saved_and_open(pilot, "is:unread")
        total = node.data.total
        ids = found_ids(node)
        sidebar = app.main_screen.sidebar
        sidebar.move_cursor(node.children[1])
        await pilot.press("r")  # the article under the cursor is now read
        await rerun_settled(pilot)
        node = saved_node(app, "is:unread")
        assert node.data.total == total - 1
        assert found_ids(node) == [i for i in ids if i != ids[1]]
        # the cursor stays where it was: on the entry that took the read one's place
        assert sidebar.cursor_node is node.children[1]
        assert sidebar.cursor_node.data.article.id == ids[2]

        await pilot.press("u")  # undo: unread again, back in the list
        await rerun_settled(pilot)
        assert found_ids(saved_node(app, "is:unread")) == ids


async def test_an_article_opened_from_a_saved_unread_search_stays_open(
    library: Path, runs: list[str]
) -> None:
    """Open the first article of `is:unread`: it is marked read, and stays listed and open."""
    async with running(library) as (app, pilot):
        (node,) = await saved_and_open(pilot, "is:unread")
        total, first = node.data.total, found_ids(node)[0]
        sidebar = app.main_screen.sidebar
        sidebar.move_cursor(node.children[0])
        await pilot.press("enter")
        await settle(pilot)
        await rerun_settled(pilot)
        node = saved_node(app, "is:unread")
        assert node.data.total == total and first in found_ids(node)  # listed until left
        assert app.main_screen.reader.article.id == first  # the article stays open
        assert sidebar.cursor_node.parent is node  # and the cursor in its search
        assert f"{total - 1} unread" in app.main_screen.query_one(StatusLine).text


async def test_many_marks_at_once_rerun_only_the_searches_on_marks_once(
    library: Path, runs: list[str]
) -> None:
    async with running(library) as (app, pilot):
        unread, notes = await saved_and_open(pilot, "is:unread", QUERY)
        runs.clear()
        main = app.main_screen
        ids = found_ids(unread)
        main.set_read(ids[:3], True)  # three marks, one after another
        main.set_read(ids[3:5], True)
        await pilot.press("b")  # a bookmark too
        await rerun_settled(pilot)
        assert runs == ["is:unread"]  # once, and not the search on text alone
        assert saved_node(app, "is:unread").data.total == len(ids) - 5


async def test_r_runs_every_saved_search_again(library: Path, runs: list[str]) -> None:
    async with running(library) as (app, pilot):
        await saved_and_open(pilot, "is:unread", QUERY)
        runs.clear()
        await pilot.press("R")
        await settle(pilot)
        assert sorted(runs) == sorted(["is:unread", QUERY])


async def test_a_closed_saved_search_is_fresh_when_opened_again(
    library: Path, runs: list[str]
) -> None:
    async with running(library) as (app, pilot):
        (node,) = await saved_and_open(pilot, "is:unread")
        total = node.data.total
        node.collapse()
        await pilot.pause()
        runs.clear()
        main = app.main_screen
        main.set_read([found_ids(node)[0]], True)
        await rerun_settled(pilot)
        assert runs == []  # closed: it runs when opened, not for every change meanwhile
        node = saved_node(app, "is:unread")
        node.expand()
        await settle(pilot)
        assert runs == ["is:unread"]
        assert node.data.total == len(found_ids(node)) == total - 1
