"""The search bar: type a query, see results as you type, `enter` opens one, `escape` goes back.

Each keystroke restarts a short timer; when typing pauses the query runs in an exclusive thread
worker (a newer query cancels an older one), which also reads the shown articles' text for the
snippets, and posts the results back as a message. Typing never waits for a search. A malformed
query shows what is wrong under the input instead of results. With an empty input the list shows
recent searches: those an article was opened from, or whose results were shown when the bar
was left. `ctrl+s` saves the query typed (it then appears in the tree), and the screen keeps the
last query typed (`last_query`) for the main screen to save later (S). The screen dismisses with
the chosen article's id, or None.

The copies of one story (see core.search.stories) are one result, where the first of them ranks,
saying where else it is ("also in IT之家 · 快科技 (+2)"); the row shows and opens the copy of the
preferred source (`[stories] prefer`), else the earliest, of the copies the search found.

While the search index is being built, the query shown runs again as it grows, keeping the
highlighted result where it can (growing.py). The query itself runs in finding.py; what a result
is and how its row reads is in results.py.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.signal import Signal
from textual.timer import Timer
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import Worker, WorkerState

from tui_reader.core.library.api import Library, Snapshot
from tui_reader.core.search.api import (
    FILTERS,
    Node,
    QueryError,
    SearchHistory,
    SearchIndex,
    TextNode,
    parse,
)
from tui_reader.core.wording import counted
from tui_reader.ui.model.rule_state import RuleState
from tui_reader.ui.model.same_row import row_again
from tui_reader.ui.model.saved_store import save_search
from tui_reader.ui.model.stories import Stories
from tui_reader.ui.screens.search import finding
from tui_reader.ui.screens.search.growing import GrowingIndex
from tui_reader.ui.screens.search.results import (
    ORDER_WORDS,
    ORDERS,
    Found,
    ListAll,
    highlighted_place,
    result_prompt,
)

if TYPE_CHECKING:
    from tui_reader.core.state.api import StateStore

DEBOUNCE = 0.15  # seconds of quiet typing before a query runs
RECENT_PREFIX = "recent:"


class SearchScreen(ModalScreen[str | ListAll | None]):
    """Search the library, ctrl+s saves the query; dismisses with the id of the article to open,
    `ListAll` (river layout: enter in the bar lists every result), or None."""

    DEFAULT_CSS = """
    SearchScreen {
        align: center top;
    }
    SearchScreen > #search-box {
        width: 100%;
        max-width: 120;
        height: 1fr;
        margin: 1 2;
        background: $surface;
        border: tall $primary;
    }
    SearchScreen #search-status {
        height: 1;
        padding: 0 1;
        color: $text-muted;
    }
    SearchScreen #search-status.error {
        color: $text-error;
        height: auto;  /* an explanation wraps rather than losing its end */
        max-height: 4;
    }
    /* OptionList's own `:focus` rule (a border) outranks a plain type selector: without one
       here too, the list gained a border on its first click and moved a row under the pointer,
       so the click fell on the result above the one clicked. */
    SearchScreen OptionList, SearchScreen OptionList:focus {
        height: 1fr;
        border: none;
    }
    """

    BINDINGS = [
        Binding("escape", "close", "Back", id="search.close"),
        Binding("down", "focus_results", "Results", show=False, id="search.results"),
        Binding("ctrl+o", "toggle_order", "Newest/relevance/oldest", id="search.order"),
        Binding("ctrl+s", "save_search", "Save search", id="search.save"),
        Binding("ctrl+t", "export", "Export…", id="search.export"),
        # In the results (typed in the bar they are text): every article the search finds.
        Binding("A", "act('read')", "Mark all read…", show=False, id="search.mark_read"),
        Binding("b", "act('bookmark')", "Bookmark all…", show=False, id="search.bookmark"),
        Binding("t", "act('tag')", "Tag all…", show=False, id="search.tag"),
    ]

    class Searched(Message):
        """A query finished in the worker (handled by `on_search_screen_searched`)."""

        def __init__(
            self,
            query: str,
            found: list[Found],
            total: int | None,
            matched: list[TextNode],
            version: int = 0,
            refresh: bool = False,
        ) -> None:
            super().__init__()
            self.query = query
            self.found = found
            self.total = total
            self.matched = matched
            self.version = version  # the index change the search saw (see `GrowingIndex.changed`)
            self.refresh = refresh  # the shown query again: keep the highlighted result

    class Counted(Message):
        """All matches of a query were counted (handled by `on_search_screen_counted`)."""

        def __init__(self, query: str, total: int, version: int = 0) -> None:
            super().__init__()
            self.query = query
            self.total = total
            self.version = version

    def __init__(
        self,
        library: Library,
        snapshot: Snapshot,
        state: StateStore | None = None,
        index: SearchIndex | None = None,
        history: SearchHistory | None = None,
        index_grew: Signal[bool] | None = None,
        on_saved: Callable[[], None] | None = None,
        rules: RuleState | None = None,
        stories: Stories | None = None,
        prefer: list[str] | None = None,
        on_act: Callable[[str, str], None] | None = None,
        river: bool = False,
    ) -> None:
        """`on_act(kind, query)`: A, b or t (`kind` read, bookmark or tag) in the results, to
        change every article the query finds."""
        super().__init__()
        self.river = river  # enter in the bar shows every result in the article list
        self.on_act = on_act
        self.rules = rules or RuleState()  # what the rules hide (left out) and highlight
        self.stories = stories or Stories()
        self.prefer = prefer or []
        self.library = library
        self.snapshot = snapshot
        self.state = state
        self._own_index = index is None  # closed with the screen when it opened it
        self.index = index or SearchIndex.for_library(library.root)
        self.history = history or SearchHistory.load()
        self.order = "newest"
        self.matched: list[TextNode] = []  # the last query's terms, for highlighting
        self.query_text = ""
        self._shown = 0
        self.indexed: int | None = None  # articles in the index, when below the library's
        self._timer: Timer | None = None
        self.growing = GrowingIndex(self)  # the index changes heard of
        self._index_grew = index_grew  # published when the search index grows (see above)
        self.on_saved = on_saved  # called when ctrl+s saved the query
        self.last_query = ""  # the query typed last, stripped

    def compose(self) -> ComposeResult:
        with Vertical(id="search-box"):
            filters = " ".join(f"{kind.key}:" for kind in FILTERS)
            yield Input(
                placeholder=f'Search: words, 中文, "phrase", -not, a OR b, {filters}',
                id="search-input",
            )
            yield Static("", id="search-status")
            yield OptionList(id="search-results")

    def on_mount(self) -> None:
        if self._index_grew is not None:
            self._index_grew.subscribe(self, self.growing.changed, immediate=True)
        self._show_recent()
        self.query_one(Input).focus()

    def on_unmount(self) -> None:
        if self._index_grew is not None:
            self._index_grew.unsubscribe(self)
        self.workers.cancel_group(self, "search")
        if self._own_index:
            self.index.close()

    # --- typing -------------------------------------------------------------------------------

    @on(Input.Changed, "#search-input")
    def _typed(self, event: Input.Changed) -> None:
        self.last_query = event.value.strip()
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(DEBOUNCE, lambda: self._start(event.value))

    def _start(self, query: str) -> None:
        self._timer = None
        if not query.strip():
            self.workers.cancel_group(self, "search")
            self._show_recent()
            return
        try:
            node = parse(query)
        except QueryError as error:
            self.workers.cancel_group(self, "search")
            self._status(str(error), error=True)
            return
        self._status("Searching…")
        self._search(query, node, self.growing.version)

    @work(thread=True, exclusive=True, group="search", exit_on_error=False)
    def _search(self, query: str, node: Node | None, version: int, refresh: bool = False) -> None:
        """Search and post the results; a `refresh` (the shown query on a grown index) counts
        every match first and posts once, so the status line does not blink "counting…"."""
        finding.search(self, query, node, version, refresh)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """A search that failed (an unreadable index, a query SQLite refuses) says so in place
        of "Searching…"; the bar keeps working for the next query."""
        if event.worker.group == "search" and event.state == WorkerState.ERROR:
            event.stop()
            self._status(f"Search failed: {event.worker.error}", error=True)

    def on_search_screen_searched(self, message: Searched) -> None:
        if message.query != self.query_one(Input).value:
            return  # typing went on: a newer search is on its way
        self.matched, self.query_text = message.matched, message.query
        results = self.query_one(OptionList)
        kept = highlighted_place(results) if message.refresh else None
        results.clear_options()
        results.add_options(
            Option(result_prompt(f, message.matched), id=f.opens or f.article.id)
            for f in message.found
        )
        if message.found:
            ids = [found.opens or found.article.id for found in message.found]
            results.highlighted = row_again(ids, kept) if kept else 0
        self._shown = len(message.found)
        self._show_count(message.total)
        if message.total is not None:
            self.growing.shown_searched(message.version)

    def on_search_screen_counted(self, message: Counted) -> None:
        if message.query == self.query_one(Input).value:
            self._show_count(message.total)
            self.growing.shown_searched(message.version)

    # --- the index growing while the screen is open (growing.py) --------------------------------

    def search_again(self, version: int) -> None:
        """Run the query shown again on the grown index (change `version`), unless typing or a
        search under way brings newer results anyway, or nothing is shown for it yet."""
        query = self.query_one(Input).value
        if (
            self._timer is not None  # typing: its own search comes
            or not query.strip()
            or query != self.query_text  # nothing shown for it yet (or it is malformed)
            or self._searching()  # its results come back with their version
        ):
            return
        try:
            node = parse(query)
        except QueryError:
            return
        self._search(query, node, version, refresh=True)

    def _searching(self) -> bool:
        return any(
            w.node is self and w.group == "search" and not w.is_finished for w in self.workers
        )

    def _show_count(self, total: int | None) -> None:
        order = ORDER_WORDS[self.order]
        if self.river:
            order += " · enter: the list of all"
        building = ""
        if self.indexed is not None and self.indexed < len(self.snapshot.articles):
            building = f" · index being built: {self.indexed:,} of {len(self.snapshot.articles):,}"
        if total is None:
            self._status(f"{self._shown:,}+ articles, counting… · {order}{building}")
            return
        more = f", showing {self._shown:,}" if total > self._shown else ""
        self._status(f"{counted(total, 'article')}{more} · {order}{building}")

    # --- choosing -------------------------------------------------------------------------------

    @on(Input.Submitted, "#search-input")
    def _submitted(self) -> None:
        results = self.query_one(OptionList)
        option = results.highlighted_option
        query = self.query_one(Input).value.strip()
        if self.river and query and not query.startswith(RECENT_PREFIX):
            try:
                parse(query)
            except QueryError:
                return  # what is wrong with it shows under the bar
            self.remember(query)
            # the list starts on its first row unless another result than the bar's first was
            # chosen (the list's order and the bar's differ where an article has no date of
            # its own: the index puts it oldest of all, the list after every dated article)
            keep = option.id if option is not None and results.highlighted else None
            self.dismiss(ListAll(query, self.order, keep or None))
            return
        if option is not None and option.id:
            self._choose(option.id)

    @on(OptionList.OptionSelected, "#search-results")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        if event.option_id:
            self._choose(event.option_id)

    def _choose(self, option_id: str) -> None:
        if option_id.startswith(RECENT_PREFIX):
            query = option_id.removeprefix(RECENT_PREFIX)
            search_input = self.query_one(Input)
            search_input.value = query
            search_input.cursor_position = len(query)
            search_input.focus()
            return
        self.remember(self.query_one(Input).value)
        self.dismiss(option_id)

    def action_close(self) -> None:
        # A search the user saw results for is one to come back to, opened or not.
        if self._shown and self.query_text == self.query_one(Input).value:
            self.remember(self.query_text)
        self.dismiss(None)

    def remember(self, query: str) -> None:
        """Add `query` to the recent searches, read afresh: the file may have changed since the
        screen opened (a search saved meanwhile must not be written over)."""
        self.history = SearchHistory.load(self.history.path)
        self.history.remember(query)

    def action_save_search(self) -> None:
        query = self.query_one("#search-input", Input).value.strip()
        saved, message = save_search(query)
        self.notify(message, timeout=2, markup=False)
        if saved:
            self.remember(query)
            if self.on_saved is not None:
                self.on_saved()

    def action_export(self) -> None:
        """Export all the search finds, in the order shown (see `workers/export.py`)."""
        from tui_reader.ui.screens.export import ExportScreen
        from tui_reader.ui.workers.export import ExportSource, start_export

        query = self.query_one("#search-input", Input).value.strip()
        if not query:
            self.notify("Type a search first.", timeout=2)
            return
        source = ExportSource(query, query=query, order=self.order)
        served = bool(getattr(self.app, "served", False))  # the digest goes to the browser
        start = partial(
            start_export, self.app, source, library=self.library, snapshot=self.snapshot,
            state=self.state, hidden=self.rules.hidden, to_browser=served,
        )  # fmt: skip
        self.app.push_screen(ExportScreen(query, served=served, order=self.order), start)

    def action_act(self, kind: str) -> None:
        query = self.query_one("#search-input", Input).value.strip()
        if not query:
            self.notify("Search first: A, b and t then act on everything it finds.", timeout=2)
        elif self.on_act is not None:
            self.on_act(kind, query)

    def action_focus_results(self) -> None:
        self.query_one(OptionList).focus()

    def action_toggle_order(self) -> None:
        self.order = ORDERS[(ORDERS.index(self.order) + 1) % len(ORDERS)]
        self._start(self.query_one(Input).value)

    # --- helpers --------------------------------------------------------------------------------

    def _show_recent(self) -> None:
        results = self.query_one(OptionList)
        results.clear_options()
        recent = self.history.recent
        results.add_options(Option(Text(query), id=f"{RECENT_PREFIX}{query}") for query in recent)
        if recent:
            results.highlighted = 0
        self._status("Recent searches" if recent else "Type to search the library")

    def _status(self, text: str, error: bool = False) -> None:
        status = self.query_one("#search-status", Static)
        status.update(Text(text))
        status.set_class(error, "error")
