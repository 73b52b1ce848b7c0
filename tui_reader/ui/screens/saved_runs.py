"""Running the saved searches for the tree: their articles (tree layout) or their counts (river
layout), off the UI thread, again when what they depend on changed.

An object the main screen owns (`MainScreen.saved_runs`), as `MainActions` is: the screen keeps
routing messages, this decides what runs when. A search runs in a thread worker of the screen,
exclusive per query, and posts `SavedSearchFound`. Marks changing run again those that filter
on the reading state or tags (`state_changed`), once for a burst of changes.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from textual.timer import Timer
from textual.worker import get_current_worker

from tui_reader.ui.messages import SavedSearchFound
from tui_reader.ui.model.saved_store import run_for_reader, saved_queries

if TYPE_CHECKING:
    from tui_reader.core.library.api import Snapshot
    from tui_reader.ui.screens.main.screen import MainScreen

RERUN_DELAY = 0.5  # seconds: saved searches on the reading state rerun at most this often


class SavedRuns:
    """The saved searches of the main screen `screen`, run when needed."""

    def __init__(self, screen: MainScreen) -> None:
        self.screen = screen
        self.timer: Timer | None = None  # a rerun after marks changed, waiting

    def show(self) -> None:
        """Show the saved searches as they are now on disk."""
        screen = self.screen
        screen.sidebar.saved_searches.show_queries(saved_queries())
        screen.refresh_bindings()

    def count_all(self, snapshot: Snapshot) -> None:
        """Run every saved search once (the river tree's counts at start)."""
        for query in saved_queries():
            self.run(query, snapshot)

    def rerun(self, which: Callable[[str], bool] | None = None) -> None:
        """Run the saved searches whose articles are listed again (all, or those `which`
        picks): the search index or the reading state changed, or the user rescanned."""
        snapshot = self.screen.snapshot
        if snapshot is not None:
            for query in self.screen.sidebar.saved_searches.to_run_again(which):
                self.run(query, snapshot)

    def state_changed(self) -> None:
        """Marks changed: the saved searches on them (is:unread…) run again, once for a burst
        of changes (each `r` would otherwise run them all)."""
        if self.timer is None:
            self.timer = self.screen.set_timer(RERUN_DELAY, self._rerun_on_state)

    def _rerun_on_state(self) -> None:
        self.timer = None
        from tui_reader.core.search.api import uses_reading_state, uses_tags  # loaded when used

        self.rerun(lambda query: uses_reading_state(query) or uses_tags(query))
        app = self.screen.reader_app
        rules = app.rule_state.rules or []
        if any(r.is_view and (uses_reading_state(r.node) or uses_tags(r.node)) for r in rules):
            app.evaluate_rules(act=False)  # what they hide and highlight moved

    def run(self, query: str, snapshot: Snapshot) -> None:
        """Run a saved query off the UI thread; a newer run of the same query replaces it."""
        self.screen.run_worker(
            partial(self._search, query, snapshot), thread=True, exclusive=True,
            group=f"saved-search:{query}", exit_on_error=False, name="saved search",
        )  # fmt: skip

    def _search(self, query: str, snapshot: Snapshot) -> None:
        """In a worker: the search, with the reading state its `is:` filters ask for."""
        worker = get_current_worker()
        screen = self.screen
        app = screen.reader_app
        articles, total, error, hidden = run_for_reader(
            app.library, snapshot, query, screen.state, app.rule_state
        )
        articles = screen.stories.fold(articles, app.config.story_prefer)
        also = {a.id: screen.stories.also_in(a, snapshot.by_id, hidden) for a in articles}
        if not worker.is_cancelled:
            screen.post_message(SavedSearchFound(query, articles, total, error, also))

    def found(self, message: SavedSearchFound) -> None:
        saved = self.screen.sidebar.saved_searches
        if self.screen.river.active:  # its articles show in the list when chosen: its count
            saved.first_total(message.query, message.total, message.error)
            return
        saved.show_results(message.query, message.articles, message.total, message.error,
                           message.also)  # fmt: skip
