"""Following the logs of a state folder: merging what every device appended since last time.

`LogFollower` remembers per log the byte offset merged so far (kept in the cache between runs),
so a start-up or a refresh only reads new lines. When a log merged before has gone or no longer
starts as it did, nothing can be subtracted from a "latest wins" merge, so the merge is rebuilt
from all the logs there are.

Synced logs are untrusted, and what is done about one is said through `warn` (the CLI prints it,
the reader shows it): a log that cannot be read or holds no change at all is set aside (renamed,
never deleted), and the changes read from it before a read error are kept in a log of their own;
lines too long to be changes are skipped; changes stamped far in the future (a device whose clock
is wrong) are merged, and said, since they would otherwise win silently over what is done here
until that date (the store stamps the user's changes after them; see `StateStore`).
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path

from tui_reader.core.gcpause import collector_paused
from tui_reader.core.state.cache import TAIL_BYTES, LogMark, StateCache, tail_of
from tui_reader.core.state.log import (
    LOG_SUFFIX,
    MAX_LINE,
    MAX_STAMP,
    MICROSECONDS,
    Change,
    ReadResult,
    encode,
    log_files,
    read_from,
)
from tui_reader.core.state.merge import MergedState
from tui_reader.core.wording import counted

FUTURE_SLACK = 24 * 3600 * MICROSECONDS  # clocks a day apart are wrong, but not absurd
SECONDS_PER_YEAR = 365.2425 * 24 * 3600


class LogFollower:
    """Brings a `MergedState` up to date with the logs of one folder, through the cache."""

    def __init__(
        self,
        folder: Path,
        merged: MergedState,
        cache: StateCache | None,
        warn: Callable[[str], None],
        own: str = "",
    ) -> None:
        self.folder = folder
        self.own = own  # this device's log: its stamps in the future are its own doing
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
        self._told_future: set[str] = set()  # logs whose future stamps were said
        # Set when changes are kept only in memory: the cache must hold only what logs hold.
        self.frozen = False

    def start(self) -> None:
        """Load the cached merge, check it still matches the logs, and catch up."""
        if self.cache is not None:
            try:
                with collector_paused():  # 100k+ ids at once (see core.gcpause)
                    loaded = self.cache.load()
                    self.merged.load(loaded.read, loaded.bookmarks, loaded.positions, loaded.tags)
            except (sqlite3.Error, OSError) as error:
                self.merged.clear()
                self._drop_cache(error)
            else:
                self.generation, self.marks = loaded.generation, loaded.logs
                self._saved_marks = dict(loaded.logs)
                if loaded.logs:  # else the cache is empty: nothing to look up in it
                    self.merged.base = self.cache.lookup
                    self.merged.base_many = self.cache.lookup_many
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
        except OSError as error:
            return self._set_aside(path, _unreadable(error), [])
        result = read_from(path, mark.offset)
        tail = b""
        if result.error is None and result.offset > mark.offset:
            try:
                tail = tail_of(path, result.offset)
            except OSError as error:
                result.error = error
        if result.error is not None:
            return self._set_aside(path, _unreadable(result.error), result.changes)
        if (
            mark.offset == 0
            and result.bad_lines
            and not (result.good_lines or result.unknown_lines)
        ):
            return self._set_aside(path, "holds no reading-state changes", [])
        self._report(path, result)
        changed = self._merge(result.changes, entry.name)
        if result.offset > mark.offset:
            self.marks[entry.name] = LogMark(result.offset, tail)
        return changed

    def own_written(self, spans: list[tuple[int, int, bytes]]) -> None:
        """This device's log grew by these writes (start, end, bytes) of changes merged already:
        when they follow what was read of it, with nothing between, move past them unread (a
        bulk change of 100k articles is not parsed again)."""
        mark = self.marks.get(self.own, LogMark(0, b""))
        for start, end, data in spans:
            if mark.offset != start:
                return  # another process wrote between: the next catch_up reads the rest
            mark = LogMark(end, (mark.tail + data)[-TAIL_BYTES:])
            self.marks[self.own] = mark

    def _merge(self, changes: list[Change], src: str) -> bool:
        changed = False
        for change in changes:
            changed |= self.merged.merge(change, src)
        return changed

    def _report(self, path: Path, result: ReadResult) -> None:
        self.skipped_lines += result.bad_lines
        if result.long_lines:
            lines = counted(result.long_lines, "line")
            self.warn(f"{path}: {lines} longer than {MAX_LINE // 1024 // 1024} MB skipped "
                      "(no reading-state change is that long)")  # fmt: skip
        if path.name == self.own or path.name in self._told_future:
            return
        ahead = time.time_ns() // 1000 + FUTURE_SLACK
        future = [change.t for change in result.changes if change.t > ahead]
        if future:
            self._told_future.add(path.name)
            said = (
                f"{path}: {counted(len(future), 'change')} dated in the future (up to the year "
                f"{_year(max(future))}), from a device whose clock is wrong; "
            )
            if max(future) >= MAX_STAMP:  # no stamp can come after it
                said += (
                    "some carry the highest stamp there is, and changes made here cannot outvote "
                    "those: move the file out of the folder to undo them"
                )
            else:
                said += "changes made here are stamped after them, so they still win"
            self.warn(said)

    def _set_aside(self, path: Path, reason: str, readable: list[Change]) -> bool:
        """Rename a log that cannot be used, keeping the changes `readable` in it in a log of
        their own; True when that changed a value shown."""
        stamp = time.strftime("%Y%m%d-%H%M%S")
        aside = path.with_name(f"{path.name}.corrupt-{stamp}")
        src = path.name
        try:
            path.rename(aside)
        except OSError as error:
            self._ignored.add(path.name)
            said = f"{path} {reason}; ignored (could not set it aside: {error.strerror})"
        else:
            said = f"{path} {reason}; set aside as {aside.name}"
            if readable:
                src, kept = self._salvage(path, stamp, readable)
                said += f"; {counted(len(readable), 'change')} read before the fault {kept}"
        self.warn(said)
        if path.name in self.marks:
            raise _Rebuild  # its changes were merged before: take them out again
        return self._merge(readable, src)

    def _salvage(self, path: Path, stamp: str, changes: list[Change]) -> tuple[str, str]:
        """Write `changes` to a new log beside `path`: its name and what became of them."""
        name = f"{path.name.removesuffix(LOG_SUFFIX)}.salvaged-{stamp}{LOG_SUFFIX}"
        temporary = path.with_name(f".{name}.tmp")  # a dot file: no log until renamed
        try:
            temporary.write_bytes(b"".join(encode(change) for change in changes))
            temporary.rename(path.with_name(name))
        except OSError as error:
            with contextlib.suppress(OSError):
                temporary.unlink(missing_ok=True)
            return path.name, f"are kept until the reader closes (cannot write them: {error})"
        return name, f"are kept in {name}"

    def _rebuild(self, *, reset_cache: bool = True) -> None:
        self.rebuilt = True
        self.merged.clear()
        self.merged.base = None  # every log is read again: the cache has nothing more to say
        self.merged.base_many = None
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
        self.merged.base_many = self.cache.lookup_many
        self._saved_marks = dict(self.marks)

    def _drop_cache(self, error: Exception) -> None:
        # Not a warning (the user can do nothing about a cache), but kept for diagnosis.
        self.cache_error = f"{type(error).__name__}: {error}"
        # Winners already saved are in the cache only: merge the logs again without it.
        had_base = self.merged.base is not None
        self.merged.base_many = None
        if self.cache is not None:
            self.cache.close()
        self.cache = None
        if had_base:
            self._rebuild()

    def close(self) -> None:
        if self.cache is not None:
            self.cache.close()
            self.cache = None


def _unreadable(error: OSError) -> str:
    return f"cannot be read ({error.strerror or error})"


def _year(stamp: int) -> int:
    """The year of a stamp, also past the year 9999 where datetime stops."""
    return 1970 + int(stamp / MICROSECONDS // SECONDS_PER_YEAR)


class _Rebuild(Exception):
    """The cached merge no longer matches the logs."""
