"""The main screen's key actions, one short method each (see `keys.MAIN_BINDINGS`).

An object the screen owns (`MainScreen.actions`), so that the screen module keeps to routing
messages and workers; what the actions need of the screen is `MainView`. Textual calls a key's
`action_*` method on the screen, which hands it on here. Actions that do not apply right now (no
article open, no search to save…) are hidden from the footer and the command palette by
`applies` (the screen's `check_action`); a key that applies but finds nothing to do says so.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Protocol

from textual.app import App
from textual.notifications import SeverityLevel
from textual.signal import Signal

from tui_reader.core.library.api import Article
from tui_reader.core.wording import counted
from tui_reader.ui.keys import MAIN_BINDINGS, shown_keys
from tui_reader.ui.model.category_tree import Category, CategoryTree
from tui_reader.ui.model.navigation import ReadingList, neighbour, next_unread
from tui_reader.ui.model.saved_store import forget_search, save_search
from tui_reader.ui.model.stories import Stories
from tui_reader.ui.model.tree_data import BookmarkNode, BookmarksNode, CategoryNode
from tui_reader.ui.screens.library_watch import LibraryView
from tui_reader.ui.screens.river_keys import RiverKeys
from tui_reader.ui.widgets.reader.highlight import search_pattern
from tui_reader.ui.workers.export import ExportSource, start_export

if TYPE_CHECKING:
    from collections.abc import Iterable

    from tui_reader.ui.screens.bulk import BulkActions
    from tui_reader.ui.screens.river import River
    from tui_reader.ui.screens.saved_runs import SavedRuns
    from tui_reader.ui.screens.search.results import ListAll
    from tui_reader.ui.screens.search.screen import SearchScreen
    from tui_reader.ui.widgets.reader.reader import Reader
    from tui_reader.ui.widgets.sidebar.sidebar import Sidebar

NEEDS_TARGET = {"toggle_read", "toggle_bookmark", "tag"}
NEEDS_STATE = {"toggle_read", "toggle_bookmark", "undo_read", "mark_all_read", "tag"}
ON_LISTS = {"toggle_bookmark", "tag"}  # on a list in the tree: every article of it
RIVER_ONLY = {"cycle_order", "toggle_days"}  # on the article list


class MainView(LibraryView, Protocol):
    """What the actions use of the main screen."""

    model: CategoryTree
    unread_only: bool
    stories: Stories
    last_query: str  # the last query typed in the search bar, for "Save last search"

    @property
    def app(self) -> App[object]: ...
    @property
    def sidebar(self) -> Sidebar: ...
    @property
    def reader(self) -> Reader: ...
    @property
    def opened_from(self) -> Category | None: ...
    @property
    def opened_list(self) -> ReadingList | None: ...
    @property
    def search_index_grew(self) -> Signal[bool]: ...

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None: ...
    def refresh_bindings(self) -> None: ...
    def open_article(
        self, article: Article, category: Category | None, listed: ReadingList | None = None
    ) -> None: ...
    def set_read(self, article_ids: list[str], read: bool) -> None: ...
    def mark_opened_read(self) -> None: ...
    def is_gone(self, article: Article) -> bool: ...
    def update_summary(self) -> None: ...
    def show_tree(self) -> None: ...
    def marks_changed(self, article_ids: list[str]) -> None: ...
    def repaint_rows(self, article_ids: Iterable[str]) -> None: ...
    @property
    def bulk(self) -> BulkActions: ...
    @property
    def river(self) -> River: ...
    @property
    def saved_runs(self) -> SavedRuns: ...
    def rebuild_tree(self) -> None: ...


class MainActions:
    """Actions of the main screen, on the screen `view`."""

    def __init__(self, view: MainView) -> None:
        self.view = view
        self.river_keys = RiverKeys(view)  # the river layout's moves between panes, s and D
        self._sidebar_had_focus = True  # which pane gets focus back when the sidebar shows again

    def applies(self, action: str) -> bool:
        """Whether `action` applies now (else the footer and the palette leave it out)."""
        # Problems and S are always offered (they say when there is none), and "open original"
        # whenever an article is open (it says when it has no link): a key doing nothing is a bug.
        view = self.view
        if action in NEEDS_STATE and view.state is None:
            return False
        if action in NEEDS_TARGET:
            if action in ON_LISTS and view.bulk.has_source():
                return True
            return self.target_article() is not None
        if action == "find":
            return view.reader.has_text
        if action == "clear_highlight":
            return view.reader.has_search_terms
        if action == "delete_saved_search":
            sidebar = view.sidebar
            return sidebar.has_focus and sidebar.saved_searches.cursor_query is not None
        if action == "links":
            return view.reader.has_text
        if action == "open_original":
            return view.reader.article is not None
        if action == "story_copies":  # says when the article has no copies
            return view.reader.article is not None
        if action in RIVER_ONLY:
            return view.river.active and view.river.spec is not None
        if action == "back_to_list":
            return view.river.can_go_back()
        return True

    def target_article(self) -> Article | None:
        """What r and b act on: the article under the list's or the tree's cursor, else the
        open one."""
        view = self.view
        if view.river.active and view.river.listing.has_focus:
            return view.river.listing.current or view.reader.article
        sidebar = view.sidebar
        if sidebar.has_focus and (article := sidebar.cursor_article) is not None:
            return article
        return self.view.reader.article

    # -- moving ---------------------------------------------------------------------------------

    def cursor_down(self) -> None:
        view = self.view
        if view.sidebar.has_focus:
            view.sidebar.action_cursor_down()
        else:
            view.reader.scroll_down()

    def cursor_up(self) -> None:
        view = self.view
        if view.sidebar.has_focus:
            view.sidebar.action_cursor_up()
        else:
            view.reader.scroll_up()

    def collapse(self) -> None:
        view = self.view
        sidebar = view.sidebar
        if view.river.active and not sidebar.has_focus:
            self.river_keys.left()
            return
        if not sidebar.has_focus:
            if sidebar.display:
                sidebar.focus()
            return
        node = sidebar.cursor_node
        if node is None:
            return
        if node.allow_expand and node.is_expanded:
            node.collapse()
        elif node.parent is not None and not node.parent.is_root:
            sidebar.move_cursor(node.parent)

    def expand(self) -> None:
        view = self.view
        sidebar = view.sidebar
        node = sidebar.cursor_node
        if view.river.active and view.river.listing.has_focus:
            if (article := view.river.listing.current) is not None:
                view.river.open(article)
            return
        if not sidebar.has_focus or node is None:
            return
        if view.river.active and not (node.allow_expand and not node.is_expanded):
            self.river_keys.right(node.is_expanded and bool(node.children))
            return
        if isinstance(node.data, CategoryNode) or node.allow_expand:
            if not node.is_expanded:
                sidebar.expand_node(node)
            elif node.children:
                sidebar.action_cursor_down()
        else:
            sidebar.action_select_cursor()

    def switch_pane(self) -> None:
        view = self.view
        if view.river.active:
            self.river_keys.switch_pane()
            return
        if view.sidebar.has_focus or not view.sidebar.display:
            view.reader.focus()
        else:
            view.sidebar.focus()

    def go_top(self) -> None:
        view = self.view
        if view.sidebar.has_focus:
            view.sidebar.action_scroll_home()
        else:
            view.reader.scroll_home(animate=False)

    def go_bottom(self) -> None:
        view = self.view
        if view.sidebar.has_focus:
            view.sidebar.action_scroll_end()
        else:
            view.reader.scroll_end(animate=False)

    def toggle_sidebar(self) -> None:
        view = self.view
        sidebar = view.sidebar
        if sidebar.display:
            self._sidebar_had_focus = sidebar.has_focus
        sidebar.display = not sidebar.display
        if sidebar.display and self._sidebar_had_focus:
            sidebar.focus()
        else:
            view.reader.focus()

    # -- reading on -----------------------------------------------------------------------------

    def read_on(self) -> None:
        """Page down in the article; at its end, open the next one."""
        view = self.view
        reader = view.reader
        if view.river.active and (reader.article is None or view.river.listing.has_focus):
            article = view.river.listing.current
            if article is not None and (reader.article is None or article.id != reader.article.id):
                view.river.open(article)
                return
            if reader.article is None:
                self.next_article()
                return
        if reader.article is None:
            if (article := view.sidebar.cursor_article) is not None:
                listed = view.sidebar.saved_searches.cursor_reading_list
                category = view.sidebar.found_category(article) if listed else None
                view.open_article(article, category or view.sidebar.cursor_category, listed)
            else:
                self.next_article()
        elif reader.at_end:
            self.next_article()
        else:
            reader.scroll_page_down(animate=False)

    def read_back(self) -> None:
        """Page up in the article, from either pane (as space pages down)."""
        view = self.view
        if view.reader.article is None:
            view.notify("No article open: enter or space opens one.", timeout=2)
        else:
            view.reader.scroll_page_up(animate=False)

    def next_article(self) -> None:
        self._go(1)

    def previous_article(self) -> None:
        self._go(-1)

    def _go(self, step: int) -> None:
        view = self.view
        current = view.reader.article
        if view.river.active and (view.river.reads_list() or current is None):
            view.river.go_to(view.river.neighbour(current, step), "No more articles this way")
            return
        if (listed := view.opened_list) is not None and current is not None:
            article = listed.neighbour(view.model, current.id, step)
            self._go_listed(article, f"No more articles this way in “{listed.query}”.")
            return
        if view.opened_from is None and current is not None:
            marked = self._bookmark_neighbour(current, step)
            if marked is not None:
                self._open_and_reveal(marked, bookmarks=True)
                return
        place = neighbour(view.model, current, view.opened_from, step, view.unread_only)
        if place is None:
            view.notify("No more articles this way.", timeout=2)
            return
        self._open_and_reveal(place)

    def _bookmark_neighbour(self, current: Article, step: int) -> tuple[Article, None] | None:
        view = self.view
        if view.state is None:
            return None
        # Through every bookmark, those whose files are gone too: the open article's file may
        # be gone, and `n` goes on from its place in the list all the same.
        ids = [b.id for b in view.state.bookmarks()]
        if current.id not in ids:
            return None
        index = ids.index(current.id)
        later = ids[index + 1 :] if step > 0 else reversed(ids[:index])
        found = next((a for i in later if (a := view.model.articles.get(i)) is not None), None)
        return (found, None) if found is not None else None

    def _go_listed(self, article: Article | None, nothing: str) -> None:
        """Open `article` of the saved search being read through; say `nothing` when None."""
        view = self.view
        listed = view.opened_list
        if article is None or listed is None:
            view.notify(nothing, timeout=2, markup=False)
            return
        view.sidebar.saved_searches.reveal_found(listed.query, article.id)
        view.open_article(article, view.sidebar.found_category(article), listed)

    def next_unread(self) -> None:
        """The next unread article; an article one of whose copies is read counts as read."""
        view = self.view
        current = view.reader.article
        model, stories = view.model, view.stories

        def is_read(article_id: str) -> bool:
            return stories.any_read(article_id, model.is_read)

        if view.river.active and (view.river.reads_list() or current is None):
            view.river.go_to(view.river.next_unread(current, is_read), "No unread articles left")
            return
        if (listed := view.opened_list) is not None and current is not None:
            article = listed.next_unread(view.model, current.id, is_read)
            self._go_listed(article, f"No unread articles left in “{listed.query}”.")
            return
        place = next_unread(view.model, view.reader.article, view.opened_from, is_read)
        if place is None:
            view.notify("No unread articles left.", timeout=2)
            return
        self._open_and_reveal(place)

    def _open_and_reveal(
        self, place: tuple[Article, Category | None], bookmarks: bool = False
    ) -> None:
        view = self.view
        article, category = place
        path = None if bookmarks or category is None else category.path
        view.sidebar.reveal(article.id, path)
        view.open_article(article, category)

    # -- marks ----------------------------------------------------------------------------------

    def toggle_read(self) -> None:
        view = self.view
        view.mark_opened_read()  # its text may not have come yet: the open came first
        if (article := self.target_article()) is not None:
            if view.is_gone(article):
                view.notify("Not changed: the file of this article is gone.", timeout=3)
                return
            view.set_read([article.id], not view.model.is_read(article.id))

    def undo_read(self) -> None:
        """Take back the last change of read marks, or the last change of a whole list (marks,
        bookmarks, tags), whichever came last."""
        view = self.view
        view.mark_opened_read()  # an open before `u` is the change it takes back
        if view.state is None or (ids := view.state.undo()) is None:
            view.notify("Nothing to undo.", timeout=2)
            return
        view.marks_changed(ids)
        view.notify(f"Undone: {counted(len(ids), 'article')} back as they were.", timeout=2)

    def toggle_bookmark(self) -> None:
        view = self.view
        if (source := view.bulk.source()) is not None:  # a list: all of its articles
            view.bulk.start("bookmark", source)
            return
        article = self.target_article()
        if article is None or view.state is None:
            return
        on = not view.state.is_bookmarked(article.id)
        if on and view.is_gone(article):  # removing a bookmark still works
            view.notify("Not bookmarked: the file of this article is gone.", timeout=3)
            return
        view.state.set_bookmark(article, on)
        view.sidebar.set_bookmarks(view.state.bookmarks())
        view.sidebar.update_marks([article.id], [])
        view.repaint_rows([article.id])
        view.saved_runs.state_changed()
        view.notify("Bookmarked." if on else "Bookmark removed.", timeout=2)

    def mark_all_read(self) -> None:
        view = self.view
        if view.river.active:
            if (listed := view.river.source()) is not None:
                view.bulk.start("read", listed)
            else:
                view.notify("The list is still loading.", timeout=2)
            return
        source = view.bulk.source(article_lists=True)
        if source is not None and source.category is None:  # a search, a tag, the bookmarks
            view.bulk.start("read", source)
            return
        category = view.sidebar.cursor_category
        if not view.model.unread:
            view.notify("Everything is read already.", timeout=2)
            return

        def apply(choice: str | None) -> None:
            if choice == "category" and category is not None:
                view.set_read(view.model.unread_in(category), True)
            elif choice == "all":
                view.set_read([i for i in view.model.articles if not view.model.is_read(i)], True)

        from tui_reader.ui.screens.confirm import mark_read_dialog  # screens load when first shown

        name, unread = (category.name, category.unread) if category else (None, 0)
        view.app.push_screen(mark_read_dialog(name, unread, view.model.unread), apply)

    def tag(self) -> None:
        """Add or remove personal tags: of the article (under the cursor, else the open one),
        or of every article of the list under the cursor (after confirming)."""
        view = self.view
        state = view.state
        if state is None:
            return
        from tui_reader.ui.screens.tag_input import TagEdit, TagScreen  # loaded when first shown

        if (source := view.bulk.source()) is not None:
            self._tag_list(source)
            return
        in_use = list(state.all_tags())
        article = self.target_article()
        if article is None:
            return

        def tag_article(edit: TagEdit | None) -> None:
            if edit is None or view.state is None:
                return
            changed = view.state.edit_tags([article.id], edit.add, edit.remove)
            view.marks_changed(changed)
            tags = view.state.tags_of(article.id)
            view.notify(f"Tags: {', '.join(tags)}" if tags else "No tags now.", timeout=2,
                        markup=False)  # fmt: skip

        current = dict.fromkeys(state.tags_of(article.id), 1)
        view.app.push_screen(TagScreen(f"Tags of “{article.title}”", current, in_use),
                             tag_article)  # fmt: skip

    def toggle_unread_only(self) -> None:
        view = self.view
        view.unread_only = not view.unread_only
        view.show_tree()
        view.river.reload()
        view.notify("Showing unread articles only." if view.unread_only
                    else "Showing all articles.", timeout=2)  # fmt: skip

    # -- other views ----------------------------------------------------------------------------

    def problems(self) -> None:
        view = self.view
        if view.snapshot is None:
            view.notify("The library is still loading.", timeout=2)
            return
        from tui_reader.ui.screens.problems import ProblemsScreen  # see ConfirmScreen

        view.app.push_screen(ProblemsScreen(view.snapshot.problems))

    def links(self) -> None:
        view = self.view
        rendered = view.reader.rendered
        if rendered is None:
            return
        from tui_reader.ui.screens.links import LinksScreen

        view.app.push_screen(LinksScreen(rendered.links))

    def open_original(self) -> None:
        view = self.view
        article = view.reader.article
        if article is None:
            return
        if not article.link:
            links = next(b for b in MAIN_BINDINGS if b.action == "links")
            key = shown_keys(view.app, links, view.reader_app.keymap)
            view.notify(f"This article has no link of its own (press {key} for its links)",
                        timeout=3, markup=False)  # fmt: skip
            return
        from tui_reader.ui.screens.links import open_link  # webbrowser: imported when first used

        reason = open_link(view.app, article.link)
        if reason:
            view.notify(f"Not opened: {reason}", severity="warning", markup=False)
        else:
            view.notify("Opening the original page…", timeout=2)

    def search(self) -> None:
        view = self.view
        try:
            from tui_reader.ui.screens.search.screen import SearchScreen
        except ImportError:
            view.notify("Search is not available in this version.", severity="warning")
            return
        if view.snapshot is None or view.state is None:
            view.notify("The library is still loading.", timeout=2)
            return
        screen = SearchScreen(
            view.reader_app.library, view.snapshot, view.state,
            on_saved=view.saved_runs.show, index_grew=view.search_index_grew,
            on_act=self.act_on_search,
            rules=view.reader_app.rule_state,
            stories=view.stories, prefer=view.reader_app.config.story_prefer,
            river=view.river.active,
        )  # fmt: skip
        view.app.push_screen(screen, partial(self._open_found, screen))

    def act_on_search(self, kind: str, query: str) -> None:
        """A, b or t in the search results: on every article the query finds."""
        view = self.view
        source = ExportSource(f"“{query}”", query=query)
        if kind == "tag":
            self._tag_list(source)
        else:
            view.bulk.start(kind, source)

    def _tag_list(self, source: ExportSource) -> None:
        """Ask for tags, then change them on every article of `source` (after confirming)."""
        from tui_reader.ui.screens.tag_input import TagEdit, TagScreen  # loaded when first shown

        view = self.view

        def tag_all(edit: TagEdit | None) -> None:
            if edit is not None:
                view.bulk.start("tag", source, edit)

        in_use = list(view.state.all_tags()) if view.state is not None else []
        view.app.push_screen(TagScreen(f"Tags for every article of {source.label}", None, in_use),
                             tag_all)  # fmt: skip

    def _open_found(self, screen: SearchScreen, article_id: str | ListAll | None) -> None:
        view = self.view
        view.last_query = screen.last_query or view.last_query  # an empty bar is no search
        view.refresh_bindings()
        from tui_reader.ui.screens.search.results import ListAll  # loaded with the search bar

        terms = search_pattern(screen.matched)
        if isinstance(article_id, ListAll):
            view.river.show_found(article_id, terms)
            return
        if view.river.active and article_id:
            listed = ListAll(screen.last_query, screen.order, article_id)
            view.river.show_found(listed, terms, focus=False)
        if not article_id or (article := view.model.articles.get(article_id)) is None:
            return
        self._open_in_tree(article)
        view.reader.set_search_terms(search_pattern(screen.matched), go_to_first=True)

    def story_copies(self) -> None:
        """List the copies of the open article's story, to read another."""
        view = self.view
        article = view.reader.article
        if article is None:
            return
        copies = [
            found
            for copy in view.stories.copies(article.id)
            if (found := view.model.articles.get(copy)) is not None
        ]
        if len(copies) < 2:
            view.notify("This article has no copies from other sources.", timeout=2)
            return
        copies.sort(key=lambda a: (a.timestamp, a.id))  # earliest first
        from tui_reader.ui.screens.copies import CopiesScreen  # loaded when first shown

        screen = CopiesScreen(copies, article.id, view.model.is_read)
        view.app.push_screen(screen, self._open_copy)

    def _open_copy(self, article_id: str | None) -> None:
        view = self.view
        if article_id and (article := view.model.articles.get(article_id)) is not None:
            self._open_in_tree(article)

    def _open_in_tree(self, article: Article) -> None:
        """Open `article` where the tree lists it (revealed there unless the unread-only filter
        hides it)."""
        view = self.view
        path = article.categories[0] if article.categories else None
        category = view.model.find(path) if path else None
        if path is not None and not view.sidebar.reveal(article.id, path) and view.unread_only:
            view.notify("Opened an article hidden by the unread-only filter.", timeout=2)
        view.open_article(article, category)

    def find(self) -> None:
        view = self.view
        if view.reader.rendered is not None:
            view.reader.open_find()

    def clear_highlight(self) -> None:
        view = self.view
        view.reader.set_search_terms(None)
        view.refresh_bindings()

    def save_search(self) -> None:
        view = self.view
        saved, message = save_search(view.last_query, empty="Search first (/), then S saves it.")
        view.notify(message, timeout=2, markup=False)
        if saved:
            view.saved_runs.show()

    def delete_saved_search(self) -> None:
        view = self.view
        query = view.sidebar.saved_searches.cursor_query
        if query is None:
            return

        def apply(choice: str | None) -> None:
            if choice == "delete":
                forget_search(query)
                view.saved_runs.show()

        question = f"Delete the saved search “{query}”? (its articles stay in the library)"
        from tui_reader.ui.screens.confirm import ConfirmScreen  # loaded when first shown

        view.app.push_screen(ConfirmScreen(question, [("delete", "Delete")]), apply)

    # -- rules ----------------------------------------------------------------------------------

    def toggle_hidden(self) -> None:
        """Show the articles the rules hide, or hide them again."""
        view = self.view
        rules = view.reader_app.rule_state
        if not rules.hiding and not rules.show_hidden:
            said = "no hide rule matches any article" if rules.evaluated else "rules not run yet"
            view.notify(f"Nothing is hidden: {said}.", timeout=3)
            return
        rules.show_hidden = not rules.show_hidden
        view.rebuild_tree()
        view.update_summary()
        shown = counted(len(rules.hiding), "hidden article")
        view.notify(f"Showing {shown}" if rules.show_hidden else f"Hiding {shown}", timeout=3)

    def rules(self) -> None:
        """The Rules view: each rule of config.toml, what it matches, broken ones with why."""
        from tui_reader.ui.screens.rules import RulesScreen

        view = self.view
        app = view.reader_app
        view.app.push_screen(RulesScreen(app.library, app.config.rules, view.state, app.rule_state))

    # -- export ---------------------------------------------------------------------------------

    def export(self) -> None:
        """Ask the format and the file, then export the list under the cursor in a worker."""
        view = self.view
        if view.snapshot is None:
            view.notify("The library is still loading.", timeout=2)
            return
        source, snapshot, reader = self.export_source(), view.snapshot, view.reader_app
        from tui_reader.ui.screens.export import ExportScreen  # loaded when first shown

        start = partial(
            start_export, view.app, source, library=reader.library, snapshot=snapshot,
            state=view.state, hidden=reader.rule_state.hidden, to_browser=reader.served,
        )  # fmt: skip
        view.app.push_screen(ExportScreen(source.label, served=reader.served), start)

    def export_source(self) -> ExportSource:
        """What "Export…" exports: the saved search, the bookmarks or the category under the
        tree's cursor (an article's own category), else the last search, else everything; the
        list shown in the river layout."""
        view = self.view
        if (listed := view.river.source(quoted=False)) is not None:
            return listed
        sidebar = view.sidebar
        node = sidebar.cursor_node
        if (query := sidebar.saved_searches.cursor_query) is not None:
            return ExportSource(query, query=query)
        if node is not None and isinstance(node.data, BookmarksNode | BookmarkNode):
            return ExportSource("Bookmarks", bookmarks=True)
        if (category := sidebar.cursor_category) is not None:
            return ExportSource(category.label, category=category.path)
        if view.last_query:
            return ExportSource(view.last_query, query=view.last_query)
        root = view.reader_app.library.root
        return ExportSource(root.name or "Library")
