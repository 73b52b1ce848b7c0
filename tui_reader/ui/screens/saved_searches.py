"""Saving searches from the search bar.

`SavingSearchScreen` is the search engineer's `SearchScreen` with one more key, ctrl+s, that saves
the query typed; it also remembers the last query so the main screen can save it later (S).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.binding import Binding
from textual.widgets import Input

from tui_reader.ui.model.saved_store import save_search
from tui_reader.ui.screens.search import SearchScreen


class SavingSearchScreen(SearchScreen):
    """The search bar, with ctrl+s to save the query (it then appears in the tree)."""

    BINDINGS = [Binding("ctrl+s", "save_search", "Save search", id="search.save")]

    def __init__(self, *args: Any, on_saved: Callable[[], None] | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.on_saved = on_saved
        self.last_query = ""

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "search-input":
            self.last_query = event.value.strip()

    def action_save_search(self) -> None:
        query = self.query_one("#search-input", Input).value.strip()
        saved, message = save_search(query)
        self.notify(message, timeout=2, markup=False)
        if saved:
            self.remember(query)
            if self.on_saved is not None:
                self.on_saved()
