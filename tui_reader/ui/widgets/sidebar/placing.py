"""Putting the sidebar's cursor on an entry: on an article, opening its category (or Bookmarks)
down to it (`reveal`), and back where it was after the tree is made anew (`restore_cursor`).
Plain functions of the tree.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tui_reader.core.library.api import CategoryPath
from tui_reader.ui.model.tree_data import (
    ArticleNode,
    BookmarkNode,
    BookmarksNode,
    CategoryNode,
    MoreNode,
    NodeData,
)
from tui_reader.ui.widgets.sidebar import children

if TYPE_CHECKING:
    from tui_reader.ui.widgets.sidebar.sidebar import Sidebar


def reveal(tree: Sidebar, article_id: str, path: CategoryPath | None) -> bool:
    """Expand down to the article in category `path` (or under Bookmarks when None) and put
    the cursor on it; False when it is not shown (filtered out, or gone)."""
    if path is None:
        parent = tree.bookmarks_node
        if parent is None:
            return False
        tree.expand_node(parent)
    else:
        parent = None
        for depth in range(1, len(path) + 1):
            parent = tree.category_nodes.get(path[:depth])
            if parent is None:
                return False
            tree.expand_node(parent)
        if parent is None:
            return False
    node = children.find_leaf(tree, parent, article_id)
    if node is None:
        return False
    tree.move_to(node)
    return True


def restore_cursor(tree: Sidebar, previous: NodeData | None) -> None:
    """Put the cursor back on the entry it was on (`previous`) before the tree was made anew,
    else the nearest that is still there: the article's category, the first entry."""
    if tree.saved_searches.restore_cursor(previous):
        return
    if tree.smart.restore_cursor(previous):
        return
    if tree.river and tree.tags.restore_cursor(previous):
        return
    if isinstance(previous, ArticleNode):
        path = previous.category.path if previous.category else None
        if reveal(tree, previous.article.id, path):
            return
        if path and (node := tree.category_nodes.get(path)) is not None:
            tree.move_to(node)
            return
    elif isinstance(previous, BookmarkNode):
        if reveal(tree, previous.bookmark.id, None):
            return
    elif isinstance(previous, CategoryNode | MoreNode):
        if (node := tree.category_nodes.get(previous.category.path)) is not None:
            tree.move_to(node)
            return
    elif isinstance(previous, BookmarksNode) and tree.bookmarks_node is not None:
        tree.move_to(tree.bookmarks_node)
        return
    if tree.root.children:
        tree.move_to(tree.root.children[0])
