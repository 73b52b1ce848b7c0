"""Keep the search index in step with the library, in a background thread, with progress.

The app calls `index_in_background` after each finished scan. The first time this indexes the
whole library (minutes for 100k articles), later only what changed. The worker is exclusive in
its group, so a newer scan cancels an update still running; what was indexed is kept.
"""

from __future__ import annotations

from typing import Any

from textual.app import App
from textual.message import Message
from textual.worker import Worker, get_current_worker

from tui_reader.core.library.api import Library, Snapshot
from tui_reader.core.search.api import SearchIndex, SyncProgress, SyncStats
from tui_reader.ui.workers.cancel import CancelledWhen

GROUP = "search-index"


class SearchIndexProgressed(Message):
    """The search index update moved on; the newest replaces any older one still queued."""

    def __init__(self, progress: SyncProgress) -> None:
        super().__init__()
        self.progress = progress

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, SearchIndexProgressed)


class SearchIndexUpdated(Message):
    """The search index is in step with the snapshot (or the update was cancelled)."""

    def __init__(self, stats: SyncStats) -> None:
        super().__init__()
        self.stats = stats


def index_in_background(app: App[Any], library: Library, snapshot: Snapshot) -> Worker[None]:
    """Start (or restart) updating the library's search index; posts progress to `app`.

    Pass the snapshot of a finished scan: articles missing from it are dropped from the index."""

    def report(progress: SyncProgress) -> None:
        app.post_message(SearchIndexProgressed(progress))

    def work() -> None:
        worker = get_current_worker()
        index = SearchIndex.for_library(library.root)
        stats = index.sync_snapshot(
            library.root,
            snapshot,
            progress=report,
            cancel=CancelledWhen(lambda: worker.is_cancelled),
        )
        if not worker.is_cancelled:
            app.post_message(SearchIndexUpdated(stats))

    return app.run_worker(
        work,
        name="search index",
        group=GROUP,
        description="updating the search index",
        exit_on_error=False,
        exclusive=True,
        thread=True,
    )
