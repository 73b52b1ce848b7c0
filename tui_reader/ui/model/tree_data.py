"""What each sidebar node stands for: the data attached to `Tree` nodes.

Labels are drawn from this data at paint time (see `widgets.sidebar.Sidebar.render_label`), so
a change of read state only needs the node repainted, and a theme change restyles every label.
"""

from __future__ import annotations

from dataclasses import dataclass

from tui_reader.core.library.api import Article
from tui_reader.core.state.api import Bookmark
from tui_reader.ui.model.category_tree import Category
from tui_reader.ui.model.smart_lists import ListSpec, SmartKind


@dataclass(eq=False, slots=True)
class CategoryNode:
    category: Category
    loaded: bool = False  # children are added on first expansion, never up front


@dataclass(eq=False, slots=True)
class ArticleNode:
    article: Article
    category: Category | None  # None under Bookmarks


@dataclass(eq=False, slots=True)
class MoreNode:
    """Stands for the articles of a big category past the pages already added."""

    category: Category
    offset: int
    remaining: int


@dataclass(eq=False, slots=True)
class BookmarksNode:
    count: int
    loaded: bool = False


@dataclass(eq=False, slots=True)
class BookmarkNode:
    bookmark: Bookmark
    article: Article | None  # None when the file has gone


@dataclass(eq=False, slots=True)
class ProblemsNode:
    count: int


@dataclass(eq=False, slots=True)
class SavedSearchesNode:
    """The virtual category holding the saved searches."""

    count: int
    loaded: bool = False


@dataclass(eq=False, slots=True)
class SavedSearchNode:
    """One saved query; its articles are found (in a worker) when it is expanded."""

    query: str
    total: int | None = None  # None until the query has run
    unread: int | None = None  # of the total, when known (the river layout counts its list)
    error: str = ""
    stale: bool = False  # closed when its articles may have changed: it runs again when opened
    asked: float = 0.0  # when its first run was asked for (time.monotonic)


@dataclass(eq=False, slots=True)
class FoundNode:
    """An article a saved search found."""

    article: Article
    query: str
    also: str = ""  # where else its story is: "also in IT之家 · 快科技 (+2)"


@dataclass(eq=False, slots=True)
class TagsNode:
    """The virtual category holding the personal tags."""

    count: int
    loaded: bool = False


@dataclass(eq=False, slots=True)
class TagNode:
    """One personal tag: its articles in the library, unread and in all."""

    name: str
    unread: int
    total: int
    loaded: bool = False


@dataclass(eq=False, slots=True)
class SmartNode:
    """A smart list of the river layout (All unread, Today, Last 7 days); its counts are
    `Sidebar.smart_counts`'."""

    kind: SmartKind


@dataclass(eq=False, slots=True)
class NoteNode:
    """A line of explanation in the tree ("searching…", "no matches")."""

    text: str


NodeData = (
    CategoryNode | ArticleNode | MoreNode | BookmarksNode | BookmarkNode | ProblemsNode
    | SavedSearchesNode | SavedSearchNode | FoundNode | NoteNode | TagsNode | TagNode | SmartNode
)  # fmt: skip


def list_of(data: NodeData | None) -> ListSpec | None:
    """The list an entry stands for in the river layout (None: it is no list)."""
    if isinstance(data, SmartNode):
        return ListSpec.smart(data.kind)
    if isinstance(data, CategoryNode):
        return ListSpec.category(data.category)
    if isinstance(data, BookmarksNode):
        return ListSpec.bookmarks()
    if isinstance(data, SavedSearchNode):
        return ListSpec.saved(data.query)
    if isinstance(data, TagNode):
        return ListSpec.tag(data.name)
    return None
