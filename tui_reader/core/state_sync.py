"""Following the logs of a state folder: merging what every device appended since last time.

`LogFollower` remembers per log the byte offset merged so far (kept in the cache between runs),
so a start-up or a refresh only reads new lines. When a log merged before has gone or no longer
starts as it did, nothing can be subtracted from a "latest wins" merge, so the merge is rebuilt
from all the logs there are.
"""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path

from tui_reader.core.gcpause import collector_paused
from tui_reader.core.state_cache import LogMark, StateCache, tail_of
from tui_reader.core.state_log import log_files, read_from
from tui_reader.core.state_merge import MergedState


class LogFollower:
    """Brings a `MergedState` up to date with the logs of one folder, through the cache."""

    def __init__(
        self,
        folder: Path,
        merged: MergedState,
        cache: StateCache | None,
        warn: Callable[[str], None],
    ) -> None:
        self.folder = folder
        self.merged = merged
        self.cache = cache
        self.warn = warn
        self.marks: dict[str, LogMark] = {}
        self.generation = "0"
        self.rebuilt = False  # set when the last catch_up started again from nothing
        self.skipped_lines = 0
        self._saved_marks: dict[str, LogMark] = {}
        self.cache_error: str | None = None  # why the cache was given up, if it was
        self._ignored: set[str] = set()  # unreadable logs that could not be set aside
        # Set when changes are kept only in memory: the cache must hold only what logs hold.
        self.frozen = False

    def start(self) -> None:
        """Load the cached merge, check it still matches the logs, and catch up."""
        if self.cache is not None:
            try:
                with collector_paused():  # 100k+ ids at once (see core.gcpause)
                    loaded = self.cache.load()
                    self.merged.load(loaded.read, loaded.bookmarks, loaded.positions)
            except (sqlite3.Error, OSError) as error:
                self.merged.clear()
                self._drop_cache(error)
            else:
                self.generation, self.marks = loaded.generation, loaded.logs
                self._saved_marks = dict(loaded.logs)
                if loaded.logs:  # else the cache is empty: nothing to look up in it
                    self.merged.base = self.cache.lookup
        self.catch_up()

    def catch_up(self) -> bool:
        """Merge new lines of every log; True when a value shown changed."""
        self.rebuilt = False
        try:
            return self._catch_up()
        except _Rebuild:
            self._rebuild()
            return True

    def _catch_up(self) -> bool:
        try:
            entries = [e for e in log_files(self.folder) if e.name not in self._ignored]
        except OSError:
            entries = []  # no folder yet (or unreadable: the writer reports it)
        if set(self.marks) - {entry.name for entry in entries}:
            raise _Rebuild  # a log merged before has gone
        changed = False
        for entry in entries:
            changed |= self._follow(entry)
        return changed

    def _follow(self, entry: os.DirEntry[str]) -> bool:
        path = Path(entry.path)
        mark = self.marks.get(entry.name, LogMark(0, b""))
        try:
            size = entry.stat().st_size
            if size == mark.offset:
                return False
            if size < mark.offset or (mark.offset and tail_of(path, mark.offset) != mark.tail):
                raise _Rebuild  # rewritten or replaced: its old lines may be gone
            result = read_from(path, mark.offset)
            if result.offset > mark.offset:
                tail = tail_of(path, result.offset)
        except OSError as error:
            self._set_aside(path, f"cannot be read ({error.strerror or error})")
            return False
        if mark.offset == 0 and result.bad_lines and not result.good_lines:
            self._set_aside(path, "holds no reading-state changes")
            return False
        self.skipped_lines += result.bad_lines
        changed = False
        for change in result.changes:
            changed |= self.merged.merge(change, entry.name)
        if result.offset > mark.offset:
            self.marks[entry.name] = LogMark(result.offset, tail)
        return changed

    def _set_aside(self, path: Path, reason: str) -> None:
        aside = path.with_name(f"{path.name}.corrupt-{time.strftime('%Y%m%d-%H%M%S')}")
        try:
            path.rename(aside)
        except OSError as error:
            self._ignored.add(path.name)
            self.warn(f"{path} {reason}; ignored (could not set it aside: {error.strerror})")
        else:
            self.warn(f"{path} {reason}; set aside as {aside.name}")
        if path.name in self.marks:
            raise _Rebuild  # its changes were merged before: take them out again

    def _rebuild(self, *, reset_cache: bool = True) -> None:
        self.rebuilt = True
        self.merged.clear()
        self.merged.base = None  # every log is read again: the cache has nothing more to say
        self.marks = {}
        if self.cache is not None and reset_cache:
            try:
                self.generation = self.cache.reset()
            except (sqlite3.Error, OSError) as error:
                self._drop_cache(error)
        self._catch_up()  # from nothing, a second _Rebuild cannot happen

    def save(self) -> None:
        """Write the winners and offsets merged since the last save into the cache."""
        if self.cache is None or self.frozen:
            return  # the overlay keeps every winner; nothing else to do
        if not self.merged.dirty and self.marks == self._saved_marks:
            return  # nothing new: no write transaction
        rows = self.merged.take_dirty()
        try:
            if not self.cache.save(self.generation, rows, self.marks):
                # Another process rebuilt the cache since we loaded it: our winners may hold
                # lines of a log that has gone, so merge again from the logs and save that.
                self.generation = self.cache.generation()
                self._rebuild(reset_cache=False)
                self.cache.save(self.generation, self.merged.take_dirty(), self.marks)
        except (sqlite3.Error, OSError) as error:
            self._drop_cache(error)
            return
        self.merged.saved()
        self.merged.base = self.cache.lookup
        self._saved_marks = dict(self.marks)

    def _drop_cache(self, error: Exception) -> None:
        # Not a warning (the user can do nothing about a cache), but kept for diagnosis.
        self.cache_error = f"{type(error).__name__}: {error}"
        # Winners already saved are in the cache only: merge the logs again without it.
        had_base = self.merged.base is not None
        if self.cache is not None:
            self.cache.close()
        self.cache = None
        if had_base:
            self._rebuild()

    def close(self) -> None:
        if self.cache is not None:
            self.cache.close()
            self.cache = None


class _Rebuild(Exception):
    """The cached merge no longer matches the logs."""
