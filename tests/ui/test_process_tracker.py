"""The reader starts multiprocessing's resource tracker itself when it starts loading, after its
first frame: a process pool (a big library's first scan, the search index's build) started with
no tracker running starts one with `sys.stderr`'s descriptor, and under Textual that is a capture
whose descriptor is -1: the pool failed ("bad value(s) in fds_to_keep")."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

# A fresh interpreter (no tracker running, as at every launch), the reader run headless on a cold
# library whose first scan uses worker processes however small it is.
SCRIPT = """
import asyncio, json, sys
from pathlib import Path

import tui_reader.core.library.scanner as scanner
from tui_reader.core.config import Config
from tui_reader.core.library.library import Library
from tui_reader.ui.app import ReaderApp

scanner.PARALLEL_FROM = 1


async def main() -> None:
    app = ReaderApp(Library(Path(sys.argv[1])), Config(layout="tree"), watch_interval=0)
    async with app.run_test(size=(120, 40)) as pilot:
        for _ in range(600):
            await pilot.pause(0.05)
            if not any(worker.is_running for worker in app.workers):
                break
        snapshot = app.main_screen.snapshot
        notes = [str(note.message) for note in app._notifications]
    print(json.dumps({"articles": len(snapshot.articles) if snapshot else 0, "notes": notes}))


asyncio.run(main())
"""


def test_a_first_scan_in_worker_processes_works_in_the_app(library: Path) -> None:
    files = sorted(library.rglob("*.md"))
    assert len(files) > 2
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(library)],
        capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["notes"] == []
    assert result["articles"] > 2


def test_launching_leaves_the_tracker_for_after_the_first_frame() -> None:
    probe = "import sys, tui_reader.ui.launch; print('\\n'.join(sys.modules))"
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=120, check=True
    )
    imported = set(result.stdout.split())
    assert "tui_reader.ui.app" in imported or "tui_reader.ui.launch" in imported
    assert "multiprocessing.resource_tracker" not in imported
