"""Migrating an index of the schema before (`MIGRATES_FROM`) in place, without reading the
library again (see `migrate`)."""

from __future__ import annotations

import sqlite3

from tui_reader.core.search import schema, stories
from tui_reader.core.search.meta import meta
from tui_reader.core.search.records import compress_record, record_data
from tui_reader.core.search.schema import DICTIONARY, MIGRATED, SQL_MAX_INTEGER

MIGRATION_CHUNK = 5000  # articles migrated a transaction (see `migrate`)


def migrate(connection: sqlite3.Connection) -> None:
    """An index of schema `MIGRATES_FROM` made one of `SCHEMA_VERSION` without reading the
    library again: the story signatures packed (core.search.stories.repack) and their bands made
    again, the records compressed against a dictionary. The tables are written anew beside the
    old ones (`migrating_<name>`), `MIGRATION_CHUNK` articles a transaction, and swapped in by
    the last: other connections read the index as it was until then, SQLite's write lock is
    never held for long (updates of other processes take turns by the lock file of `_sync`),
    and a migration stopped half way goes on from there the next time."""
    if meta(connection, "schema") != schema.MIGRATES_FROM:
        return
    while True:
        with connection:
            connection.execute("BEGIN IMMEDIATE")
            if meta(connection, "schema") != schema.MIGRATES_FROM:  # another process finished it
                return
            if migrate_chunk(connection):
                continue
            for name in MIGRATED:
                connection.execute(f"DROP TABLE {name}")
                connection.execute(f"ALTER TABLE migrating_{name} RENAME TO {name}")
            update = "UPDATE meta SET value = ? WHERE key = 'schema'"
            connection.execute(update, (schema.SCHEMA_VERSION,))
        break
    # give back the pages of the old tables, and empty the write-ahead log
    connection.executescript("PRAGMA incremental_vacuum;")
    connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def migrate_chunk(connection: sqlite3.Connection) -> bool:
    """Migrate the next `MIGRATION_CHUNK` articles (see `migrate`), in key order; False when
    none were left (the signatures past the last record, if any, copied too)."""
    from tui_reader.core.search.update import records_dictionary  # the update's code: loaded
    # only when there is something to write

    for name in MIGRATED:
        query = "SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = ?"
        if connection.execute(query, (f"migrating_{name}",)).fetchone() is None:
            (sql,) = connection.execute(query, (name,)).fetchone()
            connection.execute(sql.replace(f"TABLE {name} ", f"TABLE migrating_{name} ", 1))
    (done,) = connection.execute("SELECT max(key) FROM migrating_records").fetchone()
    low = -SQL_MAX_INTEGER - 1 if done is None else int(done)
    connection.execute(DICTIONARY)
    rows = connection.execute(
        "SELECT key, record FROM records WHERE key > ? ORDER BY key LIMIT ?",
        (low, MIGRATION_CHUNK),
    ).fetchall()
    high = int(rows[-1][0]) if rows else SQL_MAX_INTEGER
    data = [(key, record_data(record)) for key, record in rows]
    dictionary = records_dictionary(connection, (json for _, json in data))
    connection.executemany(
        "INSERT INTO migrating_records VALUES (?, ?)",
        [(key, compress_record(json, dictionary)) for key, json in data],
    )
    sigs = [
        (key, stories.repack(sig))
        for key, sig in connection.execute(
            "SELECT key, sig FROM sigs WHERE key > ? AND key <= ? ORDER BY key", (low, high)
        )
    ]
    connection.executemany("INSERT INTO migrating_sigs VALUES (?, ?)", sigs)
    bands = sorted((band, key) for key, sig in sigs for band in stories.band_keys(sig))
    connection.executemany("INSERT OR IGNORE INTO migrating_bands VALUES (?, ?)", bands)
    return bool(rows)
