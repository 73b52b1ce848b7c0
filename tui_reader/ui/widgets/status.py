"""The status line under the panes: library, counts, the unread-only filter, scan progress and
the progress of the search index while it is built in the background."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Static

from tui_reader.core.library.api import ScanProgress

if TYPE_CHECKING:
    from textual.widgets import ProgressBar
from tui_reader.core.wording import counted as counted  # the screens count with it too


class StatusLine(Horizontal):
    """One line; a progress bar appears while a scan parses files (mounted by the first scan
    that shows its progress: the first frame does without its module and its styles)."""

    DEFAULT_CSS = """
    StatusLine {
        height: 1;
        background: $panel;
        color: $text-muted;
        padding: 0 1;
    }
    StatusLine > #status-text { width: 1fr; }
    StatusLine > ProgressBar { width: auto; display: none; }
    StatusLine.-scanning > ProgressBar { display: block; }
    StatusLine ProgressBar Bar { width: 20; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._summary = ""
        self._activity = ""
        self._indexing = ""

    def compose(self) -> ComposeResult:
        yield Static(id="status-text")

    def _bar(self) -> ProgressBar:
        from textual.widgets import ProgressBar

        for bar in self.query(ProgressBar):
            return bar
        bar = ProgressBar(show_eta=False, show_percentage=True)
        self.mount(bar)
        return bar

    def set_summary(self, summary: str) -> None:
        self._summary = summary
        self._paint()

    def set_activity(self, activity: str) -> None:
        self._activity = activity
        self._paint()

    def show_progress(self, progress: ScanProgress | None) -> None:
        """Show a scan's progress, or hide the bar (None)."""
        if not self.is_attached:  # gone from the screen (the app ending while a scan runs)
            return
        if progress is None or progress.total == 0:
            self.remove_class("-scanning")
            self.set_activity("" if progress is None else "listing files…")
            return
        bar = self._bar()
        self.add_class("-scanning")
        if not progress.listed:  # the total grows as folders are listed: no percentage yet
            bar.update(total=None)
            self.set_activity(f"reading {counted(progress.done, 'file')}, still listing…")
            return
        bar.update(total=progress.total, progress=progress.done)
        self.set_activity(f"reading {progress.done:,}/{counted(progress.total, 'file')}")

    def show_indexing(self, done: int, total: int) -> None:
        """Show the search index build's progress; hidden once `done` reaches `total`."""
        self._indexing = f"indexing {done:,} / {total:,}" if 0 <= done < total else ""
        self._paint()

    @property
    def text(self) -> str:
        """What the line says, as plain text (for tests and screen readers)."""
        return " · ".join(part for part in (self._summary, self._activity, self._indexing) if part)

    def _paint(self) -> None:
        if not self.is_attached:
            return
        text = Text(self.text)
        self.query_one("#status-text", Static).update(text)
