"""The label of each sidebar entry, chosen by what the entry holds and fitted to the room the
tree has for it right of its guides; `Sidebar.render_label` paints it at paint time.

An object the `Sidebar` owns (`Sidebar.entry_labels`): it keeps the theme's styles of the
labels' parts (the widget's component classes), taken again when the theme changes. The wording
of each label is in labels.py.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual.widgets.tree import TreeNode

from tui_reader.ui.model.tree_data import (
    ArticleNode,
    BookmarkNode,
    BookmarksNode,
    CategoryNode,
    MoreNode,
    NodeData,
    ProblemsNode,
)
from tui_reader.ui.widgets.sidebar import labels

if TYPE_CHECKING:
    from tui_reader.ui.widgets.sidebar.sidebar import Sidebar

Node = TreeNode[NodeData]
TOGGLE = Style.from_meta({"toggle": True})  # Tree's: a click there opens or closes the node


class EntryLabels:
    """The labels of the entries of `tree`."""

    def __init__(self, tree: Sidebar) -> None:
        self._tree = tree
        self._styles: dict[str, Style] = {}

    def forget_styles(self) -> None:
        """A new theme: labels take the new component styles."""
        self._styles.clear()

    def styles(self) -> dict[str, Style]:
        tree = self._tree
        if not self._styles:
            for name in tree.COMPONENT_CLASSES:
                key = name.removeprefix("sidebar--")
                partial = tree.get_component_rich_style(name, partial=True)
                if partial.color is not None:
                    # A partial style cannot resolve `auto` colours ($text-muted is "auto 60%"):
                    # they came out white, unreadable on a light theme. The full style knows the
                    # background; only its colour is taken, so the cursor line keeps its own.
                    partial += Style(color=tree.get_component_rich_style(name).color)
                self._styles[key] = partial
        return self._styles

    def render(self, node: Node, data: NodeData, base_style: Style, style: Style) -> Text:
        """The label of `node`, which holds `data`, as the tree paints it: its icon, if it
        opens, then its label in the room left."""
        tree = self._tree
        icon = ""
        if node.allow_expand:
            icon = tree.ICON_NODE_EXPANDED if node.is_expanded else tree.ICON_NODE
        room = self.room(node)
        label = self.label(data, None if room is None else room - cell_len(icon))
        label.stylize(style)
        if icon:
            # river: a click on the icon opens or closes the entry; on its name, shows its list
            toggle = TOGGLE if tree.river else Style()
            return Text.assemble(Text(icon, base_style + Style(bold=True) + toggle), label)
        return label

    def room(self, node: Node) -> int | None:
        """The cells left for `node`'s label right of its guides (a longer one is cut); None
        before the tree has a size."""
        tree = self._tree
        width = tree.scrollable_content_region.width  # the vertical scrollbar left out
        if not width:
            return None
        depth = 0
        while node.parent is not None and node.parent is not tree.root:
            depth, node = depth + 1, node.parent
        return width - depth * tree.guide_depth

    def label(self, data: NodeData, width: int | None) -> Text:
        tree = self._tree
        styles = self.styles()
        if (saved := tree.saved_searches.label(data, styles, width)) is not None:
            return saved
        if (tagged := tree.tags.label(data, styles, width)) is not None:
            return tagged
        if (smart := tree.smart.label(data, styles, width)) is not None:
            return smart
        model = tree.content.model
        if isinstance(data, ArticleNode):
            article = data.article
            read, marked = model.is_read(article.id), tree.is_bookmarked(article.id)
            lit = tree.is_highlighted(article.id)
            return labels.article_label(article, read, marked, styles, width, highlighted=lit,
                                        tags=tree.tags_of(article.id))  # fmt: skip
        if isinstance(data, CategoryNode):
            return labels.category_label(data.category, styles, width)
        if isinstance(data, BookmarkNode):
            read = model.is_read(data.bookmark.id)
            lit = tree.is_highlighted(data.bookmark.id)
            return labels.bookmark_label(
                data.bookmark, data.article, read, styles, width, highlighted=lit,
                tags=tree.tags_of(data.bookmark.id),
            )  # fmt: skip
        if isinstance(data, MoreNode):
            return labels.more_label(data.remaining, styles, width)
        if isinstance(data, BookmarksNode):
            mark = labels.BOOKMARK_MARK
            return labels.special_label(mark, "Bookmarks", data.count, styles, width)
        count = data.count if isinstance(data, ProblemsNode) else 0
        return labels.special_label("⚠", "Problems", count, styles, width)
