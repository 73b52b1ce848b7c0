"""Tables in the converter: `<table>`, `<tr>`, `<td>` and `<th>` open and close the rows and cells
of a `TableBuilder` (see `tables.py`), and text goes to the innermost open cell."""

from __future__ import annotations

from tui_reader.render.inline import InlineStyles
from tui_reader.render.tables import TableBuilder

# Tables nested deeper than this are shown as plain blocks (their text still shows): real
# articles stay far below, and hostile ones must not exhaust rich's recursion.
MAX_TABLE_DEPTH = 8


class TableCells(InlineStyles):
    """Table elements, for the converter."""

    def _open_table(self) -> None:
        self.flow.flush()
        if len(self.tables) < MAX_TABLE_DEPTH:
            self.tables.append(TableBuilder(self.flow))
        else:
            self.table_overflow += 1

    def _close_table(self) -> None:
        if self.tables and self.table_overflow == 0:
            self._end_table()
        elif self.table_overflow:
            self.table_overflow -= 1

    def _table_start(self, tag: str) -> None:
        table = self.tables[-1]
        self._close_cell()
        if tag == "tr":
            table.new_row()
            return
        cell = table.new_cell(header=tag == "th")
        self.flows.append(cell)

    def _close_cell(self) -> None:
        table = self.tables[-1]
        if table.cell is not None:
            table.cell.flush()
            if self.flows[-1] is table.cell:
                self.flows.pop()
            table.cell = None
            self._pop_style("th")

    def _end_table(self) -> None:
        self._close_cell()
        table = self.tables.pop()
        table.emit()
