"""The main screen: sidebar tree and reading pane, the keys that move between articles, and
the workers that load the library and render articles.

The screen routes: workers post messages, the screen hands data down to the widgets. It owns
the objects that do the rest: `MainActions` (screens/actions.py) does what its keys ask, Textual
calling each key's `action_*` method here; `LibraryWatch` (screens/library_watch.py) loads the
library in the scan worker and decides when a look at the folders rescans. Reading state changes
go to the `StateStore` first (on disk when it returns), then to the model and the tree, so what
the user sees is always saved.
"""

from __future__ import annotations

import gc
from collections.abc import Iterable
from functools import partial
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import events, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal
from textual.screen import Screen
from textual.signal import Signal
from textual.timer import Timer
from textual.widgets import Tree
from textual.worker import Worker, WorkerState, get_current_worker

from tui_reader.core.gcpause import end_start_pause
from tui_reader.core.library.api import Article, Snapshot, rescan_summary
from tui_reader.core.process_pool import start_tracker
from tui_reader.core.sanitize import visible_name
from tui_reader.core.startup import FirstLook
from tui_reader.core.state.api import StateStore
from tui_reader.render.article import load_renderer, render_article
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
from tui_reader.ui.model.category_tree import Category, CategoryTree, tree_from_counts
from tui_reader.ui.model.navigation import ReadingList
from tui_reader.ui.model.saved_store import saved_queries
from tui_reader.ui.model.stories import Stories
from tui_reader.ui.screens.actions import MainActions
from tui_reader.ui.screens.bulk import BulkActions, BulkDone, BulkFound
from tui_reader.ui.screens.library_watch import LibraryWatch
from tui_reader.ui.screens.pipe_runs import PIPE_ACTIONS, PipeFinished, PipeRuns
from tui_reader.ui.screens.river import TREE_MOVES, UNREAD_LIST, River, RowsBuilt, ScreenLook
from tui_reader.ui.screens.saved_runs import SavedRuns
from tui_reader.ui.widgets.article_list import ArticleList
from tui_reader.ui.widgets.footer import ReaderFooter
from tui_reader.ui.widgets.reader.reader import Reader
from tui_reader.ui.widgets.sidebar.saved import SavedSearchOpened
from tui_reader.ui.widgets.sidebar.sidebar import Sidebar, SidebarContent
from tui_reader.ui.widgets.status import StatusLine, counted

if TYPE_CHECKING:
    from tui_reader.ui.app import ReaderApp
    from tui_reader.ui.screens.empty import EmptyScreen
    from tui_reader.ui.workers.rules import RulesEvaluated

GONE_MARK = "⚠"  # starts the notice under the header of an open article whose file is gone
POSITION_SAVE_INTERVAL = 1.0  # seconds: reading positions are saved at most this often


