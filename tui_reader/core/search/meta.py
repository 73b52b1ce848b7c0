"""The `meta` table of the search index: its settings and counters, as text by key."""

from __future__ import annotations

import sqlite3


def has_meta(connection: sqlite3.Connection) -> bool:
    query = "SELECT 1 FROM sqlite_master WHERE type='table' AND name='meta'"
    return connection.execute(query).fetchone() is not None


def meta(connection: sqlite3.Connection, key: str) -> str | None:
    row = connection.execute("SELECT value FROM meta WHERE key=?", (key,)).fetchone()
    return row[0] if row else None


def int_meta(connection: sqlite3.Connection, key: str) -> int:
    return int(meta(connection, key) or 0)


def float_meta(connection: sqlite3.Connection, key: str, default: float = 0.0) -> float:
    value = meta(connection, key)
    return default if value is None else float(value)


def add_meta(connection: sqlite3.Connection, key: str, amount: int) -> None:
    if amount:
        value = int_meta(connection, key) + amount
        connection.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, str(value)))
