"""The Problems view: files of the library that failed to load, or loaded with a warning."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Static

from tui_reader.core.model import Problem
from tui_reader.core.wording import counted


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
    ProblemsScreen #problems-title { text-style: bold; padding: 0 0 1 0; }
    ProblemsScreen DataTable { height: 1fr; }
    ProblemsScreen #problems-help { color: $text-muted; padding: 1 0 0 0; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,P", "close", "Close", id="problems.close"),
    ]

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__()
        self.problems = problems

    def compose(self) -> ComposeResult:
        skipped = sum(1 for p in self.problems if p.skipped)
        title = (
            f"Problems: {counted(skipped, 'file')} skipped, "
            f"{len(self.problems) - skipped} read with a warning"
            if self.problems
            else "No problems: every file of the library was read."
        )
        with Vertical():
            yield Static(Text(title), id="problems-title")
            table: DataTable[Text] = DataTable(cursor_type="row", zebra_stripes=True)
            yield table
            yield Static(
                Text("Fix or remove the files, then press R to rescan · esc closes"),
                id="problems-help",
            )

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("File", "", "Reason")
        for problem in self.problems:
            table.add_row(
                Text(problem.path),
                Text("skipped" if problem.skipped else "warning"),
                Text(problem.reason),
            )
        table.focus()

    def action_close(self) -> None:
        self.dismiss(None)
