"""Messages from the library worker to the main screen.

Workers never touch widgets: they post these, and the screen updates the UI on its own thread.
Progress messages replace each other in the queue, so a fast scan cannot flood it.
"""

from __future__ import annotations

import threading

from textual.message import Message

from tui_reader.core.library.api import Article, ScanProgress, Snapshot
from tui_reader.render.article import RenderedArticle
from tui_reader.ui.model.category_tree import CategoryTree


class LibraryLoaded(Message):
    """A snapshot and its category model are ready (from the index, a partial scan or a full
    scan). `final` is True once the scan that produced it has finished.

    At start-up the first one may carry only the index's category counts (`model.complete`
    is False, the snapshot has the problems but no articles); the sender then waits for
    `shown`, to be set once the frame showing the tree is painted, before building the
    articles, so the first frame does not share the interpreter with that work."""

    def __init__(
        self,
        snapshot: Snapshot,
        model: CategoryTree,
        final: bool,
        shown: threading.Event | None = None,
    ) -> None:
        super().__init__()
        self.snapshot = snapshot
        self.model = model
        self.final = final
        self.shown = shown


class LibraryUnavailable(Message):
    """The library folder cannot be used (missing, not a folder, unreadable)."""

    def __init__(self, reason: str) -> None:
        super().__init__()
        self.reason = reason


class ScanProgressed(Message):
    """A scan moved on; the newest replaces any older one still queued."""

    def __init__(self, progress: ScanProgress) -> None:
        super().__init__()
        self.progress = progress

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, ScanProgressed)


class ArticleRendered(Message):
    """An article's body was read and rendered in the background."""

    def __init__(self, article: Article, rendered: RenderedArticle) -> None:
        super().__init__()
        self.article = article
        self.rendered = rendered


class ArticleFailed(Message):
    """An article's body could not be read or rendered."""

    def __init__(self, article: Article, reason: str) -> None:
        super().__init__()
        self.article = article
        self.reason = reason


class StateRefreshed(Message):
    """Another process or device changed the reading state; `read_ids` is the merged set."""

    def __init__(self, read_ids: set[str]) -> None:
        super().__init__()
        self.read_ids = read_ids


class StateWarned(Message):
    """The reading state met faults it says to the user (a synced log set aside, lines
    skipped, a device's clock far ahead); `warnings` are the new ones."""

    def __init__(self, warnings: list[str]) -> None:
        super().__init__()
        self.warnings = warnings


class ScanFinished(Message):
    """A load or rescan ended; `snapshot` is None when it failed or was cancelled. `load` is the
    number the screen gave that load (a cancelled one finishes after its replacement began)."""

    def __init__(self, snapshot: Snapshot | None, load: int = 0) -> None:
        super().__init__()
        self.snapshot = snapshot
        self.load = load


class StateOpened(Message):
    """The reading state store was opened in the background."""

    def __init__(self, state: object) -> None:
        super().__init__()
        self.state = state


class SavedSearchFound(Message):
    """A saved search ran in the background; `error` says why it could not."""

    def __init__(
        self,
        query: str,
        articles: list[Article],
        total: int,
        error: str,
        also: dict[str, str] | None = None,
    ) -> None:
        super().__init__()
        self.query = query
        self.articles = articles
        self.total = total
        self.error = error
        self.also = also or {}  # by article id: where else its story is ("also in …")


class StoriesLoaded(Message):
    """The stories of the search index, read after it was updated (see ui.model.stories)."""

    def __init__(self, story_map: dict[str, tuple[str, int]]) -> None:
        super().__init__()
        self.story_map = story_map


class RulesApplied(Message):
    """The tree of `snapshot` was built again (`model`) for the articles the rules hide now."""

    def __init__(self, snapshot: Snapshot, model: CategoryTree) -> None:
        super().__init__()
        self.snapshot = snapshot
        self.model = model
