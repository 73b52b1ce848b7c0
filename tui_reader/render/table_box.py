"""A boxed table drawn line by line at column widths chosen beforehand (see `tables.py`).

It draws what rich's `Table` draws with `box.SQUARE` and one cell of padding, line for line, but
a cell of one line that fits its column becomes finished segments without going through rich's
layout: rich's `Table` costs tens of microseconds per cell, so a table of 80,000 cells took five
seconds. Other cells (wrapping text, several blocks, nested tables) are laid out by rich.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from rich.console import Console, ConsoleOptions, RenderableType, RenderResult
from rich.segment import Segment
from rich.style import Style
from rich.text import Text

_Line = list[Segment]


class BoxedTable:
    """`rows` under `heads` (None: no header row) in columns of `widths` content cells each;
    `show_lines`: a rule between body rows."""

    def __init__(
        self,
        heads: Sequence[RenderableType] | None,
        rows: Sequence[Sequence[RenderableType]],
        widths: list[int],
        *,
        show_lines: bool,
    ) -> None:
        self.heads = heads
        self.rows = rows
        self.widths = widths
        self.show_lines = show_lines

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        new_line = Segment.line()
        yield Segment(self._rule("┌", "┬", "┐"))
        yield new_line
        separator = [Segment(self._rule("├", "┼", "┤")), new_line]
        if self.heads is not None:
            yield from self._row(console, options, self.heads, console.get_style("table.header"))
            yield from separator
        for index, row in enumerate(self.rows):
            if index and self.show_lines:
                yield from separator
            yield from self._row(console, options, row, None)
        yield Segment(self._rule("└", "┴", "┘"))
        yield new_line

    def _rule(self, left: str, middle: str, right: str) -> str:
        return left + middle.join("─" * (width + 2) for width in self.widths) + right

    def _row(
        self,
        console: Console,
        options: ConsoleOptions,
        cells: Sequence[RenderableType],
        style: Style | None,
    ) -> Iterable[Segment]:
        columns = [
            _cell_lines(console, options, cells[index] if index < len(cells) else None, width)
            for index, width in enumerate(self.widths)
        ]
        height = max(len(lines) for lines in columns)
        bar, new_line, space = Segment("│"), Segment.line(), Segment(" ")
        for number in range(height):
            for lines, width in zip(columns, self.widths, strict=True):
                yield bar
                # Header cells sit at the bottom of their row, body cells at the top, as rich
                # draws them; the header style covers the padding too.
                offset = number - (height - len(lines)) if style else number
                line = lines[offset] if 0 <= offset < len(lines) else [Segment(" " * width)]
                padded = [space, *line, space]
                yield from Segment.apply_style(padded, style) if style else padded
            yield bar
            yield new_line


def _cell_lines(
    console: Console, options: ConsoleOptions, cell: RenderableType | None, width: int
) -> list[_Line]:
    """The cell's lines, each exactly `width` cells wide."""
    if cell is None:
        return [[Segment(" " * width)]]
    if isinstance(cell, Text) and "\n" not in cell.plain:
        length = cell.cell_len
        if length <= width:
            return [[*cell.render(console), Segment(" " * (width - length))]]
    cell_options = options.update(
        width=width, justify="left", no_wrap=False, overflow="fold", height=None
    )
    return console.render_lines(cell, cell_options, pad=True)
