"""Reading state that is never lost: read marks, bookmarks and reading positions.

`StateStore` is what the UI and the CLI use. Every change is appended to this device's log in the
state folder before the call returns (see `core.state.log`), the state shown is the merge of every
device's log (see `core.state.merge`), and a SQLite cache of that merge makes start-up fast (see
`core.state.cache`). The state folder is `state_dir` from config.toml, else `<user data dir>/state`;
it may sit in a folder that Syncthing, Dropbox or git keeps in step between machines.

Faults never stop the reader: a log that cannot be read or holds no valid line is set aside
(renamed `*.corrupt-<time>`, never deleted, the changes still read from it kept); a folder that
cannot be written keeps the changes in memory; each is said once in `warnings`, which the CLI
prints and the reader shows (`take_warnings` gives those not taken yet).

Changes are stamped by a hybrid clock counted in integer microseconds: the current time, or one
tick after the change it replaces when that is later (a device whose clock ran ahead, even by
centuries), so the user's own change always wins.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from tui_reader.core.config import load_config
from tui_reader.core.library.model import Article
from tui_reader.core.paths import data_dir
from tui_reader.core.sanitize import visible_name
from tui_reader.core.state.cache import StateCache, default_cache_path
from tui_reader.core.state.device import device_id
from tui_reader.core.state.log import (
    BOOKMARK,
    MAX_STAMP,
    POSITION,
    READ,
    Change,
    LogWriter,
    log_name,
    normalize,
)
from tui_reader.core.state.merge import Bookmark, MergedState
from tui_reader.core.state.sync import LogFollower

__all__ = ["Bookmark", "StateStore", "default_state_dir"]

UNDO_DEPTH = 100  # read-state changes `undo` can take back, newest first
# Scrolling reports positions often; smaller moves than this are not worth a log line.
POSITION_STEP = 0.001


def default_state_dir() -> Path:
    """`state_dir` from config.toml when set, else `<user data dir>/state`."""
    configured = load_config().state_dir
    return Path(configured).expanduser() if configured else data_dir() / "state"


class StateStore:
    """Read marks, bookmarks and positions of one state folder, for one process.

    Methods are safe to call from a worker thread; changes are on disk when they return.
    """

    def __init__(self, state_dir: Path, device: str, cache: StateCache | None) -> None:
        self.state_dir = state_dir
        self.device = device
        self.warnings: list[str] = []
        self._lock = threading.RLock()
        self._own = log_name(device)
        self._merged = MergedState()
        self._follower = LogFollower(state_dir, self._merged, cache, self._warn, self._own)
        self._writer: LogWriter | None = None
        self._lost = False  # the writer failed: changes are kept in memory only
        self._unsynced = False  # written since the last fsync
        self._closed = False
        self._unsaved: list[Change] = []  # changes kept in memory only (folder not writable)
        self._undo: list[list[tuple[str, bool]]] = []
        self._clock = 0  # the last stamp of this process's own clock, in microseconds
        self._warnings_taken = 0

    @classmethod
    def open(cls, state_dir: Path | None = None) -> StateStore:
        """Open the state folder (made if missing), merging what changed since the last start."""
        folder = Path(state_dir).expanduser() if state_dir else default_state_dir()
        device, problem = device_id()
        store = cls(folder, device, _open_cache(folder))
        if problem:
            store._warn(problem)
        store._follower.start()
        store._follower.save()
        store._open_writer()
        return store

    @property
    def read_only(self) -> bool:
        """True when changes cannot be saved and are kept in memory only (see `warnings`)."""
        return self._lost

    # -- read marks ---------------------------------------------------------------------------

    def is_read(self, article_id: str) -> bool:
        return article_id in self._merged.read

    def read_ids(self) -> set[str]:
        """A copy of the ids marked read, for unread counts."""
        with self._lock:
            return set(self._merged.read)

    def set_read(self, article_ids: Iterable[str], read: bool) -> None:
        """Mark articles read or unread (one log line per article whose state changes)."""
        with self._lock:
            before = [(a, a in self._merged.read) for a in dict.fromkeys(article_ids)]
            before = [(a, was) for a, was in before if was != read]
            if before:
                self._apply([(a, READ, read) for a, _ in before])
                self._undo.append(before)
                del self._undo[:-UNDO_DEPTH]

    def undo(self) -> list[str] | None:
        """Undo the last `set_read` of this process that changed something; the ids it
        touched, or None when there is nothing to undo."""
        with self._lock:
            if not self._undo:
                return None
            before = self._undo.pop()
            self._apply([(article, READ, was) for article, was in before])
            return [article for article, _ in before]

    # -- bookmarks ----------------------------------------------------------------------------

    def is_bookmarked(self, article_id: str) -> bool:
        return article_id in self._merged.bookmarks

    def bookmarks(self) -> list[Bookmark]:
        """Every bookmark, newest first."""
        with self._lock:
            merged = self._merged
            if merged.newest_first is None:
                merged.newest_first = sorted(merged.bookmarks.values(), key=_newest_first)
            return list(merged.newest_first)

    def set_bookmark(self, article: Article, on: bool) -> None:
        """Bookmark an article (keeping its title, path and date) or remove its bookmark."""
        with self._lock:
            if self.is_bookmarked(article.id) == on:
                return  # already so: keep the time it was first bookmarked
            value = None
            if on:
                date = article.date.isoformat() if article.date else ""
                value = normalize(
                    # the path as shown: a name that is not UTF-8 cannot be stored as it is
                    BOOKMARK,
                    {"title": article.title, "path": visible_name(article.path), "date": date},
                )
            self._apply([(article.id, BOOKMARK, value)])

    # -- reading position ---------------------------------------------------------------------

    def position(self, article_id: str) -> float | None:
        """Where the reader left the article, as a fraction 0..1 of its scroll range."""
        return self._merged.positions.get(article_id)

    def set_position(self, article_id: str, fraction: float) -> None:
        fraction = min(1.0, max(0.0, float(fraction)))
        with self._lock:
            old = self.position(article_id)
            if old is None or abs(old - fraction) >= POSITION_STEP:
                self._apply([(article_id, POSITION, fraction)])

    # -- other processes and devices ----------------------------------------------------------

    def refresh(self) -> bool:
        """Merge what other processes and devices wrote since; True if the state changed.

        Also flushes this process's changes to the disk itself (they are safe from a crash of
        the app as soon as they are written; this makes them safe from a power cut too)."""
        with self._lock:
            self._sync_writes()
            changed = self._follower.catch_up()
            self._follower.save()
            if self._follower.rebuilt:
                self._replay_unsaved()
            return changed

    def close(self) -> None:
        """Save the cache and let go of the files (the store is not used afterwards)."""
        with self._lock:
            self._follower.catch_up()  # take in our own lines, so the next start need not
            self._follower.save()
            self._follower.close()
            self._merged.base = None
            self._sync_writes()
            if self._writer is not None:
                self._writer.close()
                self._writer = None
            self._closed = True

    # -- inside -------------------------------------------------------------------------------

    def _apply(self, edits: list[tuple[str, str, Any]]) -> None:
        changes = [Change(self._stamp(f, article), article, f, v) for article, f, v in edits]
        # A change after close (a screen saving its scroll position on the way out) is still
        # written, through a log opened for just this write.
        reopened = self._closed and self._writer is None and not self._lost
        if reopened:
            self._open_writer()
        if self._writer is not None:
            try:
                self._writer.append(changes)
                self._unsynced = True
            except OSError as error:
                self._lose_writer(error)
        if reopened and self._writer is not None:
            self._writer.close()
            self._writer = None
            self._unsynced = False
        if self._lost:
            self._unsaved.extend(changes)
            self._follower.frozen = True
        for change in changes:
            self._merged.merge(change, self._own)

    def _stamp(self, field: str, article: str) -> int:
        # Now (never earlier than this process's last stamp), or one tick after the current
        # winner when that is later: the user's change wins even against a device whose clock
        # runs ahead. The tick past such a winner stays with this article: the clock itself
        # does not jump to a wrong device's time.
        self._clock = max(self._clock + 1, time.time_ns() // 1000)
        entry = self._merged.get(field, article)
        if entry is None or entry[0] < self._clock:
            return self._clock
        return min(int(entry[0]) + 1, MAX_STAMP)

    def _sync_writes(self) -> None:
        if self._writer is not None and self._unsynced:
            try:
                self._writer.sync()
            except OSError:
                pass  # the next write reports a failing disk
            self._unsynced = False

    def _open_writer(self) -> None:
        try:
            self.state_dir.mkdir(parents=True, exist_ok=True)
            self._writer = LogWriter(self.state_dir / self._own)
        except OSError as error:
            self._lose_writer(error)

    def _lose_writer(self, error: OSError) -> None:
        self._lost = True
        if self._writer is not None:
            self._writer.close()
            self._writer = None
        reason = error.strerror or str(error)
        self._warn(
            f"Reading state cannot be saved in {self.state_dir} ({reason}): "
            "changes from now on are kept only until the reader closes."
        )

    def _replay_unsaved(self) -> None:
        for change in self._unsaved:
            self._merged.merge(change, self._own)

    def _warn(self, message: str) -> None:
        if message not in self.warnings:
            self.warnings.append(message)

    def take_warnings(self) -> list[str]:
        """The warnings not taken before (each is given once, to be shown)."""
        with self._lock:
            new = self.warnings[self._warnings_taken :]
            self._warnings_taken = len(self.warnings)
            return new


def _newest_first(bookmark: Bookmark) -> tuple[float, str]:
    return -bookmark.when, bookmark.id


def _open_cache(state_dir: Path) -> StateCache | None:
    # Without a cache everything still works; start-up just reads every log again.
    try:
        return StateCache(default_cache_path(state_dir))
    except (OSError, sqlite3.Error):
        return None
