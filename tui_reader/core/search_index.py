"""The full-text search index of one library: SQLite FTS5, kept in step with the library index.

One file per library beside the library index (`search-<hash>.sqlite3` in the cache folder). It
holds two tables with the same row ids:

- `docs`: one row per article, keyed by id, with the stat it was indexed at, the normalized
  author, category paths and tags for filters, and a compressed record (metadata and visible body
  text) used for results, snippets and for deleting the article's FTS5 row again.
- `fts`: a contentless FTS5 table (`title`, `body`, `meta`, `uni`) over the tokens made in
  `core.search_tokens`; it stores no text twice, so the index stays smaller than the library.

Row ids follow the article date (`date_key`): newest first is `ORDER BY rowid DESC`, which FTS5
and SQLite answer by reading backwards and stopping at the limit, without sorting the matches.
Like the library index this is a cache: a missing, old or corrupt file is rebuilt.
"""

from __future__ import annotations

import hashlib
import sqlite3
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path

from tui_reader.core.index import default_index_path
from tui_reader.core.model import Article
from tui_reader.core.query import Node, parse
from tui_reader.core.search_documents import (
    Columns,
    Document,
    author_key,
    load_document,
    prepare_chunk,
)
from tui_reader.core.search_sql import (
    SLOTS_PER_SECOND,
    UNDATED_LIMIT,
    Statement,
    category_key,
    compile_query,
    tags_key,
)
from tui_reader.core.search_workers import prepare_all

