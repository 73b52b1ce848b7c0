"""Working without the cache folder: the indexes move into memory, and the user is told once.

The cache folder (`~/.cache/tui-reader`) holds only what can be rebuilt from the files, so a
cache that cannot be used (a read-only folder, a cache path that is a file, a full disk, an I/O
error in the middle of a write) must not stop the reader or a command: the library index and
the search index fall back to SQLite databases in memory, which work the same but are rebuilt
at every start. Each failure is recorded here (`report`), once per folder, and the command line
(on stderr) or the reader (as a notification) says it to the user (`take_reports`).
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable
from contextlib import closing
from pathlib import Path
from typing import Any

# SQLite's result codes that mean the file or its folder cannot be used, not a busy database
_FAILURES = ("SQLITE_IOERR", "SQLITE_FULL", "SQLITE_READONLY", "SQLITE_CANTOPEN", "SQLITE_PERM")
_lock = threading.Lock()
_reported: set[Path] = set()
_pending: list[str] = []


def is_cache_failure(error: BaseException) -> bool:
    """Whether `error` says the cache file or folder cannot be used (to fall back to memory)."""
    if isinstance(error, OSError):
        return True
    if isinstance(error, sqlite3.OperationalError):
        name = getattr(error, "sqlite_errorname", "") or ""
        return name.startswith(_FAILURES)
    return False


class Memory:
    """A cache held in memory: one connection, usable from any thread while `lock` is held."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self.connection = connection
        self.lock = threading.RLock()


_memories: dict[Path, Memory] = {}


def in_memory(path: Path) -> Memory | None:
    """The cache of `path` in memory, once it has fallen back (shared by everything that opens
    that cache in this process)."""
    with _lock:
        return _memories.get(path)


def memory_for(path: Path, prepare: Callable[[sqlite3.Connection], None]) -> Memory:
    """The cache of `path` in memory, made on the first call: a copy of what the file still
    holds, as far as it can be read (nothing when it cannot), then `prepare`d."""
    with _lock:
        if (memory := _memories.get(path)) is not None:
            return memory
        connection = sqlite3.connect(":memory:", check_same_thread=False)
        try:
            with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as source:
                source.backup(connection)
            prepare(connection)
        except (sqlite3.Error, OSError):
            connection.close()
            connection = sqlite3.connect(":memory:", check_same_thread=False)
            prepare(connection)
        memory = _memories[path] = Memory(connection)
        return memory


def connect_prepared(
    path: Path, prepare: Callable[[sqlite3.Connection], None], **options: Any
) -> sqlite3.Connection:
    """A connection to the database at `path` (`options` as for `sqlite3.connect`), `prepare`d;
    closed again when preparing fails, so a cache that cannot be used leaves no file open."""
    connection = sqlite3.connect(path, **options)
    try:
        prepare(connection)
    except BaseException:
        connection.close()
        raise
    return connection


def open_cache(
    path: Path, open_file: Callable[[], sqlite3.Connection]
) -> sqlite3.Connection | None:
    """`open_file()`, after making the folder (a corrupt file is deleted and opened afresh: it
    is only a cache), or None when the cache cannot be used: reported, and the caller goes on
    with `memory_for`."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            return open_file()
        except sqlite3.DatabaseError as error:
            if is_cache_failure(error):
                raise
            for suffix in ("", "-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
            return open_file()
    except (OSError, sqlite3.OperationalError) as error:
        if not is_cache_failure(error):
            raise
        report(path, error)
        return None


def report(path: Path, error: BaseException) -> None:
    """Record that the cache at `path` failed with `error`; said once per cache folder."""
    folder = path.parent.parent if path.parent.name in ("index", "state", "images") else path.parent
    with _lock:
        if folder in _reported:
            return
        _reported.add(folder)
        reason = getattr(error, "strerror", None) or str(error) or type(error).__name__
        _pending.append(
            f"The cache folder {folder} cannot be used ({reason}): working without it, "
            "so opening the library and searching are slower until it can be written again."
        )


def take_reports() -> list[str]:
    """The messages recorded since the last call (each is shown once)."""
    with _lock:
        taken = list(_pending)
        _pending.clear()
    return taken
