"""The merged reading state in memory: what is shown, and the winning change behind it.

The rule is "latest wins": a change replaces the current one when its stamp is later, or equal and
its log's name sorts at least as high (every device then picks the same winner, and a line merged
twice changes nothing). Because the rule is order-free, logs can be merged in any order, any number
of times, which is what makes syncing safe.

Start-up must stay fast with 100k marks, so only what is shown is loaded from the cache: the set
of read ids, the bookmarks, the positions and the ids under each personal tag. The winning change
behind a value (its time and log) is needed only to merge a new change, and is looked up in the
cache then (`base`); changes merged since the last save are kept in `overlay` until the cache has
them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import NamedTuple

from tui_reader.core.state.cache import Entry, Row
from tui_reader.core.state.log import BOOKMARK, MICROSECONDS, POSITION, READ, TAG_PREFIX, Change

BaseLookup = Callable[[str, str], Entry | None]  # (article id, field) -> winner in the cache
# [(article id, field)…] -> the winners the cache has of them
BaseLookupMany = Callable[[list[tuple[str, str]]], dict[tuple[str, str], Entry]]


class Bookmark(NamedTuple):
    """A bookmarked article as it was when bookmarked: shown even if its file has gone.

    `date_iso` is the article's date (ISO 8601, or "" when it had none); `when` is the time the
    bookmark was made, in seconds since the epoch. Text fields are already cleaned for display.
    (A named tuple: 10k of them are made at start-up, several times faster than a dataclass.)
    """

    id: str
    title: str
    path: str
    date_iso: str
    when: float


class MergedState:
    """Shown values (read ids, bookmarks, positions) and the winners merged since the last save."""

    def __init__(self) -> None:
        self.read: set[str] = set()
        self.bookmarks: dict[str, Bookmark] = {}
        self.newest_first: list[Bookmark] | None = []  # bookmarks sorted; None when stale
        self.positions: dict[str, float] = {}
        self.tags: dict[str, set[str]] = {}  # tag name -> ids of the articles under it
        self._names: list[str] | None = []  # the tag names, sorted; None: to sort again
        self.overlay: dict[tuple[str, str], Entry] = {}
        self.dirty: dict[tuple[str, str], Entry] = {}
        self.base: BaseLookup | None = None
        self.base_many: BaseLookupMany | None = None
        # how many times the read ids, and the bookmarks, have changed (a search keeps the
        # sets it was handed until then: see StateStore.search_marks)
        self.read_changes = 0
        self.bookmark_changes = 0

    def load(
        self,
        read: Iterable[str],
        bookmarks: Iterable[tuple[str, str, str, str, float]],
        positions: Iterable[tuple[str, float]],
        tags: Iterable[tuple[str, list[str]]] = (),
    ) -> None:
        """Shown values from the cache."""
        self.read_changes += 1
        self.bookmark_changes += 1
        self.read.update(read)
        make = Bookmark._make
        self.bookmarks.update((row[0], make(row)) for row in bookmarks)
        # The cache gives them newest first; kept so the first bookmarks() need not sort.
        self.newest_first = list(self.bookmarks.values()) if self.newest_first == [] else None
        self.positions.update(positions)
        for name, ids in tags:
            self.tags.setdefault(name, set()).update(ids)
        self._names = None

    def tags_of(self, article: str) -> tuple[str, ...]:
        """The tags of one article, sorted: a look-up per tag in use (people use tens of tags;
        an index by article would cost start-up 80 ms at 100k tagged articles)."""
        if self._names is None:
            self._names = sorted(self.tags)
        tags = self.tags
        return tuple(name for name in self._names if article in tags[name])

    def clear(self) -> None:
        self.read_changes += 1
        self.bookmark_changes += 1
        self.read.clear()
        self.bookmarks.clear()
        self.newest_first = []
        self.positions.clear()
        self.tags.clear()
        self._names = []
        self.overlay.clear()
        self.dirty = {}

    def get(self, field: str, article: str) -> Entry | None:
        """The winning change of one article's field."""
        entry = self.overlay.get((article, field))
        if entry is None and self.base is not None:
            entry = self.base(article, field)
        return entry

    def get_many(self, keys: list[tuple[str, str]]) -> dict[tuple[str, str], Entry]:
        """The winning changes of many (article, field) keys (those that have one), looked up in
        the cache together: a bulk change of 100k articles needs them all."""
        found = {key: entry for key in keys if (entry := self.overlay.get(key)) is not None}
        missing = [key for key in keys if key not in found]
        if missing and self.base_many is not None:
            found.update(self.base_many(missing))
        elif missing and self.base is not None:
            for article, field in missing:
                if (entry := self.base(article, field)) is not None:
                    found[article, field] = entry
        return found

    def merge(
        self, change: Change, src: str, known: dict[tuple[str, str], Entry] | None = None
    ) -> bool:
        """Apply one change from log `src`; True when a shown value changed. `known`: the
        winners of `get_many`, for a key it was given (the change's own merged in)."""
        key = (change.id, change.f)
        old = self.get(change.f, change.id) if known is None else known.get(key)
        if old is not None and (change.t, src) < (old[0], old[1]):
            return False
        entry = (change.t, src, change.v)
        if old != entry:
            self.overlay[key] = self.dirty[key] = entry
            if known is not None:
                known[key] = entry
        # Shown even when equal: the cache may hold a winner another process merged first.
        return self._show(change)

    def _show(self, change: Change) -> bool:
        article, value = change.id, change.v
        if change.f == READ:
            was = article in self.read
            (self.read.add if value else self.read.discard)(article)
            self.read_changes += was != (article in self.read)
            return was != value
        if change.f == BOOKMARK:
            self.newest_first = None
            self.bookmark_changes += 1
            old = self.bookmarks.get(article)
            if value is None:
                return self.bookmarks.pop(article, None) is not None
            when = change.t / MICROSECONDS
            new = Bookmark(article, value["title"], value["path"], value["date"], when)
            self.bookmarks[article] = new
            return old is None or old[:4] != new[:4]
        if change.f.startswith(TAG_PREFIX):
            return self._show_tag(change.f[len(TAG_PREFIX) :], article, value)
        if change.f == POSITION:
            was_at = self.positions.get(article)
            if value is None:
                self.positions.pop(article, None)
            else:
                self.positions[article] = value
            return was_at != value
        return False

    def _show_tag(self, name: str, article: str, on: bool) -> bool:
        ids = self.tags.get(name)
        was = ids is not None and article in ids
        if was == on:
            return False
        if ids is None:
            self.tags[name] = ids = set()
            self._names = None
        if on:
            ids.add(article)
        else:
            ids.discard(article)
            if not ids:
                del self.tags[name]
                self._names = None
        return True

    def take_dirty(self) -> list[Row]:
        rows = [(article, field, *entry) for (article, field), entry in self.dirty.items()]
        self.dirty = {}
        return rows

    def saved(self) -> None:
        """The cache now holds the overlay: look winners up there again (bounds memory)."""
        if self.base is not None:
            self.overlay.clear()
