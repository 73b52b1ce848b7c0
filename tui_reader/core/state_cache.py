"""A SQLite cache of the merged reading state, so start-up need not re-read every log.

It holds the winning change per article and field, and per log file the byte offset merged so
far with a fingerprint of the bytes just before it (a file replaced by different content, e.g.
restored from a backup, is then read again from the start). It is only a cache: the logs are the
truth, and the cache is rebuilt from them whenever it is missing, corrupt, from another version,
or a log it merged has gone.

Merging is "latest wins", which is idempotent and order-free, so two processes may write their
winners into the same cache at any time; `generation` changes when the cache is rebuilt, and a
process holding winners from before then does not write them back.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tui_reader.core.paths import cache_dir

SCHEMA_VERSION = "1"
_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS state (
    id TEXT NOT NULL, f TEXT NOT NULL, t REAL NOT NULL, src TEXT NOT NULL, v TEXT NOT NULL,
    PRIMARY KEY (id, f)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS logs (name TEXT PRIMARY KEY, offset INTEGER NOT NULL, tail BLOB);
"""
# Latest wins; equal times are settled by the log's name, so every device picks the same winner.
_UPSERT = """
INSERT INTO state (id, f, t, src, v) VALUES (?, ?, ?, ?, ?)
ON CONFLICT (id, f) DO UPDATE SET t = excluded.t, src = excluded.src, v = excluded.v
WHERE excluded.t > state.t OR (excluded.t = state.t AND excluded.src >= state.src)
"""
TAIL_BYTES = 256

Entry = tuple[float, str, Any]  # (time, log name, value)
Row = tuple[str, str, float, str, Any]  # (id, field, time, log name, value)


@dataclass(frozen=True, slots=True)
class LogMark:
    """How far one log has been merged."""

    offset: int
    tail: bytes


def default_cache_path(state_dir: Path) -> Path:
    """One cache per state folder, named by a hash of its resolved path."""
    key = hashlib.sha1(str(state_dir.resolve()).encode("utf-8", "surrogatepass")).hexdigest()
    return cache_dir() / "state" / f"state-{key[:16]}.sqlite3"


def tail_of(path: Path, offset: int) -> bytes:
    """The bytes just before `offset`, to notice a log replaced by other content."""
    start = max(0, offset - TAIL_BYTES)
    with open(path, "rb") as file:
        file.seek(start)
        return file.read(offset - start)


class StateCache:
    """The cache file; every method raises sqlite3.Error or OSError when it cannot be used."""

    def __init__(self, path: Path) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self._db = self._connect()
        except sqlite3.DatabaseError:
            self._discard()  # corrupt: it is only a cache
            self._db = self._connect()

    def _connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, timeout=10, isolation_level=None, check_same_thread=False)
        try:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            db.executescript(_SCHEMA)
            version = db.execute("SELECT value FROM meta WHERE key='version'").fetchone()
            if version is None or version[0] != SCHEMA_VERSION:
                db.executescript("DELETE FROM state; DELETE FROM logs;")
                db.execute("INSERT OR REPLACE INTO meta VALUES ('version', ?)", (SCHEMA_VERSION,))
        except sqlite3.Error:
            db.close()
            raise
        return db

    def _discard(self) -> None:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{self.path}{suffix}").unlink(missing_ok=True)

    def generation(self) -> str:
        row = self._db.execute("SELECT value FROM meta WHERE key='generation'").fetchone()
        return row[0] if row else "0"

    def load(self) -> tuple[str, Iterator[Row], dict[str, LogMark]]:
        """The generation, the winners and the log marks, read in one transaction."""
        db = self._db
        db.execute("BEGIN")
        try:
            generation = self.generation()
            logs = {n: LogMark(o, t or b"") for n, o, t in db.execute("SELECT * FROM logs")}
            rows = db.execute("SELECT id, f, t, src, v FROM state").fetchall()
        finally:
            db.execute("COMMIT")
        return generation, _decoded(rows), logs

    def save(self, generation: str, rows: Iterable[Row], logs: dict[str, LogMark]) -> bool:
        """Merge winners and advance log marks; False (nothing written) when the cache was
        rebuilt since `generation` was read."""
        db = self._db
        db.execute("BEGIN IMMEDIATE")
        try:
            if self.generation() != generation:
                return False
            db.executemany(_UPSERT, ((i, f, t, s, json.dumps(v)) for i, f, t, s, v in rows))
            db.executemany(
                "INSERT INTO logs VALUES (?, ?, ?) ON CONFLICT (name) DO UPDATE SET "
                "offset = excluded.offset, tail = excluded.tail WHERE excluded.offset > offset",
                ((name, mark.offset, mark.tail) for name, mark in logs.items()),
            )
            return True
        finally:
            db.execute("COMMIT")

    def reset(self) -> str:
        """Forget everything (a log merged before has gone); returns the new generation."""
        db = self._db
        db.execute("BEGIN IMMEDIATE")
        try:
            generation = str(int(self.generation()) + 1)
            db.execute("DELETE FROM state")
            db.execute("DELETE FROM logs")
            db.execute("INSERT OR REPLACE INTO meta VALUES ('generation', ?)", (generation,))
        finally:
            db.execute("COMMIT")
        return generation

    def close(self) -> None:
        with closing(self._db):
            pass


def _decoded(rows: list[tuple[str, str, float, str, str]]) -> Iterator[Row]:
    loads = json.loads
    for article, field, t, src, v in rows:
        # Read marks are most rows: skip the JSON parser for them.
        value = True if v == "true" else False if v == "false" else loads(v)
        yield article, field, t, src, value
