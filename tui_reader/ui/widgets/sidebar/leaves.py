"""The sidebar's leaves by the article each shows, so that a change of an article's marks
repaints its leaves only (`Sidebar.update_marks`): an article may show in several places (its
category, Bookmarks, a saved search, a tag).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from textual.widgets.tree import TreeNode

from tui_reader.ui.model.tree_data import NodeData

if TYPE_CHECKING:
    from tui_reader.ui.widgets.sidebar.sidebar import Sidebar

Node = TreeNode[NodeData]


class LeafIndex:
    """The leaves of `tree` showing each article, by its id."""

    def __init__(self, tree: Sidebar) -> None:
        self._tree = tree
        self._leaves: dict[str, list[Node]] = {}

    def add(self, article_id: str, leaf: Node) -> None:
        """Note that `leaf` shows article `article_id` (its marks repaint with `update_marks`)."""
        self._leaves.setdefault(article_id, []).append(leaf)

    def of(self, article_id: str) -> Iterable[Node]:
        """The leaves showing article `article_id`."""
        return self._leaves.get(article_id, ())

    def clear(self) -> None:
        self._leaves.clear()

    def forget_gone(self) -> None:
        """Drop index entries of leaves no longer in the tree (after removing a subtree)."""
        alive = {id(node) for node in walk(self._tree.root)}
        for article_id, nodes in list(self._leaves.items()):
            kept = [n for n in nodes if id(n) in alive]
            if kept:
                self._leaves[article_id] = kept
            else:
                del self._leaves[article_id]


def walk(node: Node) -> Iterable[Node]:
    """Every node under `node`, depth first."""
    for child in node.children:
        yield child
        yield from walk(child)
