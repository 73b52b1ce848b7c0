"""The main screen's key actions, one short method each (see `keys.MAIN_BINDINGS`).

A mixin so that the screen module keeps to routing messages and workers. Actions that do not
apply right now (no article open, no search to save…) are hidden from the footer and the command
palette by `check_action`; a key that applies but finds nothing to do says so.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from textual.widgets import Tree

from tui_reader.core.library.api import Article
from tui_reader.core.wording import counted
from tui_reader.ui.keys import MAIN_BINDINGS, shown_keys
from tui_reader.ui.model.category_tree import Category
from tui_reader.ui.model.navigation import neighbour, next_unread
from tui_reader.ui.model.saved_store import forget_search, save_search
from tui_reader.ui.model.tree_data import CategoryNode
from tui_reader.ui.widgets.reader.highlight import search_pattern

if TYPE_CHECKING:
    from tui_reader.ui.screens.main import MainScreen
    from tui_reader.ui.screens.search import SearchScreen

    _Base = MainScreen
else:
    _Base = object

NEEDS_TARGET = {"toggle_read", "toggle_bookmark"}
NEEDS_STATE = {"toggle_read", "toggle_bookmark", "undo_read", "mark_all_read"}


class MainActions(_Base):
    """Actions of the main screen."""

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Problems and S are always offered (they say when there is none), and "open original"
        # whenever an article is open (it says when it has no link): a key doing nothing is a bug.
        if action in NEEDS_STATE and self.state is None:
            return False
        if action in NEEDS_TARGET:
            return self.target_article() is not None
        if action == "find":
            return self.reader.has_text
        if action == "clear_highlight":
            return self.reader.has_search_terms
        if action == "delete_saved_search":
            return self.sidebar.has_focus and self.sidebar.saved_searches.cursor_query is not None
        if action == "links":
            return self.reader.has_text
        if action == "open_original":
            return self.reader.article is not None
        return True

    def target_article(self) -> Article | None:
        """What r and b act on: the article under the tree cursor, else the open one."""
        if self.sidebar.has_focus and (article := self.sidebar.cursor_article) is not None:
            return article
        return self.reader.article

    def on_descendant_focus(self) -> None:
        self.refresh_bindings()  # r and b act on a different article per pane

    def on_tree_node_highlighted(self, _event: Tree.NodeHighlighted[object]) -> None:
        self.refresh_bindings()

    # -- moving ---------------------------------------------------------------------------------

    def action_cursor_down(self) -> None:
        if self.sidebar.has_focus:
            self.sidebar.action_cursor_down()
        else:
            self.reader.scroll_down()

    def action_cursor_up(self) -> None:
        if self.sidebar.has_focus:
            self.sidebar.action_cursor_up()
        else:
            self.reader.scroll_up()

    def action_collapse(self) -> None:
        sidebar = self.sidebar
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

    def action_expand(self) -> None:
        sidebar = self.sidebar
        node = sidebar.cursor_node
        if not sidebar.has_focus or node is None:
            return
        if isinstance(node.data, CategoryNode) or node.allow_expand:
            if not node.is_expanded:
                sidebar.expand_node(node)
            elif node.children:
                sidebar.action_cursor_down()
        else:
            sidebar.action_select_cursor()

    def action_switch_pane(self) -> None:
        if self.sidebar.has_focus or not self.sidebar.display:
            self.reader.focus()
        else:
            self.sidebar.focus()

    def action_go_top(self) -> None:
        if self.sidebar.has_focus:
            self.sidebar.action_scroll_home()
        else:
            self.reader.scroll_home(animate=False)

    def action_go_bottom(self) -> None:
        if self.sidebar.has_focus:
            self.sidebar.action_scroll_end()
        else:
            self.reader.scroll_end(animate=False)

    _sidebar_had_focus = True  # which pane gets focus back when the sidebar is shown again

    def action_toggle_sidebar(self) -> None:
        sidebar = self.sidebar
        if sidebar.display:
            self._sidebar_had_focus = sidebar.has_focus
        sidebar.display = not sidebar.display
        if sidebar.display and self._sidebar_had_focus:
            sidebar.focus()
        else:
            self.reader.focus()

    # -- reading on -----------------------------------------------------------------------------

    def action_read_on(self) -> None:
        """Page down in the article; at its end, open the next one."""
        reader = self.reader
        if reader.article is None:
            if (article := self.sidebar.cursor_article) is not None:
                listed = self.sidebar.saved_searches.cursor_reading_list
                category = self.sidebar.found_category(article) if listed else None
                self.open_article(article, category or self.sidebar.cursor_category, listed)
            else:
                self.action_next_article()
        elif reader.at_end:
            self.action_next_article()
        else:
            reader.scroll_page_down(animate=False)

    def action_read_back(self) -> None:
        """Page up in the article, from either pane (as space pages down)."""
        if self.reader.article is None:
            self.notify("No article open: enter or space opens one.", timeout=2)
        else:
            self.reader.scroll_page_up(animate=False)

    def action_next_article(self) -> None:
        self._go(1)

    def action_previous_article(self) -> None:
        self._go(-1)

    def _go(self, step: int) -> None:
        current = self.reader.article
        if (listed := self.opened_list) is not None and current is not None:
            article = listed.neighbour(self.model, current.id, step)
            self._go_listed(article, f"No more articles this way in “{listed.query}”.")
            return
        if self.opened_from is None and current is not None:
            place = self._bookmark_neighbour(current, step)
            if place is not None:
                self._open_and_reveal(place, bookmarks=True)
                return
        place = neighbour(self.model, current, self.opened_from, step, self.unread_only)
        if place is None:
            self.notify("No more articles this way.", timeout=2)
            return
        self._open_and_reveal(place)

    def _bookmark_neighbour(self, current: Article, step: int) -> tuple[Article, None] | None:
        if self.state is None:
            return None
        # Through every bookmark, those whose files are gone too: the open article's file may
        # be gone, and `n` goes on from its place in the list all the same.
        ids = [b.id for b in self.state.bookmarks()]
        if current.id not in ids:
            return None
        index = ids.index(current.id)
        later = ids[index + 1 :] if step > 0 else reversed(ids[:index])
        found = next((a for i in later if (a := self.model.articles.get(i)) is not None), None)
        return (found, None) if found is not None else None

    def _go_listed(self, article: Article | None, nothing: str) -> None:
        """Open `article` of the saved search being read through; say `nothing` when None."""
        listed = self.opened_list
        if article is None or listed is None:
            self.notify(nothing, timeout=2, markup=False)
            return
        self.sidebar.saved_searches.reveal_found(listed.query, article.id)
        self.open_article(article, self.sidebar.found_category(article), listed)

    def action_next_unread(self) -> None:
        current = self.reader.article
        if (listed := self.opened_list) is not None and current is not None:
            article = listed.next_unread(self.model, current.id)
            self._go_listed(article, f"No unread articles left in “{listed.query}”.")
            return
        place = next_unread(self.model, self.reader.article, self.opened_from)
        if place is None:
            self.notify("No unread articles left.", timeout=2)
            return
        self._open_and_reveal(place)

    def _open_and_reveal(
        self, place: tuple[Article, Category | None], bookmarks: bool = False
    ) -> None:
        article, category = place
        path = None if bookmarks or category is None else category.path
        self.sidebar.reveal(article.id, path)
        self.open_article(article, category)

    # -- marks ----------------------------------------------------------------------------------

    def action_toggle_read(self) -> None:
        self._mark_opened_read()  # its text may not have come yet: the open came first
        if (article := self.target_article()) is not None:
            if self.is_gone(article):
                self.notify("Not changed: the file of this article is gone.", timeout=3)
                return
            self.set_read([article.id], not self.model.is_read(article.id))

    def action_undo_read(self) -> None:
        self._mark_opened_read()  # an open before `u` is the change it takes back
        if self.state is None or (ids := self.state.undo()) is None:
            self.notify("Nothing to undo.", timeout=2)
            return
        now_read = [i for i in ids if self.state.is_read(i)]
        now_unread = [i for i in ids if not self.state.is_read(i)]
        categories = self.model.set_read(now_read, True) | self.model.set_read(now_unread, False)
        self.sidebar.update_marks(ids, categories)
        self.update_summary()
        self.reading_state_changed()
        self.notify(f"Undone: {counted(len(ids), 'article')} back as they were.", timeout=2)

    def action_toggle_bookmark(self) -> None:
        article = self.target_article()
        if article is None or self.state is None:
            return
        on = not self.state.is_bookmarked(article.id)
        if on and self.is_gone(article):  # removing a bookmark still works
            self.notify("Not bookmarked: the file of this article is gone.", timeout=3)
            return
        self.state.set_bookmark(article, on)
        self.sidebar.set_bookmarks(self.state.bookmarks())
        self.sidebar.update_marks([article.id], [])
        self.reading_state_changed()
        self.notify("Bookmarked." if on else "Bookmark removed.", timeout=2)

    def action_mark_all_read(self) -> None:
        category = self.sidebar.cursor_category
        if not self.model.unread:
            self.notify("Everything is read already.", timeout=2)
            return

        def apply(choice: str | None) -> None:
            if choice == "category" and category is not None:
                self.set_read(self.model.unread_in(category), True)
            elif choice == "all":
                self.set_read([i for i in self.model.articles if not self.model.is_read(i)], True)

        from tui_reader.ui.screens.confirm import mark_read_dialog  # screens load when first shown

        name, unread = (category.name, category.unread) if category else (None, 0)
        self.app.push_screen(mark_read_dialog(name, unread, self.model.unread), apply)

    def action_toggle_unread_only(self) -> None:
        self.unread_only = not self.unread_only
        self._show_tree()
        self.notify("Showing unread articles only." if self.unread_only
                    else "Showing all articles.", timeout=2)  # fmt: skip

    # -- other views ----------------------------------------------------------------------------

    def action_rescan(self) -> None:
        self.load(from_index=False)
        self.rescan_load = self.loads  # on the rescanned library (see on_scan_finished)
        self.notify("Rescanning the library…", timeout=2)

    def action_problems(self) -> None:
        if self.snapshot is None:
            self.notify("The library is still loading.", timeout=2)
            return
        from tui_reader.ui.screens.problems import ProblemsScreen  # see ConfirmScreen

        self.app.push_screen(ProblemsScreen(self.snapshot.problems))

    def action_links(self) -> None:
        rendered = self.reader.rendered
        if rendered is None:
            return
        from tui_reader.ui.screens.links import LinksScreen

        self.app.push_screen(LinksScreen(rendered.links))

    def action_open_original(self) -> None:
        article = self.reader.article
        if article is None:
            return
        if not article.link:
            links = next(b for b in MAIN_BINDINGS if b.action == "links")
            key = shown_keys(self.app, links, self.reader_app.keymap)
            self.notify(f"This article has no link of its own (press {key} for its links)",
                        timeout=3, markup=False)  # fmt: skip
            return
        from tui_reader.ui.screens.links import open_link  # webbrowser: imported when first used

        reason = open_link(self.app, article.link)
        if reason:
            self.notify(f"Not opened: {reason}", severity="warning", markup=False)
        else:
            self.notify("Opening the original page…", timeout=2)

    def action_search(self) -> None:
        try:
            from tui_reader.ui.screens.search import SearchScreen
        except ImportError:
            self.notify("Search is not available in this version.", severity="warning")
            return
        if self.snapshot is None or self.state is None:
            self.notify("The library is still loading.", timeout=2)
            return
        screen = SearchScreen(
            self.reader_app.library, self.snapshot, self.state,
            on_saved=self.show_saved_searches, index_grew=self.search_index_grew,
        )  # fmt: skip
        self.app.push_screen(screen, partial(self._open_found, screen))

    def _open_found(self, screen: SearchScreen, article_id: str | None) -> None:
        self.last_query = screen.last_query or self.last_query  # an empty bar is no search
        self.refresh_bindings()
        if not article_id or (article := self.model.articles.get(article_id)) is None:
            return
        path = article.categories[0] if article.categories else None
        category = self.model.find(path) if path else None
        if path is not None and not self.sidebar.reveal(article.id, path) and self.unread_only:
            self.notify("Opened an article hidden by the unread-only filter.", timeout=2)
        self.open_article(article, category)
        self.reader.set_search_terms(search_pattern(screen.matched), go_to_first=True)

    def action_find(self) -> None:
        if self.reader.rendered is not None:
            self.reader.open_find()

    def action_clear_highlight(self) -> None:
        self.reader.set_search_terms(None)
        self.refresh_bindings()

    def action_save_search(self) -> None:
        saved, message = save_search(self.last_query, empty="Search first (/), then S saves it.")
        self.notify(message, timeout=2, markup=False)
        if saved:
            self.show_saved_searches()

    def action_delete_saved_search(self) -> None:
        query = self.sidebar.saved_searches.cursor_query
        if query is None:
            return

        def apply(choice: str | None) -> None:
            if choice == "delete":
                forget_search(query)
                self.show_saved_searches()

        question = f"Delete the saved search “{query}”? (its articles stay in the library)"
        from tui_reader.ui.screens.confirm import ConfirmScreen  # loaded when first shown

        self.app.push_screen(ConfirmScreen(question, [("delete", "Delete")]), apply)
