"""HTML tables: data tables become boxed tables where they fit, records where they do not.

Many archived pages wrap the whole article in a one-column `<table>` for layout; drawing a border
around the article would only waste width, so a table with at most one cell per row is spliced into
the surrounding flow. Cells are flows of their own, so paragraphs, lists and nested tables inside
a cell render as they would anywhere else.

A data table is a `FittedTable`, which chooses its layout at render time, from the width it is
given (so it re-chooses when the pane is resized). A rich `Table` squeezed below its content cuts
words into one-letter columns and, past one cell per column, shows nothing at all; so the boxed
table is drawn only when every column gets at least its longest word, and otherwise each row
becomes a record of `Header: value` lines between rules, which keeps every cell at any width.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.measure import Measurement
from rich.segment import Segment
from rich.style import Style
from rich.text import Text

from tui_reader.render import styles
from tui_reader.render.blocks import Prefixed
from tui_reader.render.flow import Flow
from tui_reader.render.table_box import BoxedTable
from tui_reader.render.wrap import Paragraph, has_cjk, min_width

_LONG_CELL = 40  # characters past which a cell probably wraps, so rows get separating lines
# A column narrower than this (when its content is wider) reads as letter fragments: `Dat`/`e`.
_MIN_COLUMN = 3
_MEASURE_WIDTH = 10_000  # cells are measured once, at a width no table reaches
_RULE = "─"
_INDENT = Text("  ")
_EMPTY = Text("")


class TableBuilder:
    """Rows of cells being collected; `emit` adds the finished table to the parent flow."""

    def __init__(self, parent: Flow) -> None:
        self.parent = parent
        self.rows: list[list[tuple[Flow, bool]]] = []
        self.cell: Flow | None = None

    def new_row(self) -> None:
        self.rows.append([])

    def new_cell(self, *, header: bool) -> Flow:
        if not self.rows:
            self.rows.append([])
        self.cell = Flow()
        self.rows[-1].append((self.cell, header))
        return self.cell

    def emit(self) -> None:
        rows = [row for row in self.rows if any(cell.blocks for cell, _ in row)]
        if not rows:
            return
        if max(len(row) for row in rows) == 1:
            for row in rows:
                self.parent.extend(row[0][0])
            return
        self.parent.add_block(_fitted(rows), _plain(rows))


@dataclass(frozen=True, slots=True)
class _Sizes:
    """Per column: the narrowest width that folds no word, and the natural (widest) width."""

    minimum: list[int]
    maximum: list[int]


class FittedTable:
    """A table drawn boxed when it fits the width, as one record per row when it does not."""

    def __init__(
        self,
        heads: list[RenderableType] | None,
        rows: list[list[RenderableType]],
        *,
        labels: list[str],
        show_lines: bool,
    ) -> None:
        """`heads`: the header row, None without one; `labels`: the header cells' text on one
        line each, naming the values in the record layout."""
        self.columns = max(len(row) for row in [heads or [], *rows])
        self.heads = heads
        self.rows = rows
        self.show_lines = show_lines
        self.labels = labels
        # Labels drawn from the header cells themselves, so find highlights show in records.
        self._label_texts = [
            _label_text(head, label) for head, label in zip(heads or [], labels, strict=False)
        ]
        self._sizes: _Sizes | None = None  # measured on first render (a worker thread)

    def cells(self) -> Iterator[RenderableType]:
        """Every cell, the header row first, in reading order (for code that walks the text,
        such as find-in-article and image placeholders)."""
        for row in [self.heads or [], *self.rows]:
            yield from row

    def map_cells(self, change: Callable[[RenderableType], RenderableType]) -> FittedTable:
        """A copy with `change` applied to every cell; the original is untouched (find
        highlights go on copies). `change` must keep the text, so the widths measured for
        the original (the costly part of a big table) are kept."""
        heads = [change(cell) for cell in self.heads] if self.heads is not None else None
        rows = [[change(cell) for cell in row] for row in self.rows]
        copy = FittedTable(heads, rows, labels=self.labels, show_lines=self.show_lines)
        copy._sizes = self._sizes
        return copy

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        widths = self.column_widths(console, options, options.max_width)
        if widths is None:
            yield from self._records(console, options.max_width)
        else:
            yield BoxedTable(self.heads, self.rows, widths, show_lines=self.show_lines)

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        sizes = self._measure(console, options)
        words = [cell_len(word) for label in self.labels for word in label.split()]
        narrowest = max([*sizes.minimum, *words, 1])
        return Measurement(narrowest, max(narrowest, _table_width(sizes.maximum)))

    def column_widths(
        self, console: Console, options: ConsoleOptions, width: int
    ) -> list[int] | None:
        """Each column's content width in a boxed table of at most `width` cells, or None when
        some column would have to fold a word (or shrink below `_MIN_COLUMN`) to fit."""
        sizes = self._measure(console, options)
        needed = [
            max(low, min(_MIN_COLUMN, high))
            for low, high in zip(sizes.minimum, sizes.maximum, strict=True)
        ]
        spare = width - _table_width(needed)
        if spare < 0:
            return None
        return _share(needed, sizes.maximum, spare)

    def _measure(self, console: Console, options: ConsoleOptions) -> _Sizes:
        if self._sizes is None:
            wide = options.update(width=_MEASURE_WIDTH, min_width=1)
            minimum = [0] * self.columns
            maximum = [0] * self.columns
            for row in [self.heads or [], *self.rows]:
                for index, cell in enumerate(row):
                    low, high = _cell_size(console, wide, cell)
                    minimum[index] = max(minimum[index], low)
                    maximum[index] = max(maximum[index], high)
            self._sizes = _Sizes(minimum, maximum)
        return self._sizes

    def _records(self, console: Console, width: int) -> RenderResult:
        """Each row as lines of `Header: value` between rules: the value alone where the
        column has no header, the header alone where the cell is empty (so no header is lost).
        A one-line field that fits is yielded as finished segments: a 2000 × 40 table is
        80,000 of them, and going through rich's wrapping for each took seconds."""
        width = max(1, width)
        rule = [Segment(_RULE * width, console.get_style(styles.PREFIX)), Segment.line()]
        bold = console.get_style("bold")
        labels = self._label_texts
        for row in self.rows:
            yield from rule
            for index in range(self.columns):
                label = labels[index] if index < len(labels) else _EMPTY
                cell = row[index] if index < len(row) else _EMPTY
                yield from _field(console, width, label, bold, cell)
        yield from rule


