"""How the sidebar's entries get their children: when first opened (`populate`), and a big
category's articles a page at a time: `PAGE_SIZE` leaves, then a "… N more" entry (`MoreNode`)
that adds the next page when chosen, so a category of thousands of articles opens as fast as a
small one. At start-up the model may hold counts but no articles yet (`CategoryTree.complete` is
False): a category opened then says "loading…" where its articles will be. Plain functions of
the tree.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.widgets.tree import TreeNode

from tui_reader.ui.model.category_tree import Category
from tui_reader.ui.model.tree_data import (
    ArticleNode,
    BookmarkNode,
    BookmarksNode,
    CategoryNode,
    MoreNode,
    NodeData,
    NoteNode,
)

if TYPE_CHECKING:
    from tui_reader.ui.widgets.sidebar.sidebar import Sidebar

PAGE_SIZE = 500  # leaves added at a time: Textual measures every visible label on each change
LOADING = "loading…"  # in place of articles the model has counted but not loaded yet

Node = TreeNode[NodeData]


def populate(tree: Sidebar, node: Node) -> None:
    """Add the children of `node` if they are not there yet."""
    if tree.saved_searches.populate(node) or tree.tags.populate(node):
        return
    data = node.data
    content = tree.content
    complete = content.model.complete
    if isinstance(data, CategoryNode) and not data.loaded:
        data.loaded = True
        for child in tree.visible_subcategories(data.category):
            tree.add_category(node, child)
        if tree.river:
            return
        if complete:
            add_page(tree, node, data.category, 0)
        elif data.category.pending:
            node.add_leaf("", NoteNode(LOADING))
    elif isinstance(data, BookmarksNode) and tree.river:
        return
    elif isinstance(data, BookmarksNode) and not data.loaded and not complete:
        data.loaded = True  # until the articles come: a bookmark would look gone
        node.add_leaf("", NoteNode(LOADING))
    elif isinstance(data, BookmarksNode) and not data.loaded:
        data.loaded = True
        by_id = content.model.articles
        for bookmark in content.bookmarks:
            article = by_id.get(bookmark.id)
            tree.leaves.add(bookmark.id, node.add_leaf("", BookmarkNode(bookmark, article)))


def add_page(tree: Sidebar, node: Node, category: Category, offset: int) -> None:
    """Add the page of `category`'s articles from `offset` under `node`, then "… N more"."""
    content = tree.content
    articles = content.model.visible_articles(category, content.unread_only)
    for article in articles[offset : offset + PAGE_SIZE]:
        tree.leaves.add(article.id, node.add_leaf("", ArticleNode(article, category)))
    remaining = len(articles) - offset - PAGE_SIZE
    if remaining > 0:
        node.add_leaf("", MoreNode(category, offset + PAGE_SIZE, remaining))


def load_more(tree: Sidebar, node: Node) -> bool:
    """Add the next page under a category node; False when all are there."""
    more = next((c for c in node.children if isinstance(c.data, MoreNode)), None)
    if more is None or not isinstance(more.data, MoreNode):
        return False
    data = more.data
    more.remove()
    add_page(tree, node, data.category, data.offset)
    return True


def loaded_count(node: Node) -> int:
    """The articles added under `node` so far."""
    return sum(1 for child in node.children if isinstance(child.data, ArticleNode))


def find_leaf(tree: Sidebar, parent: Node, article_id: str) -> Node | None:
    """The leaf of `article_id` under `parent`, adding pages until it is there (None: not
    under it)."""
    while True:
        for child in parent.children:
            data = child.data
            if isinstance(data, ArticleNode) and data.article.id == article_id:
                return child
            if isinstance(data, BookmarkNode) and data.bookmark.id == article_id:
                return child
        if not load_more(tree, parent):
            return None
