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
from collections.abc import Iterable
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tui_reader.core.paths import cache_dir

SCHEMA_VERSION = "10"
_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS state (
    -- t: the stamp, integer microseconds (compared exactly: see core.state.log)
    id TEXT NOT NULL, f TEXT NOT NULL, t INTEGER NOT NULL, src TEXT NOT NULL, v TEXT NOT NULL,
    title TEXT, path TEXT, date TEXT,  -- a bookmark's, so no JSON is parsed to show it
    PRIMARY KEY (id, f)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS logs (name TEXT PRIMARY KEY, offset INTEGER NOT NULL, tail BLOB);

-- What is shown, kept by triggers from the winners in `state`: start-up reads only these small
-- tables, never the 100k-row `state`.
CREATE TABLE IF NOT EXISTS read_ids (id TEXT PRIMARY KEY) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS bookmarks (
    id TEXT PRIMARY KEY, title TEXT NOT NULL, path TEXT NOT NULL, date TEXT NOT NULL,
    t REAL NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS positions (id TEXT PRIMARY KEY, pos REAL NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS user_tags (tag TEXT NOT NULL, id TEXT NOT NULL, PRIMARY KEY (tag, id))
    WITHOUT ROWID;
"""
# Delete then insert, never INSERT OR REPLACE/IGNORE: inside a trigger the conflict policy of
# the statement that fired it (the upsert: abort) would override theirs.
_TRIGGERS = """
CREATE TRIGGER IF NOT EXISTS read_{event} AFTER {event} ON state WHEN new.f = 'read' BEGIN
    DELETE FROM read_ids WHERE id = new.id;
    INSERT INTO read_ids SELECT new.id WHERE new.v = 'true';
END;
CREATE TRIGGER IF NOT EXISTS bookmark_{event} AFTER {event} ON state WHEN new.f = 'bookmark'
BEGIN
    DELETE FROM bookmarks WHERE id = new.id;
    INSERT INTO bookmarks SELECT new.id, new.title, new.path, new.date, new.t / 1000000.0
        WHERE new.title IS NOT NULL;
END;
CREATE TRIGGER IF NOT EXISTS pos_{event} AFTER {event} ON state WHEN new.f = 'pos' BEGIN
    DELETE FROM positions WHERE id = new.id;
    INSERT INTO positions SELECT new.id, CAST(new.v AS REAL) WHERE new.v != 'null';
END;
CREATE TRIGGER IF NOT EXISTS tag_{event} AFTER {event} ON state WHEN new.f GLOB 'tag:*' BEGIN
    DELETE FROM user_tags WHERE tag = substr(new.f, 5) AND id = new.id;
    INSERT INTO user_tags SELECT substr(new.f, 5), new.id WHERE new.v = 'true';
END;
"""
_TRIGGER_SQL = [
    statement.strip() + "\nEND;"
    for event in ("INSERT", "UPDATE")
    for statement in _TRIGGERS.format(event=event).split("END;")
    if statement.strip()
]
_TRIGGER_NAMES = [
    f"{k}_{e}" for k in ("read", "bookmark", "pos", "tag") for e in ("INSERT", "UPDATE")
]
_SCHEMA += "\n".join(_TRIGGER_SQL)
# Filling the shown tables in one statement each: for a large save, faster than the triggers.
_REFILL = (
    "DELETE FROM read_ids",
    "INSERT INTO read_ids SELECT id FROM state WHERE f = 'read' AND v = 'true'",
    "DELETE FROM bookmarks",
    "INSERT INTO bookmarks SELECT id, title, path, date, t / 1000000.0 FROM state "
    "WHERE f = 'bookmark' AND title IS NOT NULL",
    "DELETE FROM positions",
    "INSERT INTO positions SELECT id, CAST(v AS REAL) FROM state WHERE f = 'pos' AND v != 'null'",
    "DELETE FROM user_tags",
    "INSERT INTO user_tags SELECT substr(f, 5), id FROM state WHERE f GLOB 'tag:*' AND v = 'true'",
)
BULK_ROWS = 5000
LOOKUP_CHUNK = 900  # ids per statement of lookup_many
_TABLES = ("state", "logs", "read_ids", "bookmarks", "positions", "user_tags")
_DROP = "".join(f"DROP TABLE IF EXISTS {table};\n" for table in _TABLES)
# Latest wins; equal times are settled by the log's name, so every device picks the same winner.
_UPSERT = """
INSERT INTO state (id, f, t, src, v, title, path, date) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (id, f) DO UPDATE SET t = excluded.t, src = excluded.src, v = excluded.v,
    title = excluded.title, path = excluded.path, date = excluded.date
WHERE excluded.t > state.t OR (excluded.t = state.t AND excluded.src >= state.src)
"""
TAIL_BYTES = 256

BOOKMARK_KEYS = ("title", "path", "date")
Entry = tuple[int, str, Any]  # (stamp, log name, value)
Row = tuple[str, str, int, str, Any]  # (id, field, stamp, log name, value)


@dataclass(frozen=True, slots=True)
class Loaded:
    """What start-up takes from the cache."""

    generation: str
    logs: dict[str, LogMark]
    read: list[str]
    bookmarks: list[tuple[str, str, str, str, float]]  # (id, title, path, date, when)
    positions: list[tuple[str, float]]
    tags: list[tuple[str, list[str]]]  # (tag name, ids of the articles under it)


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
                db.executescript(_DROP + _SCHEMA)
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

    def load(self) -> Loaded:
        """What is shown (read ids, bookmarks, positions, tags) and the log marks, in one snapshot;
        the winners behind them stay in the file (see `lookup`)."""
        db = self._db
        db.execute("BEGIN")
        try:
            logs = {n: LogMark(o, t or b"") for n, o, t in db.execute("SELECT * FROM logs")}
            return Loaded(
                self.generation(),
                logs,
                _read_ids(db),
                db.execute("SELECT * FROM bookmarks ORDER BY t DESC, id").fetchall(),
                db.execute("SELECT * FROM positions").fetchall(),
                _tags(db),
            )
        finally:
            db.execute("COMMIT")

    def lookup(self, article: str, field: str) -> Entry | None:
        """The winning change of one article's field, as last saved."""
        row = self._db.execute(
            "SELECT t, src, v FROM state WHERE id=? AND f=?", (article, field)
        ).fetchone()
        return None if row is None else (row[0], row[1], _value(row[2]))

    def lookup_many(self, keys: list[tuple[str, str]]) -> dict[tuple[str, str], Entry]:
        """The winning changes of many (article, field) keys, as last saved (those it has)."""
        by_field: dict[str, list[str]] = {}
        for article, field in keys:
            by_field.setdefault(field, []).append(article)
        found: dict[tuple[str, str], Entry] = {}
        for field, articles in by_field.items():
            for start in range(0, len(articles), LOOKUP_CHUNK):
                chunk = articles[start : start + LOOKUP_CHUNK]
                rows = self._db.execute(
                    "SELECT id, t, src, v FROM state WHERE f = ? AND id IN "
                    f"({','.join(['?'] * len(chunk))})",
                    [field, *chunk],
                )
                for article, t, src, value in rows:
                    found[article, field] = (t, src, _value(value))
        return found

    def save(self, generation: str, rows: Iterable[Row], logs: dict[str, LogMark]) -> bool:
        """Merge winners and advance log marks; False (nothing written) when the cache was
        rebuilt since `generation` was read."""
        db = self._db
        db.execute("BEGIN IMMEDIATE")
        try:
            if self.generation() != generation:
                return False
            rows = list(rows)
            if len(rows) < BULK_ROWS:
                db.executemany(_UPSERT, (_columns(row) for row in rows))
            else:  # a rebuild: triggers off, then the shown tables in one go (same transaction)
                for name in _TRIGGER_NAMES:
                    db.execute(f"DROP TRIGGER IF EXISTS {name}")
                db.executemany(_UPSERT, (_columns(row) for row in rows))
                for statement in (*_REFILL, *_TRIGGER_SQL):
                    db.execute(statement)
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
            for table in _TABLES:
                db.execute(f"DELETE FROM {table}")
            db.execute("INSERT OR REPLACE INTO meta VALUES ('generation', ?)", (generation,))
        finally:
            db.execute("COMMIT")
        return generation

    def close(self) -> None:
        with closing(self._db):
            pass


def _read_ids(db: sqlite3.Connection) -> list[str]:
    # One string split in C is several times faster than 100k rows (ids hold no newline).
    joined = db.execute("SELECT group_concat(id, char(10)) FROM read_ids").fetchone()[0]
    return joined.split("\n") if joined else []


def _value(text: str) -> Any:
    # the usual values without the JSON parser (100k of them in a bulk change)
    return True if text == "true" else False if text == "false" else json.loads(text)


def _tags(db: sqlite3.Connection) -> list[tuple[str, list[str]]]:
    rows = db.execute("SELECT tag, group_concat(id, char(10)) FROM user_tags GROUP BY tag")
    return [(name, joined.split("\n")) for name, joined in rows]


def _columns(row: Row) -> tuple[object, ...]:
    article, field, t, src, value = row
    if isinstance(value, dict):  # a bookmark
        return (article, field, t, src, json.dumps(value), *(value[k] for k in BOOKMARK_KEYS))
    # true/false/null/a float: their JSON without the encoder's overhead (100k rows on a rebuild)
    text = "true" if value is True else "false" if value is False else json.dumps(value)
    return (article, field, t, src, text, None, None, None)
