"""The status line during a scan: a percentage only once the total is known."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import ProgressBar

from tui_reader.core.library.scanner import ScanProgress
from tui_reader.ui.widgets.status import StatusLine


class _Host(App[None]):
    def compose(self) -> ComposeResult:
        yield StatusLine()


async def test_growing_total_shows_no_percentage() -> None:
    app = _Host()
    async with app.run_test() as pilot:
        line = app.query_one(StatusLine)
        assert not line.query(ProgressBar)  # mounted by the first progress shown
        line.show_progress(ScanProgress("parsing", 7_600, 9_641, listed=False))
        await pilot.pause()
        bar = line.query_one(ProgressBar)
        assert "reading 7,600 files, still listing…" in line.text
        assert "9,641" not in line.text
        assert bar.total is None and line.has_class("-scanning")
        line.show_progress(ScanProgress("parsing", 9_000, 10_000))
        await pilot.pause()
        assert "reading 9,000/10,000 files" in line.text
        assert bar.total == 10_000 and bar.progress == 9_000
        line.show_progress(None)
        await pilot.pause()
        assert "reading" not in line.text and not line.has_class("-scanning")
        line.show_progress(ScanProgress("parsing", 5, 10))  # a later scan: the same bar
        await pilot.pause()
        assert len(line.query(ProgressBar)) == 1
        assert bar.progress == 5 and bar.display


async def test_progress_that_comes_once_the_line_has_gone_changes_nothing() -> None:
    """A scan's progress that comes once the line has left the screen (the app ending while its
    first scan runs, as a signal or a terminal gone ends it) is dropped: mounting the bar then
    raised MountError, and the app ended in a traceback."""
    app = _Host()
    async with app.run_test() as pilot:
        line = app.query_one(StatusLine)
        await line.remove()
        line.show_progress(ScanProgress("parsing", 5, 10))
        await pilot.pause()
        assert not line.query(ProgressBar)
