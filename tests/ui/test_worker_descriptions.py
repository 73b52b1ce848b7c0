"""Workers are named without a repr of the library: Textual describes each worker by the repr of
its work (or of a `@work` method's arguments) on the UI thread, when it starts. A snapshot among
them once cost a repr of every article, twice (its list and its index by id): over a second of
the UI thread each time a list was chosen in a library of 10k articles."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.worker_manager import WorkerManager
from ui_support import make_library, running, settle, until

from tui_reader.core.library.library import Library, Snapshot
from tui_reader.ui.model.saved_store import save_search
from tui_reader.ui.model.tree_data import CategoryNode
from tui_reader.ui.screens.river import UNREAD_LIST

DESCRIPTION_LIMIT = 400  # characters: a few names and numbers, no articles


def test_a_snapshot_repr_does_not_grow_with_the_library(tmp_path: Path) -> None:
    snapshot = Library(make_library(tmp_path / "library")).scan()
    assert len(snapshot.articles) > 20
    one = Snapshot(snapshot.articles[:1], snapshot.problems[:1], generation=snapshot.generation)
    assert len(repr(snapshot)) <= len(repr(one)) + 4  # (the counts' digits)
    assert all(article.title not in repr(snapshot) for article in snapshot.articles)


@pytest.fixture
def descriptions(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """(name, description) of every worker started from now on, as Textual made them."""
    started: list[tuple[str, str]] = []
    add_worker = WorkerManager.add_worker

    def recording(manager: WorkerManager, worker, *args, **kwargs):  # type: ignore[no-untyped-def]
        started.append((worker.name, worker.description))
        return add_worker(manager, worker, *args, **kwargs)

    monkeypatch.setattr(WorkerManager, "add_worker", recording)
    return started


async def test_the_river_s_workers_are_named_cheaply(
    tmp_path: Path, descriptions: list[tuple[str, str]]
) -> None:
    """Loading the library, the saved searches' counts, lists chosen in the tree and re-sorted:
    no worker's description holds the library."""
    save_search("note")
    library = make_library(tmp_path / "library")
    async with running(library, layout="river", size=(120, 40)) as (app, pilot):
        screen = app.main_screen
        river, sidebar = screen.river, screen.sidebar
        await until(pilot, lambda: river.listing.key == UNREAD_LIST.list_key, "All unread")
        category = next(n for n in sidebar.root.children if isinstance(n.data, CategoryNode))
        sidebar.move_cursor(category)
        await until(pilot, lambda: river.listing.key.startswith("category:"), "a category")
        river.listing.focus()
        await pilot.press("s")
        await settle(pilot)
    names = {name for name, _description in descriptions}
    assert {"scan", "article list", "saved search"} <= names
    assert sum(name == "article list" for name, _ in descriptions) >= 3
    longest = max(descriptions, key=lambda item: len(item[1]))
    assert len(longest[1]) < DESCRIPTION_LIMIT, longest[0]