def _label_text(head: RenderableType, label: str) -> Text:
    if isinstance(head, Text) and head.plain == label:
        text = head.copy()
        text.stylize_before("bold")
        return text
    return Text(label, "bold")


def _field(
    console: Console, width: int, label: Text, bold: Style, cell: RenderableType
) -> Iterable[RenderableType | Segment]:
    if isinstance(cell, Text):
        if not cell.plain and not label.plain:
            return ()
        colon = ": " if cell.plain else ":"
        if not label.plain:
            colon = ""
        if "\n" not in cell.plain and label.cell_len + len(colon) + cell.cell_len <= width:
            line = [*cell.render(console), Segment.line()]
            if not label.plain:
                return line
            return [*label.render(console), Segment(colon, bold), *line]
        if not label.plain:
            return (cell,)
        return (Paragraph.assemble(label, (colon, bold), cell),)
    # Several blocks or a nested table: under the label, indented, rather than run into it.
    if not label.plain:
        return (cell,)
    return (Text.assemble(label, (":", bold)), Prefixed(cell, _INDENT, _INDENT))


def _cell_size(console: Console, options: ConsoleOptions, cell: RenderableType) -> tuple[int, int]:
    if isinstance(cell, Text) and "\n" not in cell.plain:
        # What `Paragraph.__rich_measure__` answers, without rich's machinery per cell.
        plain = cell.plain
        if has_cjk(plain):
            return min_width(plain), cell_len(plain)
        return max((cell_len(word) for word in plain.split()), default=0), cell_len(plain)
    measurement = Measurement.get(console, options, cell)
    return measurement.minimum, measurement.maximum


def _table_width(widths: list[int]) -> int:
    """A boxed table's full width: one padding cell each side of every column, and borders."""
    return sum(widths) + 3 * len(widths) + 1


def _share(needed: list[int], natural: list[int], spare: int) -> list[int]:
    """Widen columns from `needed` towards `natural` with `spare` cells, the narrow ones first
    (as rich shrinks the widest first): every column up to a common cap, as high as fits, so a
    short column keeps its words on one line and the long ones wrap."""
    budget = sum(needed) + spare
    natural = [max(low, high) for low, high in zip(needed, natural, strict=True)]
    if sum(natural) <= budget:
        return natural

    def capped(cap: int) -> list[int]:
        return [max(low, min(high, cap)) for low, high in zip(needed, natural, strict=True)]

    low, high = 0, max(natural)  # the highest cap that fits: sum(capped(low)) <= budget
    while low < high:
        middle = (low + high + 1) // 2
        if sum(capped(middle)) <= budget:
            low = middle
        else:
            high = middle - 1
    widths = capped(low)
    left = budget - sum(widths)
    for index, width in enumerate(widths):
        if left and width < natural[index]:
            widths[index] += 1
            left -= 1
    return widths


def _fitted(rows: list[list[tuple[Flow, bool]]]) -> FittedTable:
    header = len(rows) > 1 and all(is_header for _, is_header in rows[0])
    long_cells = any(
        len(cell.blocks) > 1 or len(cell.plain_text()) > _LONG_CELL
        for row in rows
        for cell, _ in row
    )
    heads = [_cell(cell) for cell, _ in rows[0]] if header else None
    body = [[_cell(cell) for cell, _ in row] for row in (rows[1:] if header else rows)]
    labels = [" ".join(cell.plain_text().split()) for cell, _ in rows[0]] if header else []
    return FittedTable(heads, body, labels=labels, show_lines=long_cells)


def _cell(cell: Flow) -> RenderableType:
    if not cell.blocks:
        return Text("")
    if len(cell.blocks) == 1:
        return cell.blocks[0]
    return Group(*cell.blocks)


def _plain(rows: list[list[tuple[Flow, bool]]]) -> str:
    return "\n".join("\t".join(cell.plain_text() for cell, _ in row) for row in rows)
