"""The sidebar: Bookmarks, the category tree with unread counts, and Problems.

Two layouts (`Sidebar.river`). In the tree layout (the default) articles are the leaves of their
categories, of Bookmarks, of saved searches and of tags, and opening one posts `ArticleChosen`.
In the river layout the tree holds lists, not articles: the smart lists All unread, Today and
Last 7 days first, then Bookmarks, saved searches, tags and the categories (which open to their
sub-categories only); moving the cursor onto one posts `ListChosen`, and the main screen shows
its articles in the article list.

Lazy by design: a category's children are added when it is first expanded, and a big category
adds its articles a page at a time (a "… N more" entry loads the next page), so a library of
100k articles, thousands of them in one category, starts and scrolls as fast as a small one
(children.py). Labels are drawn from node data at paint time (`render_label`, entry_labels.py),
so read marks and counts change by repainting a node (leaves.py finds an article's), never by
rebuilding the tree. The widget keeps its messages, bindings and look, what `show` builds and
the events; the parts it owns or calls are in this folder: saved searches (saved.py), tags
(tags.py), the smart lists (smart.py), putting the cursor on an entry (placing.py), its width
(width.py), the wording of labels (labels.py).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from tui_reader.core.library.api import Article, CategoryPath
from tui_reader.core.state.api import Bookmark
from tui_reader.ui.held_keys import HeldKeys
from tui_reader.ui.model.category_tree import Category, CategoryTree
from tui_reader.ui.model.smart_lists import ListSpec, SmartCounts
from tui_reader.ui.model.tree_data import (
    ArticleNode,
    BookmarkNode,
    BookmarksNode,
    CategoryNode,
    FoundNode,
    MoreNode,
    NodeData,
    NoteNode,
    ProblemsNode,
    SavedSearchesNode,
    SavedSearchNode,
    TagNode,
    TagsNode,
    list_of,
)
from tui_reader.ui.widgets.sidebar import children, placing
from tui_reader.ui.widgets.sidebar.entry_labels import EntryLabels
from tui_reader.ui.widgets.sidebar.leaves import LeafIndex
from tui_reader.ui.widgets.sidebar.saved import SavedSearches
from tui_reader.ui.widgets.sidebar.smart import SmartEntries
from tui_reader.ui.widgets.sidebar.tags import Tags
from tui_reader.ui.widgets.sidebar.width import DraggedEdge, apply_remembered_width

Node = TreeNode[NodeData]


@dataclass(slots=True)
class SidebarContent:
    """What the sidebar shows; handed down whole after each scan."""

    model: CategoryTree
    bookmarks: list[Bookmark] = field(default_factory=list)
    problems: int = 0
    unread_only: bool = False
    saved: list[str] = field(default_factory=list)  # saved search queries
    tags: dict[str, set[str]] = field(default_factory=dict)  # personal tag -> article ids


class Sidebar(DraggedEdge, Tree[NodeData], inherit_bindings=False):
    """Categories and articles; posts `ArticleChosen` when an article is opened. In the river
    layout (`river`), categories and other lists without articles; posts `ListChosen`."""

    DEFAULT_CSS = """
    Sidebar {
        background: $surface;
        scrollbar-size-vertical: 1;
        overflow-x: hidden;  /* long titles are cut; the reading pane shows them whole */
    }
    Sidebar > .sidebar--unread { color: $accent; }
    Sidebar > .sidebar--bookmark { color: $warning; }
    Sidebar > .sidebar--date { color: $text-muted; }
    Sidebar > .sidebar--title { text-style: bold; }
    Sidebar > .sidebar--read { color: $text-muted; }
    Sidebar > .sidebar--count { color: $accent; text-style: bold; }
    Sidebar > .sidebar--dim { color: $text-muted; }
    Sidebar > .sidebar--missing { color: $error; text-style: italic; }
    Sidebar > .sidebar--special { color: $foreground; text-style: bold; }
    Sidebar > .sidebar--name { }
    Sidebar > .sidebar--highlight { color: $success; text-style: bold underline; }
    Sidebar.-resizing { border-right: vkey $accent; }  /* its edge is being dragged */
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        f"sidebar--{name}"
        for name in (
            "unread", "bookmark", "date", "title", "read", "count", "dim", "missing",
            "special", "name", "highlight",
        )
    }  # fmt: skip

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select_cursor", "Open", id="open", show=False),
        Binding("up", "cursor_up", "Up", show=False),
        Binding("down", "cursor_down", "Down", show=False),
        Binding("pageup", "page_up", "Page up", show=False),
        Binding("pagedown", "page_down", "Page down", show=False),
        Binding("home", "scroll_home", "First", show=False),
        Binding("end", "scroll_end", "Last", show=False),
        Binding("shift+left", "cursor_parent", "Parent category", show=False),
    ]

    class ArticleChosen(Message):
        """An article was chosen (enter or click). Handle with `on_sidebar_article_chosen`."""

        def __init__(
            self, article: Article, category: Category | None, query: str | None = None
        ) -> None:
            super().__init__()
            self.article = article
            self.category = category
            self.query = query  # the saved search it was listed by, if any

    class MissingChosen(Message):
        """A bookmark whose file is gone was chosen. Handle with `on_sidebar_missing_chosen`."""

        def __init__(self, bookmark: Bookmark) -> None:
            super().__init__()
            self.bookmark = bookmark

    class ProblemsChosen(Message):
        """The Problems entry was chosen. Handle with `on_sidebar_problems_chosen`."""

    class ListChosen(Message):
        """River layout: the cursor came onto a list's entry (`focus_list` False), or enter
        was pressed on it (True: the list takes the focus). Handle with
        `on_sidebar_list_chosen`."""

        def __init__(self, spec: ListSpec, focus_list: bool = False) -> None:
            super().__init__()
            self.spec = spec
            self.focus_list = focus_list

        def can_replace(self, message: Message) -> bool:
            # A highlight still waiting is dropped for the next list chosen: with a key held
            # down, the screen shows the list the cursor is on now, not every list passed.
            return not self.focus_list and isinstance(message, Sidebar.ListChosen)

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("library", id=id)
        self.show_root = False
        self.auto_expand = False  # categories expand in our handler, children added first
        self.guide_depth = 2
        self.content = SidebarContent(CategoryTree())
        self.is_bookmarked: Callable[[str], bool] = lambda _id: False
        self.is_highlighted: Callable[[str], bool] = lambda _id: False  # by a rule
        self.tags_of: Callable[[str], tuple[str, ...]] = lambda _id: ()  # personal tags
        self.category_nodes: dict[CategoryPath, Node] = {}  # the categories' entries shown
        self._hidden_open: dict[CategoryPath, int] = {}  # open categories `show` left out
        self.leaves = LeafIndex(self)
        self.bookmarks_node: Node | None = None
        self.entry_labels = EntryLabels(self)
        self.saved_searches = SavedSearches(self)
        self.tags = Tags(self)
        self.focus_pending = False  # river: enter on a list's entry, not yet handled
        self.list_pane: Widget | None = None  # river: the article list, focused by enter
        self.river = False  # the river layout: lists in the tree, no articles (set before `show`)
        self.smart_counts = SmartCounts()
        self.smart = SmartEntries(self)  # river: the smart lists' entries
        self._chosen: ListSpec | None = None  # the list last posted by highlighting

    def on_mount(self) -> None:
        apply_remembered_width(self)  # the width the user left it at last time
        held = getattr(self.app, "held_keys", None)  # the reader app's; not in widget tests
        if isinstance(held, HeldKeys):
            held.busy = self.saved_searches.awaiting_rows

    # -- content --------------------------------------------------------------------------------

    def show(self, content: SidebarContent) -> None:
        """Show new content, keeping expanded categories, loaded pages and the cursor."""
        expanded = {path: children.loaded_count(node) for path, node in self.category_nodes.items()
                    if node.is_expanded}  # fmt: skip
        for path, count in self._hidden_open.items():
            if path not in self.category_nodes:  # still hidden: the user never closed it
                expanded.setdefault(path, count)
        bookmarks_open = self.bookmarks_node is not None and self.bookmarks_node.is_expanded
        cursor = self.cursor_node.data if self.cursor_node is not None else None
        if isinstance(cursor, NoteNode) and self.cursor_node and self.cursor_node.parent:
            cursor = self.cursor_node.parent.data  # "loading…", "searching…": their entry
        scroll_y = self.scroll_y
        saved_open = self.saved_searches.open_state()
        tags_open = self.tags.open_state()
        self.content = content
        self.clear()
        self.category_nodes.clear()
        self.leaves.clear()
        self.bookmarks_node = None
        self.saved_searches.node = None
        self.tags.node = None
        self.smart.entries.clear()
        self.smart_counts.marks_changed()
        root = self.root
        if self.river:
            self.smart.add()
        if content.bookmarks:
            self.bookmarks_node = self.add_entry(BookmarksNode(len(content.bookmarks)), None)
            if bookmarks_open:
                self._expand(self.bookmarks_node)
        self.saved_searches.add_node(*saved_open)
        self.tags.add_node(*tags_open)
        for category in self.visible_subcategories(content.model.root):
            self.add_category(root, category)
        if content.problems:
            root.add_leaf("", ProblemsNode(content.problems))
        for path in sorted(expanded, key=len):
            if (node := self.category_nodes.get(path)) is not None:
                self._expand(node, at_least=expanded[path])
        # Open categories hidden now (fully read, with U on) open again when shown again.
        self._hidden_open = {p: n for p, n in expanded.items() if p not in self.category_nodes}
        placing.restore_cursor(self, cursor)
        self.scroll_to(y=scroll_y, animate=False, immediate=True)

    def add_entry(self, data: NodeData, after: Node | None) -> Node:
        """Add an entry of the top level after `after` (first when None: after the smart lists
        in the river layout). In the river layout Bookmarks is a list, without leaves."""
        root = self.root
        if after is None and self.smart.entries:
            after = self.smart.last
        leaf = self.river and isinstance(data, BookmarksNode)
        add = root.add_leaf if leaf else root.add
        if after is not None:
            return add("", data, after=after)
        return add("", data, before=0) if root.children else add("", data)

    def add_child(self, parent: Node, data: NodeData) -> Node:
        """Add a list's entry under `parent`: a leaf in the river layout."""
        return parent.add_leaf("", data) if self.river else parent.add("", data)

    def add_category(self, parent: Node, category: Category) -> None:
        """Add a category's entry; in the river layout one without sub-categories shown is a
        leaf (its articles are the article list's, not the tree's)."""
        data = CategoryNode(category)
        if self.river and not self.visible_subcategories(category):
            self.category_nodes[category.path] = parent.add_leaf("", data)
        else:
            self.category_nodes[category.path] = parent.add("", data)

    def reopen(self, node: Node, is_open: Callable[[NodeData | None], bool]) -> None:
        """Expand `node` and those of its children that were open (`is_open`) before it was
        made anew, adding their children first."""
        children.populate(self, node)
        node.expand()
        for child in node.children:
            if is_open(child.data) and child.allow_expand:
                children.populate(self, child)
                child.expand()

    def update_marks(self, article_ids: Iterable[str], categories: Iterable[Category]) -> None:
        """Repaint the entries of articles and categories whose marks or counts changed, and
        the smart lists' entries (their counts are taken again when they are painted)."""
        self.smart_counts.marks_changed()
        self.smart.refresh()
        for article_id in article_ids:
            for node in self.leaves.of(article_id):
                node.refresh()
        for category in categories:
            if (shown := self.category_nodes.get(category.path)) is not None:
                shown.refresh()

    def set_bookmarks(self, bookmarks: list[Bookmark]) -> None:
        """Show a new list of bookmarks (the rest of the tree is kept as it is)."""
        self.content.bookmarks = bookmarks
        node = self.bookmarks_node
        if node is None and bookmarks:
            self.bookmarks_node = self.add_entry(BookmarksNode(len(bookmarks)), None)
            return
        if node is None:
            return
        if not bookmarks:
            node.remove()
            self.bookmarks_node = None
            return
        node.data = BookmarksNode(len(bookmarks))
        if self.river:
            node.refresh()  # its count: its articles are the article list's
            return
        was_open = node.is_expanded
        node.remove_children()
        node.data.loaded = False
        self.leaves.forget_gone()
        if was_open:
            self._expand(node)
        node.refresh()

    # -- what is under the cursor ---------------------------------------------------------------

    @property
    def cursor_article(self) -> Article | None:
        data = self.cursor_node.data if self.cursor_node is not None else None
        if isinstance(data, ArticleNode):
            return data.article
        if isinstance(data, BookmarkNode | FoundNode):
            return data.article
        return None

    @property
    def cursor_category(self) -> Category | None:
        """The category under the cursor, or the one holding the article under it."""
        node = self.cursor_node
        data = node.data if node is not None else None
        if isinstance(data, CategoryNode):
            return data.category
        if isinstance(data, ArticleNode | MoreNode):
            return data.category
        return None

    @property
    def cursor_spec(self) -> ListSpec | None:
        """River layout: the list of the entry under the cursor, if it is one."""
        node = self.cursor_node
        return list_of(node.data) if node is not None else None

    def found_category(self, article: Article) -> Category | None:
        """Where an article found by a saved search lives, for next and previous."""
        if not article.categories:
            return None
        return self.content.model.find(article.categories[0])

    def reveal(self, article_id: str, path: CategoryPath | None) -> bool:
        """Expand down to the article in category `path` (or under Bookmarks when None) and put
        the cursor on it; False when it is not shown (filtered out, or gone)."""
        return placing.reveal(self, article_id, path)

    # -- building nodes -------------------------------------------------------------------------

    def visible_subcategories(self, category: Category) -> list[Category]:
        children = category.subcategories()
        if self.content.unread_only:
            return [c for c in children if c.unread]
        return children

    def expand_node(self, node: Node) -> None:
        """Expand a category (or Bookmarks), adding its children first, at once."""
        self._expand(node)

    def toggle_node(self, node: Node) -> None:
        if node.is_expanded:
            node.collapse()
        else:
            self._expand(node)

    def _expand(self, node: Node, at_least: int = 0) -> None:
        children.populate(self, node)
        data = node.data
        if isinstance(data, CategoryNode):
            while children.loaded_count(node) < at_least and children.load_more(self, node):
                pass
        node.expand()

    def move_to(self, node: Node) -> None:
        _ = self.last_line  # lays the lines out, so the node knows its line
        self.move_cursor(node)

    # -- events ---------------------------------------------------------------------------------

    def on_tree_node_expanded(self, event: Tree.NodeExpanded[NodeData]) -> None:
        event.stop()
        children.populate(self, event.node)

    def on_tree_node_highlighted(self, event: Tree.NodeHighlighted[NodeData]) -> None:
        # not stopped: the screen refreshes its keys on it
        if not self.river:
            return
        spec = list_of(event.node.data)
        if spec is not None and spec != self._chosen:  # not again when `show` puts it back
            self._chosen = spec
            self.post_message(self.ListChosen(spec))

    def action_select_cursor(self) -> None:
        node = self.cursor_node
        to_list = self.river and node is not None and list_of(node.data) is not None
        if to_list:
            self.focus_pending = True  # keys after enter wait until its list is shown
        super().action_select_cursor()
        if to_list and self.list_pane is not None and self.list_pane.display:
            self.screen.set_focus(self.list_pane)  # now: the next key typed goes to the list

    def on_tree_node_selected(self, event: Tree.NodeSelected[NodeData]) -> None:
        event.stop()
        data = event.node.data
        if self.river and (spec := list_of(data)) is not None:
            self._chosen = spec
            self.post_message(self.ListChosen(spec, focus_list=True))
            return
        if isinstance(data, ArticleNode):
            self.post_message(self.ArticleChosen(data.article, data.category))
        elif isinstance(data, BookmarkNode):
            if data.article is not None:
                self.post_message(self.ArticleChosen(data.article, None))
            else:
                self.post_message(self.MissingChosen(data.bookmark))
        elif isinstance(data, MoreNode) and event.node.parent is not None:
            parent = event.node.parent
            index = parent.children.index(event.node)
            children.load_more(self, parent)
            if index < len(parent.children):
                self.move_to(parent.children[index])
        elif isinstance(data, ProblemsNode):
            self.post_message(self.ProblemsChosen())
        elif isinstance(data, FoundNode):
            category = self.found_category(data.article)
            self.post_message(self.ArticleChosen(data.article, category, data.query))
        elif isinstance(data, CategoryNode | BookmarksNode | SavedSearchesNode | SavedSearchNode):
            self.toggle_node(event.node)
        elif isinstance(data, TagsNode | TagNode):
            self.toggle_node(event.node)

    # -- labels ---------------------------------------------------------------------------------

    def notify_style_update(self) -> None:
        self.entry_labels.forget_styles()  # a new theme: labels take the new component styles
        super().notify_style_update()

    def render_label(self, node: Node, base_style: Style, style: Style) -> Text:
        data = node.data
        if data is None:
            return super().render_label(node, base_style, style)
        return self.entry_labels.render(node, data, base_style, style)
