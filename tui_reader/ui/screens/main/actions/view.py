"""What the main screen's actions use of the screen (`MainView`), and the article the keys that
change one act on (`target_article`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from textual.app import App
from textual.notifications import SeverityLevel
from textual.signal import Signal

from tui_reader.core.library.api import Article
from tui_reader.ui.model.category_tree import Category, CategoryTree
from tui_reader.ui.model.navigation import ReadingList
from tui_reader.ui.model.stories import Stories
from tui_reader.ui.screens.library_watch import LibraryView

if TYPE_CHECKING:
    from collections.abc import Iterable

    from tui_reader.ui.screens.bulk import BulkActions
    from tui_reader.ui.screens.river import River
    from tui_reader.ui.screens.saved_runs import SavedRuns
    from tui_reader.ui.widgets.reader.reader import Reader
    from tui_reader.ui.widgets.sidebar.sidebar import Sidebar


class MainView(LibraryView, Protocol):
    """What the actions use of the main screen."""

    model: CategoryTree
    unread_only: bool
    stories: Stories
    last_query: str  # the last query typed in the search bar, for "Save last search"

    @property
    def app(self) -> App[object]: ...
    @property
    def sidebar(self) -> Sidebar: ...
    @property
    def reader(self) -> Reader: ...
    @property
    def opened_from(self) -> Category | None: ...
    @property
    def opened_list(self) -> ReadingList | None: ...
    @property
    def search_index_grew(self) -> Signal[bool]: ...

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None: ...
    def refresh_bindings(self) -> None: ...
    def open_article(
        self, article: Article, category: Category | None, listed: ReadingList | None = None
    ) -> None: ...
    def set_read(self, article_ids: list[str], read: bool) -> None: ...
    def mark_opened_read(self) -> None: ...
    def is_gone(self, article: Article) -> bool: ...
    def update_summary(self) -> None: ...
    def show_tree(self) -> None: ...
    def marks_changed(self, article_ids: list[str]) -> None: ...
    def repaint_rows(self, article_ids: Iterable[str]) -> None: ...
    @property
    def bulk(self) -> BulkActions: ...
    @property
    def river(self) -> River: ...
    @property
    def saved_runs(self) -> SavedRuns: ...
    def rebuild_tree(self) -> None: ...


def target_article(view: MainView) -> Article | None:
    """What r and b act on: the article under the list's or the tree's cursor, else the
    open one."""
    if view.river.active and view.river.listing.has_focus:
        return view.river.listing.current or view.reader.article
    sidebar = view.sidebar
    if sidebar.has_focus and (article := sidebar.cursor_article) is not None:
        return article
    return view.reader.article
