"""Highlights in the reading pane: a search's terms, and find in the article with its find bar.

`FindInArticle` is an object the `Reader` owns (`reader.find`), kept apart so the pane's own
module stays about showing and scrolling. Highlights are styles on copies of the rendered blocks
(see `ui.widgets.reader.highlight`); the text never changes. Stepping between find matches renders
the body once at the pane's width to learn which line each match is on, then scrolls that line
into view. For a large article (1 MB of text: about 0.2 s to mark, 1.1 s to place; BENCHMARKS.md,
"Find") typing is debounced and both the marking and the placing run in thread workers of the
pane, so the UI never waits on them. The workers report back only with messages to the pane
(`MarksPainted`, `MatchesPlaced`), which hands them to this object; each message names the paint
or the placing it answers, so a late answer is dropped.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import partial
from typing import TYPE_CHECKING, Protocol, cast

from rich.console import Group, RenderableType
from textual.geometry import Region, Size
from textual.message import Message
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

if TYPE_CHECKING:
    from tui_reader.ui.widgets.reader.reader import Reader

LARGE = 20_000  # characters of text: past this, find is debounced and matches placed in a worker
DEBOUNCE = 0.15  # seconds of quiet typing before a large article is searched

Order = list[tuple[int, int]]  # (line, match number) of each find match, in reading order


def is_large(rendered: RenderedArticle | None) -> bool:
    """Whether marking `rendered` and placing its matches is a worker's job."""
    return rendered is not None and len(rendered.plain_text) > LARGE


class MarksPainted(Message, bubble=False):
    """A mark worker's answer: the blocks of `rendered` with the highlights of paint `paint`."""

    def __init__(self, rendered: RenderedArticle, marks: Marks, marked: Marked, paint: int) -> None:
        super().__init__()
        self.rendered = rendered
        self.marks = marks
        self.marked = marked
        self.paint = paint


class MatchesPlaced(Message, bubble=False):
    """A placing worker's answer: where the matches are, for placing number `placing`. `step`
    is the step to take with them; 0 scrolls to the first (the search's first match)."""

    def __init__(self, order: Order, placing: int, step: int) -> None:
        super().__init__()
        self.order = order
        self.placing = placing
        self.step = step


class _Body(Protocol):
    """What the pane's body widget offers (a Static, or a widget that shows lines)."""

    content_size: Size
    virtual_region: Region

    def update(self, content: RenderableType = "") -> None: ...