SCHEMA_VERSION = "1"
BATCH = 500
_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS docs (
    key INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, path TEXT NOT NULL,
    mtime_ns INTEGER NOT NULL, size INTEGER NOT NULL,
    author TEXT NOT NULL, cats TEXT NOT NULL, tags TEXT NOT NULL, record BLOB NOT NULL
);
CREATE VIRTUAL TABLE IF NOT EXISTS fts USING fts5(
    title, body, meta, uni, content='', tokenize='ascii'
);
"""
# bm25 weights for title, body, meta, uni: a word in the title counts most.
_BM25 = "bm25(fts, 4.0, 1.0, 2.0, 1.0)"
ORDERS = ("newest", "oldest", "relevance")


@dataclass(frozen=True, slots=True)
class SyncProgress:
    """Where an index update is: `done` of `total` articles (re)indexed."""

    done: int
    total: int


@dataclass(frozen=True, slots=True)
class SyncStats:
    added: int = 0
    removed: int = 0
    unchanged: int = 0
    cancelled: bool = False


@dataclass(frozen=True, slots=True)
class Hit:
    """One result: the article as indexed and its visible body text (for the snippet)."""

    key: int
    article: Article
    body: str


@dataclass(slots=True)
class SearchResult:
    query: Node | None
    hits: list[Hit]
    total: int


def search_index_path(root: Path) -> Path:
    library = default_index_path(root)
    return library.with_name(library.name.replace("library-", "search-", 1))


def date_key(article: Article) -> int:
    """The preferred row id of an article: its date in seconds, with room for a million ties."""
    if article.date is None:
        return UNDATED_LIMIT - (1 << 60)
    return int(article.date.timestamp() // 1) * SLOTS_PER_SECOND


class SearchIndex:
    """Build, update and query the search index of one library."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._reader: sqlite3.Connection | None = None
        self._state: tuple[frozenset[str], frozenset[str]] | None = None

    @classmethod
    def for_library(cls, root: Path) -> SearchIndex:
        return cls(search_index_path(Path(root).expanduser()))

    # --- storage -------------------------------------------------------------------------

    def _open(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            return self._open_once()
        except sqlite3.DatabaseError:
            for suffix in ("", "-wal", "-shm"):  # corrupt cache: start again
                Path(f"{self.path}{suffix}").unlink(missing_ok=True)
            return self._open_once()

    def _open_once(self) -> sqlite3.Connection:
        connection = sqlite3.connect(self.path, timeout=30, check_same_thread=False)
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute("PRAGMA synchronous=NORMAL")
        connection.executescript(_SCHEMA)
        version = connection.execute("SELECT value FROM meta WHERE key='schema'").fetchone()
        if version is None or version[0] != SCHEMA_VERSION:
            with connection:
                connection.execute("DELETE FROM docs")
                connection.execute("INSERT INTO fts(fts) VALUES('delete-all')")
                connection.execute("DELETE FROM meta")
                connection.execute("INSERT INTO meta VALUES ('schema', ?)", (SCHEMA_VERSION,))
        return connection

    @contextmanager
    def _writer(self) -> Iterator[sqlite3.Connection]:
        with closing(self._open()) as connection:
            yield connection

    def close(self) -> None:
        with self._lock:
            if self._reader is not None:
                self._reader.close()
                self._reader = None
                self._state = None

    def get_meta(self, key: str) -> str | None:
        with self._writer() as connection:
            row = connection.execute("SELECT value FROM meta WHERE key=?", (key,)).fetchone()
        return row[0] if row else None

    def set_meta(self, key: str, value: str) -> None:
        with self._writer() as connection, connection:
            connection.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))

    def count(self) -> int:
        with self._writer() as connection:
            return int(connection.execute("SELECT count(*) FROM docs").fetchone()[0])

    # --- keeping in step with the library -------------------------------------------------

    def sync(
        self,
        root: Path,
        articles: list[Article],
        *,
        progress: Callable[[SyncProgress], None] | None = None,
        cancel: threading.Event | None = None,
        workers: int | None = None,
    ) -> SyncStats:
        """Index new and changed articles, drop those gone; keyed by id, path, mtime and size."""
        with self._writer() as connection:
            known = {
                ident: (key, (path, mtime_ns, size))
                for key, ident, path, mtime_ns, size in connection.execute(
                    "SELECT key, id, path, mtime_ns, size FROM docs"
                )
            }
            wanted = {a.id: (a.path, a.mtime_ns, a.size) for a in articles}
            stale_ids = {i for i, (_, stat) in known.items() if wanted.get(i) != stat}
            stale = [known[i][0] for i in stale_ids]
            # oldest first, so that articles dated the same second keep the list's order
            todo = [a for a in reversed(articles) if a.id not in known or a.id in stale_ids]
            with connection:  # the CLI's fingerprint no longer vouches for the content
                connection.execute("DELETE FROM meta WHERE key='walk'")
            if stale and len(stale) == len(known):
                _clear(connection)
            else:
                _remove(connection, stale)
            used = {key for key, _ in known.values()} - set(stale)
            report = progress or (lambda _p: None)
            done = 0
            report(SyncProgress(0, len(todo)))
            for chunk in prepare_all(str(root), todo, prepare_chunk, cancel, workers):
                with connection:
                    for document, columns, record in chunk:
                        _insert(connection, document, columns, record, used)
                done += len(chunk)
                report(SyncProgress(done, len(todo)))
            cancelled = done < len(todo)
            if done > 10_000 and not cancelled:  # merge the b-trees a big build leaves
                with connection:
                    connection.execute("INSERT INTO fts(fts) VALUES('optimize')")
        with self._lock:
            self._state = None
        return SyncStats(done, len(stale), len(articles) - len(todo), cancelled)

    # --- queries --------------------------------------------------------------------------

    def search(
        self,
        query: str | Node | None,
        *,
        limit: int | None = 50,
        order: str = "newest",
        read_ids: Iterable[str] = (),
        bookmarked_ids: Iterable[str] = (),
        count: bool = True,
    ) -> SearchResult:
        """Matching articles, newest first (or oldest, or by relevance); QueryError if malformed.

        `total` counts every match (when `count`), `hits` holds at most `limit` of them.
        """
        node = parse(query) if isinstance(query, str) else query
        if node is None:
            return SearchResult(None, [], 0)
        statement = compile_query(node)
        select, params = _select(statement, order, limit)
        with self._lock:
            connection = self._connection()
            if "temp." in select:
                self._load_state(connection, read_ids, bookmarked_ids)
            rows = connection.execute(select, params).fetchall()
            total = len(rows)
            if count and limit is not None and total >= limit:
                counter, count_params = _select(statement, "count", None)
                total = int(connection.execute(counter, count_params).fetchone()[0])
        hits = []
        for key, record in rows:
            document = load_document(record)
            hits.append(Hit(key, document.article, document.body))
        return SearchResult(node, hits, total)

    def _connection(self) -> sqlite3.Connection:
        if self._reader is None:
            self._reader = self._open()
            self._reader.executescript(
                "CREATE TEMP TABLE IF NOT EXISTS read_ids (id TEXT PRIMARY KEY);"
                "CREATE TEMP TABLE IF NOT EXISTS marked_ids (id TEXT PRIMARY KEY);"
            )
        return self._reader

    def _load_state(
        self, connection: sqlite3.Connection, read: Iterable[str], marked: Iterable[str]
    ) -> None:
        state = (frozenset(read), frozenset(marked))
        if state == self._state:
            return
        with connection:
            for table, ids in zip(("read_ids", "marked_ids"), state, strict=True):
                connection.execute(f"DELETE FROM temp.{table}")
                connection.executemany(
                    f"INSERT OR IGNORE INTO temp.{table} VALUES (?)", ((i,) for i in ids)
                )
        self._state = state


