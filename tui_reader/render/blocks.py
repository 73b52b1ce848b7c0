"""Small rich renderables the article body is made of, beyond plain `Text`.

`Prefixed` draws list bullets, quote bars and indents in front of any block, wrapping the block to
the width that is left, so nesting composes and everything re-wraps when the pane is resized.
`Preformatted` keeps `<pre>` lines exactly as written and folds only lines too long for the pane,
at the exact cell (not at word boundaries), so code columns survive.
"""

from __future__ import annotations

from collections.abc import Iterable

from rich.cells import cell_len, chop_cells
from rich.console import Console, ConsoleOptions, RenderableType, RenderResult
from rich.measure import Measurement
from rich.segment import Segment
from rich.text import Text


class Prefixed:
    """`renderable` with `first` drawn before its first line and `rest` before the others."""

    def __init__(self, renderable: RenderableType, first: Text, rest: Text) -> None:
        self.renderable = renderable
        self.first = first
        self.rest = rest
        self._indent = max(first.cell_len, rest.cell_len)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = options.max_width - self._indent
        if width < 4:  # too narrow for a prefix: show the content rather than nothing
            yield self.renderable
            return
        lines = console.render_lines(self.renderable, options.update_width(width), pad=False)
        first = list(self.first.render(console))
        rest = list(self.rest.render(console))
        for index, line in enumerate(lines):
            yield from first if index == 0 else rest
            yield from line
            yield Segment.line()

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        inner = Measurement.get(console, options, self.renderable)
        return Measurement(inner.minimum + self._indent, inner.maximum + self._indent)


class Preformatted:
    """Monospace text whose lines are never joined or re-wrapped, only folded when too long."""

    def __init__(self, text: Text) -> None:
        self.text = text

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = max(1, options.max_width)
        for line in self.text.split("\n", allow_blank=True):
            for part in _fold(line, width):
                yield from part.render(console)
                yield Segment.line()

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        widest = max((cell_len(line) for line in self.text.plain.split("\n")), default=0)
        return Measurement(min(widest, 8), widest)


def _fold(line: Text, width: int) -> Iterable[Text]:
    if line.cell_len <= width:
        return (line,)
    offsets: list[int] = []
    position = 0
    for chunk in chop_cells(line.plain, width)[:-1]:
        position += len(chunk)
        offsets.append(position)
    return line.divide(offsets)
