"""SIGTERM and SIGHUP end a command through its cleanups: the worker processes of its index
build are stopped before it exits, not left behind running the chunks they were given."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from types import ModuleType

import pytest

REPO = Path(__file__).resolve().parents[2]


def _workers(pid: int) -> list[int]:
    """The pool worker processes among `pid`'s children (Linux's /proc)."""
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            children = (task / "children").read_text().split()
        except OSError:
            continue
        for child in map(int, children):
            try:
                command = Path(f"/proc/{child}/cmdline").read_bytes()
            except OSError:
                continue
            if b"spawn_main" in command:
                found.append(child)
    return found


def _alive(pid: int) -> bool:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
    return "\nState:\tZ" not in status  # a zombie has ended; only its parent's wait is missing


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="needs Linux's /proc")
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP])
def test_a_signalled_command_stops_its_workers(
    tmp_path: Path, signum: int, gen_library: ModuleType
) -> None:
    library = tmp_path / "lib"
    gen_library.generate(library, 3_500, seed=1)  # enough for the build's worker processes
    child = subprocess.Popen(
        [sys.executable, "-m", "tui_reader", "search", "--count", "market", str(library)],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=REPO, env=os.environ.copy(),
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 120
        workers: list[int] = []
        while len(workers) < 2 and child.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
            workers = _workers(child.pid)
        assert len(workers) >= 2, "the index build started no worker processes"
        child.send_signal(signum)
        assert child.wait(timeout=60) == 128 + signum  # ended by SystemExit, not by the signal
        assert [pid for pid in workers if _alive(pid)] == []
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