class FindInArticle:
    """Search-term highlights and find in the article, for the `Reader` that owns it."""

    def __init__(self, reader: Reader) -> None:
        self.reader = reader
        self.marks = Marks()
        self.count = 0  # find matches marked (at most `highlight.MAX_MATCHES`)
        self.total = 0  # find matches in all
        self.index = -1  # position of the current match in `order`, -1 for none
        self.order: Order | None = None  # the matches by line, once placed at the current width
        self._placing = 0  # bumped whenever matches move: a placing worker's late answer is dropped
        self._paint = 0  # bumped by every paint: a mark worker's late answer is dropped
        self._marking = False  # a mark worker is painting the newest marks
        self._step_after_marking = 0  # a step asked for while it was (taken when its answer comes)
        self._timer: Timer | None = None  # a large article's find, while typing is debounced
        self._to_first_search_match = False  # opened from search: go to its first match once shown

    # --- the pane's state -----------------------------------------------------------------------

    @property
    def _rendered(self) -> RenderedArticle | None:
        return self.reader.rendered

    @property
    def _large(self) -> bool:
        return is_large(self.reader.rendered)

    def _bar(self) -> FindBar:
        return self.reader.query_one(FindBar)

    def _body(self) -> _Body:
        return cast(_Body, self.reader.query_one("#article-body"))

    # --- search terms ---------------------------------------------------------------------------

    def reset(self) -> None:
        """No highlights (a new article is opening); the find bar closes."""
        self.marks = Marks()
        self._paint += 1
        self._marking = False
        self._step_after_marking = 0
        self._to_first_search_match = False
        self.count = self.total = 0
        self._forget_matches()
        if self.reader.is_mounted and (bar := self._bar()).is_open:
            bar.close()  # only when open: closing updates the bar, which costs a layout

    def set_search_terms(self, pattern: re.Pattern[str] | None, go_to_first: bool = False) -> None:
        """Highlight a search's terms (None clears them); kept until another article opens.
        `go_to_first`: once the body is laid out, scroll to the first match, unless the title
        shows one (an article opened from the search results, not where it was left)."""
        self.marks.search = pattern
        self._to_first_search_match = go_to_first and pattern is not None
        self.paint()

    @property
    def has_search_terms(self) -> bool:
        return self.marks.search is not None

    def first_search_match_due(self) -> bool:
        """Whether the body just laid out is to be scrolled to the first search match (once:
        then call `go_to_first_search_match`)."""
        if not self._to_first_search_match or self._rendered is None:
            return False
        self._to_first_search_match = False
        pattern, article = self.marks.search, self.reader.article
        # a match in the title is in view at the top
        return not (pattern is None or article is None or pattern.search(article.title))

    def go_to_first_search_match(self) -> None:
        """Scroll to the body's first search match (placed in a worker for a large article)."""
        pattern, rendered = self.marks.search, self._rendered
        if rendered is None or pattern is None:
            return
        blocks, width = rendered.body, self._body().content_size.width
        if self._large:
            self._place_in_worker(blocks, Marks(find=pattern), width, step=0, name="first match")
        else:
            self._scroll_to_first(_place(blocks, Marks(find=pattern), width))

    def _scroll_to_first(self, order: Order) -> None:
        if order:
            self._scroll_to_line(order[0][0])

    # --- find -----------------------------------------------------------------------------------

    @property
    def is_open(self) -> bool:
        return self._bar().is_open

    def open(self) -> None:
        self._bar().open()
        # Find matches Chinese in either script: the variant tables load now, in a thread, not
        # on the UI thread at the first character typed.
        from tui_reader.core.search.api import load_tables

        self.reader.run_worker(
            load_tables, group="scripts", thread=True, exclusive=True, exit_on_error=False
        )

    def changed(self, text: str) -> None:
        """The text to find changed (debounced for a large article)."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        if self._large and text:
            self._timer = self.reader.set_timer(DEBOUNCE, partial(self._find, text))
        else:
            self._find(text)

    def _find(self, text: str) -> None:
        self._timer = None
        self.marks.find = find_pattern(text)
        self._forget_matches()
        self.paint()
        if not self._marking:  # else the count comes with the marks
            self._bar().show_count(0, self.count, self.total)

    def step(self, step: int) -> None:
        """Make the next (1) or previous (-1) find match current and scroll it into view."""
        if self._timer is not None:  # typing is still being debounced: search now
            self._timer.stop()
            self._find(self._bar().text)
        if self._marking:  # a large article's matches are being marked: step once they are
            self._step_after_marking = step
            return
        order = self._match_order(step)
        if not order:
            return
        if self.index < 0:
            self.index = 0 if step > 0 else len(order) - 1
        else:
            self.index = (self.index + step) % len(order)
        line, number = order[self.index]
        self.marks.current = number
        self.paint()
        self._bar().show_count(self.index + 1, len(order), self.total)
        self._scroll_to_line(line)

    def _scroll_to_line(self, line: int) -> None:
        """Bring a body line into view, a third of the way down the pane."""
        reader = self.reader
        top = self._body().virtual_region.y + line - reader.scrollable_content_region.height // 3
        reader.scroll_to(y=max(0, top), animate=False, immediate=True)

    def _match_order(self, step: int) -> Order:
        """Find matches in reading order, by the line each starts on at the current width; for a
        large article the first call starts a worker (which then takes the step) and gives []."""
        if self.order is None:
            rendered = self._rendered
            if rendered is None or not self.count:
                return []
            blocks, width = rendered.body, self._body().content_size.width
            if self._large:
                self._place_in_worker(blocks, self.marks, width, step=step, name="find")
                return []
            self.order = _place(blocks, self.marks, width)
        return self.order

    def _place_in_worker(
        self, blocks: list[RenderableType], marks: Marks, width: int, *, step: int, name: str
    ) -> None:
        reader, placing = self.reader, self._placing

        def place() -> None:
            reader.post_message(MatchesPlaced(_place(blocks, marks, width), placing, step))

        reader.run_worker(
            place, name=name, group="find", thread=True, exclusive=True, exit_on_error=False
        )

    def placed(self, message: MatchesPlaced) -> None:
        """A placing worker's answer (see `MatchesPlaced`)."""
        if message.placing != self._placing:
            return  # the matches moved since
        if message.step == 0:
            self._scroll_to_first(message.order)
        else:
            self.order = message.order
            self.step(message.step)

    def _forget_matches(self) -> None:
        self._placing += 1
        self.index = -1
        self.marks.current = -1
        self.order = None

    def forget_match_lines(self) -> None:
        """The body's lines moved (a new width, an image's rows): place find matches again."""
        self.order = None
        self._placing += 1

    # --- painting -------------------------------------------------------------------------------

    def paint(self) -> None:
        """Show the rendered article with the current highlights."""
        rendered = self._rendered
        if rendered is None:
            return
        reader = self.reader
        self.count = self.total = 0
        self._paint += 1  # what a mark worker still paints is out of date
        self._marking = False
        if not self.marks.active:  # the body as laid out ahead (maybe in the render worker)
            reader.query_one("#article-header", Static).update(rendered.header)
            self._body().update(rendered.body_view())
            return
        marks = self.marks
        marks.search_style = reader.get_component_rich_style("reader--search-match")
        marks.find_style = reader.get_component_rich_style("reader--find-match")
        marks.current_style = reader.get_component_rich_style("reader--find-current")
        if self._large:  # marking 1 MB of text holds the UI thread for a second: a worker's job
            self._marking = True
            self._mark_in_worker(rendered, replace(marks), self._paint)
            return
        self._show_marked(rendered, marks, mark(rendered.body, marks))

    def _mark_in_worker(self, rendered: RenderedArticle, marks: Marks, paint: int) -> None:
        reader = self.reader

        def paint_marks() -> None:
            reader.post_message(MarksPainted(rendered, marks, mark(rendered.body, marks), paint))

        reader.run_worker(
            paint_marks, name="marks", group="marks", thread=True, exclusive=True,
            exit_on_error=False,
        )  # fmt: skip

    def painted(self, message: MarksPainted) -> None:
        """A mark worker's answer (see `MarksPainted`)."""
        rendered, marks = message.rendered, message.marks
        if message.paint != self._paint or rendered is not self._rendered:
            return
        self._marking = False
        self._show_marked(rendered, marks, message.marked)
        if marks.find is not None and self.index < 0:  # the count `_find` could not show
            self._bar().show_count(0, self.count, self.total)
        step, self._step_after_marking = self._step_after_marking, 0
        if step:
            self.step(step)

    def _show_marked(self, rendered: RenderedArticle, marks: Marks, marked: Marked) -> None:
        self.count, self.total = marked.find_count, marked.find_total
        header = mark_header(rendered.header, marks)
        self.reader.query_one("#article-header", Static).update(header)
        self._body().update(body_renderable(marked.blocks))


def _place(blocks: list[RenderableType], marks: Marks, width: int) -> Order:
    """(line, match number) of every find match at `width`, in reading order."""
    marked = mark(blocks, Marks(find=marks.find))
    lines = match_lines(Group(*marked.blocks), width)
    return sorted((line, number) for number, line in lines.items())
