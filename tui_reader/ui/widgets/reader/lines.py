"""A body view that draws only the lines on screen, laid out ahead of time in a worker.

A `Static` lays its content out on the main thread, several times per display: seconds for a
200 KB article, tens of seconds for 1 MB (BENCHMARKS.md, "Rendering"). This widget lays content out
once per width, in a thread worker for large content, and then hands Textual one line at a time
from `render_line`, so a huge article costs the UI thread no more than a short one. A line becomes
a `Strip` only when it is first drawn: showing an article costs the lines on screen, not all.
The worker hands its lines back with a `Prepared` message naming the content and width they are
for, so lines of content replaced since are dropped.
"""

from __future__ import annotations

from functools import partial

from rich.console import RenderableType
from rich.segment import Segment
from rich.style import Style
from textual import on
from textual.geometry import Region, Size
from textual.message import Message
from textual.strip import Strip
from textual.widget import Widget

from tui_reader.render.block_texts import iter_texts
from tui_reader.render.laid_out import LaidOut

# Content longer than this (in characters of text) is laid out in a worker; shorter content is
# laid out at once, which avoids a flash of empty space for the everyday article.
BACKGROUND_FROM = 20_000


class ArticleLines(Widget):
    """Shows a rich renderable; `update` replaces it, like `Static.update`."""

    DEFAULT_CSS = """
    ArticleLines { height: auto; width: 1fr; }
    """

    class Ready(Message):
        """Content is laid out and shown: new content, or the same at a new width (`rewrapped`,
        when the lines moved under the reader). Handle with `on_article_lines_ready`."""

        def __init__(self, rewrapped: bool = False) -> None:
            super().__init__()
            self.rewrapped = rewrapped

    class Prepared(Message, bubble=False):
        """The worker's answer: content number `generation` laid out at `width`."""

        def __init__(self, lines: list[list[Segment]], width: int, generation: int) -> None:
            super().__init__()
            self.lines = lines
            self.width = width
            self.generation = generation

    def __init__(
        self, content: RenderableType = "", *, id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__(id=id, classes=classes)
        self._content = LaidOut(content)
        self._large = False
        self._lines: list[list[Segment]] = []
        # The lines drawn so far, by number, with the (width, style) they were drawn at.
        self._strips: dict[int, tuple[tuple[int, Style], Strip]] = {}
        self._paint_style: Style | None = None  # the widget's style, while a paint is running
        self._target_width = 0  # the width the lines are laid out at, or being laid out at
        self._generation = 0
        self._shown_generation = -1  # the content whose lines are shown

    @property
    def line_count(self) -> int:
        return len(self._lines)

    def update(self, content: RenderableType = "") -> None:
        """Show `content`: laid out at once when small or laid out ahead at this width (a
        `LaidOut` the render worker prepared), else in a worker."""
        self._content = content if isinstance(content, LaidOut) else LaidOut(content)
        self._large = _is_large(content)
        self._generation += 1
        self._lay_out(self._width())

    def on_mount(self) -> None:
        self._lay_out(self._width())

    def on_resize(self) -> None:
        if self._width() != self._target_width:
            self._lay_out(self._width())

    @property
    def text_width(self) -> int:
        """Columns the content is laid out at (0 before the widget is laid out)."""
        return self._width()

    def _width(self) -> int:
        return self.content_region.width or self.size.width

    def _lay_out(self, width: int, *, in_layout: bool = False) -> None:
        if width <= 0:
            # Not laid out yet, or hidden: the next layout comes back here at whatever width it
            # gives, even the one the lines shown were laid out at (they are older content).
            self._target_width = 0
            return
        self._target_width = width
        if self._large and not self._content.is_laid_out(width):  # laid out ahead: a replay
            self.run_worker(
                partial(self._lay_out_in_worker, self._content, width, self._generation),
                name="lay out", group="article-lines", thread=True, exclusive=True,
                exit_on_error=False,
            )  # fmt: skip
        else:
            self._show(self._content.prepare(width), width, self._generation, in_layout=in_layout)

    def _lay_out_in_worker(self, content: LaidOut, width: int, generation: int) -> None:
        self.post_message(self.Prepared(content.prepare(width), width, generation))

    @on(Prepared)
    def _prepared(self, message: ArticleLines.Prepared) -> None:
        self._show(message.lines, message.width, message.generation)

    def _show(
        self, lines: list[list[Segment]], width: int, generation: int, *, in_layout: bool = False
    ) -> None:
        if generation != self._generation or width != self._target_width:
            return  # superseded by newer content or another width
        rewrapped = generation == self._shown_generation
        self._shown_generation = generation
        self._lines = lines
        self._strips = {}
        if not in_layout:  # (during a layout, the height asked for is already the new one)
            self.refresh(layout=True)
        self.post_message(self.Ready(rewrapped))

    def tagged_lines(self, key: str) -> dict[object, int]:
        """The line on which each value of the style meta `key` first opens a line (blocks that
        tag their first segment, like the reading pane's image slots, are found this way)."""
        found: dict[object, int] = {}
        for y, line in enumerate(self._lines):
            for segment in line:  # only the first segment of each line
                style = segment.style
                if style is not None and style.meta:
                    value = style.meta.get(key)
                    if value is not None:
                        found.setdefault(value, y)
                break
        return found

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        # Every layout asks this at the width it gives: the one sure sign of a new width. The
        # Resize event is not: after a scroll, Textual's layout map is rebuilt lazily, and a
        # width changed by another widget (the sidebar shown again) then sends no Resize.
        if width != self._target_width:
            self._lay_out(width, in_layout=True)  # small content now: this layout's height
        return max(1, len(self._lines))

    def render_lines(self, crop: Region) -> list[Strip]:
        # `rich_style` walks every ancestor's styles: once a paint, not once a line.
        self._paint_style = self.rich_style
        try:
            return super().render_lines(crop)
        finally:
            self._paint_style = None

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        style = self.rich_style if self._paint_style is None else self._paint_style
        if not 0 <= y < len(self._lines):
            return Strip.blank(width, style)
        key = (width, style)
        drawn = self._strips.get(y)
        if drawn is not None and drawn[0] == key:
            return drawn[1]
        # One Strip per line (each builds seven caches): styled and cut or padded to the width.
        line = Segment.adjust_line_length(list(Segment.apply_style(self._lines[y], style)),
                                          width, style)  # fmt: skip
        strip = Strip(line, width)
        self._strips[y] = (key, strip)
        return strip


def _is_large(content: RenderableType) -> bool:
    """Whether `content` holds more than `BACKGROUND_FROM` characters of text. The count stops
    there: for a 1 MB article, counting all of it cost the UI thread 12 ms on every update."""
    if isinstance(content, LaidOut):
        content = content.renderable
    if isinstance(content, str):
        return len(content) > BACKGROUND_FROM
    length = 0
    for text in iter_texts(content):
        length += len(text)
        if length > BACKGROUND_FROM:
            return True
    return False
