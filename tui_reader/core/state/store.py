"""Reading state that is never lost: read marks, bookmarks, reading positions and personal tags.

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
from tui_reader.core.state.cache import Entry, StateCache, default_cache_path
from tui_reader.core.state.device import device_id
from tui_reader.core.state.log import (
    BOOKMARK,
    MAX_STAMP,
    MAX_TAG_LENGTH,
    POSITION,
    READ,
    Change,
    LogWriter,
    log_name,
    normalize,
    tag_field,
    tag_name,
)
from tui_reader.core.state.merge import Bookmark, MergedState
from tui_reader.core.state.sync import LogFollower

__all__ = ["Bookmark", "StateStore", "default_state_dir"]

UNDO_DEPTH = 100  # actions `undo` can take back, newest first
# ...and the articles they changed, all together: older actions are forgotten past it (a few
# bulk changes of 100k articles each keep tens of MB)
UNDO_ENTRIES = 1_000_000
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
        # per action: (article, field, value before) for every article it changed
        self._undo: list[list[tuple[str, str, Any]]] = []
        self._clock = 0  # the last stamp of this process's own clock, in microseconds
        # the read ids and the bookmarked ids as last given by `search_marks`, with the
        # changes counts (MergedState) they were made at
        self._marks: tuple[int, frozenset[str], int, frozenset[str]] | None = None
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

    def search_marks(self) -> tuple[frozenset[str], frozenset[str]]:
        """The read ids and the bookmarked ids, each the same frozenset on every call until it
        changes: a search index handed the same set again has nothing to load (see
        core.search.index), where a copy made for each search costs a pass over every mark."""
        with self._lock:
            merged, marks = self._merged, self._marks
            if marks is None or marks[0] != merged.read_changes:
                read = (merged.read_changes, frozenset(merged.read))
            else:
                read = marks[:2]
            if marks is None or marks[2] != merged.bookmark_changes:
                marked = (merged.bookmark_changes, frozenset(merged.bookmarks))
            else:
                marked = marks[2:]
            self._marks = (*read, *marked)
            return read[1], marked[1]

    def set_read(
        self, article_ids: Iterable[str], read: bool, *, undoable: bool = True
    ) -> list[str]:
        """Mark articles read or unread (one log line per article whose state changes, all
        written at once); the ids changed. `undo` takes the whole call back when `undoable`."""
        with self._lock:
            marked = self._merged.read
            changed = [a for a in dict.fromkeys(article_ids) if (a in marked) != read]
            self._change([(a, READ, read, not read) for a in changed], undoable)
            return changed

    def undo(self) -> list[str] | None:
        """Undo the last undoable action of this process that changed something (`set_read`,
        `set_tags`, `set_bookmarks`): every article it changed gets its value from before, in one
        write. The ids it touched, or None when there is nothing to undo."""
        with self._lock:
            if not self._undo:
                return None
            before = self._undo.pop()
            self._apply(before)
            return list(dict.fromkeys(article for article, _, _ in before))

    def _change(self, edits: list[tuple[str, str, Any, Any]], undoable: bool) -> None:
        """Apply (article, field, new value, value before) edits as one action."""
        if not edits:
            return
        self._apply([(article, f, new) for article, f, new, _ in edits])
        if undoable:
            self._undo.append([(article, f, old) for article, f, _, old in edits])
            del self._undo[:-UNDO_DEPTH]
            # the newest actions that hold UNDO_ENTRIES changes at most (the last one always)
            first = len(self._undo) - 1
            total = len(self._undo[first])
            while first > 0 and total + len(self._undo[first - 1]) <= UNDO_ENTRIES:
                first -= 1
                total += len(self._undo[first])
            del self._undo[:first]

    # -- personal tags ------------------------------------------------------------------------

    def tags_of(self, article_id: str) -> tuple[str, ...]:
        """The personal tags of an article, sorted."""
        with self._lock:
            return self._merged.tags_of(article_id)

    def all_tags(self) -> dict[str, int]:
        """Every personal tag in use, with how many articles it is on, by name."""
        with self._lock:
            return {name: len(ids) for name, ids in sorted(self._merged.tags.items())}

    def tagged(self, tag: str) -> set[str]:
        """A copy of the ids of the articles under a tag (any spelling `tag_name` accepts)."""
        name = tag_name(tag)
        with self._lock:
            return set(self._merged.tags.get(name, ())) if name else set()

    def set_tags(
        self, article_ids: Iterable[str], tag: str, on: bool, *, undoable: bool = True
    ) -> list[str]:
        """Put a tag on articles or take it off, all in one write; the ids changed. The name
        is taken in its canonical form (`core.state.log.tag_name`: lower case, spaces as `-`);
        raises ValueError, saying why, when it cannot be a tag name."""
        return self.edit_tags(article_ids, [tag] if on else [], [] if on else [tag], undoable)

    def edit_tags(
        self,
        article_ids: Iterable[str],
        add: Iterable[str] = (),
        remove: Iterable[str] = (),
        undoable: bool = True,
    ) -> list[str]:
        """Add some tags to articles and remove others, as one action (one write, one undo);
        the ids changed. Raises ValueError when a name cannot be a tag name."""
        wanted = [(checked_tag(name), True) for name in add]
        wanted += [(checked_tag(name), False) for name in remove]
        with self._lock:
            ids = list(dict.fromkeys(article_ids))
            edits = []
            for name, on in dict(wanted).items():
                under = self._merged.tags.get(name, set())
                field = tag_field(name)
                edits += [(a, field, on, not on) for a in ids if (a in under) != on]
            self._change(edits, undoable)
            return list(dict.fromkeys(article for article, _, _, _ in edits))

    def ever_set(self, article_id: str, field: str) -> bool:
        """Whether any device's log ever set this field of the article ("read", "bookmark", a
        tag's), to either value: rules act only on articles nobody has touched (core.rules)."""
        with self._lock:
            return self._merged.get(field, article_id) is not None

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
            self._apply([(article.id, BOOKMARK, _bookmark_value(article) if on else None)])

    def set_bookmarks(
        self, articles: Iterable[Article], on: bool, *, undoable: bool = True
    ) -> list[str]:
        """Bookmark articles or remove their bookmarks, all in one write, as one action for
        `undo`; the ids changed."""
        with self._lock:
            marks = self._merged.bookmarks
            edits = []
            for article in {article.id: article for article in articles}.values():
                old = marks.get(article.id)
                if (old is not None) == on:
                    continue
                before = None if old is None else {"title": old.title, "path": old.path,
                                                   "date": old.date_iso}  # fmt: skip
                edits.append((article.id, BOOKMARK, _bookmark_value(article) if on else None,
                              before))  # fmt: skip
            self._change(edits, undoable)
            return [article for article, _, _, _ in edits]

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
        # the winners replaced, looked up together when there are many
        known = self._merged.get_many([(a, f) for a, f, _ in edits]) if len(edits) > 1 else None
        changes = [Change(self._stamp(f, a, known), a, f, v) for a, f, v in edits]
        # A change after close (a screen saving its scroll position on the way out) is still
        # written, through a log opened for just this write.
        reopened = self._closed and self._writer is None and not self._lost
        if reopened:
            self._open_writer()
        if self._writer is not None:
            try:
                spans = self._writer.append(changes)
                self._unsynced = True
                if not reopened:
                    self._follower.own_written(spans)
            except OSError as error:
                self._lose_writer(error)
        if reopened and self._writer is not None:
            self._writer.close()
            self._writer = None
            self._unsynced = False
        if self._lost:
            self._unsaved.extend(changes)
            self._follower.frozen = True
        merge, own = self._merged.merge, self._own
        for change in changes:
            merge(change, own, known)

    def _stamp(
        self, field: str, article: str, known: dict[tuple[str, str], Entry] | None = None
    ) -> int:
        # Now (never earlier than this process's last stamp), or one tick after the current
        # winner when that is later: the user's change wins even against a device whose clock
        # runs ahead. The tick past such a winner stays with this article: the clock itself
        # does not jump to a wrong device's time.
        self._clock = max(self._clock + 1, time.time_ns() // 1000)
        entry = self._merged.get(field, article) if known is None else known.get((article, field))
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


def checked_tag(text: str) -> str:
    """A tag name in its canonical form; raises ValueError saying why it cannot be one."""
    name = tag_name(text)
    if name is None:
        shown = visible_name(text[:80])
        raise ValueError(
            f"{shown!r} cannot be a tag: a tag is 1 to {MAX_TAG_LENGTH} characters, does not "
            'start with "-" and holds no control character, quote, parenthesis or comma'
        )
    return name


def _bookmark_value(article: Article) -> dict[str, str]:
    date = article.date.isoformat() if article.date else ""
    # the path as shown: a name that is not UTF-8 cannot be stored as it is
    value = {"title": article.title, "path": visible_name(article.path), "date": date}
    result: dict[str, str] = normalize(BOOKMARK, value)
    return result


def _newest_first(bookmark: Bookmark) -> tuple[float, str]:
    return -bookmark.when, bookmark.id


def _open_cache(state_dir: Path) -> StateCache | None:
    # Without a cache everything still works; start-up just reads every log again.
    try:
        return StateCache(default_cache_path(state_dir))
    except (OSError, sqlite3.Error):
        return None
