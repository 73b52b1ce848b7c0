"""Writing an update's articles into the search index: their keys (`Placer`), their rows in
each table a chunk at a time (`insert_chunk`), and how often an update commits
(`commit_every`). `SearchIndex.sync` (core.search.index) decides what to write."""

from __future__ import annotations

import math
import sqlite3
from collections.abc import Iterable

from tui_reader.core.library.index import path_to_sql
from tui_reader.core.library.model import Article
from tui_reader.core.search import filters as search_filters
from tui_reader.core.search import stories
from tui_reader.core.search.documents import Prepared
from tui_reader.core.search.meta import add_meta, float_meta, meta
from tui_reader.core.search.records import make_dictionary, timestamp

FIRST_KEY = 1 << 40  # the first article's key: newer ones count up, older-than-all ones down


class Placer:
    """Gives each new article its key: above the newest, below the oldest, or misplaced."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self.connection = connection
        low, high = connection.execute("SELECT min(key), max(key) FROM docs").fetchone()
        self.empty = low is None
        # Keys are never reused (orphans keep theirs), so the bounds live in meta.
        self.low = int(meta(connection, "low_key") or FIRST_KEY + 1)
        self.high = int(meta(connection, "high_key") or FIRST_KEY)
        self.min_ts = float_meta(connection, "min_ts", math.inf)
        self.max_ts = float_meta(connection, "max_ts", -math.inf)

    def place(self, article: Article) -> int:
        when = timestamp(article)
        if when >= self.max_ts or self.low > self.high:  # newer than all (or the very first)
            self.high += 1
            self.max_ts = when
            self.min_ts = min(self.min_ts, when)
            return self.high
        if when <= self.min_ts:
            self.low -= 1
            self.min_ts = when
            return self.low
        self.high += 1
        self.connection.execute("INSERT INTO misplaced VALUES (?)", (self.high,))
        return self.high

    def save(self) -> None:
        for key, value in (("low_key", self.low), ("high_key", self.high),
                           ("min_ts", self.min_ts), ("max_ts", self.max_ts)):  # fmt: skip
            self.connection.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, str(value)))


class Names:
    """The id of each (kind, name) of the `names` table (core.search.filters), read once per
    update and kept as names are added."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self.connection = connection
        self.ids = {(kind, name): i for i, kind, name in connection.execute("SELECT * FROM names")}

    def id_of(self, kind: str, name: str) -> int:
        found = self.ids.get((kind, name))
        if found is None:
            insert = "INSERT OR IGNORE INTO names (kind, name) VALUES (?, ?)"
            self.connection.execute(insert, (kind, name))
            query = "SELECT id FROM names WHERE kind=? AND name=?"
            (found,) = self.connection.execute(query, (kind, name)).fetchone()
            self.ids[(kind, name)] = found
        return found


def insert_chunk(
    connection: sqlite3.Connection, chunk: list[Prepared], placer: Placer, names: Names
) -> None:
    """Add a chunk of prepared articles, each statement run once for all of them (inside the
    caller's transaction); the stories are joined one article at a time, in order."""
    ids = [row.article.id for row in chunk]
    if len(set(ids)) < len(ids):  # one id twice: the later replaces the earlier, as below
        for row in chunk:
            insert_chunk(connection, [row], placer, names)
        return
    # Another process (the CLI beside the app) may have indexed some of them meanwhile.
    marks = ",".join("?" * len(ids))
    for (key,) in connection.execute(f"SELECT key FROM docs WHERE id IN ({marks})", ids):
        stories.remove(connection, [key])
        search_filters.remove(connection, key)
        for table in ("docs", "misplaced", "records"):
            connection.execute(f"DELETE FROM {table} WHERE key=?", (key,))
        add_meta(connection, "orphans", 1)
    keys = [placer.place(row.article) for row in chunk]
    docs, filters = [], []
    for key, row in zip(keys, chunk, strict=True):
        a = row.article
        when = timestamp(a)
        ts = None if math.isinf(when) else when
        path = path_to_sql(a.path)
        docs.append((key, a.id, path, a.mtime_ns, a.size, ts, row.author, row.cats, row.tags))
        for kind, name in search_filters.article_names(row.author, row.cats, row.tags):
            filters.append((names.id_of(kind, name), key))
    connection.executemany("INSERT INTO docs VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", docs)
    connection.executemany("INSERT OR IGNORE INTO filters VALUES (?, ?)", sorted(filters))
    connection.executemany(
        "INSERT INTO records VALUES (?, ?)",
        [(key, row.record) for key, row in zip(keys, chunk, strict=True)],
    )
    connection.executemany(
        "INSERT INTO fts(rowid, body, title, meta) VALUES (?, ?, ?, ?)",
        [(key, *row.columns[:3]) for key, row in zip(keys, chunk, strict=True)],
    )
    connection.executemany(
        "INSERT INTO uni(rowid, chars) VALUES (?, ?)",
        [(key, row.columns[3]) for key, row in zip(keys, chunk, strict=True)],
    )
    for key, row in zip(keys, chunk, strict=True):
        stories.add(connection, key, row.columns[4], row.bands)


