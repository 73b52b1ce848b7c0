"""The main screen: sidebar tree and reading pane, the keys that move between articles, and
the workers that load the library, render articles and read the stories.

The screen routes: workers post messages, the screen hands them to the code that handles them
and data down to the widgets. Textual calls its `on_*` handlers and each key's `action_*` method
here (the keys' in key_actions.py), so those stay on the screen, each a line or a few. What they
hand on to, in this folder: `start.py` (the start and each load's result shown, `EmptyLibrary`),
`lists.py` (the tree, the list, marks and the summary kept in step with the model and the reading
state), `opening.py` (`Opening`: the open article, its read mark and position), `actions/`
(`MainActions`: what the keys ask). In screens/: `LibraryWatch` (library_watch.py) loads the
library in the scan worker and decides when a look at the folders rescans.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial
from typing import TYPE_CHECKING, ClassVar

from textual import events, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal
from textual.signal import Signal
from textual.worker import Worker, get_current_worker

from tui_reader.core.gcpause import end_start_pause
from tui_reader.core.library.api import Article, Snapshot
from tui_reader.core.process_pool import start_tracker
from tui_reader.core.sanitize import visible_name
from tui_reader.core.startup import FirstLook
from tui_reader.core.state.api import StateStore
from tui_reader.render.article import render_article
from tui_reader.ui.keys import SCREEN_BINDINGS
from tui_reader.ui.messages import (
    ArticleFailed,
    ArticleRendered,
    LibraryLoaded,
    LibraryUnavailable,
    RulesApplied,
    SavedSearchFound,
    ScanFinished,
    ScanProgressed,
    StateOpened,
    StateRefreshed,
    StateWarned,
    StoriesLoaded,
)
from tui_reader.ui.model.category_tree import Category, CategoryTree
from tui_reader.ui.model.navigation import ReadingList
from tui_reader.ui.model.stories import Stories
from tui_reader.ui.screens.bulk import BulkActions, BulkDone, BulkFound
from tui_reader.ui.screens.library_watch import LibraryWatch
from tui_reader.ui.screens.main import lists, start
from tui_reader.ui.screens.main.actions.main_actions import MainActions
from tui_reader.ui.screens.main.key_actions import MainKeys
from tui_reader.ui.screens.main.opening import Opening
from tui_reader.ui.screens.main.start import EmptyLibrary
from tui_reader.ui.screens.pipe_runs import PipeFinished, PipeRuns
from tui_reader.ui.screens.river import TREE_MOVES, River
from tui_reader.ui.screens.river_rows import RowsBuilt, ScreenLook
from tui_reader.ui.screens.saved_runs import SavedRuns
from tui_reader.ui.widgets.article_list import ArticleList
from tui_reader.ui.widgets.footer import ReaderFooter
from tui_reader.ui.widgets.reader.reader import Reader
from tui_reader.ui.widgets.sidebar.saved import SavedSearchOpened
from tui_reader.ui.widgets.sidebar.sidebar import Sidebar
from tui_reader.ui.widgets.status import StatusLine

if TYPE_CHECKING:
    from tui_reader.ui.app import ReaderApp
    from tui_reader.ui.workers.rules import RulesEvaluated

POSITION_SAVE_INTERVAL = 1.0  # seconds: reading positions are saved at most this often


class MainScreen(MainKeys):
    """Sidebar + reader + status line + footer."""

    BINDINGS: ClassVar[list[BindingType]] = [*SCREEN_BINDINGS]

    def __init__(self) -> None:
        super().__init__()
        self.snapshot: Snapshot | None = None
        self.model = CategoryTree()
        self.state: StateStore | None = None
        self.unread_only = False
        self.stories = Stories()  # each article's copies, from the search index
        self.last_query = ""  # the last query typed in the search bar, for "Save last search"
        # The search index grew (True: its build or update is over): open search screens listen.
        self.search_index_grew: Signal[bool] = Signal(self, "search-index-grew")
        self.opening = Opening(self)  # the open article
        self.empty = EmptyLibrary(self)
        self.actions = MainActions(self)
        self.bulk = BulkActions(self)
        self.library_watch = LibraryWatch(self)
        self.pipes = PipeRuns(self)
        self.saved_runs = SavedRuns(self)
        self.river = River(self)

    @property
    def reader_app(self) -> ReaderApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        if self.river.active:
            # The layout's classes go on the screen before its widgets are mounted: set once
            # they are, each class restyled the whole screen (~25 ms each at start-up).
            self.add_class("river")
            self.river.start(self.app.size.width)
        with Horizontal(id="panes"):
            yield Sidebar(id="sidebar")
            if self.river.active:
                yield ArticleList(id="river")
            yield Reader(id="reader", max_width=self.reader_app.config.max_width)
        yield StatusLine(id="status")
        yield ReaderFooter()

    @property
    def sidebar(self) -> Sidebar:
        return self.query_one(Sidebar)

    @property
    def reader(self) -> Reader:
        return self.query_one(Reader)

    def on_mount(self) -> None:
        if self.river.active:
            self.sidebar.river = True
            self.sidebar.list_pane = self.river.listing
            self.river.listing.look = ScreenLook(self)
            held, river = self.reader_app.held_keys, self.river
            busy = held.busy  # the sidebar's
            sidebar = self.sidebar
            held.busy = lambda: sidebar.focus_pending or busy()
            held.busy_for = lambda action, target: (
                target is not sidebar
                and not (action in TREE_MOVES and sidebar.has_focus)
                and river.building()
            )
        root = visible_name(str(self.reader_app.library.root))
        self.query_one(StatusLine).set_summary(f"Opening {root} …")
        self.sidebar.focus()
        self.call_after_refresh(end_start_pause)  # the launch paused the collector until now
        self.call_after_refresh(start.import_renderer, self)
        first = self.reader_app.first_look(wait=False)
        if first is None:
            self.load(from_index=True)
        else:  # read while the UI was imported: the tree is in the first frame
            shown = start.show_first_look(self, first)
            # the load starts after that frame, so it does not share the interpreter with it
            self.call_after_refresh(self.load, from_index=True, first=first, shown=shown)
        interval = self.reader_app.watch_interval
        if interval > 0:
            self.set_interval(interval, self._watch_library)
        self.set_interval(POSITION_SAVE_INTERVAL, self.opening.save_position)

    def on_resize(self, event: events.Resize) -> None:
        if self.river.active:
            self.river.fit(event.size.width)

    def on_unmount(self) -> None:
        self.opening.leave()

    # -- loading the library --------------------------------------------------------------------

    def load(
        self,
        *,
        from_index: bool,
        first: FirstLook | None = None,
        shown: CategoryTree | None = None,
        poll: bool = False,
        rescan: bool = False,
    ) -> None:
        """Load (index then scan) or rescan in a thread worker; a newer load replaces it.
        `first` is the index as read before the first frame, `shown` the tree drawn from it;
        `poll` rescans only if the library's folders changed or a full rescan is due; `rescan`:
        R's, whose end reruns the saved searches and says what it found."""
        start_tracker()  # the scan's process pool needs it (after the first frame: see there)
        number = self.library_watch.number(rescan=rescan)
        self.run_worker(
            partial(self.library_watch.run, from_index, first, shown, poll, number), thread=True,
            exclusive=True, group="scan", exit_on_error=False, name="scan",
        )  # fmt: skip

    def _watch_library(self) -> None:
        if not any(w.group == "scan" and w.is_running for w in self.workers):
            self.load(from_index=False, poll=True)

    def say_warnings(self, warnings: list[str]) -> None:
        for warning in warnings:
            self.notify(visible_name(warning), severity="warning", timeout=10, markup=False)

    def on_state_opened(self, message: StateOpened) -> None:
        assert isinstance(message.state, StateStore)
        start.use_state(self, message.state)

    def on_state_warned(self, message: StateWarned) -> None:
        self.say_warnings(message.warnings)

    def on_library_loaded(self, message: LibraryLoaded) -> None:
        start.library_loaded(self, message)

    def on_library_unavailable(self, message: LibraryUnavailable) -> None:
        self.empty.show(message.reason[:1].upper() + message.reason[1:])

    def on_scan_progressed(self, message: ScanProgressed) -> None:
        self.query_one(StatusLine).show_progress(message.progress)

    def on_scan_finished(self, message: ScanFinished) -> None:
        start.scan_finished(self, message)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        start.worker_failed(self, event)

    def show_indexing(self, done: int, total: int) -> None:
        """The search index build's progress in the status line (hidden when done), and to open
        search screens (`search_index_grew`), whose results follow the growing index."""
        if self.is_mounted:
            self.query_one(StatusLine).show_indexing(done, total)
        if done or not total:  # (0, n): the start, nothing indexed yet; (0, 0): over
            self.search_index_grew.publish(not total)
            self.river.index_grew(finished=not total)

    @work(thread=True, exclusive=True, group="stories", exit_on_error=False, name="stories")
    def load_stories(self) -> None:
        """Read the stories from the search index (after each update of it)."""
        from tui_reader.core.search.api import SearchIndex

        index = SearchIndex.for_library(self.reader_app.library.root)
        try:
            self.post_message(StoriesLoaded(index.story_map()))
        finally:
            index.close()

    def on_stories_loaded(self, message: StoriesLoaded) -> None:
        lists.stories_loaded(self, message)

    # -- the tree and the list (screens/main/lists.py) ------------------------------------------

    def show_tree(self) -> None:
        lists.show_tree(self)

    def marks_changed(self, article_ids: list[str]) -> None:
        lists.marks_changed(self, article_ids)

    def repaint_rows(self, article_ids: Iterable[str]) -> None:
        lists.repaint_rows(self, article_ids)

    def show_user_tags(self) -> None:
        lists.show_user_tags(self)

    def set_read(self, article_ids: list[str], read: bool) -> None:
        lists.set_read(self, article_ids, read)

    def update_summary(self) -> None:
        lists.update_summary(self)

    def on_state_refreshed(self, message: StateRefreshed) -> None:
        lists.state_refreshed(self, message)

    def on_sidebar_list_chosen(self, message: Sidebar.ListChosen) -> None:
        if message.focus_list:
            self.sidebar.focus_pending = False
        self.river.choose(message.spec, message.focus_list)

    def on_rows_built(self, message: RowsBuilt) -> None:
        self.river.built(message)
        self.refresh_bindings()

    def on_article_list_opened(self, message: ArticleList.Opened) -> None:
        self.river.open(message.article)

    def on_article_list_highlighted(self, _message: ArticleList.Highlighted) -> None:
        self.refresh_bindings()

    def on_bulk_found(self, message: BulkFound) -> None:
        self.bulk.found(message)

    def on_bulk_done(self, message: BulkDone) -> None:
        self.bulk.done(message)

    def on_saved_search_opened(self, message: SavedSearchOpened) -> None:
        if self.snapshot is not None:
            self.saved_runs.run(message.query, self.snapshot)

    def on_saved_search_found(self, message: SavedSearchFound) -> None:
        self.saved_runs.found(message)

    # -- rules -----------------------------------------------------------------------------------

    def rules_evaluated(self, message: RulesEvaluated) -> None:
        lists.rules_evaluated(self, message)

    def rebuild_tree(self) -> None:
        """Build the tree again without the articles hidden now, in a worker (a tree of counts
        alone waits for its articles: their load builds it with the hidden ones left out)."""
        if self.snapshot is None or not self.model.complete:
            return
        self.run_worker(
            partial(lists.tree_without_hidden, self, self.snapshot,
                    self.reader_app.rule_state.hidden),
            thread=True, exclusive=True, group="rules-tree", exit_on_error=False,
            name="tree without hidden articles",
        )  # fmt: skip

    def on_rules_applied(self, message: RulesApplied) -> None:
        if message.snapshot is not self.snapshot:
            return  # a newer load came meanwhile, with its own tree
        self.on_library_loaded(LibraryLoaded(message.snapshot, message.model, False))
        self.saved_runs.rerun()  # their lists leave out the articles hidden now

    # -- opening articles (screens/main/opening.py) ---------------------------------------------

    @property
    def opened_from(self) -> Category | None:
        return self.opening.opened_from

    @property
    def opened_list(self) -> ReadingList | None:
        return self.opening.opened_list

    def on_sidebar_article_chosen(self, message: Sidebar.ArticleChosen) -> None:
        listed = self.sidebar.saved_searches.reading_list(message.query) if message.query else None
        self.open_article(message.article, message.category, listed)

    def on_sidebar_missing_chosen(self, message: Sidebar.MissingChosen) -> None:
        path = visible_name(message.bookmark.path)
        self.notify(
            f"The file of “{message.bookmark.title}” is gone ({path}). "
            "Press b on it to remove the bookmark.",
            severity="warning", markup=False,
        )  # fmt: skip

    def on_sidebar_problems_chosen(self, _message: Sidebar.ProblemsChosen) -> None:
        self.actions.views.problems()

    def open_article(
        self, article: Article, category: Category | None, listed: ReadingList | None = None
    ) -> None:
        """Show `article` (rendered in the background) and mark it read as configured; `n` and
        `p` then go through `listed` when given, else through `category`."""
        self.opening.open(article, category, listed)

    def mark_opened_read(self) -> None:
        self.opening.mark_opened_read()

    def is_gone(self, article: Article) -> bool:
        return self.opening.is_gone(article)

    @work(thread=True, exclusive=True, group="render", exit_on_error=False, name="render")
    def render_article(self, article: Article, keep_position: bool = False, width: int = 0) -> None:
        """Read and render `article` off the UI thread, laid out at `width` if known (the pane
        then only shows the lines); a newer call cancels this one."""
        worker = get_current_worker()
        try:
            html = self.reader_app.library.body(article)
        except OSError as error:
            self.post_message(ArticleFailed(article, error.strerror or str(error)))
            return
        if worker.is_cancelled:
            return
        rendered = render_article(article, html)
        if width > 0 and not worker.is_cancelled:
            rendered.body_view().prepare(width)
        if not worker.is_cancelled:
            self.post_message(ArticleRendered(article, rendered))

    def on_article_rendered(self, message: ArticleRendered) -> None:
        self.opening.rendered(message)

    def on_article_failed(self, message: ArticleFailed) -> None:
        self.opening.failed(message)

    def on_reader_position_changed(self, message: Reader.PositionChanged) -> None:
        self.opening.position_changed(message)

    def on_pipe_finished(self, message: PipeFinished) -> None:
        self.pipes.finished(message)

    # -- keys: the rest are in key_actions.py ----------------------------------------------------

    def action_rescan(self) -> None:
        self.load(from_index=False, rescan=True)
        self.notify("Rescanning the library…", timeout=2)
