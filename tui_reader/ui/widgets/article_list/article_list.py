"""The article list: one full-width row per article of a category, smart list or search.

A virtual list on Textual's line API: the widget is a `ScrollView` whose virtual height is the
number of lines, and `render_line` draws a line only when it is on screen. A list of 100k rows
costs its `Rows` (a reference per article) and the rows on screen, never a widget per row.
A drawn line is kept as a `Strip`, by (line, width, cursor or not), in a bounded cache that
`show` and `repaint_rows` drop, so scrolling back costs nothing and a change of marks costs the
rows on screen.

The top line is the list's header (its title and "N articles", of the whole list while only its
head is shown: `Rows.head`), fixed while the rest scrolls;
day headers (`Rows(days=True)`) are lines the cursor skips. The cursor of each list (by its key)
is remembered while the reader runs: showing the list again puts it back on the same article.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.geometry import Region, Size, Spacing
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from tui_reader.core.library.api import Article
from tui_reader.ui.model.river import DayHeader, Rows
from tui_reader.ui.widgets.article_list import row
from tui_reader.ui.widgets.article_list.look import NoLook, RowLook, marks_of

CACHED_STRIPS = 256  # lines kept drawn (~3.5 KB each at 120 columns): a few screens, at any length
EMPTY = "No articles"
HEADER_SPACING = Spacing(1, 0, 0, 0)  # the fixed header line above the scrolled lines
# Remembered for a list left with the cursor on its first article and the view at the top: it is
# shown again from its top, so the articles that came in above the one that was first show.
AT_TOP = ("", 0, 0)


class ArticleList(ScrollView, can_focus=True):
    """Rows of articles; posts `Highlighted` when the cursor moves and `Opened` on enter or a
    second click."""

    DEFAULT_CSS = """
    ArticleList {
        background: $surface;
        scrollbar-size-vertical: 1;
        overflow-x: hidden;
        overflow-y: auto;
    }
    ArticleList > .article-list--header {
        background: $panel;
        color: $foreground;
        text-style: bold;
    }
    ArticleList > .article-list--day { color: $text-muted; }
    ArticleList > .article-list--unread { color: $accent; }
    ArticleList > .article-list--bookmark { color: $warning; }
    ArticleList > .article-list--date { color: $text-muted; }
    ArticleList > .article-list--source { color: $text-secondary; }
    ArticleList > .article-list--title { text-style: bold; }
    ArticleList > .article-list--read { color: $text-muted; }
    ArticleList > .article-list--highlight { text-style: underline; }
    ArticleList > .article-list--dim { color: $text-muted; }
    ArticleList > .article-list--time { color: $text-muted; }
    ArticleList > .article-list--cursor {
        background: $block-cursor-blurred-background;
        color: $block-cursor-blurred-foreground;
    }
    ArticleList:focus > .article-list--cursor {
        background: $block-cursor-background;
        color: $block-cursor-foreground;
    }
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        f"article-list--{name}" for name in (*row.STYLE_NAMES, "cursor")
    }

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down,j", "cursor_down", "Down", id="list_down", show=False),
        Binding("up,k", "cursor_up", "Up", id="list_up", show=False),
        Binding("home,g", "first", "First", id="list_first", show=False),
        Binding("end,G", "last", "Last", id="list_last", show=False),
        Binding("pageup", "page_up", "Page up", id="list_page_up", show=False),
        Binding("pagedown", "page_down", "Page down", id="list_page_down", show=False),
        Binding("enter", "open", "Open", id="list_open", show=False),
    ]

    class Opened(Message):
        """An article was opened (enter, or a click on the row under the cursor). Handle with
        `on_article_list_opened`."""

        def __init__(self, article: Article, key: str) -> None:
            super().__init__()
            self.article = article
            self.key = key  # the list it was opened from

    class Highlighted(Message):
        """The cursor moved, or another list is shown: `article` is under the cursor now (None in
        an empty list). One still waiting in the queue is replaced by the next. Handle with
        `on_article_list_highlighted`."""

        def __init__(self, article: Article | None, key: str) -> None:
            super().__init__()
            self.article = article
            self.key = key

        def can_replace(self, message: Message) -> bool:
            # Only where the cursor is now matters: with a key held down, a slow handler sees
            # the latest move instead of working through every row passed.
            return isinstance(message, ArticleList.Highlighted)

    def __init__(
        self,
        look: RowLook | None = None,
        *,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self._look: RowLook = look or NoLook()
        self.rows = Rows([])
        self.key = ""
        self._title = ""
        self._cursor = 0
        # Each list's cursor: its key -> (article id, line, the line's distance from the top).
        self._remembered: dict[str, tuple[str, int, int]] = {}
        self._strips: LRUCache[tuple[int, int, bool], Strip] = LRUCache(CACHED_STRIPS)
        self._styles: dict[str, Style] | None = None
        self._today = date.today()

    # The list shown

    def show(self, rows: Rows, key: str, *, title: str = "", keep: str | None = None) -> None:
        """Show `rows` as the list named `key`. The cursor goes back where it was when this key
        was last shown (on the same article, as far from the top; at the top when it was on the
        first article there, so articles that came in above show), else onto `keep` (an article
        id), else onto the first article."""
        self._remember()
        self.rows = rows
        self.key = key
        self._title = title
        self._forget_strips()
        self.virtual_size = Size(0, len(rows) + 1)  # the header line too
        line, offset = self._start_line(key, keep)
        self._cursor = self._article_at(line)
        if offset is not None:
            self._scroll_y_to(self._cursor - offset)
        else:
            self._scroll_y_to(0)
        self._scroll_to_cursor()
        self.refresh()
        self.post_message(self.Highlighted(self.current, key))

    def _remember(self) -> None:
        article = self.current
        if self.key and article is not None:
            if round(self.scroll_y) == 0 and self._cursor == self.rows.article_line(-1, 1):
                self._remembered[self.key] = AT_TOP  # shown again from its top
                return
            self._remembered[self.key] = (
                article.id, self._cursor, self._cursor - round(self.scroll_y)
            )  # fmt: skip

    def starts_at_top(self, key: str) -> bool:
        """Whether the list `key`, shown now, would show from its top with the cursor on its
        first article (not shown before, or left there)."""
        return self._remembered.get(key, AT_TOP) is AT_TOP and not (key == self.key and (
            self._cursor != (self.rows.article_line(-1, 1) or 0) or round(self.scroll_y)
        ))  # fmt: skip

    def _start_line(self, key: str, keep: str | None) -> tuple[int, int | None]:
        remembered = self._remembered.get(key)
        if remembered is AT_TOP:
            return 0, None
        if remembered is not None:
            article_id, line, offset = remembered
            if not self._is_article(line, article_id):  # the list changed: look it up
                found = self.rows.line_of(article_id)
                line = line if found is None else found
            return line, offset
        if keep is not None:
            found = self.rows.line_of(keep)
            if found is not None:
                return found, None
        return 0, None

    def _is_article(self, line: int, article_id: str) -> bool:
        if not 0 <= line < len(self.rows):
            return False
        item = self.rows[line]
        return isinstance(item, Article) and item.id == article_id

    @property
    def look(self) -> RowLook:
        """What the rows are drawn by (read, bookmarked…); setting it draws them again."""
        return self._look

    @look.setter
    def look(self, look: RowLook) -> None:
        self._look = look
        self.repaint_rows()

    @property
    def current(self) -> Article | None:
        """The article under the cursor."""
        if not 0 <= self._cursor < len(self.rows):
            return None
        item = self.rows[self._cursor]
        return item if isinstance(item, Article) else None

    @property
    def cursor(self) -> int:
        """The line of the cursor (always an article line in a list that has articles)."""
        return self._cursor

    @cursor.setter
    def cursor(self, line: int) -> None:
        self._move_to(line)

    def select(self, article_id: str) -> bool:
        """Move the cursor onto the article, if it is listed."""
        line = self.rows.line_of(article_id)
        if line is None:
            return False
        self._move_to(line)
        return True

    def repaint_rows(self, article_ids: Iterable[str] = ()) -> None:
        """Draw the rows again after marks changed (read, bookmarked, tagged…). The rows on
        screen are drawn again whichever ids are named: that costs one screen."""
        self._forget_strips()
        self.refresh()

    def _forget_strips(self) -> None:
        self._strips.clear()
        self._today = datetime.now().astimezone().date()

    def notify_style_update(self) -> None:
        super().notify_style_update()  # focus changes come here too (the cursor's colours)
        self._styles = None
        self._strips.clear()

    # The cursor

    def _article_at(self, line: int) -> int:
        """`line` clamped to the list, moved off a day header onto the article below it (above
        it at the end)."""
        rows = self.rows
        if not len(rows):
            return 0
        line = min(max(line, 0), len(rows) - 1)
        if isinstance(rows[line], DayHeader):
            below = rows.article_line(line, 1)
            line = below if below is not None else (rows.article_line(line, -1) or 0)
        return line

    def _move_to(self, line: int) -> None:
        line = self._article_at(line)
        before = self._cursor
        self._cursor = line
        self._scroll_to_cursor()
        if line != before:
            self.refresh_lines(before + 1)
            self.refresh_lines(line + 1)
            self.post_message(self.Highlighted(self.current, self.key))

    def _scroll_y_to(self, y: int) -> None:
        if self.is_mounted:  # (before, the first layout puts the cursor on screen)
            self.scroll_to(y=y, animate=False, immediate=True, force=True)

    def _scroll_to_cursor(self) -> None:
        if not self.is_mounted:
            return
        line = self._cursor
        # the day's header comes into view with the first article of the day
        top = line - 1 if line > 0 and isinstance(self.rows[line - 1], DayHeader) else line
        width = max(self.scrollable_content_region.width, 1)
        self.scroll_to_region(
            Region(0, top + 1, width, line - top + 1),
            spacing=HEADER_SPACING, animate=False, force=True, immediate=True,
        )  # fmt: skip

    @property
    def page_height(self) -> int:
        """Lines scrolled by a page: the lines on screen but the header."""
        return max(self.scrollable_content_region.height - 1, 1)

    def action_cursor_down(self) -> None:
        line = self.rows.article_line(self._cursor, 1)
        if line is not None:
            self._move_to(line)

    def action_cursor_up(self) -> None:
        line = self.rows.article_line(self._cursor, -1)
        if line is not None:
            self._move_to(line)
        elif self._cursor == self._article_at(0):
            self._scroll_y_to(0)  # the day header above

    def action_first(self) -> None:
        self._move_to(0)
        self._scroll_y_to(0)

    def action_last(self) -> None:
        self._move_to(len(self.rows) - 1)

    def action_page_down(self) -> None:
        self._page(1)

    def action_page_up(self) -> None:
        self._page(-1)

    def _page(self, direction: int) -> None:
        """The cursor and the lines move together by a page, so the cursor keeps its place on
        screen; at either end the cursor goes to the first or last article."""
        page = self.page_height * direction
        self._scroll_y_to(round(self.scroll_y) + page)
        self._move_to(self._cursor + page)

    def action_open(self) -> None:
        article = self.current
        if article is not None:
            self.post_message(self.Opened(article, self.key))

    async def _on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None or offset.y < 1:
            return  # the header line
        line = round(self.scroll_y) + offset.y - 1
        if not 0 <= line < len(self.rows) or isinstance(self.rows[line], DayHeader):
            return
        if line == self._cursor:
            self.action_open()
        else:
            self._move_to(line)

    def on_resize(self) -> None:
        self._scroll_to_cursor()

    # Drawing

    def _get_styles(self) -> dict[str, Style]:
        if self._styles is None:
            self._styles = {
                name: self._component_style(name) for name in (*row.STYLE_NAMES, "cursor")
            }
        return self._styles

    def _component_style(self, name: str) -> Style:
        """The partial style of a component class (it goes on top of the widget's own), with
        the colour of the full style: a partial style cannot resolve `auto` colours
        ($text-muted is "auto 60%"), which come out white, unreadable on a light theme."""
        component = f"article-list--{name}"
        partial = self.get_component_rich_style(component, partial=True)
        if partial.color is not None:
            partial += Style(color=self.get_component_rich_style(component).color)
        return partial

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        if y == 0:
            return self._strip(-1, width, False)
        line = round(self.scroll_y) + y - 1
        if line >= len(self.rows) and not (line == 0 and not len(self.rows)):
            return Strip.blank(width, self.rich_style)
        return self._strip(line, width, line == self._cursor and len(self.rows) > 0)

    def _strip(self, line: int, width: int, cursor: bool) -> Strip:
        key = (line, width, cursor)
        strip = self._strips.get(key)
        if strip is None:
            styles = self._get_styles()
            segments = Segment.apply_style(
                self._segments(line, width, styles),
                self.rich_style,
                post_style=styles["cursor"] if cursor else None,
            )
            strip = Strip(segments, width)
            self._strips[key] = strip
        return strip

    def _segments(self, line: int, width: int, styles: dict[str, Style]) -> list[Segment]:
        if line < 0:
            return row.header_segments(self._title, self.rows.total, width, styles)
        if not len(self.rows):
            return [Segment(row.fit(" " + EMPTY, width), styles["dim"])]
        item = self.rows[line]
        if isinstance(item, DayHeader):
            return row.day_segments(item.label, width, styles)
        return row.row_segments(
            item, marks_of(self._look, item.id), width, styles,
            mixed_sources=self.rows.mixed_sources, today=self._today,
        )  # fmt: skip
