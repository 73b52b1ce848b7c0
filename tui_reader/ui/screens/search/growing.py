"""The search screen's results kept up with a search index that grows while the screen is open.

While the index is built, the main screen tells the search screen each time it grows (its
`search_index_grew` signal, which calls `GrowingIndex.changed`): the query shown runs again, at
most every `REFRESH_INTERVAL` seconds and once more when the build is finished. Each search
carries the number of the index change it saw, so results older than the index run again.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.timer import Timer

if TYPE_CHECKING:
    from tui_reader.ui.screens.search.screen import SearchScreen

REFRESH_INTERVAL = 0.75  # seconds: a query shown runs again at most this often while indexing


class GrowingIndex:
    """The index changes `screen` heard of, and when its query shown runs again."""

    def __init__(self, screen: SearchScreen) -> None:
        self.screen = screen
        # Index changes heard of, and the one the results shown were searched after: while the
        # index is built, results older than the index run again.
        self.version = 0
        self._shown_version = 0
        self._refresh_timer: Timer | None = None

    def changed(self, finished: bool = False) -> None:
        """The search index grew (`finished`: its build or update is over): the query shown
        runs again, at most every `REFRESH_INTERVAL` seconds, at once when finished."""
        self.version += 1
        if finished:
            self._refresh()
        elif self._refresh_timer is None:
            self._refresh_timer = self.screen.set_timer(REFRESH_INTERVAL, self._refresh)

    def shown_searched(self, version: int) -> None:
        """Results searched after index change `version` are shown; older than the index, they
        run again (the refresh skipped while they were on their way)."""
        self._shown_version = version
        if version < self.version and self._refresh_timer is None:
            self._refresh_timer = self.screen.set_timer(REFRESH_INTERVAL, self._refresh)

    def _refresh(self) -> None:
        if self._refresh_timer is not None:
            self._refresh_timer.stop()
            self._refresh_timer = None
        if self._shown_version < self.version:
            self.screen.search_again(self.version)
