"""One process at a time: an exclusive lock on a file beside a cache, held while a block runs.

SQLite serializes single writes, not a whole update made of many: two processes updating the
search index at once (ten commands started together on a new library) each read the index,
then wrote rows and keys the other had written meanwhile ("UNIQUE constraint failed", or
"database is locked" after waiting 30 s). With this lock the first updates and the others wait,
then find the index up to date.

`flock` locks belong to the open file, so threads of one process that each open the file wait
for each other too, and the lock goes with the process when it ends, however it ends.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

POLL = 0.1  # seconds between tries at most while another process holds the lock
NOTICE = 1.0  # seconds of waiting before `waiting` is called (commands pass each other briefly)


@contextmanager
def exclusive(
    path: Path,
    cancel: threading.Event | None = None,
    waiting: Callable[[], None] | None = None,
) -> Iterator[bool]:
    """Hold an exclusive lock on `path` (made if missing, with its folder) while the block runs,
    waiting for another process that holds it (`waiting` is called once the wait is long); the
    block gets False when `cancel` was set while waiting (the lock is not held: do nothing),
    else True. Where the file cannot be made or locked (a folder that cannot be written, a
    system or file system without `flock`) the block runs unlocked, as it did before locks: the
    caches stay usable."""
    descriptor = _open(path)
    try:
        yield descriptor is None or _wait(descriptor, cancel, waiting)
    finally:
        if descriptor is not None:
            os.close(descriptor)  # releases the lock


def _open(path: Path) -> int | None:
    try:
        import fcntl  # noqa: F401  (POSIX only)
    except ImportError:
        return None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        return os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    except OSError:
        return None


def _wait(
    descriptor: int, cancel: threading.Event | None, waiting: Callable[[], None] | None
) -> bool:
    import fcntl

    started, pause = time.monotonic(), 0.005
    while True:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except BlockingIOError:  # held by another process (or another open of this process)
            pass
        except OSError:  # a file system without locks
            return True
        if waiting is not None and time.monotonic() - started >= NOTICE:
            waiting()
            waiting = None
        if cancel is not None and cancel.wait(pause):
            return False
        if cancel is None:
            time.sleep(pause)
        pause = min(pause * 2, POLL)
