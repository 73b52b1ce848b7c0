"""The "Saved searches" entry of the sidebar: one node per saved query, its articles beneath.

An object the `Sidebar` owns (`Sidebar.saved_searches`), kept apart so the tree's own module
stays about categories. A saved
search's articles are not known up front: expanding it posts `SavedSearchOpened`, the screen runs
the query in a worker and hands the articles back with `show_results`. A search that runs
again (the index or the reading state changed) replaces its articles and keeps the cursor. Only
the searches shown open run again at once; a closed one is marked stale and runs when it is
opened, so a burst of marks or a growing index does not run searches nobody is looking at.

Until a saved search just opened has its articles, the cursor on it or its "searching…" note
makes the keys wait (`held_keys`, `awaiting_rows`): `l j enter` typed at once opens its first
article, as it would once the rows are in, instead of pressing enter on the note. They wait
`AWAIT_LIMIT` seconds at most, should the search never answer.

While an article opened from a saved search is read, that search is pinned (`pin`): it does
not run again on marks or a growing index, so the articles just read stay listed and the cursor
can follow `n` down the list (newsboat keeps read articles in a list until you leave it: its
issue #1715). It runs again when the user closes and opens it, and once its articles are left.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from rich.text import Text
from textual.message import Message
from textual.widgets.tree import TreeNode

from tui_reader.core.library.api import Article
from tui_reader.ui.held_keys import HeldKeys
from tui_reader.ui.model.navigation import ReadingList
from tui_reader.ui.model.same_row import Place, row_again
from tui_reader.ui.model.tree_data import (
    FoundNode,
    NodeData,
    NoteNode,
    SavedSearchesNode,
    SavedSearchNode,
)
from tui_reader.ui.widgets.sidebar import labels

if TYPE_CHECKING:
    from rich.style import Style

    from tui_reader.ui.widgets.sidebar.sidebar import Sidebar

Node = TreeNode[NodeData]
SEARCH_MARK = "⌕"
AWAIT_LIMIT = 3.0  # seconds keys wait at most for a saved search's first rows


class SavedSearchOpened(Message):
    """A saved search was expanded: run `query`. Handle with `on_saved_search_opened`."""

    def __init__(self, query: str) -> None:
        super().__init__()
        self.query = query


class SavedSearches:
    """The Saved searches entry of `tree`: its nodes, which searches run again, which is pinned."""

    def __init__(self, tree: Sidebar) -> None:
        self._tree = tree
        self.node: Node | None = None  # the "Saved searches" entry, when there are any
        self._pinned: str | None = None  # the saved search an open article was chosen from

    def awaiting_rows(self) -> bool:
        """Whether the cursor is on a saved search (or its "searching…" note) whose articles
        are on their way: keys wait for them rather than act on the note."""
        node = self._tree.cursor_node
        if node is not None and isinstance(node.data, NoteNode):
            node = node.parent
        if node is None or not isinstance(node.data, SavedSearchNode) or not node.is_expanded:
            return False
        return node.data.total is None and time.monotonic() - node.data.asked < AWAIT_LIMIT

    def _run_held_keys(self) -> None:
        """The keys that waited for a saved search's rows, run now in order (those waiting for
        the first tree or for the articles are the app's to run)."""
        app = self._tree.app
        held = getattr(app, "held_keys", None)  # the reader app's; not in widget tests
        if not isinstance(held, HeldKeys) or not held.waiting:
            return
        if not held.tree_shown or held.holding or held.busy():
            return
        for action, target in held.release():
            app.call_later(app.run_action, action, target)

    def show_queries(self, queries: list[str]) -> None:
        """Show a new list of saved searches (the rest of the tree is kept as it is)."""
        tree = self._tree
        tree.content.saved = list(queries)
        node = self.node
        was_open = node is not None and node.is_expanded
        if node is not None:
            node.remove()
            self.node = None
            tree.leaves.forget_gone()
        self.add_node(was_open, set())

    def add_node(self, expanded: bool, open_queries: set[str]) -> None:
        """Add the Saved searches entry after Bookmarks (when there are saved searches)."""
        tree = self._tree
        if not tree.content.saved:
            return
        node = tree.add_entry(SavedSearchesNode(len(tree.content.saved)), tree.bookmarks_node)
        self.node = node
        if expanded:
            tree.reopen(node, lambda d: isinstance(d, SavedSearchNode) and d.query in open_queries)

    def open_state(self) -> tuple[bool, set[str]]:
        """Whether Saved searches is open, and which of its searches are (kept across `show`)."""
        node = self.node
        if node is None or not node.is_expanded:
            return False, set()
        return True, {
            c.data.query for c in node.children
            if isinstance(c.data, SavedSearchNode) and c.is_expanded
        }  # fmt: skip

    def populate(self, node: Node) -> bool:
        """Add children of a saved-search node; False when `node` is not one."""
        data = node.data
        if isinstance(data, SavedSearchesNode):
            if not data.loaded:
                data.loaded = True
                for query in self._tree.content.saved:
                    self._tree.add_child(node, SavedSearchNode(query))
            for child in node.children:  # open ones show again: stale articles run again
                if child.is_expanded:
                    self.populate(child)
            return True
        if isinstance(data, SavedSearchNode):
            if self._tree.river:  # a list: the main screen runs it and gives its total
                return True
            if data.total is None and not node.children:
                node.add_leaf("", NoteNode("searching…"))
                data.asked = time.monotonic()
                self._tree.set_timer(AWAIT_LIMIT, self._run_held_keys)  # should it never answer
                self._tree.post_message(SavedSearchOpened(data.query))
            elif data.stale:  # its old articles stay until the new ones come
                data.stale = False
                self._tree.post_message(SavedSearchOpened(data.query))
            return True
        return False

    def to_run_again(self, which: Callable[[str], bool] | None = None) -> list[str]:
        """The saved searches to run again now (all that ran, or those `which` picks): those
        shown open. The closed ones among them are marked stale instead, to run when opened."""
        if self.node is None:
            return []
        shown = self.node.is_expanded
        again: list[str] = []
        for child in self.node.children:
            data = child.data
            if not isinstance(data, SavedSearchNode) or (which and not which(data.query)):
                continue
            if data.query == self._pinned:  # being read through: runs once it is left
                data.stale = data.stale or data.total is not None
                continue
            if child.is_expanded and shown:
                again.append(data.query)
            elif data.total is not None or child.is_expanded:
                data.stale = True
        return again

    def pin(self, query: str | None) -> str | None:
        """Pin the saved search `query` (None: none) while its articles are read; the search
        pinned before, when it is shown open and missed a run meanwhile, to run now."""
        previous, self._pinned = self._pinned, query
        if previous is None or previous == query or self.node is None:
            return None
        node = self._search_node(previous)
        if node is None or not isinstance(node.data, SavedSearchNode) or not node.data.stale:
            return None
        if not (node.is_expanded and self.node.is_expanded):
            return None  # stays stale: runs when opened
        node.data.stale = False
        return previous

    def reading_list(self, query: str) -> ReadingList:
        """The articles saved search `query` lists now, for `n` and `p`."""
        node = self._search_node(query)
        if node is None:
            return ReadingList(query, ())
        ids = (c.data.article.id for c in node.children if isinstance(c.data, FoundNode))
        return ReadingList(query, tuple(ids))

    @property
    def cursor_reading_list(self) -> ReadingList | None:
        """The list of the saved search whose article is under the cursor."""
        cursor = self._tree.cursor_node
        data = cursor.data if cursor is not None else None
        return self.reading_list(data.query) if isinstance(data, FoundNode) else None

    def reveal_found(self, query: str, article_id: str) -> bool:
        """Put the cursor on the article in saved search `query` when it is listed there."""
        node = self._search_node(query)
        if node is None or not node.is_expanded or self.node is None:
            return False
        if not self.node.is_expanded:
            return False
        for child in node.children:
            if isinstance(child.data, FoundNode) and child.data.article.id == article_id:
                self._tree.move_to(child)
                return True
        return False

    def set_total(self, query: str, total: int, error: str = "", unread: int | None = None) -> None:
        """River layout: how many articles saved search `query` found (the main screen runs
        it), and how many of them are unread when known, for its entry's label."""
        node = self._search_node(query)
        if node is not None and isinstance(node.data, SavedSearchNode):
            node.data.total, node.data.error, node.data.unread = total, error, unread
            node.refresh()

    def first_total(self, query: str, total: int, error: str = "") -> None:
        """River layout: the count of a saved search run for its label alone, kept only while
        its list has not given the counts (with the unread ones) yet."""
        node = self._search_node(query)
        if node is not None and isinstance(node.data, SavedSearchNode) and node.data.total is None:
            self.set_total(query, total, error)

    def show_results(
        self,
        query: str,
        articles: list[Article],
        total: int,
        error: str = "",
        also: dict[str, str] | None = None,
    ) -> None:
        """List what a saved search found under its node (again: the cursor stays with it), a
        story's row saying where else it is (`also`, by article id)."""
        node = self._search_node(query)
        if node is None or not isinstance(node.data, SavedSearchNode):
            return
        node.data.total, node.data.error = total, error
        kept = self._cursor_under(node)
        node.remove_children()
        tree = self._tree
        tree.leaves.forget_gone()
        for article in articles:
            found = FoundNode(article, query, (also or {}).get(article.id, ""))
            tree.leaves.add(article.id, node.add_leaf("", found))
        if error:
            node.add_leaf("", NoteNode(f"cannot run: {error}"))
        elif not articles:
            node.add_leaf("", NoteNode("no matches"))
        elif total > len(articles):
            node.add_leaf("", NoteNode(f"… {total - len(articles):,} more: search (/) for all"))
        node.refresh()
        if kept is not None:
            ids = [c.data.article.id if isinstance(c.data, FoundNode) else None
                   for c in node.children]  # fmt: skip
            row = row_again(ids, kept)
            tree.move_to(node if row is None else node.children[row])
        self._run_held_keys()

    def _cursor_under(self, node: Node) -> Place | None:
        """The article under the cursor and its row, when the cursor is among `node`'s."""
        cursor = self._tree.cursor_node
        if cursor is None or cursor.parent is not node:
            return None
        data = cursor.data
        article_id = data.article.id if isinstance(data, FoundNode) else None
        return article_id, list(node.children).index(cursor)

    def _search_node(self, query: str) -> Node | None:
        if self.node is None:
            return None
        for child in self.node.children:
            if isinstance(child.data, SavedSearchNode) and child.data.query == query:
                return child
        return None

    def restore_cursor(self, previous: NodeData | None) -> bool:
        """After `show`: back on the saved search the cursor was in (its articles come again
        from a new search, so an article's place is its search's node)."""
        if isinstance(previous, SavedSearchesNode) and self.node is not None:
            self._tree.move_to(self.node)
            return True
        if isinstance(previous, SavedSearchNode | FoundNode):
            node = self._search_node(previous.query)
            if node is not None:
                self._tree.move_to(node)
                return True
        return False

    @property
    def cursor_query(self) -> str | None:
        """The query of the saved search under the cursor (or of the article found by it)."""
        cursor = self._tree.cursor_node
        data = cursor.data if cursor is not None else None
        if isinstance(data, SavedSearchNode | FoundNode):
            return data.query
        return None

    def label(self, data: NodeData, styles: dict[str, Style], width: int | None) -> Text | None:
        """The label of a saved-search entry in `width` cells; None for other entries."""
        if isinstance(data, SavedSearchesNode):
            return labels.special_label(SEARCH_MARK, "Saved searches", data.count, styles, width)
        if isinstance(data, SavedSearchNode):
            head = Text(f"{SEARCH_MARK} ", styles["dim"])
            return labels.fitted(head, data.query, styles["name"], _counts(data, styles), width)
        if isinstance(data, FoundNode):
            article = data.article
            model = self._tree.content.model
            read, marked = model.is_read(article.id), self._tree.is_bookmarked(article.id)
            lit = self._tree.is_highlighted(article.id)
            return labels.article_label(article, read, marked, styles, width, highlighted=lit,
                                        tags=self._tree.tags_of(article.id),
                                        also=data.also)  # fmt: skip
        if isinstance(data, NoteNode):
            return labels.fitted(Text(), data.text, styles["dim"], None, width)
        return None


def _counts(data: SavedSearchNode, styles: dict[str, Style]) -> Text:
    """' (unread/total)' as a category's, ' (total)' while only that is known, else nothing."""
    if data.total is None:
        return Text()
    if data.unread is None:
        return Text(f" ({data.total:,})", styles["dim"])
    counts = Text(" (")
    counts.append(str(data.unread), styles["count"] if data.unread else styles["dim"])
    counts.append(f"/{data.total})", styles["dim"])
    return counts