def _select(statement: Statement, order: str, limit: int | None) -> tuple[str, list[object]]:
    params: list[object] = []
    where = list(statement.where)
    if statement.match is not None:
        source = "fts f JOIN docs d ON d.key = f.rowid" if where or order != "count" else "fts f"
        where.insert(0, "fts MATCH ?")
        params.append(statement.match)
        row_id = "f.rowid"
    else:
        source = "docs d"
        row_id = "d.key"
    params.extend(statement.params)
    clause = " AND ".join(where) or "1"
    if order == "count":
        return f"SELECT count(*) FROM {source} WHERE {clause}", params
    if order == "relevance" and statement.match is not None:
        ordering = f"{_BM25}, {row_id} DESC"
    elif order == "oldest":
        ordering = f"{row_id} ASC"
    else:
        ordering = f"{row_id} DESC"
    sql = (
        f"SELECT {row_id}, (SELECT record FROM docs r WHERE r.key = {row_id}) "
        f"FROM {source} WHERE {clause} ORDER BY {ordering}"
    )
    if limit is not None:
        sql += f" LIMIT {int(limit)}"
    return sql, params


def _clear(connection: sqlite3.Connection) -> None:
    with connection:
        connection.execute("DELETE FROM docs")
        connection.execute("INSERT INTO fts(fts) VALUES('delete-all')")


def _remove(connection: sqlite3.Connection, keys: list[int]) -> None:
    for start in range(0, len(keys), BATCH):
        chunk = keys[start : start + BATCH]
        with connection:
            for key in chunk:
                row = connection.execute("SELECT record FROM docs WHERE key=?", (key,)).fetchone()
                if row is None:
                    continue
                columns = load_document(row[0]).columns()
                connection.execute(
                    "INSERT INTO fts(fts, rowid, title, body, meta, uni) "
                    "VALUES('delete', ?, ?, ?, ?, ?)",
                    (key, *columns),
                )
                connection.execute("DELETE FROM docs WHERE key=?", (key,))


def _insert(
    connection: sqlite3.Connection,
    document: Document,
    columns: Columns,
    record: bytes,
    used: set[int],
) -> None:
    article = document.article
    key = date_key(article)
    while key in used:
        key += 1
    used.add(key)
    connection.execute(
        "INSERT INTO docs VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            key, article.id, article.path, article.mtime_ns, article.size,
            author_key(article.author), category_key(article.categories), tags_key(article.tags),
            record,
        ),
    )  # fmt: skip
    connection.execute(
        "INSERT INTO fts(rowid, title, body, meta, uni) VALUES (?, ?, ?, ?, ?)", (key, *columns)
    )


def fingerprint(stats: dict[str, tuple[int, int]]) -> str:
    """A short digest of a folder walk (path, mtime, size of every file), for the CLI."""
    digest = hashlib.blake2b(digest_size=16)
    for path in sorted(stats):
        mtime_ns, size = stats[path]
        digest.update(f"{path}\0{mtime_ns}\0{size}\n".encode("utf-8", "surrogatepass"))
    return digest.hexdigest()
