"""A terminal program in a detached tmux session, read back as a person would see it.

`Terminal` starts a command in a fixed-size session on a private tmux server, sends keys, and
polls `tmux capture-pane -p` every few milliseconds until the screen passes a test; the time
from the launch (or the key press) to that screen is what the reader benchmark reports.
`body_text` and `squash` turn screens and article bodies into comparable text: all whitespace and
scrollbar glyphs dropped, so a phrase still matches when the terminal wrapped it.
"""

from __future__ import annotations

import html
import os
import re
import subprocess
import time
from collections.abc import Callable, Mapping

POLL = 0.005  # seconds between two captures of the screen
SERVER = "bench-reader"  # a private tmux server (-L), never the user's own

_GLYPHS = re.compile(r"[\s\u2580-\u259f\u2500-\u257f]+")  # whitespace, blocks, box drawing
_TAGS = re.compile(r"<[^>]+>")
_PARAGRAPH = re.compile(r"<p[^>]*>(.*?)</p>", re.S | re.I)
_PHRASE = re.compile(r"\w{8,}")  # letters (or CJK) only: punctuation may be restyled


class ScreenTimeout(RuntimeError):
    """The expected screen did not show in time; carries the last screen seen."""


def squash(text: str) -> str:
    """`text` without whitespace and box/scrollbar glyphs."""
    return _GLYPHS.sub("", text)


def body_phrase(body_html: str) -> str | None:
    """A phrase from the start of the article's first paragraph, as the reader shows it
    (spaces dropped): the first run of 8+ word characters, cut to 12, or None."""
    for paragraph in _PARAGRAPH.findall(body_html):
        text = squash(html.unescape(_TAGS.sub(" ", paragraph)))
        match = _PHRASE.search(text)
        if match:
            return match.group(0)[:12]
    return None


def right_of(screen: str, border: str) -> str:
    """Each line's text after the last `border` glyph (the reading pane beside a sidebar)."""
    return "\n".join(line.rsplit(border, 1)[-1] for line in screen.splitlines())


class Terminal:
    """One detached tmux session of `width`x`height` running `command`."""

    def __init__(self, name: str, width: int = 120, height: int = 40) -> None:
        self.name = name
        self.width = width
        self.height = height

    @staticmethod
    def tmux(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            ["tmux", "-L", SERVER, *args], capture_output=True, text=True, check=False
        )

    @classmethod
    def start_server(cls) -> None:
        """Keep the server up between runs (an idle session), so a launch does not pay for it."""
        if cls.tmux("has-session", "-t", "keepalive").returncode != 0:
            cls.tmux("new-session", "-d", "-s", "keepalive", "-x", "80", "-y", "24", "sleep 86400")

    @classmethod
    def stop_server(cls) -> None:
        cls.tmux("kill-server")

    def launch(self, command: str, env: Mapping[str, str], cwd: str | None = None) -> float:
        """Start `command`; returns the perf_counter time just before tmux was asked to."""
        args = ["new-session", "-d", "-s", self.name, "-x", str(self.width), "-y", str(self.height)]
        for key, value in env.items():
            args += ["-e", f"{key}={value}"]
        if cwd:
            args += ["-c", cwd]
        start = time.perf_counter()
        result = self.tmux(*args, command)
        if result.returncode != 0:
            raise RuntimeError(f"tmux new-session failed: {result.stderr.strip()}")
        return start

    def capture(self) -> str:
        return self.tmux("capture-pane", "-p", "-t", self.name).stdout

    def send(self, *keys: str) -> float:
        """Send keys (tmux names: Enter, j, …); returns the time just before sending."""
        start = time.perf_counter()
        self.tmux("send-keys", "-t", self.name, *keys)
        return start

    def wait_for(self, test: Callable[[str], bool], since: float, timeout: float = 60.0) -> float:
        """Poll the screen until `test(screen)`; seconds from `since` to the capture that
        passed (the capture's start, so the poll's own cost is not counted)."""
        screen = ""
        while True:
            taken = time.perf_counter()
            screen = self.capture()
            if test(screen):
                return taken - since
            if taken - since > timeout:
                raise ScreenTimeout(f"{self.name}: screen not seen in {timeout} s:\n{screen}")
            time.sleep(POLL)

    def processes(self) -> list[int]:
        """The pids of the program in the pane and of all its descendants (empty once gone)."""
        pane = self.tmux("display-message", "-p", "-t", self.name, "#{pane_pid}").stdout.strip()
        if not pane.isdigit():
            return []
        children: dict[int, list[int]] = {}
        for entry in os.scandir("/proc"):
            if not entry.name.isdigit():
                continue
            try:
                with open(f"/proc/{entry.name}/stat", encoding="ascii", errors="replace") as f:
                    parent = int(f.read().rsplit(")", 1)[1].split()[1])
            except OSError:
                continue
            children.setdefault(parent, []).append(int(entry.name))
        found, todo = [], [int(pane)]
        while todo:
            pid = todo.pop()
            found.append(pid)
            todo.extend(children.get(pid, ()))
        return found

    def cpu_seconds(self) -> float:
        """CPU time (user + system) used so far by the program in the pane and its children:
        the work itself, which the machine's other load does not inflate."""
        pids = self.processes()
        if not pids:
            return float("nan")
        tick = os.sysconf("SC_CLK_TCK")
        total = 0.0
        for pid in pids:
            try:
                with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as f:
                    fields = f.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            total += (int(fields[11]) + int(fields[12])) / tick
        return total

    def peak_rss_mb(self) -> dict[str, float]:
        """Peak RSS (VmHWM) of the largest process of the program, and the sum over its
        processes, in MB."""
        peaks = []
        for pid in self.processes():
            try:
                with open(f"/proc/{pid}/status", encoding="ascii", errors="replace") as f:
                    peaks += [
                        int(line.split()[1]) / 1024 for line in f if line.startswith("VmHWM:")
                    ]
            except OSError:
                continue
        return {"largest": max(peaks, default=0.0), "sum": sum(peaks)}

    def alive(self) -> bool:
        return self.tmux("has-session", "-t", self.name).returncode == 0

    def close(self, quit_keys: tuple[str, ...] = ("q",), timeout: float = 10.0) -> None:
        """Quit as a user would; kill the session if the program does not end."""
        if self.alive():
            self.send(*quit_keys)
        deadline = time.monotonic() + timeout
        while self.alive() and time.monotonic() < deadline:
            time.sleep(0.05)
        if self.alive():
            self.tmux("kill-session", "-t", self.name)
