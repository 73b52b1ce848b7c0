"""The search index's tables, its settings, and the version of both (see core.search.index)."""

from __future__ import annotations

import sqlite3

from tui_reader.core.search import filters as search_filters
from tui_reader.core.search import stories
from tui_reader.core.search.meta import has_meta, meta

# 4: the author/cat/tag lookup tables of search_filters; 5: articles dated by their file time
# are undated (no `ts`, keys below every dated article), so after:/before: skip them; 6: image
# labels are text (core.search.htmltext); 7: Chinese folded to one script (core.search.scripts);
# 8: stories (core.search.stories); 9: signatures of 16-bit bins, bands of 24 bits, records
# compressed against a dictionary (`dictionary`): schema 8 is migrated in place (`migrate`)
SCHEMA_VERSION = "9"
MIGRATES_FROM = "8"
MIGRATED = ("sigs", "bands", "records")  # the tables `migrate` writes anew
SQL_MAX_INTEGER = 2**63 - 1  # the largest integer SQLite binds (a LIMIT past it is refused)
SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS docs (
    key INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, path TEXT NOT NULL,
    mtime_ns INTEGER NOT NULL, size INTEGER NOT NULL, ts REAL,
    author TEXT NOT NULL, cats TEXT NOT NULL, tags TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS docs_ts ON docs (ts);
-- apart from docs, so that scanning docs for filters reads small rows
CREATE TABLE IF NOT EXISTS records (key INTEGER PRIMARY KEY, record BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS misplaced (key INTEGER PRIMARY KEY);
CREATE VIRTUAL TABLE IF NOT EXISTS fts USING fts5(
    body, title, meta, content='', tokenize='ascii'
);
CREATE VIRTUAL TABLE IF NOT EXISTS uni USING fts5(
    chars, content='', tokenize='ascii', detail=none, columnsize=0
);
"""
# the deflate dictionary of the records, by the number a record starts with (documents.py)
DICTIONARY = (
    "CREATE TABLE IF NOT EXISTS dictionary (number INTEGER PRIMARY KEY, data BLOB NOT NULL)"
)


def prepare(connection: sqlite3.Connection) -> None:
    """Settings, and the tables of this version (another version's are dropped)."""
    # takes only on a new file, before the first table (and journal_mode writes the header);
    # set on a file in use it would wait for the lock of any update under way
    if connection.execute("PRAGMA page_count").fetchone()[0] == 0:
        connection.execute("PRAGMA auto_vacuum=INCREMENTAL")
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA synchronous=NORMAL")
    connection.execute("PRAGMA cache_size=-32000")
    # an index of MIGRATES_FROM answers queries as it is (opening writes nothing, so it never
    # waits for a lock) and the next update migrates it
    if schema_of(connection) in (SCHEMA_VERSION, MIGRATES_FROM):
        return
    # Made in one write transaction, the version read again inside it: two connections opening
    # a new file at once (the indexer, and a saved search or the stories) once both found no
    # version, and the second dropped the tables the first had made and filled meanwhile.
    connection.execute("BEGIN IMMEDIATE")
    try:
        if schema_of(connection) not in (SCHEMA_VERSION, MIGRATES_FROM):
            for table in ("meta", "docs", "records", "dictionary", "misplaced", "fts", "uni",
                          *search_filters.TABLES, *stories.TABLES,
                          *(f"migrating_{name}" for name in MIGRATED)):  # fmt: skip
                connection.execute(f"DROP TABLE IF EXISTS {table}")
            for statement in statements(SCHEMA + search_filters.SCHEMA + stories.SCHEMA):
                connection.execute(statement)
            connection.execute(DICTIONARY)
            connection.execute("INSERT INTO meta VALUES ('schema', ?)", (SCHEMA_VERSION,))
            # fewer, larger merges while building: measured 30% faster inserts
            connection.execute("INSERT INTO fts(fts, rank) VALUES('automerge', 8)")
        connection.execute("COMMIT")
    except BaseException:
        connection.execute("ROLLBACK")
        raise


def schema_of(connection: sqlite3.Connection) -> str | None:
    return meta(connection, "schema") if has_meta(connection) else None


def statements(script: str) -> list[str]:
    """The statements of an SQL script, each whole (executescript would commit first)."""
    statements: list[str] = []
    pending = ""
    for line in script.splitlines(keepends=True):
        pending += line
        if sqlite3.complete_statement(pending):
            statements.append(pending.strip())
            pending = ""
    if pending.strip():
        statements.append(pending.strip())
    return statements