COMMIT_SHARE = 100  # a large index's build commits each time it adds a hundredth of it


def commit_every(indexed: int, chunk: int) -> int:
    """How many new articles a transaction of an update holds once the index has `indexed`,
    in chunks of `chunk`: one chunk while the index is small, a hundredth of it once it is
    large. Each commit writes out every page its articles touched, and 32 rows an article go
    to random places of the `bands` table (core.search.stories): at 405k articles indexed, that
    table's ~55k pages, a chunk's 16,000 rows land on ~14k of them, a quarter of the table
    written out at each commit. A search sees the new articles at each commit."""
    return max(chunk, indexed // COMMIT_SHARE)


FTS_HASH_BYTES = 8 << 20  # FTS5's tokens held in memory before it writes them (1 MB by default)


def fts_memory(connection: sqlite3.Connection) -> None:
    """Let FTS5 hold up to `FTS_HASH_BYTES` of new tokens before writing them out: a chunk of
    articles then becomes one segment when its transaction commits, instead of several that
    are merged again later (10k articles: inserts 30% less CPU). A setting of the table, kept in
    the file; an index made before it gets it at its next update."""
    for table in ("fts", "uni"):
        (current,) = connection.execute(
            f"SELECT coalesce((SELECT v FROM {table}_config WHERE k = 'hashsize'), 0)"
        ).fetchone()
        if current != FTS_HASH_BYTES:
            connection.execute(
                f"INSERT INTO {table}({table}, rank) VALUES('hashsize', ?)", (FTS_HASH_BYTES,)
            )


def clear(connection: sqlite3.Connection) -> None:
    with connection:
        connection.execute("DELETE FROM docs")
        connection.execute("DELETE FROM misplaced")
        connection.execute("DELETE FROM records")
        for table in search_filters.TABLES:
            connection.execute(f"DELETE FROM {table}")
        stories.clear(connection)
        connection.execute("INSERT INTO fts(fts) VALUES('delete-all')")
        connection.execute("INSERT INTO uni(uni) VALUES('delete-all')")
        connection.execute("DELETE FROM meta WHERE key != 'schema'")


def records_dictionary(
    connection: sqlite3.Connection, records: Iterable[bytes]
) -> tuple[int, bytes] | None:
    """The dictionary new records are compressed against (its number and bytes): the one the
    index has, else one made of `records` (`record_json`s, the oldest first), else None when
    there are none. Call it inside a transaction."""
    query = "SELECT number, data FROM dictionary ORDER BY number DESC LIMIT 1"
    row = connection.execute(query).fetchone()
    if row is None:
        data = make_dictionary(records)
        if not data:
            return None
        # another process may have made one meanwhile: the first one stays
        connection.execute("INSERT OR IGNORE INTO dictionary VALUES (1, ?)", (data,))
        row = connection.execute(query).fetchone()
    return int(row[0]), bytes(row[1])
