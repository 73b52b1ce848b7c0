"""The river layout: a tree of lists, the article list chosen in it, and the article.

The tree (`Sidebar` with `river` on) holds categories, Bookmarks, tags, saved searches and the
smart lists (All unread, Today, Last 7 days); the entry under its cursor is the list shown in the
article list (`ArticleList`), one full-width row per article. At `THREE_PANES` columns or more
the tree, the list and the article stand side by side; below that the list and the article take
turns beside the tree (enter opens an article, escape or `h` goes back to its list), as newsboat
does.

Lists are built in a thread worker (a search, or All unread over 100k articles, takes a moment),
a newer list replacing an older one (what the worker does is in river_rows.py). `s` cycles the
order of the list shown, `D` cuts it into days; both are kept per list while the reader runs.
`n`, `p`, `.` and space read through the list shown, and `A`, `b`, `t` act on all of it.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from textual.widget import Widget

from tui_reader.core.library.api import Article, Snapshot
from tui_reader.ui.model.river import Order, Rows
from tui_reader.ui.model.smart_lists import ListSpec
from tui_reader.ui.screens import river_rows
from tui_reader.ui.screens.river_rows import RowsBuilt
from tui_reader.ui.widgets.article_list import ArticleList

if TYPE_CHECKING:
    from tui_reader.ui.screens.main.screen import MainScreen
    from tui_reader.ui.screens.search.results import ListAll
    from tui_reader.ui.workers.export import ExportSource

REFRESH_INTERVAL = 1.0  # seconds between rebuilds of a search's list while the index grows
AWAIT_LIMIT = 10.0  # seconds keys wait for a list's rows at most
THREE_PANES = 160  # columns from which the tree, the list and the article show side by side
LIST_ORDERS = (Order.NEWEST, Order.OLDEST, Order.SOURCE, Order.TITLE)  # s
FOUND_ORDERS = (Order.NEWEST, Order.OLDEST, Order.RELEVANCE, Order.SOURCE, Order.TITLE)
UNREAD_LIST = ListSpec.smart("unread")  # shown first
LAYOUT_PANES = "#river, #reader"  # what the layout's classes on the screen style (app.tcss)
# Actions that only move the tree's cursor when the tree has the focus: they do not wait for the
# list of the entry they leave (each entry passed starts its list, the next one cancels it).
TREE_MOVES = frozenset({"cursor_down", "cursor_up", "go_top", "go_bottom"})


def orders_of(spec: ListSpec) -> tuple[Order, ...]:
    """The orders `s` cycles through for a list: found by a search, relevance among them."""
    return FOUND_ORDERS if spec.kind in ("search", "saved") else LIST_ORDERS


class River:
    """The river layout of the main screen `screen`: the list shown and the panes' turns."""

    def __init__(self, screen: MainScreen) -> None:
        self.screen = screen
        self.spec: ListSpec | None = None
        self.orders: dict[str, Order] = {}  # chosen with s (or ctrl+o in the search bar)
        self.days: dict[str, bool] = {}  # D
        self.three = True  # the article beside the list (else they take turns)
        self.reading = False  # taking turns: the article is shown, the list is not
        self.listed_open = False  # the open article was opened from the list shown
        self.terms: dict[str, re.Pattern[str] | None] = {}  # of the search lists
        self.saved_ids: dict[str, tuple[str, ...]] = {}  # each saved search's, as last listed
        self._refreshed = 0.0  # when a search's list was last built again as the index grew
        self._waiting_since: float | None = None  # keys wait for a list since (monotonic)

    @property
    def active(self) -> bool:
        return self.screen.reader_app.config.layout == "river"

    @property
    def day_separators(self) -> bool:
        return self.screen.reader_app.config.day_separators

    @property
    def listing(self) -> ArticleList:
        return self.screen.query_one(ArticleList)

    # -- layout ---------------------------------------------------------------------------------

    def start(self, width: int) -> None:
        """The first layout, at `width` columns, before the screen's widgets exist."""
        self.three = width >= THREE_PANES
        self.apply()

    def fit(self, width: int) -> None:
        """Three panes at `THREE_PANES` columns or more, else the list and the article in turn."""
        three = width >= THREE_PANES
        if self.three and not three:  # the pane being read stays in view
            reader = self.screen.reader
            self.reading = reader.article is not None and (
                reader.has_focus or reader.has_focus_within or not self.listing.has_focus
            )
        self.three = three
        self.apply()

    def apply(self) -> None:
        """Put the layout's classes on the screen and restyle what they style, the two panes
        (app.tcss), once: each class changed on its own restyled every widget of the screen,
        ~120 of them with an article open, 30-40 ms of each open taking turns."""
        screen = self.screen
        before = set(screen.classes)
        screen.set_class(self.three, "-three", update=False)
        screen.set_class(not self.three and self.reading, "-reading", update=False)
        screen.set_class(not self.three and not self.reading, "-listing", update=False)
        if set(screen.classes) == before:
            return
        panes = list(screen.query(LAYOUT_PANES))
        if panes:
            screen.app.stylesheet.update_nodes(panes, animate=False)
        else:  # not composed yet: the screen alone
            screen.update_node_styles()

    def show_article_pane(self) -> None:
        self.reading = True
        self.apply()

    def can_go_back(self) -> bool:
        """Whether there is a list to go back to from the article (escape): taking turns, the
        article is shown; with three panes, the article has the focus."""
        if not self.active:
            return False
        if self.three:
            reader = self.screen.reader
            return reader.has_focus or reader.has_focus_within
        return self.reading

    def back_to_list(self) -> bool:
        """From the article to its list: taking turns, show the list again; focus the list.
        False when there is nothing to go back to."""
        if not self.can_go_back():
            return False
        if not self.three:
            self.reading = False
            self.apply()
        self.focus(self.listing)
        return True

    # -- the list shown -------------------------------------------------------------------------

    def show(self, spec: ListSpec, *, focus: bool = False, keep: str | None = None) -> None:
        """Build `spec`'s rows in a worker and show them; `focus` moves the focus to the list."""
        screen = self.screen
        if not self.active or screen.snapshot is None:
            return
        if spec != self.spec and not self.three:
            self.reading = False  # another list chosen: it shows in place of the article
            self.apply()
        self.spec = spec
        order = self.orders.get(spec.list_key, Order.NEWEST)
        days = self.days.get(spec.list_key, self.day_separators)
        # the head first only where the cursor starts at the top: not to move it twice
        head = keep is None and spec.kind not in ("search", "saved")
        head = head and self.listing.starts_at_top(spec.list_key)
        screen.run_worker(
            partial(self._build, spec, order, days, keep, focus, screen.snapshot, head),
            thread=True, exclusive=True, group="river", exit_on_error=False, name="article list",
        )  # fmt: skip

    def choose(self, spec: ListSpec, focus: bool) -> None:
        """A tree entry chosen (`focus`: with enter): show its list, or, when it is the list
        shown already, only move the focus into it."""
        if spec == self.spec and self.listing.key == spec.list_key:
            if focus:
                self.focus_list()
                self.release_keys()
            return
        self.show(spec, focus=focus)

    def release_keys(self) -> None:
        """Run the keys typed while the list was on its way (see `building`)."""
        if self.screen.model.complete:
            self.screen.reader_app.hold_keys(False)

    def focus(self, pane: Widget) -> None:
        """Focus `pane` now, not after the keys already typed (`Widget.focus` waits for them):
        `l enter` typed at once opens the article under the list's cursor."""
        self.screen.set_focus(pane)

    def focus_list(self) -> None:
        if not self.three:
            self.reading = False
            self.apply()
        self.focus(self.listing)

    def building(self) -> bool:
        """Whether a list chosen is on its way: keys wait for its rows (see `held_keys`), so
        `j enter enter` typed at once opens the first article of the list chosen, and `j A`
        marks the list `j` moved to. On its way: chosen in the tree but not shown yet (the
        tree's message is still coming), or being built (its head shown only)."""
        spec = self.spec
        if not self.active or spec is None:
            return False
        cursor = self.screen.sidebar.cursor_spec
        lagging = spec.kind != "search" and cursor is not None and cursor != spec
        if not lagging and self.ready():
            self._waiting_since = None
            return False
        now = time.monotonic()
        if self._waiting_since is None:
            self._waiting_since = now
        return now - self._waiting_since < AWAIT_LIMIT

    def index_grew(self, finished: bool) -> None:
        """The search index grew (or its build is over): a search's list shown is built again,
        at most every `REFRESH_INTERVAL` seconds while it grows, and once at its end."""
        spec = self.spec
        if spec is None or spec.kind not in ("saved", "search"):
            return
        now = time.monotonic()
        if finished or now - self._refreshed >= REFRESH_INTERVAL:
            self._refreshed = now
            self.reload()

    def reload(self) -> None:
        """Build the list shown again (the library, the rules or the filter changed), the
        cursor staying on its article."""
        if self.spec is not None:
            current = self.listing.current
            self.show(self.spec, keep=current.id if current is not None else None)

    def _build(
        self, spec: ListSpec, order: Order, days: bool, keep: str | None, focus: bool,
        snapshot: Snapshot, head: bool = False,
    ) -> None:  # fmt: skip
        """Build `spec`'s rows and post them; `head`: its head first when it is long (see
        HEAD_FROM), for a list of the library (a search's lists stay whole: their counts)."""
        river_rows.build(self, spec, order, days, keep, focus, snapshot, head)

    def articles_of(
        self, spec: ListSpec, order: Order, snapshot: Snapshot
    ) -> tuple[list[Article], str]:
        """The articles of a list, and why there are none when its query fails."""
        return river_rows.articles_of(self.screen, spec, order, snapshot)

    def built(self, message: RowsBuilt) -> None:
        if message.spec != self.spec:
            return  # another list was chosen meanwhile
        spec = message.spec
        if message.error:
            self.screen.notify(message.error, severity="warning", markup=False)
        self.listing.show(message.rows, spec.list_key, title=spec.title, keep=message.keep)
        if spec.kind == "saved" and not self.screen.unread_only:  # all it finds: its counts
            self.saved_ids[spec.key] = tuple(a.id for a in message.rows.articles)
            self.count_saved(spec.key, message.error)
        self.release_keys()
        if message.focus:
            self.focus_list()

    def count_saved(self, query: str | None = None, error: str = "") -> None:
        """Show the unread and total counts of the saved search `query` (None: of every one
        listed so far) in the tree, from the articles its list last held."""
        is_read = self.screen.model.is_read
        saved = self.screen.sidebar.saved_searches
        for key in (query,) if query is not None else tuple(self.saved_ids):
            ids = self.saved_ids.get(key, ())
            unread = sum(1 for i in ids if not is_read(i))
            saved.set_total(key, len(ids), error, unread=unread)

    # -- reading through the list ---------------------------------------------------------------

    def open(self, article: Article) -> None:
        """Open `article` of the list (enter on it): beside the list, or in its place."""
        screen = self.screen
        self.listed_open = True
        screen.open_article(article, None)
        self.listed_open = True  # open_article forgets where an article came from
        if self.spec is not None and (terms := self.terms.get(self.spec.list_key)) is not None:
            screen.reader.set_search_terms(terms, go_to_first=True)
        if not self.three:
            self.show_article_pane()
        self.focus(screen.reader)

    def reads_list(self) -> bool:
        """Whether n, p and . go through the list shown: the open article came from it."""
        return self.active and self.listed_open and self.spec is not None

    def neighbour(self, current: Article | None, step: int) -> Article | None:
        """The article `step` rows from `current` in the list shown (the row under the list's
        cursor when `current` is not listed)."""
        rows = self.listing.rows
        line = rows.line_of(current.id) if current is not None else None
        if line is None:
            line = self.listing.cursor - step
        found = rows.article_line(line, step)
        return _article_at(rows, found)

    def next_unread(
        self, current: Article | None, is_read: Callable[[str], bool]
    ) -> Article | None:
        rows = self.listing.rows
        line = rows.line_of(current.id) if current is not None else None
        line = self.listing.cursor - 1 if line is None else line
        while (line := rows.article_line(line, 1)) is not None:
            article = _article_at(rows, line)
            if article is not None and not is_read(article.id):
                return article
        return None

    def go_to(self, article: Article | None, nothing: str) -> None:
        """Open `article` of the list shown, its row under the cursor; when there is none, say
        `nothing` ("… in this list")."""
        if article is None:
            self.screen.notify(f"{nothing} in this list.", timeout=2)
            return
        self.listing.select(article.id)
        self.open(article)

    # -- order, days, acting on the list --------------------------------------------------------

    def show_found(
        self, found: ListAll, terms: re.Pattern[str] | None, *, focus: bool = True
    ) -> None:
        """Every article a search finds, as a list ("Search: …") in the order it was shown;
        articles opened from it show the search's `terms` highlighted."""
        spec = ListSpec.search(found.query)
        self.orders[spec.list_key] = Order(found.order)
        self.terms[spec.list_key] = terms
        self.show(spec, focus=focus, keep=found.keep)

    def cycle_order(self, orders: tuple[Order, ...] | None = None) -> Order | None:
        spec = self.spec
        if spec is None:
            return None
        orders = orders or orders_of(spec)
        now = self.orders.get(spec.list_key, Order.NEWEST)
        order = orders[(orders.index(now) + 1) % len(orders)] if now in orders else orders[0]
        self.orders[spec.list_key] = order
        self.reload()
        return order

    def toggle_days(self) -> bool | None:
        spec = self.spec
        if spec is None:
            return None
        days = not self.days.get(spec.list_key, self.day_separators)
        self.days[spec.list_key] = days
        self.reload()
        return days

    def ready(self) -> bool:
        """Whether the list chosen is the one shown, whole (not still being built)."""
        spec = self.spec
        listing = self.listing
        shown = spec is not None and listing.key == spec.list_key and not listing.rows.partial
        return self.active and shown

    def source(self, *, quoted: bool = True) -> ExportSource | None:
        """The list shown, for A, b, t and Export: every article in it, named by its title
        (in quotes for a question, bare for an export's file name)."""
        from tui_reader.ui.workers.export import ExportSource

        spec = self.spec
        if spec is None or not self.ready():
            return None  # not in the river layout, or the list is still being built
        ids = tuple(a.id for a in self.listing.rows.articles)
        return ExportSource(f"“{spec.title}”" if quoted else spec.title, listed=ids)


def _article_at(rows: Rows, line: int | None) -> Article | None:
    if line is None or not 0 <= line < len(rows):
        return None
    item = rows[line]
    return item if isinstance(item, Article) else None
