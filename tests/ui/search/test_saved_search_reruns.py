"""Saved searches shown closed are not run again on every change of marks or of the index: they
are marked stale and run once when opened; the open ones run again at once, as before."""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot
from ui_support import (
    found_ids,
    rerun_settled,
    running,
    saved_and_open,
    saved_node,
    settle,
)

from tui_reader.ui.app import ReaderApp
from tui_reader.ui.model.tree_data import SavedSearchesNode

OPEN, CLOSED, TEXT = "is:unread", "-is:read note", "note"


async def _mark_each(pilot: Pilot[object], ids: list[str]) -> None:
    """Mark the articles read one at a time, each rerun settled before the next."""
    main = pilot.app.main_screen  # type: ignore[attr-defined]
    for article_id in ids:
        main.set_read([article_id], True)
        await rerun_settled(pilot)


async def test_closed_saved_searches_run_once_when_opened(library: Path, runs: list[str]) -> None:
    async with running(library) as (app, pilot):
        opened, closed, text = await saved_and_open(pilot, OPEN, CLOSED, TEXT)
        ids, unread = found_ids(closed), opened.data.total
        closed.collapse()
        text.collapse()
        await pilot.pause()
        runs.clear()
        await _mark_each(pilot, ids[:3])
        assert runs == [OPEN] * 3  # the open search on marks, each time; the closed one never
        app.main_screen.saved_runs.rerun()  # as when the search index has grown
        await settle(pilot)
        assert runs == [OPEN] * 4
        runs.clear()
        closed = saved_node(app, CLOSED)
        closed.expand()
        text.expand()  # closed while only the index changed: stale too
        await settle(pilot)
        assert sorted(runs) == sorted([CLOSED, TEXT])
        assert found_ids(closed) == ids[3:]
        closed.collapse()  # and opened again with nothing changed: nothing to run
        await pilot.pause()
        closed.expand()
        await settle(pilot)
        assert sorted(runs) == sorted([CLOSED, TEXT])
        assert saved_node(app, OPEN).data.total == unread - 3


async def test_searches_under_a_closed_saved_searches_entry_run_when_it_opens(
    library: Path, runs: list[str]
) -> None:
    async with running(library) as (app, pilot):
        (node,) = await saved_and_open(pilot, OPEN)
        ids = found_ids(node)
        assert isinstance(app, ReaderApp)
        sidebar = app.main_screen.sidebar
        entry = next(n for n in sidebar.root.children if isinstance(n.data, SavedSearchesNode))
        entry.collapse()  # its search stays open beneath it, out of sight
        await pilot.pause()
        runs.clear()
        await _mark_each(pilot, ids[:2])
        assert runs == []
        entry.expand()
        await settle(pilot)
        assert runs == [OPEN]
        assert found_ids(saved_node(app, OPEN)) == ids[2:]
