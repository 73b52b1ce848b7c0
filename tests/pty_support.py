"""The reader run as a program on a pseudo-terminal, for the tests of its signals and of its
terminal going away: everything it writes is kept, and the test can type, read the terminal's
modes, or close its side of the terminal as a killed tmux session or a closed window does."""

from __future__ import annotations

import fcntl
import json
import os
import select
import struct
import subprocess
import sys
import termios
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ALT_SCREEN_ON, ALT_SCREEN_OFF = b"\x1b[?1049h", b"\x1b[?1049l"
CURSOR_SHOWN = b"\x1b[?25h"
MOUSE_OFF = (b"\x1b[?1000l", b"\x1b[?1003l", b"\x1b[?1006l")
CONTROLLING = b"<controlling terminal>"  # said by the start below once it has one

# The reader as its terminal's controlling process (tmux, a terminal window or sshd start it so):
# the kernel sends it SIGHUP when the terminal hangs up.
WITH_CONTROLLING_TERMINAL = f"""
import fcntl, os, sys, termios
fcntl.ioctl(0, termios.TIOCSCTTY, 0)
os.write(1, {CONTROLLING!r})
os.execv(sys.executable, [sys.executable, "-m", "tui_reader", *sys.argv[1:]])
"""


class Terminal:
    """The reader in a subprocess on a pseudo-terminal, and everything it wrote. In a session
    of its own; with the terminal as its controlling terminal when `controlling`, else with
    none (as under `setsid`, or a program started by a shell that has gone)."""

    def __init__(self, library: Path, *, controlling: bool = False) -> None:
        self.main, terminal = os.openpty()
        fcntl.ioctl(terminal, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
        env = {**os.environ, "PYTHONPATH": str(ROOT), "TERM": "xterm-256color"}
        env.pop("TEXTUAL", None)
        start = ["-c", WITH_CONTROLLING_TERMINAL] if controlling else ["-m", "tui_reader"]
        self.process = subprocess.Popen(
            [sys.executable, *start, str(library)],
            stdin=terminal, stdout=terminal, stderr=terminal, env=env, start_new_session=True,
        )  # fmt: skip
        os.close(terminal)
        self.output = b""
        self.closed = False
        if controlling:
            self.wait_for(CONTROLLING)

    def read(self, seconds: float) -> None:
        # poll, not select: a test process may hold more than 1024 files, past select's limit
        waiting = select.poll()
        waiting.register(self.main, select.POLLIN)
        end = time.monotonic() + seconds
        while (left := end - time.monotonic()) > 0:
            if waiting.poll(min(left, 0.1) * 1000):
                try:
                    chunk = os.read(self.main, 65536)
                except OSError:  # the reader ended and closed the terminal
                    return
                if not chunk:
                    return
                self.output += chunk

    def wait_for(self, text: bytes, seconds: float = 30) -> None:
        end = time.monotonic() + seconds
        while text not in self.output and time.monotonic() < end:
            self.read(0.2)
        assert text in self.output, self.output[-2000:]

    def wait_until(self, done: Callable[[], bool], seconds: float = 30) -> None:
        end = time.monotonic() + seconds
        while not done() and time.monotonic() < end:
            self.read(0.05)
        assert done(), self.output[-2000:]

    def wait(self, seconds: float = 30) -> int:
        """The exit status, reading all the while: a full terminal would block the reader."""
        end = time.monotonic() + seconds
        while self.process.poll() is None and time.monotonic() < end:
            if self.closed:
                time.sleep(0.1)
            else:
                self.read(0.1)
        try:
            status = self.process.wait(timeout=1)
        except subprocess.TimeoutExpired:
            raise AssertionError(f"the reader still runs {seconds} s on") from None
        if not self.closed:
            self.read(0.5)
        return status

    def echo(self) -> bool:
        return bool(termios.tcgetattr(self.main)[3] & termios.ECHO)

    def hang_up(self) -> None:
        """Close the terminal's other side, as tmux does when its session is killed."""
        os.close(self.main)
        self.closed = True

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        if not self.closed:
            os.close(self.main)
            self.closed = True


def read_ids() -> list[str]:
    """The ids of the articles marked read, as `tui-reader list --json` says (the library from
    TUI_READER_LIBRARY)."""
    listed = subprocess.run(
        [sys.executable, "-m", "tui_reader", "list", "--json"],
        capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)}, check=False,
    )  # fmt: skip
    articles = [json.loads(line) for line in listed.stdout.splitlines() if line.strip()]
    return [a["id"] for a in articles if a["read"]]
