"""Highlights in the reading pane: a search's terms, and find in the article with its find bar.

A mixin of `Reader`, kept apart so the pane's own module stays about showing and scrolling.
Highlights are styles on copies of the rendered blocks (see `ui.highlight`); the text never
changes. Stepping between find matches renders the body once at the pane's width to learn which
line each match is on, then scrolls that line into view.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Protocol, cast

from rich.console import Group, RenderableType
from rich.text import Text
from textual.geometry import Region, Size
from textual.widgets import Static

from tui_reader.ui.highlight import Marks, find_pattern, mark, mark_header, match_lines
from tui_reader.ui.widgets.find_bar import FindBar

if TYPE_CHECKING:
    from tui_reader.ui.widgets.reader import Reader

    _Base = Reader
else:
    _Base = object


class _Body(Protocol):
    """What the pane's body widget offers (a Static, or a widget that shows lines)."""

    content_size: Size
    virtual_region: Region

    def update(self, content: RenderableType = "") -> None: ...


class ReaderMarks(_Base):
    """Search-term highlights and find in the article, for `Reader`."""

    marks: Marks
    find_count: int = 0
    find_index: int = -1  # position of the current match in `_find_order`, -1 for none
    _find_order: list[tuple[int, int]] | None = None  # (line, match number), in reading order

    def reset_marks(self) -> None:
        """No highlights (a new article is opening); the find bar closes."""
        self.marks = Marks()
        self.find_count = 0
        self._forget_matches()
        if self.is_mounted:
            self.query_one(FindBar).close()

    def set_search_terms(self, pattern: re.Pattern[str] | None) -> None:
        """Highlight a search's terms (None clears them); kept until another article opens."""
        self.marks.search = pattern
        self.paint_marks()

    @property
    def has_search_terms(self) -> bool:
        return self.marks.search is not None

    @property
    def find_is_open(self) -> bool:
        return self.query_one(FindBar).is_open

    def open_find(self) -> None:
        self.query_one(FindBar).open()

    def on_find_bar_changed(self, message: FindBar.Changed) -> None:
        message.stop()
        self.marks.find = find_pattern(message.text)
        self._forget_matches()
        self.paint_marks()
        self.query_one(FindBar).show_count(0, self.find_count)

    def on_find_bar_stepped(self, message: FindBar.Stepped) -> None:
        message.stop()
        self.step_match(message.step)

    def on_find_bar_closed(self, message: FindBar.Closed) -> None:
        message.stop()
        self.focus()

    def step_match(self, step: int) -> None:
        """Make the next (1) or previous (-1) find match current and scroll it into view."""
        order = self._match_order()
        if not order:
            return
        if self.find_index < 0:
            self.find_index = 0 if step > 0 else len(order) - 1
        else:
            self.find_index = (self.find_index + step) % len(order)
        line, number = order[self.find_index]
        self.marks.current = number
        self.paint_marks()
        self.query_one(FindBar).show_count(self.find_index + 1, len(order))
        top = self._body().virtual_region.y + line - self.scrollable_content_region.height // 3
        self.scroll_to(y=max(0, top), animate=False, immediate=True)

    def _match_order(self) -> list[tuple[int, int]]:
        """Find matches in reading order, by the line each starts on at the current width."""
        if self._find_order is None:
            if self.rendered is None or not self.find_count:
                return []
            width = self._body().content_size.width
            marked = mark(self.rendered.body, Marks(find=self.marks.find))
            lines = match_lines(Group(*marked.blocks), width)
            self._find_order = sorted((line, number) for number, line in lines.items())
        return self._find_order

    def _forget_matches(self) -> None:
        self.find_index = -1
        self.marks.current = -1
        self._find_order = None

    def on_resize(self) -> None:
        self._find_order = None  # lines move when the width changes

    def notify_style_update(self) -> None:
        super().notify_style_update()
        if self.rendered is not None and self.marks.active:  # a new theme: its colours
            self.paint_marks()

    def paint_marks(self) -> None:
        """Show the rendered article with the current highlights."""
        rendered = self.rendered
        if rendered is None:
            return
        header, blocks = rendered.header, rendered.body
        self.find_count = 0
        if self.marks.active:
            marks = self.marks
            marks.search_style = self.get_component_rich_style("reader--search-match")
            marks.find_style = self.get_component_rich_style("reader--find-match")
            marks.current_style = self.get_component_rich_style("reader--find-current")
            header = mark_header(header, marks)
            marked = mark(blocks, marks)
            blocks, self.find_count = marked.blocks, marked.find_count
        self.query_one("#article-header", Static).update(header)
        self._body().update(Group(*blocks) if blocks else Text("(This article is empty.)"))

    def _body(self) -> _Body:
        return cast(_Body, self.query_one("#article-body"))
