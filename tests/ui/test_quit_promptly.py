"""`q` ends the process at once, even while a worker thread is busy with something that never
looks at its cancellation (at 1M articles: building the tree's model for seconds). The process
used to wait for every worker thread after the screen had gone: 22-29 s at 1M."""

from __future__ import annotations

import shutil
import sys
import time
from pathlib import Path

import pytest
from ui_support import tmux, tmux_wait_for

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")

SESSION = "tui-reader-quit-test"
# The reader, with its load stuck in a thread that no cancellation reaches.
STUCK_LOAD = """
import sys, threading
from tui_reader.ui.workers import loading

def run(self, **options):
    threading.Event().wait()  # never set

loading.LibraryLoader.run = run
from tui_reader import cli
sys.argv = ["tui-reader", sys.argv[1]]
sys.exit(cli.main())  # as the program: with no arguments passed
"""


def wait_for(text: str, seconds: float = 20) -> bool:
    return tmux_wait_for(SESSION, text, seconds)


def test_quit_does_not_wait_for_a_busy_worker_thread(tmp_path: Path) -> None:
    library = tmp_path / "library"
    library.mkdir()
    (library / "a.md").write_text("---\ntitle: A\n---\n<p>text</p>\n", encoding="utf-8")
    script = tmp_path / "stuck.py"
    script.write_text(STUCK_LOAD, encoding="utf-8")
    names = ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME")
    env = " ".join(f"{name}={tmp_path / name.lower()}" for name in names)
    repo = Path(__file__).parents[2]  # this checkout's code, as `-m tui_reader` from it finds
    command = f"env {env} PYTHONPATH={repo} {sys.executable} {script} {library}; echo ENDED $?"
    tmux("kill-session", "-t", SESSION)
    tmux("new-session", "-d", "-s", SESSION, "-x", "100", "-y", "30", "-c", str(repo), "sh")
    try:
        tmux("send-keys", "-t", SESSION, command, "Enter")
        assert wait_for("Quit", 60), "the app did not start"
        time.sleep(0.5)
        tmux("send-keys", "-t", SESSION, "q")
        # the stuck thread never ends: before, the process waited for it for ever
        assert wait_for("ENDED 0", 30), tmux("capture-pane", "-p", "-t", SESSION)
    finally:
        tmux("kill-session", "-t", SESSION)
