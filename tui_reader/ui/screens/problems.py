"""The Problems view: files of the library that failed to load, or loaded with a warning.

The table keeps one line a file; the highlighted file's full path and reason are shown wrapped
below it, so that a long reason can be read whole. With no problems there is no table at all,
only a sentence saying every file was read.
"""

from __future__ import annotations

from typing import ClassVar

from rich.cells import cell_len
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Static

from tui_reader.core.library.api import Problem
from tui_reader.core.sanitize import visible_name
from tui_reader.core.wording import counted

NO_PROBLEMS = "No problems: every file of the library was read."
# The File column takes at most this share of the table's width, so that a long path (a folder
# nested a hundred deep) never pushes the reasons out of sight; its end, the file's own name, stays.
FILE_SHARE = 0.5


def path_tail(text: Text, width: int) -> Text:
    """`text` whole when it fits `width` cells, else '…' and as much of its end as fits."""
    if text.cell_len <= width:
        return text
    kept = Text()
    for char in reversed(text.plain):
        if kept.cell_len + cell_len(char) > width - 1:
            break
        kept = Text(char) + kept
    return Text("…") + kept


def problem_cells(problem: Problem) -> tuple[Text, Text, Text]:
    """A problem's row: the file's name (control characters and undecodable bytes written out,
    see `visible_name`), skipped or warning, and the reason (which may quote the name)."""
    kind = "skipped" if problem.skipped else "warning"
    return Text(visible_name(problem.path)), Text(kind), Text(visible_name(problem.reason))


class ProblemsScreen(ModalScreen[None]):
    """A table of problems: file, skipped or warning, and the reason."""

    DEFAULT_CSS = """
    ProblemsScreen { align: center middle; }
    ProblemsScreen > Vertical {
        width: 95%;
        height: 90%;
        border: round $warning;
        background: $surface;
        padding: 0 1;
    }
    ProblemsScreen > Vertical.-empty { width: 56; max-width: 95%; height: auto; }
    ProblemsScreen #problems-title { text-style: bold; padding: 0 0 1 0; }
    ProblemsScreen DataTable { height: 1fr; }
    ProblemsScreen #problems-detail {
        height: auto;
        max-height: 40%;
        padding: 1 0 0 0;
        overflow-y: auto;
    }
    ProblemsScreen #problems-help { color: $text-muted; padding: 1 0 0 0; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,P", "close", "Close", id="problems.close"),
    ]

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__()
        self.problems = problems

    def compose(self) -> ComposeResult:
        if not self.problems:
            with Vertical(classes="-empty"):
                yield Static(Text(NO_PROBLEMS), id="problems-title")
                yield Static(Text("esc closes"), id="problems-help")
            return
        skipped = sum(1 for p in self.problems if p.skipped)
        title = (
            f"Problems: {counted(skipped, 'file')} skipped, "
            f"{len(self.problems) - skipped} read with a warning"
        )
        with Vertical():
            yield Static(Text(title), id="problems-title")
            yield DataTable[Text](cursor_type="row", zebra_stripes=True)
            yield Static(id="problems-detail")
            yield Static(
                Text("Fix or remove the files, then press R to rescan · esc closes"),
                id="problems-help",
            )

    def on_mount(self) -> None:
        if not self.problems:
            return
        table = self.query_one(DataTable)
        rows = [problem_cells(problem) for problem in self.problems]
        file_width = max(12, int(self.app.size.width * FILE_SHARE))  # before layout: the app's
        table.add_columns("File", "", "Reason")
        for name, kind, reason in rows:
            table.add_row(path_tail(name, file_width), kind, reason)
        table.focus()

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        problem = self.problems[event.cursor_row]
        detail = Text()
        detail.append(visible_name(problem.path), "bold")
        detail.append(f"\n{visible_name(problem.reason)}")
        self.query_one("#problems-detail", Static).update(detail)

    def action_close(self) -> None:
        self.dismiss(None)