class MainScreen(Screen[None]):
    """Sidebar + reader + status line + footer."""

    BINDINGS: ClassVar[list[BindingType]] = [*SCREEN_BINDINGS]

    def __init__(self) -> None:
        super().__init__()
        self.snapshot: Snapshot | None = None
        self.model = CategoryTree()
        self.state: StateStore | None = None
        self.unread_only = False
        self.stories = Stories()  # each article's copies, from the search index
        self.opened_from: Category | None = None
        self.opened_list: ReadingList | None = None  # the saved search it was chosen from
        self._empty: EmptyScreen | None = None
        self._pending_position: tuple[str, float] | None = None
        self._read_timer: Timer | None = None
        self._read_when_shown: str | None = None  # opened, marked read once its text is painted
        self._position_for_rerender: float | None = None  # where a re-rendered article goes back
        self._gone_id: str | None = None  # the open article whose header says its file is gone
        self.last_query = ""  # the last query typed in the search bar, for "Save last search"
        # The search index grew (True: its build or update is over): open search screens listen.
        self.search_index_grew: Signal[bool] = Signal(self, "search-index-grew")
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
        self.call_after_refresh(self._load_renderer)
        first = self.reader_app.first_look(wait=False)
        if first is None:
            self.load(from_index=True)
        else:  # read while the UI was imported: the tree is in the first frame
            shown = self._show_first_look(first)
            # the load starts after that frame, so it does not share the interpreter with it
            self.call_after_refresh(self.load, from_index=True, first=first, shown=shown)
        interval = self.reader_app.watch_interval
        if interval > 0:
            self.set_interval(interval, self._watch_library)
        self.set_interval(POSITION_SAVE_INTERVAL, self._save_position)

    def on_resize(self, event: events.Resize) -> None:
        if self.river.active:
            self.river.fit(event.size.width)

    def on_unmount(self) -> None:
        self._save_position()
        # The opened article whose text never came is marked read as on leaving it, but only
        # saved: the tree and the status line are gone by now.
        article_id, self._read_when_shown = self._read_when_shown, None
        if article_id is not None and self.state is not None:
            self.state.set_read([article_id], True)

    # -- loading the library --------------------------------------------------------------------

    def _load_renderer(self) -> None:
        """Import the HTML converter before the first article is opened (not before the first
        frame: ~20 ms of imports), so the first open does not wait for it."""
        self.run_worker(load_renderer, thread=True, exit_on_error=False, name="load renderer")

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

    def _show_first_look(self, first: FirstLook) -> CategoryTree | None:
        """Show the reading state and the tree read before the first frame; the tree shown."""
        if first.state is not None:
            self._use_state(first.state)
        if first.summary is None:
            return None  # the folder cannot be used: the load says why
        read = self.state.read_ids() if self.state is not None else set()
        if first.cached is None:
            model = tree_from_counts(first.summary.counts, read)
            self.snapshot = Snapshot([], first.summary.problems)
        elif first.cached.articles or first.cached.problems:
            model = CategoryTree(first.cached.articles, read, by_id=first.cached.by_id)
            self.snapshot = first.cached
        else:
            return None  # nothing known yet: the first scan shows its progress
        self.model = model
        self.show_tree()
        self.reader_app.hold_keys(not model.complete)
        return model

    def _watch_library(self) -> None:
        if not any(w.group == "scan" and w.is_running for w in self.workers):
            self.load(from_index=False, poll=True)

    def on_state_opened(self, message: StateOpened) -> None:
        assert isinstance(message.state, StateStore)
        self._use_state(message.state)

    def _use_state(self, state: StateStore) -> None:
        self.state = state
        self.reader_app.state = state
        self.sidebar.is_bookmarked = state.is_bookmarked
        self.sidebar.is_highlighted = self.reader_app.rule_state.is_highlighted
        self.sidebar.tags_of = state.tags_of
        self._say_warnings(state.take_warnings())

    def on_state_warned(self, message: StateWarned) -> None:
        self._say_warnings(message.warnings)

    def _say_warnings(self, warnings: list[str]) -> None:
        for warning in warnings:
            self.notify(visible_name(warning), severity="warning", timeout=10, markup=False)

    def on_library_loaded(self, message: LibraryLoaded) -> None:
        self.snapshot = message.snapshot
        self.model = message.model
        if self.state is not None:
            self.model.sync_read(self.state.read_ids())  # marks changed while it was built
        self.model.use_stories(self.stories.story_of())  # the index's next update tells again
        if self.model.complete and self.model.hidden != self.reader_app.rule_state.hidden:
            self.rebuild_tree()  # built before the rules' last word on what is hidden
        self.show_tree()
        self.reader_app.hold_keys(not self.model.complete)  # counts only: keys wait
        self._show_list()
        if message.shown is not None:
            self.call_after_refresh(message.shown.set)  # the articles wait for this frame
        if message.final:
            if not gc.get_freeze_count():  # once: what a later load drops can still be freed
                # The library's objects stay for the session: out of the cyclic GC's full passes,
                # which otherwise stalled an open by 150-250 ms at 100k articles (BENCHMARKS.md).
                gc.freeze()
            self._check_empty()
            self._refresh_open_article()

    def _show_list(self) -> None:
        """Build the list shown again from the new model; the first list is All unread."""
        river = self.river
        if not river.active or not self.model.complete:
            return
        if river.spec is None:
            river.show(UNREAD_LIST)
            if self.snapshot is not None:  # the saved searches' counts, for their entries
                self.saved_runs.count_all(self.snapshot)
        else:
            river.reload()

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

    def show_tree(self) -> None:
        bookmarks = self.state.bookmarks() if self.state is not None else []
        problems = len(self.snapshot.problems) if self.snapshot else 0
        saved = saved_queries()
        content = SidebarContent(self.model, bookmarks, problems, self.unread_only, saved,
                                 self._tag_ids())  # fmt: skip
        self.sidebar.show(content)
        self.update_summary()
        self.refresh_bindings()

    def _tag_ids(self) -> dict[str, set[str]]:
        """The ids under each personal tag, for the tree's Tags entry (those a rule hides left
        out, as everywhere in the tree)."""
        state, hidden = self.state, self.reader_app.rule_state.hidden
        if state is None:
            return {}
        return {name: state.tagged(name) - hidden for name in state.all_tags()}

    def marks_changed(self, article_ids: list[str]) -> None:
        """Marks, bookmarks or tags of these articles changed in the store (a change of a whole
        list, an undo): show them as the store has them now."""
        state = self.state
        if state is None:
            return
        now_read = [i for i in article_ids if state.is_read(i)]
        now_unread = [i for i in article_ids if not state.is_read(i)]
        categories = self.model.set_read(now_read, True) | self.model.set_read(now_unread, False)
        self.sidebar.set_bookmarks(state.bookmarks())
        self.sidebar.tags.show_tags(self._tag_ids())
        self.sidebar.update_marks(article_ids, categories)
        self.repaint_rows(article_ids)
        self.show_user_tags()
        self.update_summary()
        self.saved_runs.state_changed()
        self.refresh_bindings()

    def repaint_rows(self, article_ids: Iterable[str]) -> None:
        """Repaint the list's rows of these articles: their marks changed."""
        if self.river.active:
            self.river.listing.repaint_rows(article_ids)
            self.river.count_saved()

    def show_user_tags(self) -> None:
        """The open article's personal tags, above its title."""
        article = self.reader.article
        tags = self.state.tags_of(article.id) if article and self.state is not None else ()
        self.reader.show_user_tags(tags)

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
        """The rules' views and acts are in: say what the acts did and what is broken (once),
        rebuild the tree when the hidden articles changed, repaint the highlighted ones."""
        rules = self.reader_app.rule_state
        highlighted = rules.highlighted
        first = not rules.evaluated
        rules.rules, rules.evaluated = message.rules, True
        rules.hiding, rules.highlighted = message.views.hidden, message.views.highlighted
        rules.matched = dict(message.views.matched)
        if first:
            for rule in message.rules:
                if rule.broken:
                    text = f"Rule not used ({rule.label}): {rule.error}"
                    self.notify(visible_name(text), severity="warning", timeout=15, markup=False)
        if message.problem:
            self.notify(visible_name(message.problem), severity="warning", markup=False)
        done = [acted for acted in message.acted if acted.changed]
        if done and self.state is not None:
            said = ", ".join(f"{a.rule.action} {counted(len(a.changed), 'article')}" for a in done)
            self.notify(visible_name(f"Rules: {said}"), timeout=5, markup=False)
            self.post_message(StateRefreshed(self.state.read_ids()))
        if self.model.complete and self.model.hidden != rules.hidden:
            self.rebuild_tree()
        elif highlighted != rules.highlighted:
            self.sidebar.refresh()

    def rebuild_tree(self) -> None:
        """Build the tree again without the articles hidden now, in a worker (a tree of counts
        alone waits for its articles: their load builds it with the hidden ones left out)."""
        if self.snapshot is None or not self.model.complete:
            return
        self.run_worker(
            partial(self._rebuild_tree, self.snapshot, self.reader_app.rule_state.hidden),
            thread=True, exclusive=True, group="rules-tree", exit_on_error=False,
            name="tree without hidden articles",
        )  # fmt: skip

    def _rebuild_tree(self, snapshot: Snapshot, hidden: frozenset[str]) -> None:
        worker = get_current_worker()
        read = self.state.read_ids() if self.state is not None else set()
        model = CategoryTree(snapshot.articles, read, hidden, snapshot.by_id)
        if not worker.is_cancelled:
            self.post_message(RulesApplied(snapshot, model))

    def on_rules_applied(self, message: RulesApplied) -> None:
        if message.snapshot is not self.snapshot:
            return  # a newer load came meanwhile, with its own tree
        self.on_library_loaded(LibraryLoaded(message.snapshot, message.model, False))
        self.saved_runs.rerun()  # their lists leave out the articles hidden now

    def update_summary(self) -> None:
        root = self.reader_app.library.root
        parts = [visible_name(root.name or str(root))]
        unread = f"{self.model.unread:,} unread"
        if self.stories.groups:  # copies of one story count once
            extra = self.stories.extra_unread(self.model.is_read, self.model.articles.__contains__)
            unread = counted(self.model.unread - extra, "unread story", "unread stories")
        parts.append(f"{counted(self.model.total, 'article')}, {unread}")
        if self.unread_only:
            parts.append("unread only (U)")
        rules = self.reader_app.rule_state
        if rules.show_hidden and rules.hiding:
            parts.append(f"showing {counted(len(rules.hiding), 'hidden article')} (H)")
        elif rules.hidden:
            parts.append(f"{len(rules.hidden):,} hidden (H)")
        if self.snapshot and self.snapshot.problems:
            parts.append(f"{counted(len(self.snapshot.problems), 'problem')} (P)")
        self.query_one(StatusLine).set_summary(" · ".join(parts))

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
        before = self.stories.groups
        self.stories = Stories(message.story_map)
        self.sidebar.update_marks([], self.model.use_stories(self.stories.story_of()))
        self.update_summary()
        if self.stories.groups != before:
            self.river.reload()  # the list shows each story once

    def on_library_unavailable(self, message: LibraryUnavailable) -> None:
        self._show_empty(message.reason[:1].upper() + message.reason[1:])

    def on_scan_progressed(self, message: ScanProgressed) -> None:
        self.query_one(StatusLine).show_progress(message.progress)

    def on_scan_finished(self, message: ScanFinished) -> None:
        self.reader_app.hold_keys(False)  # a failed load must not keep keys waiting
        self.reader_app.say_cache_troubles()
        self.query_one(StatusLine).show_progress(None)
        if message.snapshot is not None:
            self.reader_app.index_for_search(message.snapshot)
        if self.library_watch.is_rescan(message.load):
            self.saved_runs.rerun()
            if message.snapshot is not None:  # R: say what the rescan found
                self.notify(rescan_summary(message.snapshot.changes), timeout=3)

    def show_indexing(self, done: int, total: int) -> None:
        """The search index build's progress in the status line (hidden when done), and to open
        search screens (`search_index_grew`), whose results follow the growing index."""
        if self.is_mounted:
            self.query_one(StatusLine).show_indexing(done, total)
        if done or not total:  # (0, n): the start, nothing indexed yet; (0, 0): over
            self.search_index_grew.publish(not total)
            self.river.index_grew(finished=not total)

    def on_state_refreshed(self, message: StateRefreshed) -> None:
        ids, categories = self.model.sync_read(message.read_ids)
        self.sidebar.update_marks(ids, categories)
        self.repaint_rows(ids)
        if self.state is not None:
            self.sidebar.set_bookmarks(self.state.bookmarks())
            self.sidebar.update_marks(self.sidebar.tags.show_tags(self._tag_ids()), ())
            self.show_user_tags()
        self.update_summary()
        self.saved_runs.state_changed()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.ERROR and event.worker.error is not None:
            error = event.worker.error
            message = visible_name(f"{event.worker.name} failed: {error}")  # it may quote a name
            self.notify(message, severity="error", markup=False)
            if event.worker.group == "scan":
                self.reader_app.hold_keys(False)
                self.query_one(StatusLine).show_progress(None)

    def _check_empty(self) -> None:
        if self.snapshot is not None and not self.snapshot.articles:
            reason = "No articles in this folder yet"
            if self.snapshot.problems:
                reason += (
                    f" ({counted(len(self.snapshot.problems), 'file')} could not be read: press P)"
                )
            self._show_empty(reason)
        elif self._empty is not None:
            if self.app.screen is self._empty:
                self.app.pop_screen()
            self._empty = None

    def _show_empty(self, reason: str) -> None:
        if self._empty is None:
            from tui_reader.ui.screens.empty import EmptyScreen  # loaded when first needed

            self._empty = EmptyScreen(reason, visible_name(str(self.reader_app.library.root)))
            self.app.push_screen(self._empty)
        else:
            self._empty.set_reason(reason)

    def _refresh_open_article(self) -> None:
        """After a rescan: re-render the open article if its file changed; keep it if gone."""
        shown = self.reader.article
        if shown is None or self.snapshot is None:
            return
        fresh = self.snapshot.by_id.get(shown.id)
        if fresh is None and self.is_gone(shown):
            self._show_gone(shown)
        elif fresh is not None and (
            self._gone_id == shown.id  # the file came back: its header loses the notice
            or (fresh.mtime_ns, fresh.size) != (shown.mtime_ns, shown.size)
        ):
            self._gone_id = None
            self._position_for_rerender = self.reader.fraction
            self.render_article(fresh, keep_position=True, width=self.reader.text_width)

    def is_gone(self, article: Article) -> bool:
        """Whether `article`'s file was not found by the last full scan (it stays open)."""
        return self.model.complete and article.id not in self.model.articles

    def _show_gone(self, article: Article) -> None:
        """A line under the open article's header: its file is gone; the text stays."""
        rendered = self.reader.rendered
        if rendered is None or self._gone_id == article.id:
            return  # not shown (its error says why), or said already
        self._gone_id = article.id
        notice = f"\n{GONE_MARK} The file is gone ({visible_name(article.path)}): "
        notice += "the text stays until you leave it; it cannot be marked or bookmarked."
        rendered.header = Text.assemble(rendered.header, (notice, "bold"))
        self.reader.paint_marks()

    # -- opening articles -----------------------------------------------------------------------

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
        self.actions.problems()

    def open_article(
        self, article: Article, category: Category | None, listed: ReadingList | None = None
    ) -> None:
        """Show `article` (rendered in the background) and mark it read as configured; `n` and
        `p` then go through `listed` when given, else through `category`."""
        self._save_position()
        self.opened_from = category
        self.opened_list = listed
        self.river.listed_open = False
        left = self.sidebar.saved_searches.pin(listed.query if listed is not None else None)
        if left is not None and self.snapshot is not None:
            self.saved_runs.run(left, self.snapshot)  # what it missed while it was read
        if self._read_timer is not None:
            self._read_timer.stop()
            self._read_timer = None
        self.mark_opened_read()  # the article opened before, if its text never came
        self.reader.show_loading(article)  # clears highlights and closes the find bar
        self.show_user_tags()
        self.render_article(article, width=self.reader.text_width)
        config = self.reader_app.config
        if config.mark_read == "open":  # once its text is painted: the tree's frame comes next
            self._read_when_shown = article.id
        elif config.mark_read == "delay":
            self._read_timer = self.set_timer(
                config.mark_read_delay, partial(self._mark_read_later, article.id)
            )

    def _mark_read_after_paint(self) -> None:
        """Mark the opened article read once the frame with its text is painted: the tree and
        the status line then change in a frame of their own, after the text's."""
        if self._read_when_shown is not None:
            self.reader.call_after_paint(self.mark_opened_read)

    def mark_opened_read(self) -> None:
        """Mark the opened article read now if its mark is still waiting for its text: a key
        that changes read state calls this first, so changes apply in the order of the keys."""
        article_id, self._read_when_shown = self._read_when_shown, None
        if article_id is not None:
            self.set_read([article_id], True)

    def _mark_read_later(self, article_id: str) -> None:
        if self.reader.article is not None and self.reader.article.id == article_id:
            self.set_read([article_id], True)

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
        shown = self.reader.article
        if shown is None or shown.id != message.article.id:
            return
        position = self._position_for_rerender
        self._position_for_rerender = None
        if position is None:
            position = self.state.position(shown.id) if self.state is not None else None
        self.reader.show_article(message.article, message.rendered, position or 0.0)
        self.refresh_bindings()
        self._mark_read_after_paint()

    def on_article_failed(self, message: ArticleFailed) -> None:
        shown = self.reader.article
        if shown is not None and shown.id == message.article.id:
            self.reader.show_error(message.article, message.reason)
            self.refresh_bindings()
            self._mark_read_after_paint()

    def on_reader_position_changed(self, message: Reader.PositionChanged) -> None:
        self._pending_position = (message.article.id, message.fraction)

    def _save_position(self) -> None:
        pending, self._pending_position = self._pending_position, None
        if pending is not None and self.state is not None:
            self.state.set_position(*pending)

    # -- reading state --------------------------------------------------------------------------

    def set_read(self, article_ids: list[str], read: bool) -> None:
        """Save, then show: the state store first, then counts and marks in the tree. With
        `[stories] mark_copies_read`, the copies of each article's story change with it."""
        if self.state is None:
            return
        if self.reader_app.config.mark_copies_read:
            article_ids = self.stories.with_copies(article_ids)
        self.state.set_read(article_ids, read)
        self._say_warnings(self.state.take_warnings())  # the disk failing, say
        categories = self.model.set_read(article_ids, read)
        self.sidebar.update_marks(article_ids, categories)
        self.repaint_rows(article_ids)
        self.sidebar.tags.refresh_counts()
        self.update_summary()
        self.saved_runs.state_changed()

    # -- keys: Textual calls `check_action` and the `action_*` methods on the screen -------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in PIPE_ACTIONS:
            return self.pipes.applies(action)
        return self.actions.applies(action)

    def on_descendant_focus(self) -> None:
        self.refresh_bindings()  # r and b act on a different article per pane

    def on_tree_node_highlighted(self, _event: Tree.NodeHighlighted[object]) -> None:
        self.refresh_bindings()

    def action_rescan(self) -> None:
        self.load(from_index=False, rescan=True)
        self.notify("Rescanning the library…", timeout=2)

    def action_cursor_down(self) -> None:
        self.actions.cursor_down()

    def action_cursor_up(self) -> None:
        self.actions.cursor_up()

    def action_collapse(self) -> None:
        self.actions.collapse()

    def action_expand(self) -> None:
        self.actions.expand()

    def action_switch_pane(self) -> None:
        self.actions.switch_pane()

    def action_go_top(self) -> None:
        self.actions.go_top()

    def action_go_bottom(self) -> None:
        self.actions.go_bottom()

    def action_toggle_sidebar(self) -> None:
        self.actions.toggle_sidebar()

    def action_read_on(self) -> None:
        self.actions.read_on()

    def action_read_back(self) -> None:
        self.actions.read_back()

    def action_next_article(self) -> None:
        self.actions.next_article()

    def action_previous_article(self) -> None:
        self.actions.previous_article()

    def action_next_unread(self) -> None:
        self.actions.next_unread()

    def action_toggle_read(self) -> None:
        self.actions.toggle_read()

    def action_undo_read(self) -> None:
        self.actions.undo_read()

    def action_toggle_bookmark(self) -> None:
        self.actions.toggle_bookmark()

    def action_mark_all_read(self) -> None:
        self.actions.mark_all_read()

    def action_tag(self) -> None:
        self.actions.tag()

    def action_toggle_unread_only(self) -> None:
        self.actions.toggle_unread_only()

    def action_problems(self) -> None:
        self.actions.problems()

    def action_links(self) -> None:
        self.actions.links()

    def action_open_original(self) -> None:
        self.actions.open_original()

    def action_search(self) -> None:
        self.actions.search()

    def action_find(self) -> None:
        self.actions.find()

    def action_clear_highlight(self) -> None:
        self.actions.clear_highlight()

    def action_save_search(self) -> None:
        self.actions.save_search()

    def action_export(self) -> None:
        self.actions.export()

    def action_delete_saved_search(self) -> None:
        self.actions.delete_saved_search()

    def action_pipe_article(self) -> None:
        self.pipes.pipe_article()

    def action_toggle_pipe_output(self) -> None:
        self.pipes.toggle()

    def action_cancel_pipe(self) -> None:
        self.pipes.cancel()

    def action_rerun_pipe(self) -> None:
        self.pipes.rerun()

    def on_pipe_finished(self, message: PipeFinished) -> None:
        self.pipes.finished(message)

    def action_toggle_hidden(self) -> None:
        self.actions.toggle_hidden()

    def action_rules(self) -> None:
        self.actions.rules()

    def action_story_copies(self) -> None:
        self.actions.story_copies()

    def action_back_to_list(self) -> None:
        self.actions.river_keys.back_to_list()

    def action_cycle_order(self) -> None:
        self.actions.river_keys.cycle_order()

    def action_toggle_days(self) -> None:
        self.actions.river_keys.toggle_days()
