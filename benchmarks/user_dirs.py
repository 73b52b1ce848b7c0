"""Temporary user folders for the benchmarks.

`temporary_user_dirs()` points XDG_DATA_HOME, XDG_CONFIG_HOME, XDG_CACHE_HOME and XDG_STATE_HOME
(and so platformdirs, and every child process started afterwards) at folders under one temporary
folder, removed at the end: a benchmark that scans a library, builds an index, keeps reading
state, rules or a pipe cache, or runs the reader or its commands never reads or writes the user's
own. `use_user_dirs(home)` does the same under a folder the caller keeps. `home_with_index`
makes such folders around a copy of a warm home's library index (`warm_index`), for the
benchmarks of a big library.
"""

from __future__ import annotations

import argparse
import os
import shutil
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


def warm_index(home: Path) -> Path:
    """The library index in the XDG folders under `home` (a warm home such as
    /work/wt/benchdata/home-1M); ValueError unless there is exactly one."""
    found = sorted((home / "cache" / "tui-reader" / "index").glob("library-*.sqlite3"))
    if len(found) != 1:
        raise ValueError(f"{home}: expected one library index, found {len(found)}")
    return found[0]


def home_with_index(index: Path, home: Path) -> dict[str, str]:
    """XDG folders under `home` holding a copy of the library index `index` and nothing else (no
    reading state, no search index): the XDG_* variables pointing at them. The original is
    never written."""
    variables = {}
    for name in XDG_NAMES:
        folder = home / name.lower()
        folder.mkdir(parents=True, exist_ok=True)
        variables[name] = str(folder)
    target = Path(variables["XDG_CACHE_HOME"]) / "tui-reader" / "index"
    target.mkdir(parents=True, exist_ok=True)
    for source in (index, index.with_name(index.name + "-wal")):  # (its last writes, if any)
        if source.exists():
            shutil.copy2(source, target / source.name)
    return variables


def big_library_arguments(description: str) -> argparse.ArgumentParser:
    """The arguments of a benchmark of a big library with a warm home: LIBRARY WARM_HOME
    [--category NAME]."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("library", type=Path)
    parser.add_argument("warm_home", type=Path, help="XDG folders with a warm library index")
    parser.add_argument("--category", default="游戏", help="a top-level category")
    return parser
