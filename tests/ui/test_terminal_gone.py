"""A reader whose terminal goes away (a killed tmux session, a closed window, a dropped ssh
connection) ends, whatever it is doing then, through the app as `q` does: what was read, and
where the reader was in an article, are kept.

The kernel sends SIGHUP only to the terminal's controlling process; a reader that is not one
(started by a shell that has gone, under `setsid`) learns of it from the terminal alone: its
reads end and its writes fail. Both kinds are run here, on a pseudo-terminal whose other side
the test closes, as tmux does. Before, the one without SIGHUP ran on for ever (its input thread
spinning on the end of the input), and either could hang on its way out, writing to the gone
terminal through Textual's writer thread, which had died of the first failed write."""

from __future__ import annotations

import os
import select
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from pty_support import ALT_SCREEN_ON, ROOT, Terminal, read_ids
from textual.drivers._writer_thread import MAX_QUEUED_WRITES, WriterThread
from ui_support import make_library

from tui_reader.core.state.api import StateStore
from tui_reader.ui.terminal_driver import TerminalOutput

HUNG_UP = 128 + signal.SIGHUP  # the exit status of a reader ended by its terminal's hang-up
KINDS = pytest.mark.parametrize(
    "controlling", [False, True], ids=["no-controlling-terminal", "controlling-terminal"]
)


@KINDS
def test_the_reader_ends_with_its_terminal_keeping_what_was_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, controlling: bool
) -> None:
    library = make_library(tmp_path / "library", samples=False)
    monkeypatch.setenv("TUI_READER_LIBRARY", str(library))
    term = Terminal(library, controlling=controlling)
    try:
        term.wait_for(b"unread")  # the tree is up
        os.write(term.main, b".")  # the next unread article (the long one) opens: marked read
        term.wait_for(b"Paragraph 1 of")
        os.write(term.main, b" ")  # a page down: a position to keep
        term.wait_for(b"Paragraph 14")
        term.hang_up()
        assert term.wait() == HUNG_UP
    finally:
        term.close()
    [read] = read_ids()
    store = StateStore.open()
    try:
        assert (store.position(read) or 0) > 0
    finally:
        store.close()


@KINDS
@pytest.mark.parametrize("phase", ["launching", "starting"])
def test_the_reader_ends_with_its_terminal_while_it_starts(
    tmp_path: Path, controlling: bool, phase: str
) -> None:
    library = make_library(tmp_path / "library", samples=False)
    term = Terminal(library, controlling=controlling)
    try:
        if phase == "launching":  # echo is turned off first thing, before the UI is imported
            term.wait_until(lambda: not term.echo())
        else:
            term.wait_for(ALT_SCREEN_ON)  # the app is starting: nothing is drawn yet
        term.hang_up()
        assert term.wait() == HUNG_UP
    finally:
        term.close()


A_READER_THAT_CANNOT_END = """
import os, signal, time
from tui_reader import quiet_tty

quiet_tty.ENDING_GRACE = 1
with quiet_tty.signals_end_cleanly(), quiet_tty.ends_with_terminal():
    quiet_tty.end_signals_with(lambda signum: None)  # the app was told, and cannot end
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGHUP})  # nor would its handler run
    os.write(1, b"<ready>")
    time.sleep(120)
"""


def test_a_gone_terminal_ends_the_process_even_when_nothing_else_can() -> None:
    """Neither the app nor the signal's handler gets to run (the main thread stuck where no
    handler runs): the process ends all the same, `ENDING_GRACE` after the hang-up."""
    main, terminal = os.openpty()
    process = subprocess.Popen(
        [sys.executable, "-c", A_READER_THAT_CANNOT_END],
        stdin=terminal, stdout=terminal, stderr=terminal, start_new_session=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )  # fmt: skip
    os.close(terminal)
    try:
        output, waiting = b"", select.poll()
        waiting.register(main, select.POLLIN)
        deadline = time.monotonic() + 60
        while b"<ready>" not in output and time.monotonic() < deadline:
            if waiting.poll(1000):
                output += os.read(main, 100)
        assert b"<ready>" in output, output
        os.close(main)
        main = -1
        assert process.wait(timeout=60) == -signal.SIGALRM
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        if main >= 0:
            os.close(main)


def test_the_output_outlives_its_terminal() -> None:
    """Textual's writer thread writes on to a terminal that has gone: what follows is dropped,
    the terminal is said gone once, and no write waits (its queue holds MAX_QUEUED_WRITES)."""
    main, terminal = os.openpty()
    gone: list[bool] = []
    file = open(terminal, "w", encoding="utf-8")  # noqa: SIM115 — closed below, on a gone terminal
    output = TerminalOutput(file, gone=lambda: gone.append(True))
    writer = WriterThread(output)  # type: ignore[arg-type]
    writer.start()
    writer.write("before")
    os.close(main)  # the terminal goes
    written = threading.Event()

    def write_on() -> None:
        for n in range(MAX_QUEUED_WRITES * 10):
            writer.write(f"line {n}\n")
        writer.stop()
        written.set()

    threading.Thread(target=write_on, daemon=True).start()
    try:
        assert written.wait(60)
        assert output.failed and gone == [True]
    finally:
        try:
            file.close()
        except OSError:  # what is left in its buffer cannot be written
            pass
