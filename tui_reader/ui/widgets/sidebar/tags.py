"""The "Tags" entry of the sidebar: one node per personal tag with its unread and total counts,
its articles beneath when opened.

An object the `Sidebar` owns (`Sidebar.tags`), as `SavedSearches` is. The ids under each tag come
from the state store (`SidebarContent.tags`); only those in the library are listed and counted,
newest first, at most `SHOWN` of them (the rest are a search away: `tag:NAME`).
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from rich.text import Text
from textual.widgets.tree import TreeNode

from tui_reader.core.library.api import Article
from tui_reader.ui.model.tree_data import ArticleNode, NodeData, NoteNode, TagNode, TagsNode
from tui_reader.ui.widgets.sidebar import labels

if TYPE_CHECKING:
    from rich.style import Style

    from tui_reader.ui.widgets.sidebar.sidebar import Sidebar

Node = TreeNode[NodeData]
TAG_MARK = "#"
SHOWN = 500  # articles listed under a tag; more are counted, and found by searching tag:NAME


class Tags:
    """The Tags entry of `tree`: its nodes and their counts."""

    def __init__(self, tree: Sidebar) -> None:
        self._tree = tree
        self.node: Node | None = None

    def open_state(self) -> tuple[bool, set[str]]:
        """Whether Tags is open, and which of its tags are (kept across `show`)."""
        node = self.node
        if node is None or not node.is_expanded:
            return False, set()
        return True, {c.data.name for c in node.children
                      if isinstance(c.data, TagNode) and c.is_expanded}  # fmt: skip

    def add_node(self, expanded: bool, open_tags: set[str]) -> None:
        """Add the Tags entry after Bookmarks and Saved searches (when there are tags)."""
        tree = self._tree
        if not tree.content.tags:
            return
        anchor = tree.saved_searches.node or tree.bookmarks_node
        node = tree.add_entry(TagsNode(len(tree.content.tags)), anchor)
        self.node = node
        if expanded:
            tree.reopen(node, lambda d: isinstance(d, TagNode) and d.name in open_tags)

    def show_tags(self, tags: dict[str, set[str]]) -> set[str]:
        """Show a new set of tags (the rest of the tree is kept as it is): the entry made anew
        when they changed, with the open tags open again and the cursor on the same tag (or
        the same article under it). The ids whose tags changed (their rows show them)."""
        tree = self._tree
        old = tree.content.tags
        if tags == old:
            self.refresh_counts()
            return set()
        changed = {i for name in old.keys() | tags.keys()
                   for i in old.get(name, set()) ^ tags.get(name, set())}  # fmt: skip
        tree.content.tags = tags
        state = self.open_state()
        place = self._cursor_place()
        if self.node is not None:
            self.node.remove()
            self.node = None
            tree.leaves.forget_gone()
        self.add_node(*state)
        if place is not None and self.node is not None:
            self._restore(*place)
        return changed

    def _cursor_place(self) -> tuple[str, str | None] | None:
        """The tag the cursor is on or in, and the article it is on there."""
        cursor = self._tree.cursor_node
        if cursor is None:
            return None
        if isinstance(cursor.data, TagNode):
            return cursor.data.name, None
        parent = cursor.parent
        if parent is not None and isinstance(parent.data, TagNode):
            article = cursor.data.article.id if isinstance(cursor.data, ArticleNode) else None
            return parent.data.name, article
        return None

    def restore_cursor(self, previous: NodeData | None) -> bool:
        """After `show`: back on the Tags entry or the tag the cursor was on."""
        if self.node is None or not isinstance(previous, TagsNode | TagNode):
            return False
        if isinstance(previous, TagNode):
            self._restore(previous.name, None)
        else:
            self._tree.move_to(self.node)
        return True

    def _restore(self, name: str, article_id: str | None) -> None:
        assert self.node is not None
        for child in self.node.children:
            if isinstance(child.data, TagNode) and child.data.name == name:
                target = child
                for leaf in child.children:
                    data = leaf.data
                    if isinstance(data, ArticleNode) and data.article.id == article_id:
                        target = leaf
                self._tree.move_to(target)
                return
        self._tree.move_to(self.node)

    def refresh_counts(self) -> None:
        """Count again the unread articles under each tag (read marks changed)."""
        if self.node is None:
            return
        for child in self.node.children:
            if isinstance(child.data, TagNode):
                child.data.unread, child.data.total = self._counts(child.data.name)
                child.refresh()

    def _counts(self, name: str) -> tuple[int, int]:
        model = self._tree.content.model
        present = self._tree.content.tags.get(name, set()) & model.articles.keys()
        return len(present - model.read), len(present)

    def populate(self, node: Node) -> bool:
        """Add the children of a Tags or tag node; False when `node` is not one."""
        data = node.data
        tree = self._tree
        if isinstance(data, TagsNode):
            if not data.loaded:
                data.loaded = True
                for name in sorted(tree.content.tags):
                    tree.add_child(node, TagNode(name, *self._counts(name)))
            return True
        if isinstance(data, TagNode):
            if not data.loaded and not tree.river:  # river: a list, its articles not in the tree
                data.loaded = True
                by_id = tree.content.model.articles
                ids = tree.content.tags.get(data.name, set())
                articles = sorted((by_id[i] for i in ids if i in by_id), key=_date, reverse=True)
                for article in articles[:SHOWN]:
                    category = tree.found_category(article)
                    tree.leaves.add(article.id, node.add_leaf("", ArticleNode(article, category)))
                if len(articles) > SHOWN:
                    more = f"… {len(articles) - SHOWN:,} more: search (/) for tag:{data.name}"
                    node.add_leaf("", NoteNode(more))
                elif not articles:
                    node.add_leaf("", NoteNode("none in this library"))
            return True
        return False

    @property
    def cursor_tag(self) -> str | None:
        cursor = self._tree.cursor_node
        data = cursor.data if cursor is not None else None
        return data.name if isinstance(data, TagNode) else None

    def label(self, data: NodeData, styles: dict[str, Style], width: int | None) -> Text | None:
        """The label of a Tags entry in `width` cells; None for other entries."""
        if isinstance(data, TagsNode):
            return labels.special_label(TAG_MARK, "Tags", data.count, styles, width)
        if isinstance(data, TagNode):
            head = Text(f"{TAG_MARK} ", styles["dim"])
            counts = Text(" (")
            counts.append(str(data.unread), styles["count"] if data.unread else styles["dim"])
            counts.append(f"/{data.total})", styles["dim"])
            return labels.fitted(head, data.name, styles["name"], counts, width)
        return None


def _date(article: Article) -> tuple[bool, datetime | None]:
    return article.date is not None, article.date
