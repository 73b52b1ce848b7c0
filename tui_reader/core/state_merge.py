"""The merged reading state in memory: the winning change per article and field.

The rule is "latest wins": a change replaces the current one when its time is later, or equal and
its log's name sorts at least as high (every device then picks the same winner, and a line merged
twice changes nothing). Because the rule is order-free, logs can be merged in any order, any number
of times, which is what makes syncing safe.
"""

from __future__ import annotations

from typing import Any

from tui_reader.core.state_cache import Entry, Row
from tui_reader.core.state_log import FIELDS, READ, Change


class MergedState:
    """Winners per field, the set of read ids kept ready, and what changed since the last save."""

    def __init__(self) -> None:
        self.fields: dict[str, dict[str, Entry]] = {field: {} for field in FIELDS}
        self.read: set[str] = set()
        self.dirty: dict[tuple[str, str], Entry] = {}

    def clear(self) -> None:
        for table in self.fields.values():
            table.clear()
        self.read.clear()
        self.dirty = {}

    def get(self, field: str, article: str) -> Entry | None:
        return self.fields[field].get(article)

    def value(self, field: str, article: str) -> Any:
        entry = self.fields[field].get(article)
        return None if entry is None else entry[2]

    def load(self, rows: Any) -> None:
        """Winners from the cache (already saved, so not dirty)."""
        fields, read = self.fields, self.read
        for article, field, t, src, value in rows:
            table = fields.get(field)
            if table is None:
                continue
            table[article] = (t, src, value)
            if field == READ and value is True:
                read.add(article)

    def merge(self, change: Change, src: str) -> bool:
        """Apply one change from log `src`; True when the visible value changed."""
        table = self.fields.get(change.f)
        if table is None:
            return False
        old = table.get(change.id)
        if old is not None and (change.t, src) < (old[0], old[1]):
            return False
        entry = (change.t, src, change.v)
        if old == entry:
            return False
        table[change.id] = entry
        self.dirty[(change.id, change.f)] = entry
        if change.f == READ:
            if change.v is True:
                self.read.add(change.id)
            else:
                self.read.discard(change.id)
        return _shown(change.f, old) != change.v

    def take_dirty(self) -> list[Row]:
        rows = [(article, field, *entry) for (article, field), entry in self.dirty.items()]
        self.dirty = {}
        return rows  # type: ignore[return-value]


def _shown(field: str, entry: Entry | None) -> Any:
    if entry is not None:
        return entry[2]
    return False if field == READ else None  # no change yet looks like "unread", "none"
