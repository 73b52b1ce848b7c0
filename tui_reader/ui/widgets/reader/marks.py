"""Highlights in the reading pane: a search's terms, and find in the article with its find bar.

A mixin of `Reader`, kept apart so the pane's own module stays about showing and scrolling.
Highlights are styles on copies of the rendered blocks (see `ui.widgets.reader.highlight`); the text
never changes. Stepping between find matches renders the body once at the pane's width to learn
which line each match is on, then scrolls that line into view. For a large article (1 MB of text:
about 0.2 s to mark, 1.1 s to place; BENCHMARKS.md, "Find") typing is debounced and both the marking
and the placing run in thread workers, so the UI never waits on them.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING, Protocol, cast

from rich.console import Group, RenderableType
from textual import work
from textual.geometry import Region, Size
from textual.timer import Timer
from textual.widgets import Static

from tui_reader.render.article import RenderedArticle, body_renderable
from tui_reader.ui.widgets.reader.find_bar import FindBar
from tui_reader.ui.widgets.reader.highlight import (
    Marked,
    Marks,
    find_pattern,
    mark,
    mark_header,
    match_lines,
)

LARGE = 20_000  # characters of text: past this, find is debounced and matches placed in a worker
DEBOUNCE = 0.15  # seconds of quiet typing before a large article is searched

if TYPE_CHECKING:
    from tui_reader.ui.widgets.reader.reader import Reader

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
    find_count: int = 0  # find matches marked (at most `highlight.MAX_MATCHES`)
    find_total: int = 0  # find matches in all
    find_index: int = -1  # position of the current match in `_find_order`, -1 for none
    _find_order: list[tuple[int, int]] | None = None  # (line, match number), in reading order
    _generation = 0  # bumped whenever matches move: a worker's late answer is then dropped
    _find_timer: Timer | None = None
    _to_first_search_match = False  # opened from search: scroll to its first match once shown

    def reset_marks(self) -> None:
        """No highlights (a new article is opening); the find bar closes."""
        self.marks = Marks()
        self._paint_generation += 1
        self._marking = False
        self._step_after_marking = 0
        self._to_first_search_match = False
        self.find_count = self.find_total = 0
        self._forget_matches()
        if self.is_mounted and (bar := self.query_one(FindBar)).is_open:
            bar.close()  # only when open: closing updates the bar, which costs a layout

    def set_search_terms(self, pattern: re.Pattern[str] | None, go_to_first: bool = False) -> None:
        """Highlight a search's terms (None clears them); kept until another article opens.
        `go_to_first`: once the body is laid out, scroll to the first match, unless the title
        shows one (an article opened from the search results, not where it was left)."""
        self.marks.search = pattern
        self._to_first_search_match = go_to_first and pattern is not None
        self.paint_marks()

    def first_search_match_due(self) -> bool:
        """Whether the body just laid out is to be scrolled to the first search match (once:
        then call `go_to_first_search_match`)."""
        if not self._to_first_search_match or self.rendered is None:
            return False
        self._to_first_search_match = False
        pattern, article = self.marks.search, self.article
        # a match in the title is in view at the top
        return not (pattern is None or article is None or pattern.search(article.title))

    def go_to_first_search_match(self) -> None:
        """Scroll to the body's first search match (placed in a worker for a large article)."""
        pattern = self.marks.search
        if self.rendered is None or pattern is None:
            return
        blocks, width = self.rendered.body, self._body().content_size.width
        if self._large:
            self._place_search_match(blocks, pattern, width, self._generation)
        else:
            self._at_search_match(_place(blocks, Marks(find=pattern), width), self._generation)

    @work(thread=True, exclusive=True, group="find", exit_on_error=False, name="first match")
    def _place_search_match(
        self, blocks: list[RenderableType], pattern: re.Pattern[str], width: int, generation: int
    ) -> None:
        order = _place(blocks, Marks(find=pattern), width)
        self.app.call_from_thread(self._at_search_match, order, generation)

    def _at_search_match(self, order: list[tuple[int, int]], generation: int) -> None:
        if generation == self._generation and order:
            self._scroll_to_line(order[0][0])

    @property
    def has_search_terms(self) -> bool:
        return self.marks.search is not None

    @property
    def find_is_open(self) -> bool:
        return self.query_one(FindBar).is_open

    def open_find(self) -> None:
        self.query_one(FindBar).open()

    @property
    def _large(self) -> bool:
        return self.rendered is not None and len(self.rendered.plain_text) > LARGE

    def on_find_bar_changed(self, message: FindBar.Changed) -> None:
        message.stop()
        if self._find_timer is not None:
            self._find_timer.stop()
            self._find_timer = None
        if self._large and message.text:
            self._find_timer = self.set_timer(DEBOUNCE, lambda: self._find(message.text))
        else:
            self._find(message.text)

    def _find(self, text: str) -> None:
        self._find_timer = None
        self.marks.find = find_pattern(text)
        self._forget_matches()
        self.paint_marks()
        if not self._marking:  # else the count comes with the marks
            self.query_one(FindBar).show_count(0, self.find_count, self.find_total)

    def on_find_bar_stepped(self, message: FindBar.Stepped) -> None:
        message.stop()
        self.step_match(message.step)

    def on_find_bar_closed(self, message: FindBar.Closed) -> None:
        message.stop()
        self.focus()

    def step_match(self, step: int) -> None:
        """Make the next (1) or previous (-1) find match current and scroll it into view."""
        if self._find_timer is not None:  # typing is still being debounced: search now
            self._find_timer.stop()
            self._find(self.query_one(FindBar).text)
        if self._marking:  # a large article's matches are being marked: step once they are
            self._step_after_marking = step
            return
        order = self._match_order(step)
        if not order:
            return
        if self.find_index < 0:
            self.find_index = 0 if step > 0 else len(order) - 1
        else:
            self.find_index = (self.find_index + step) % len(order)
        line, number = order[self.find_index]
        self.marks.current = number
        self.paint_marks()
        self.query_one(FindBar).show_count(self.find_index + 1, len(order), self.find_total)
        self._scroll_to_line(line)

    def _scroll_to_line(self, line: int) -> None:
        """Bring a body line into view, a third of the way down the pane."""
        top = self._body().virtual_region.y + line - self.scrollable_content_region.height // 3
        self.scroll_to(y=max(0, top), animate=False, immediate=True)

    def _match_order(self, step: int) -> list[tuple[int, int]]:
        """Find matches in reading order, by the line each starts on at the current width; for a
        large article the first call starts a worker (which then takes the step) and gives []."""
        if self._find_order is None:
            if self.rendered is None or not self.find_count:
                return []
            blocks = self.rendered.body
            width = self._body().content_size.width
            if self._large:
                self._place_matches(blocks, self.marks, width, self._generation, step)
                return []
            self._find_order = _place(blocks, self.marks, width)
        return self._find_order

    @work(thread=True, exclusive=True, group="find", exit_on_error=False, name="find")
    def _place_matches(
        self, blocks: list[RenderableType], marks: Marks, width: int, generation: int, step: int
    ) -> None:
        order = _place(blocks, marks, width)
        self.app.call_from_thread(self._placed, order, generation, step)

    def _placed(self, order: list[tuple[int, int]], generation: int, step: int) -> None:
        if generation == self._generation:
            self._find_order = order
            self.step_match(step)

    def _forget_matches(self) -> None:
        self._generation += 1
        self.find_index = -1
        self.marks.current = -1
        self._find_order = None

    def forget_match_lines(self) -> None:
        """The body's lines moved (a new width, an image's rows): place find matches again."""
        self._find_order = None
        self._generation += 1

    def notify_style_update(self) -> None:
        super().notify_style_update()
        if self.rendered is not None and self.marks.active:  # a new theme: its colours
            self.paint_marks()

    def paint_marks(self) -> None:
        """Show the rendered article with the current highlights."""
        rendered = self.rendered
        if rendered is None:
            return
        self.find_count = self.find_total = 0
        self._paint_generation += 1  # what a mark worker still paints is out of date
        self._marking = False
        if not self.marks.active:  # the body as laid out ahead (maybe in the render worker)
            self.query_one("#article-header", Static).update(rendered.header)
            self._body().update(rendered.body_view())
            return
        marks = self.marks
        marks.search_style = self.get_component_rich_style("reader--search-match")
        marks.find_style = self.get_component_rich_style("reader--find-match")
        marks.current_style = self.get_component_rich_style("reader--find-current")
        if self._large:  # marking 1 MB of text holds the UI thread for a second: a worker's job
            self._marking = True
            self._mark_in_worker(rendered, replace(marks), self._paint_generation)
            return
        self._show_marked(rendered, marks, mark(rendered.body, marks))

    _paint_generation = 0  # bumped by every paint: a mark worker's late answer is then dropped
    _marking = False  # a mark worker is painting the newest marks
    _step_after_marking = 0  # a step asked for while it was (taken when its answer comes)

    @work(thread=True, exclusive=True, group="marks", exit_on_error=False, name="marks")
    def _mark_in_worker(self, rendered: RenderedArticle, marks: Marks, paint: int) -> None:
        marked = mark(rendered.body, marks)
        self.app.call_from_thread(self._marked, rendered, marks, marked, paint)

    def _marked(self, rendered: RenderedArticle, marks: Marks, marked: Marked, paint: int) -> None:
        if paint != self._paint_generation or rendered is not self.rendered:
            return
        self._marking = False
        self._show_marked(rendered, marks, marked)
        if marks.find is not None and self.find_index < 0:  # the count `_find` could not show
            self.query_one(FindBar).show_count(0, self.find_count, self.find_total)
        step, self._step_after_marking = self._step_after_marking, 0
        if step:
            self.step_match(step)

    def _show_marked(self, rendered: RenderedArticle, marks: Marks, marked: Marked) -> None:
        self.find_count, self.find_total = marked.find_count, marked.find_total
        self.query_one("#article-header", Static).update(mark_header(rendered.header, marks))
        self._body().update(body_renderable(marked.blocks))

    def _body(self) -> _Body:
        return cast(_Body, self.query_one("#article-body"))


def _place(blocks: list[RenderableType], marks: Marks, width: int) -> list[tuple[int, int]]:
    """(line, match number) of every find match at `width`, in reading order."""
    marked = mark(blocks, Marks(find=marks.find))
    lines = match_lines(Group(*marked.blocks), width)
    return sorted((line, number) for number, line in lines.items())
