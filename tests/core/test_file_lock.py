"""`core.file_lock.exclusive`: one process at a time, a waiter that can be cancelled, and the
library index's saved folder times, which vouch for its rows only until the next write."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from pathlib import Path

from tui_reader.core.file_lock import NOTICE, exclusive
from tui_reader.core.library.library import Library
from tui_reader.core.search import stamps

HOLD = """
import sys, time
from pathlib import Path
from tui_reader.core.file_lock import NOTICE, exclusive
with exclusive(Path(sys.argv[1])):
    print("held", flush=True)
    time.sleep(float(sys.argv[2]))
"""


def _holder(lock: Path, seconds: float) -> subprocess.Popen[str]:
    child = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(lock), str(seconds)], stdout=subprocess.PIPE, text=True
    )
    assert child.stdout is not None and child.stdout.readline() == "held\n"
    return child


def test_another_process_waits_for_the_lock(tmp_path: Path) -> None:
    lock = tmp_path / "made" / "index.lock"  # its folder is made too
    child = _holder(lock, 0.3)
    said: list[float] = []
    started = time.monotonic()
    with exclusive(lock, waiting=lambda: said.append(time.monotonic())) as held:
        waited = time.monotonic() - started
        assert held
    assert waited > 0.2 and said == []  # a short wait goes unsaid
    child.wait()
    child = _holder(lock, NOTICE + 0.5)
    started = time.monotonic()
    with exclusive(lock, waiting=lambda: said.append(time.monotonic() - started)) as held:
        assert held
    assert len(said) == 1 and said[0] >= NOTICE  # said once, when the wait grew long
    child.wait()


def test_a_cancelled_wait_does_not_hold_the_lock(tmp_path: Path) -> None:
    lock = tmp_path / "index.lock"
    child = _holder(lock, 30)
    cancel = threading.Event()
    threading.Timer(0.2, cancel.set).start()
    try:
        with exclusive(lock, cancel) as held:
            assert not held and child.poll() is None
    finally:
        child.kill()
        child.wait()
    with exclusive(lock, cancel) as held:  # free again once its holder ends
        assert held


def test_a_lock_that_cannot_be_made_runs_unlocked(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    with exclusive(blocker / "index.lock") as held:  # a file where the folder should be
        assert held


def test_saved_folder_times_hold_until_the_next_write(tmp_path: Path) -> None:
    root = tmp_path / "library"
    (root / "feed").mkdir(parents=True)
    (root / "feed" / "a.md").write_text("---\ntitle: A\ndate: 2024-01-01\n---\nbody\n")
    library = Library(root)
    library.scan(workers=1)  # writes the index: no folder times kept
    assert library.index.folders() is None and library.unchanged() is None
    library.scan(workers=1)  # finds it up to date: they are kept
    saved = library.index.folders()
    assert saved is not None and stamps.unchanged(root, saved)
    assert [a.title for a in library.unchanged().articles] == ["A"]  # type: ignore[union-attr]
    (root / "feed" / "b.md").write_text("---\ntitle: B\ndate: 2024-01-02\n---\nbody\n")
    assert library.unchanged() is None  # the folder's time moved
    library.scan(workers=1)  # a write drops them
    assert library.index.folders() is None
    library.scan(workers=1)
    assert [a.title for a in library.unchanged().articles] == ["B", "A"]  # type: ignore[union-attr]
