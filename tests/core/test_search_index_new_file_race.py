"""A new search index file opened by several connections at once — the reader's indexer and, at
the same moment, a saved search counting or the stories being read — is made once: a connection
that found no version must not drop the tables another has made and filled meanwhile."""

from __future__ import annotations

import shutil
import threading
from pathlib import Path

from tui_reader.core.library.library import Library
from tui_reader.core.search import schema as search_schema
from tui_reader.core.search.index import SearchIndex

SAMPLES = Path(__file__).parent.parent / "samples"
OPENERS = 3


def test_a_new_index_opened_by_many_at_once_keeps_what_was_indexed(
    tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "library"
    shutil.copytree(SAMPLES, folder)
    articles = Library(folder).scan(workers=0).articles
    # Widen the window the race needs: every connection pauses after reading the version, as
    # a busy machine may make it; then all of them make the file at once.
    has_meta = search_schema.has_meta
    start = threading.Barrier(OPENERS + 1)

    def slow_has_meta(connection):  # type: ignore[no-untyped-def]
        found = has_meta(connection)
        threading.Event().wait(0.05)
        return found

    monkeypatch.setattr(search_schema, "has_meta", slow_has_meta)
    sizes: list[int] = []

    def open_and_count() -> None:
        start.wait()
        index = SearchIndex.for_library(folder)
        try:
            sizes.append(index.size())
        finally:
            index.close()

    openers = [threading.Thread(target=open_and_count) for _ in range(OPENERS)]
    for thread in openers:
        thread.start()
    index = SearchIndex.for_library(folder)
    start.wait()
    try:
        index.sync(folder, articles, workers=1)
    finally:
        index.close()
    for thread in openers:
        thread.join()
    again = SearchIndex.for_library(folder)
    try:
        assert again.size() == len(articles)
    finally:
        again.close()
