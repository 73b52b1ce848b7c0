"""Temporary user folders for the benchmarks.

`temporary_user_dirs()` points XDG_DATA_HOME, XDG_CONFIG_HOME, XDG_CACHE_HOME and XDG_STATE_HOME
(and so platformdirs, and every child process started afterwards) at folders under one temporary
folder, removed at the end: a benchmark that scans a library, builds an index, keeps reading
state, rules or a pipe cache, or runs the reader or its commands never reads or writes the user's
own. `use_user_dirs(home)` does the same under a folder the caller keeps.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

XDG_NAMES = ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME")


def use_user_dirs(home: Path) -> None:
    """Point the XDG_* variables of this process (and its children) at folders under `home`."""
    for name in XDG_NAMES:
        folder = home / name.lower()
        folder.mkdir(parents=True, exist_ok=True)
        os.environ[name] = str(folder)


@contextmanager
def temporary_user_dirs(prefix: str = "tui-reader-bench-") -> Iterator[Path]:
    """A temporary folder holding the user folders while the block runs; removed afterwards."""
    with tempfile.TemporaryDirectory(prefix=prefix) as folder:
        use_user_dirs(Path(folder))
        yield Path(folder)
