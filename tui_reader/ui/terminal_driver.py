"""Textual's Linux driver, for a terminal that may go away while the reader runs.

When the terminal goes (a killed tmux session, a closed window), a write to it fails (EIO).
Textual's writer thread ends at its first failed write, and every write once its queue is full
(`MAX_QUEUED_WRITES`) waits for room: the app's own way out (leaving the alternate screen,
showing the cursor) would wait forever. Here the output drops what is written once the terminal
has failed, and says the terminal has gone (`quiet_tty.terminal_gone`: the app ends as on
SIGHUP). The input thread ending in an error of the terminal (EIO) says so too, instead of a
panic.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import IO, Any

from textual.drivers.linux_driver import LinuxDriver

from tui_reader.quiet_tty import terminal_gone


class TerminalOutput:
    """A file for Textual's writer thread: the terminal's, until writing to it fails; from then
    on nothing is written, and `gone` has been called once."""

    def __init__(self, file: IO[str], gone: Callable[[], None] = terminal_gone) -> None:
        self._file = file
        self._gone = gone
        self.failed = False

    def write(self, text: str) -> None:
        if not self.failed:
            try:
                self._file.write(text)
            except (OSError, ValueError):  # EIO: the terminal is gone; ValueError: closed
                self._fail()

    def flush(self) -> None:
        if not self.failed:
            try:
                self._file.flush()
            except (OSError, ValueError):
                self._fail()

    def fileno(self) -> int:
        return self._file.fileno()

    def isatty(self) -> bool:
        return True

    def _fail(self) -> None:
        self.failed = True
        self._gone()


class TerminalDriver(LinuxDriver):
    def __init__(
        self, app: Any, *, debug: bool = False, mouse: bool = True,
        size: tuple[int, int] | None = None,
    ) -> None:  # fmt: skip
        super().__init__(app, debug=debug, mouse=mouse, size=size)
        if self._file is not None:
            self._file = TerminalOutput(self._file)  # type: ignore[assignment]

    def run_input_thread(self) -> None:
        try:
            super().run_input_thread()
        except OSError:  # the terminal is gone: the app ends, without a traceback
            terminal_gone()
