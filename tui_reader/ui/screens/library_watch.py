"""The main screen's loads of the library, and its looks at the library for changes.

A load reads the index (the first time), then scans the library, in the screen's "scan" worker;
a newer load replaces the one running. Every `ReaderApp.watch_interval` seconds the screen looks
at the library's folders (core/library/folder_watch.py) and rescans only when one changed, or
when a full rescan is due: an article rewritten in place leaves its folder's time as it was.
What a load finds goes back to the screen as messages (ui/messages.py).
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Protocol

from textual.message import Message
from textual.worker import get_current_worker

from tui_reader.core.library.api import FolderWatch, Snapshot
from tui_reader.core.startup import FirstLook
from tui_reader.core.state.api import StateStore
from tui_reader.ui.messages import ScanFinished, StateOpened
from tui_reader.ui.model.category_tree import CategoryTree
from tui_reader.ui.workers.loading import LibraryLoader

if TYPE_CHECKING:
    from tui_reader.ui.app import ReaderApp

# An article rewritten in place is found by a full rescan this often, whatever the folders say.
FULL_RESCAN_INTERVAL = 300.0


class LibraryView(Protocol):
    """What the loads use of the main screen (the actions too: `MainView`)."""

    @property
    def reader_app(self) -> ReaderApp: ...
    @property
    def state(self) -> StateStore | None: ...
    @property
    def snapshot(self) -> Snapshot | None: ...
    def post_message(self, message: Message) -> bool: ...


class LibraryWatch:
    """The loads of the library for the screen `view`: their numbers and the folders' times."""

    def __init__(self, view: LibraryView) -> None:
        self.view = view
        self.loads = 0  # loads started, numbering them
        self.rescan_load = 0  # R's load: once done, the saved searches run and R says what it found
        self._folder_watch: FolderWatch | None = None  # the folders as the last rescan began
        self._rescanned_at = 0.0  # time.monotonic() when the last rescan began

    def number(self, *, rescan: bool = False) -> int:
        """The number of a load about to start; `rescan`: it is R's."""
        self.loads += 1
        if rescan:
            self.rescan_load = self.loads
        return self.loads

    def is_rescan(self, number: int) -> bool:
        """Whether finished load `number` is R's own (not one it cancelled: that one finishes
        after R was pressed again); answered once."""
        if not self.rescan_load or number != self.rescan_load:
            return False
        self.rescan_load = 0
        return True

    def run(
        self,
        from_index: bool,
        first: FirstLook | None,
        shown: CategoryTree | None,
        poll: bool,
        number: int,
    ) -> None:
        """Load number `number` (in the scan worker): see `MainScreen.load`."""
        worker = get_current_worker()
        view = self.view
        app = view.reader_app
        if first is None and from_index:
            first = app.first_look(wait=True)  # not ready at mount: wait for it
        state = view.state
        if state is None:
            state = first.state if first is not None and first.state is not None else None
            state = state or StateStore.open(app.state_dir)
            view.post_message(StateOpened(state))
        loader = LibraryLoader(
            app.library,
            state,
            view.post_message,
            lambda: worker.is_cancelled,
            lambda: app.rule_state.hidden,
        )
        if poll and not self._rescan_due():
            loader.refresh_state()  # marks saved elsewhere still come in at every look
            return
        # The folders' times are taken before the walk: a change made during it shows next time.
        previous = view.snapshot
        root = app.library.root
        watch = FolderWatch(root, (a.path for a in previous.articles)) if previous else None
        started = time.monotonic()
        snapshot = loader.run(from_index=from_index, first=first, shown=shown, showing=previous)
        if snapshot is not None:
            self._rescanned_at = started
            covered = watch is not None and watch.covers(a.path for a in snapshot.articles)
            self._folder_watch = watch if covered else None  # None: the next look rescans
        view.post_message(ScanFinished(snapshot, number))

    def _rescan_due(self) -> bool:
        """Whether a look at the library calls for a rescan (run in the scan worker: it stats
        the library's folders)."""
        watch = self._folder_watch
        if watch is None or time.monotonic() - self._rescanned_at >= FULL_RESCAN_INTERVAL:
            return True
        return watch.changed()
