"""The screen shown when the library folder is missing, unreadable or holds no articles.

It says what happened and what to do. The main screen keeps rescanning underneath, and closes
this screen by itself when articles appear.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Footer, Static

WHAT_TO_DO = (
    "tui-reader reads a folder of articles saved as Markdown/HTML files with YAML front "
    "matter (as Hexo-style RSS archivers write them).\n\n"
    "To open another folder:\n"
    "  • run  tui-reader /path/to/your/library\n"
    "  • or set TUI_READER_LIBRARY=/path/to/your/library\n"
    '  • or put  library = "/path/to/your/library"  in config.toml\n\n'
    "Press R to look again (the folder is checked every few seconds too), q to quit."
)


class EmptyScreen(Screen[None]):
    """`reason` says what is wrong with the folder at `location`."""

    DEFAULT_CSS = """
    EmptyScreen { align: center middle; }
    EmptyScreen > Vertical {
        width: 84;
        max-width: 100%;
        height: auto;
        border: round $warning;
        padding: 1 2;
    }
    EmptyScreen #empty-title { text-style: bold; color: $warning; padding-bottom: 1; }
    EmptyScreen #empty-location { color: $text-muted; padding-bottom: 1; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("R", "rescan", "Look again", id="empty.rescan"),
        Binding("q", "app.quit", "Quit", id="empty.quit"),
    ]

    def __init__(self, reason: str, location: str) -> None:
        super().__init__()
        self.reason = reason
        self.location = location

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text(self.reason), id="empty-title")
            yield Static(Text(f"Library: {self.location}"), id="empty-location")
            yield Static(Text(WHAT_TO_DO), id="empty-help")
        yield Footer()

    def set_reason(self, reason: str) -> None:
        self.reason = reason
        self.query_one("#empty-title", Static).update(Text(reason))

    def action_rescan(self) -> None:
        self.app.action_rescan()  # type: ignore[attr-defined]
