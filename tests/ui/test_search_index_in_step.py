"""The reader's update of the search index leaves it vouched for, as a command's does: the
commands after it (`list --json`, `search`) trust it without reading the library, and the next
reader's update has nothing to do."""

from __future__ import annotations

import json
from pathlib import Path

from ui_support import make_library, running

from tui_reader.core.library.library import Library
from tui_reader.core.search.api import SearchIndex


def _in_step(root: Path) -> bool:
    """Whether a command would find the search index in step with the library index."""
    with Library(root).unchanged_listing() as listing:
        assert listing is not None and listing.folders is not None
        return SearchIndex.for_library(root).in_step(
            listing.generation, json.loads(listing.folders)
        )


async def test_the_reader_leaves_the_search_index_in_step(tmp_path: Path) -> None:
    root = make_library(tmp_path / "library")
    library = Library(root)
    library.scan(workers=1)
    snapshot = library.scan(workers=1)  # the second scan saves the folder times
    SearchIndex.for_library(root).sync(
        root, snapshot.articles, folders=snapshot.folders, generation=snapshot.generation
    )  # as a command brings it up to date
    assert _in_step(root)
    async with running(root):
        pass
    assert _in_step(root)


async def test_a_reader_on_an_unchanged_library_does_not_update_the_search_index(
    tmp_path: Path,
) -> None:
    root = make_library(tmp_path / "library")
    async with running(root):
        pass
    token = SearchIndex.for_library(root).get_meta("sync")  # each update writes its own
    assert token
    async with running(root) as (app, _pilot):
        assert app.library.unchanged() is not None
    assert SearchIndex.for_library(root).get_meta("sync") == token
    assert _in_step(root)
