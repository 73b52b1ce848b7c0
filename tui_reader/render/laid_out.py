"""Lay an article out once per width, ahead of time, so showing it costs the UI nothing.

Textual renders a `Static`'s content several times for one display (each layout pass measures its
height by rendering it, then it is painted): for a 1 M-character article that was 23 s on the main
thread (see BENCHMARKS.md, "Rendering"). `LaidOut` renders its content once per width and then
replays the lines; `prepare(width)` does that first rendering in a worker thread, with a private
console, so the main thread only copies finished lines.
"""

from __future__ import annotations

import io
import threading
from collections import OrderedDict

from rich.console import Console, ConsoleOptions, RenderableType, RenderResult
from rich.measure import Measurement
from rich.segment import Segment

_Key = tuple[int, bool, object, object, object]
MAX_WIDTHS = 3  # a resize back and forth should not re-render; more widths only cost memory


class LaidOut:
    """`renderable`, rendered at most once per width (and console capabilities)."""

    def __init__(self, renderable: RenderableType) -> None:
        self.renderable = renderable
        self._lines: OrderedDict[_Key, list[list[Segment]]] = OrderedDict()
        self._lock = threading.Lock()

    def prepare(self, width: int) -> list[list[Segment]]:
        """Render at `width` now (call it from a worker) and return the lines: a later display
        at that width is a replay, and a line-based view (Textual's Line API, showing only the
        visible lines) can take them as they are. A private console keeps this thread-safe;
        segments carry styles, not colours, so they display on any terminal."""
        console = Console(
            width=width, file=io.StringIO(), force_terminal=True, legacy_windows=False
        )
        return self._render(console, console.options)

    def is_laid_out(self, width: int) -> bool:
        """Whether lines at `width` are kept already (a display at that width only replays)."""
        with self._lock:
            return any(key[0] == width for key in self._lines)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        new_line = Segment.line()
        for line in self._render(console, options):
            yield from line
            yield new_line

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement.get(console, options, self.renderable)

    def _render(self, console: Console, options: ConsoleOptions) -> list[list[Segment]]:
        key = (options.max_width, options.ascii_only, options.justify, options.overflow,
               bool(options.no_wrap))  # fmt: skip
        with self._lock:
            lines = self._lines.get(key)
            if lines is not None:
                self._lines.move_to_end(key)
                return lines
        lines = console.render_lines(self.renderable, options.update(height=None), pad=False)
        with self._lock:
            self._lines[key] = lines
            while len(self._lines) > MAX_WIDTHS:
                self._lines.popitem(last=False)
        return lines
