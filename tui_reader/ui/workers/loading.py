"""Loading and refreshing the library, run inside a thread worker.

Everything slow happens here, off the UI thread: reading the index, scanning the folder,
building the category model. Results go back as messages (see `messages`). During a first scan
(no index yet) the articles found so far are posted every so often, so the tree fills in while
the scan runs; the interval grows with the cost of building the model, so a big first scan
spends its time scanning rather than rebuilding.

A big library starts from the index's category counts: the tree with its counts is posted
before any article is built (a few milliseconds instead of about a second at 100k), and the
full snapshot and model follow as soon as that first frame is painted.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from textual.message import Message

from tui_reader.core.library.api import (
    Article,
    Library,
    LibraryError,
    ScanProgress,
    Snapshot,
    Summary,
    newest_first,
)
from tui_reader.core.startup import FirstLook, first_look
from tui_reader.core.state.api import StateStore
from tui_reader.ui.messages import (
    LibraryLoaded,
    LibraryUnavailable,
    ScanProgressed,
    StateRefreshed,
    StateWarned,
)
from tui_reader.ui.model.category_tree import CategoryTree, tree_from_counts
from tui_reader.ui.workers.cancel import CancelledWhen

PARTIAL_INTERVAL = 0.5  # seconds between partial trees during a first scan, at least
FIRST_FRAME_WAIT = 0.3  # seconds the articles wait, at most, for the counts to be painted

Post = Callable[[Message], object]


class LibraryLoader:
    """One load (index, then scan) or one rescan of `library`, posting what it finds."""

    def __init__(
        self,
        library: Library,
        state: StateStore | None,
        post: Post,
        cancelled: Callable[[], bool],
        hidden: Callable[[], frozenset[str]] = frozenset,
    ) -> None:
        self.library = library
        self.hidden = hidden  # the ids the rules hide now, left out of the trees built
        self.state = state
        self.post = post
        self.cancelled = cancelled
        self.cancel = CancelledWhen(cancelled)  # read by the walk between folders
        self._found: list[Article] = []
        self._next_partial = 0.0
        self._partial = False

    def read_ids(self) -> set[str]:
        return self.state.read_ids() if self.state is not None else set()

    def run(
        self,
        *,
        from_index: bool,
        first: FirstLook | None = None,
        shown: CategoryTree | None = None,
        showing: Snapshot | None = None,
    ) -> Snapshot | None:
        """Post the index's snapshot (when `from_index`), then scan and post the fresh one.
        `first` is the index as read before the first frame (else it is read here); `shown`,
        the tree the screen drew from it itself; `showing`, the snapshot the screen shows, which
        a rescan compares with (another reader may have updated the shared index already).
        Returns the scanned snapshot, or None when the folder cannot be used or on cancel."""
        try:
            self.library.check()
        except LibraryError as error:
            self.post(LibraryUnavailable(str(error)))
            return None
        if not from_index:
            self.refresh_state()
        known = False
        cached: Snapshot | None = None
        model: CategoryTree | None = None
        if from_index:
            cached, model = self._first_tree(first or first_look(self.library, self.state), shown)
            known = bool(cached.articles or cached.problems)
        previous = (cached if known else None) if from_index else showing
        self._partial = from_index and not known
        self._next_partial = time.monotonic() + PARTIAL_INTERVAL
        try:
            # Given the cached snapshot, an unchanged library comes back as that very snapshot,
            # and its category model is reused: no second build of 100k articles at start-up.
            snapshot = self.library.scan(
                progress=self._progress,
                on_batch=self._batch,
                cancel=self.cancel,
                previous=previous,
            )
        except LibraryError as error:
            self.post(LibraryUnavailable(str(error)))
            return None
        if self.cancelled() or snapshot.changes.cancelled:
            return None
        changes = snapshot.changes
        if from_index or changes.added or changes.changed or changes.removed:
            if model is None or cached is None or snapshot.articles is not cached.articles:
                model = CategoryTree(
                    snapshot.articles, self.read_ids(), self.hidden(), snapshot.by_id
                )
            self.post(LibraryLoaded(snapshot, model, True))
        return snapshot

    def refresh_state(self) -> None:
        """Take in the marks other processes saved (the CLI, another device's synced logs)."""
        if self.state is None:
            return
        if self.state.refresh():
            self.post(StateRefreshed(self.read_ids()))
        if warnings := self.state.take_warnings():
            self.post(StateWarned(warnings))

    def _first_tree(
        self, look: FirstLook, shown: CategoryTree | None
    ) -> tuple[Snapshot, CategoryTree | None]:
        """Post the tree of what the index knows, unless the screen has `shown` it: the
        category counts first for a big library (then its articles), the articles of a small
        one. Returns the index's snapshot and the model posted with its articles."""
        if look.counts_only and look.summary is not None:  # (counts_only: it is not None)
            if shown is None:
                self._post_counts(look.summary)
            cached = self.library.cached()
        else:
            cached = look.cached or self.library.cached()
            if shown is not None:
                return cached, shown
        if not (cached.articles or cached.problems):
            return cached, None
        model = CategoryTree(cached.articles, self.read_ids(), self.hidden(), cached.by_id)
        self.post(LibraryLoaded(cached, model, False))
        return cached, model

    def _post_counts(self, summary: Summary) -> None:
        """Post the tree drawn from the index's counts and wait for it to be painted."""
        model = tree_from_counts(summary.counts, self.read_ids())
        shown = threading.Event()
        self.post(LibraryLoaded(Snapshot([], summary.problems), model, False, shown))
        shown.wait(FIRST_FRAME_WAIT)

    def _progress(self, progress: ScanProgress) -> None:
        self.post(ScanProgressed(progress))

    def _batch(self, articles: list[Article]) -> None:
        if not self._partial:
            return
        self._found.extend(articles)
        now = time.monotonic()
        if now < self._next_partial:
            return
        start = time.perf_counter()
        found = newest_first(self._found)
        model = CategoryTree(found, self.read_ids(), self.hidden())
        self.post(LibraryLoaded(Snapshot(found, []), model, False))
        spent = time.perf_counter() - start
        self._next_partial = time.monotonic() + max(PARTIAL_INTERVAL, 4 * spent)
