"""HTML tables: data tables become rich Tables; layout tables dissolve into the page.

Many archived pages wrap the whole article in a one-column `<table>` for layout; drawing a border
around the article would only waste width, so a table with at most one cell per row is spliced into
the surrounding flow. Cells are flows of their own, so paragraphs, lists and nested tables inside
a cell render as they would anywhere else.
"""

from __future__ import annotations

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from tui_reader.render.flow import Flow

_LONG_CELL = 40  # characters past which a cell probably wraps, so rows get separating lines


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
        self.parent.add_block(_table(rows), _plain(rows))


def _table(rows: list[list[tuple[Flow, bool]]]) -> Table:
    columns = max(len(row) for row in rows)
    header = all(is_header for _, is_header in rows[0])
    long_cells = any(
        len(cell.blocks) > 1 or len(cell.plain_text()) > _LONG_CELL
        for row in rows
        for cell, _ in row
    )
    table = Table(
        box=box.SQUARE,
        show_header=header and len(rows) > 1,
        show_lines=long_cells,
        expand=False,
        pad_edge=True,
    )
    heads = [_cell(cell) for cell, _ in rows[0]] if table.show_header else []
    for index in range(columns):
        table.add_column(heads[index] if index < len(heads) else "", overflow="fold")
    for row in rows[1:] if table.show_header else rows:
        cells = [_cell(cell) for cell, _ in row]
        table.add_row(*cells, *[Text("")] * (columns - len(cells)))
    return table


def _cell(cell: Flow) -> RenderableType:
    if not cell.blocks:
        return Text("")
    if len(cell.blocks) == 1:
        return cell.blocks[0]
    return Group(*cell.blocks)


def _plain(rows: list[list[tuple[Flow, bool]]]) -> str:
    return "\n".join("\t".join(cell.plain_text() for cell, _ in row) for row in rows)
