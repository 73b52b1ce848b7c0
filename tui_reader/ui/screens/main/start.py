"""The main screen's start and its loads of the library, as the screen sees them: the tree read
before the first frame, the reading state opened, each load's model shown, the end of a scan,
and the empty-library screen when there is nothing to show.

The loads themselves run in the screen's "scan" worker (`LibraryWatch`, screens/library_watch.py)
and report back as messages; the screen hands those here. Plain functions of the screen, but for
`EmptyLibrary`, which keeps the empty-library screen it pushed.
"""

from __future__ import annotations

import gc
from typing import TYPE_CHECKING

from textual.worker import Worker, WorkerState

from tui_reader.core.library.api import Snapshot, rescan_summary
from tui_reader.core.sanitize import visible_name
from tui_reader.core.startup import FirstLook
from tui_reader.core.state.api import StateStore
from tui_reader.render.article import load_renderer
from tui_reader.ui.messages import LibraryLoaded, ScanFinished
from tui_reader.ui.model.category_tree import CategoryTree, tree_from_counts
from tui_reader.ui.screens.main import lists
from tui_reader.ui.widgets.status import StatusLine, counted

if TYPE_CHECKING:
    from tui_reader.ui.screens.empty import EmptyScreen
    from tui_reader.ui.screens.main.screen import MainScreen


def import_renderer(screen: MainScreen) -> None:
    """Import the HTML converter before the first article is opened (not before the first
    frame: ~20 ms of imports), so the first open does not wait for it."""
    screen.run_worker(load_renderer, thread=True, exit_on_error=False, name="load renderer")


def show_first_look(screen: MainScreen, first: FirstLook) -> CategoryTree | None:
    """Show the reading state and the tree read before the first frame; the tree shown."""
    if first.state is not None:
        use_state(screen, first.state)
    if first.summary is None:
        return None  # the folder cannot be used: the load says why
    read = screen.state.read_ids() if screen.state is not None else set()
    if first.cached is None:
        model = tree_from_counts(first.summary.counts, read)
        screen.snapshot = Snapshot([], first.summary.problems)
    elif first.cached.articles or first.cached.problems:
        model = CategoryTree(first.cached.articles, read, by_id=first.cached.by_id)
        screen.snapshot = first.cached
    else:
        return None  # nothing known yet: the first scan shows its progress
    screen.model = model
    screen.show_tree()
    screen.reader_app.hold_keys(not model.complete)
    return model


def use_state(screen: MainScreen, state: StateStore) -> None:
    screen.state = state
    screen.reader_app.state = state
    screen.sidebar.is_bookmarked = state.is_bookmarked
    screen.sidebar.is_highlighted = screen.reader_app.rule_state.is_highlighted
    screen.sidebar.tags_of = state.tags_of
    screen.say_warnings(state.take_warnings())


def library_loaded(screen: MainScreen, message: LibraryLoaded) -> None:
    screen.snapshot = message.snapshot
    screen.model = message.model
    if screen.state is not None:
        screen.model.sync_read(screen.state.read_ids())  # marks changed while it was built
    screen.model.use_stories(screen.stories.story_of())  # the index's next update tells again
    if screen.model.complete and screen.model.hidden != screen.reader_app.rule_state.hidden:
        screen.rebuild_tree()  # built before the rules' last word on what is hidden
    screen.show_tree()
    screen.reader_app.hold_keys(not screen.model.complete)  # counts only: keys wait
    lists.show_list(screen)
    if message.shown is not None:
        screen.call_after_refresh(message.shown.set)  # the articles wait for this frame
    if message.final:
        if not gc.get_freeze_count():  # once: what a later load drops can still be freed
            # The library's objects stay for the session: out of the cyclic GC's full passes,
            # which otherwise stalled an open by 150-250 ms at 100k articles (BENCHMARKS.md).
            gc.freeze()
        screen.empty.check()
        screen.opening.refresh()


def scan_finished(screen: MainScreen, message: ScanFinished) -> None:
    app = screen.reader_app
    app.hold_keys(False)  # a failed load must not keep keys waiting
    app.say_cache_troubles()
    screen.query_one(StatusLine).show_progress(None)
    if message.snapshot is not None:
        app.index_for_search(message.snapshot)
    if screen.library_watch.is_rescan(message.load):
        screen.saved_runs.rerun()
        if message.snapshot is not None:  # R: say what the rescan found
            screen.notify(rescan_summary(message.snapshot.changes), timeout=3)


def worker_failed(screen: MainScreen, event: Worker.StateChanged) -> None:
    """Say a worker's failure; a failed load no longer holds the keys or shows its progress."""
    if event.state == WorkerState.ERROR and event.worker.error is not None:
        error = event.worker.error
        message = visible_name(f"{event.worker.name} failed: {error}")  # it may quote a name
        screen.notify(message, severity="error", markup=False)
        if event.worker.group == "scan":
            screen.reader_app.hold_keys(False)
            screen.query_one(StatusLine).show_progress(None)


class EmptyLibrary:
    """The screen over `screen` that says why there is nothing to show, while there is not."""

    def __init__(self, screen: MainScreen) -> None:
        self.screen = screen
        self._empty: EmptyScreen | None = None

    def check(self) -> None:
        snapshot = self.screen.snapshot
        if snapshot is not None and not snapshot.articles:
            reason = "No articles in this folder yet"
            if snapshot.problems:
                reason += f" ({counted(len(snapshot.problems), 'file')} could not be read: press P)"
            self.show(reason)
        elif self._empty is not None:
            if self.screen.app.screen is self._empty:
                self.screen.app.pop_screen()
            self._empty = None

    def show(self, reason: str) -> None:
        if self._empty is None:
            from tui_reader.ui.screens.empty import EmptyScreen  # loaded when first needed

            root = visible_name(str(self.screen.reader_app.library.root))
            self._empty = EmptyScreen(reason, root)
            self.screen.app.push_screen(self._empty)
        else:
            self._empty.set_reason(reason)
