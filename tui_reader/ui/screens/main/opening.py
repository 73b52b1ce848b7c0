"""The article open in the main screen: showing it, marking it read as configured, saving where
it was read to, and keeping it open with a notice when a rescan finds its file gone.

An object the screen owns (`MainScreen.opening`); the screen's `render_article` worker reads and
renders the article off the UI thread and posts back what it made, which comes here.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from rich.text import Text
from textual.timer import Timer

from tui_reader.core.library.api import Article
from tui_reader.core.sanitize import visible_name
from tui_reader.ui.messages import ArticleFailed, ArticleRendered
from tui_reader.ui.model.category_tree import Category
from tui_reader.ui.model.navigation import ReadingList
from tui_reader.ui.widgets.reader.reader import Reader

if TYPE_CHECKING:
    from tui_reader.ui.screens.main.screen import MainScreen

GONE_MARK = "⚠"  # starts the notice under the header of an open article whose file is gone


class Opening:
    """The open article of `screen`: where it was chosen from, its read mark and position."""

    def __init__(self, screen: MainScreen) -> None:
        self.screen = screen
        self.opened_from: Category | None = None
        self.opened_list: ReadingList | None = None  # the saved search it was chosen from
        self._pending_position: tuple[str, float] | None = None
        self._read_timer: Timer | None = None
        self._read_when_shown: str | None = None  # opened, marked read once its text is painted
        self._position_for_rerender: float | None = None  # where a re-rendered article goes back
        self._gone_id: str | None = None  # the open article whose header says its file is gone

    def leave(self) -> None:
        """The screen goes: save the position, and mark read the opened article whose text
        never came, as on leaving it, but only saved: the tree and the status line are gone."""
        self.save_position()
        article_id, self._read_when_shown = self._read_when_shown, None
        if article_id is not None and self.screen.state is not None:
            self.screen.state.set_read([article_id], True)

    def open(
        self, article: Article, category: Category | None, listed: ReadingList | None = None
    ) -> None:
        """Show `article` (rendered in the background) and mark it read as configured; `n` and
        `p` then go through `listed` when given, else through `category`."""
        screen = self.screen
        self.save_position()
        self.opened_from = category
        self.opened_list = listed
        screen.river.listed_open = False
        left = screen.sidebar.saved_searches.pin(listed.query if listed is not None else None)
        if left is not None and screen.snapshot is not None:
            screen.saved_runs.run(left, screen.snapshot)  # what it missed while it was read
        if self._read_timer is not None:
            self._read_timer.stop()
            self._read_timer = None
        self.mark_opened_read()  # the article opened before, if its text never came
        screen.reader.show_loading(article)  # clears highlights and closes the find bar
        screen.show_user_tags()
        screen.render_article(article, width=screen.reader.text_width)
        config = screen.reader_app.config
        if config.mark_read == "open":  # once its text is painted: the tree's frame comes next
            self._read_when_shown = article.id
        elif config.mark_read == "delay":
            self._read_timer = screen.set_timer(
                config.mark_read_delay, partial(self._mark_read_later, article.id)
            )

    def _mark_read_after_paint(self) -> None:
        """Mark the opened article read once the frame with its text is painted: the tree and
        the status line then change in a frame of their own, after the text's."""
        if self._read_when_shown is not None:
            self.screen.reader.call_after_paint(self.mark_opened_read)

    def mark_opened_read(self) -> None:
        """Mark the opened article read now if its mark is still waiting for its text: a key
        that changes read state calls this first, so changes apply in the order of the keys."""
        article_id, self._read_when_shown = self._read_when_shown, None
        if article_id is not None:
            self.screen.set_read([article_id], True)

    def _mark_read_later(self, article_id: str) -> None:
        reader = self.screen.reader
        if reader.article is not None and reader.article.id == article_id:
            self.screen.set_read([article_id], True)

    def rendered(self, message: ArticleRendered) -> None:
        screen = self.screen
        shown = screen.reader.article
        if shown is None or shown.id != message.article.id:
            return
        position = self._position_for_rerender
        self._position_for_rerender = None
        if position is None:
            position = screen.state.position(shown.id) if screen.state is not None else None
        screen.reader.show_article(message.article, message.rendered, position or 0.0)
        screen.refresh_bindings()
        self._mark_read_after_paint()

    def failed(self, message: ArticleFailed) -> None:
        shown = self.screen.reader.article
        if shown is not None and shown.id == message.article.id:
            self.screen.reader.show_error(message.article, message.reason)
            self.screen.refresh_bindings()
            self._mark_read_after_paint()

    def position_changed(self, message: Reader.PositionChanged) -> None:
        self._pending_position = (message.article.id, message.fraction)

    def save_position(self) -> None:
        pending, self._pending_position = self._pending_position, None
        if pending is not None and self.screen.state is not None:
            self.screen.state.set_position(*pending)

    def refresh(self) -> None:
        """After a rescan: re-render the open article if its file changed; keep it if gone."""
        screen = self.screen
        shown = screen.reader.article
        if shown is None or screen.snapshot is None:
            return
        fresh = screen.snapshot.by_id.get(shown.id)
        if fresh is None and self.is_gone(shown):
            self._show_gone(shown)
        elif fresh is not None and (
            self._gone_id == shown.id  # the file came back: its header loses the notice
            or (fresh.mtime_ns, fresh.size) != (shown.mtime_ns, shown.size)
        ):
            self._gone_id = None
            self._position_for_rerender = screen.reader.fraction
            screen.render_article(fresh, keep_position=True, width=screen.reader.text_width)

    def is_gone(self, article: Article) -> bool:
        """Whether `article`'s file was not found by the last full scan (it stays open)."""
        model = self.screen.model
        return model.complete and article.id not in model.articles

    def _show_gone(self, article: Article) -> None:
        """A line under the open article's header: its file is gone; the text stays."""
        reader = self.screen.reader
        rendered = reader.rendered
        if rendered is None or self._gone_id == article.id:
            return  # not shown (its error says why), or said already
        self._gone_id = article.id
        notice = f"\n{GONE_MARK} The file is gone ({visible_name(article.path)}): "
        notice += "the text stays until you leave it; it cannot be marked or bookmarked."
        rendered.header = Text.assemble(rendered.header, (notice, "bold"))
        reader.paint_marks()
