"""The library index: parsed metadata of every file, cached in SQLite in the user cache directory.

Rows are keyed by path and carry the file's modification time and size, so a later start only
`stat`s the folder and re-parses what changed. Every write also changes the index's
`generation` (a random token in `meta`): several readers and commands share one index, so a
reader tells whether the index moved on from what it shows by comparing generations, not by
comparing the index with the folder (another process may already have brought it up to date).
The cache is disposable: if it is missing, from an older version, or corrupt, it is rebuilt from
the files and nothing but time is lost.
"""

from __future__ import annotations

import functools
import hashlib
import json
import operator
import os
import re
import sqlite3
import threading
import time
from array import array
from collections.abc import Iterable, Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from tui_reader.core.cache_fallback import (
    connect_prepared,
    in_memory,
    memory_for,
    open_cache,
    report,
)
from tui_reader.core.gcpause import collector_paused
from tui_reader.core.library.model import (
    NO_DETAILS,
    Article,
    CategoryPath,
    Details,
    ParseResult,
    Problem,
)
from tui_reader.core.paths import cache_dir
from tui_reader.core.sanitize import clean_text

# 4: CR-only files, repeated BOMs, repaired encodings, huge numbers; 5: `since`
SCHEMA_VERSION = "5"
_NAME_SEP = "\x1f"  # names and paths are sanitized, so control characters are free to use
_PATH_SEP = "\x1e"
_COLUMNS = (
    "path, mtime_ns, size, id, title, categories, author, date, date_from_file, tags, link, "
    "image, problem, skipped, epoch, since"
)
_ARTICLE_COLUMNS = _COLUMNS.removesuffix(", problem, skipped, epoch, since")
# The columns of the articles kept in memory: the link and image are read when asked for
# (see `Index.details`).
_KEPT_COLUMNS = _ARTICLE_COLUMNS.replace(", link, image", "")
# `since` orders the claims on one id (see core.library.identity): the time (ns) of the scan that
# first indexed the row with the id it has. Re-saving a row with the same id keeps its `since`; a
# new id, or a new file, takes the scan's; a file moved or renamed, the one its old path had.
_UPSERT = (
    f"INSERT INTO files ({_COLUMNS}) VALUES ({','.join('?' * 16)}) ON CONFLICT(path) DO UPDATE SET "
    + ", ".join(f"{c} = excluded.{c}" for c in _COLUMNS.split(", ")[1:-1])
    + ", since = CASE WHEN files.id = excluded.id THEN min(files.since, excluded.since)"
    " ELSE excluded.since END"
)
# `epoch` (the date as seconds) lets SQLite hand articles back newest first, sorted in C along an
# index, instead of sorting 100k Python objects on every start.
_SCHEMA = f"""
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS files ({_COLUMNS.replace("path,", "path TEXT PRIMARY KEY,")});
"""
# The indexes, each built in place when missing (IF NOT EXISTS, from the rows already cached:
# about 0.3 s at 100k), so an index that lacks one keeps its rows. Start-up reads the category
# counts from `files_categories`, a covering index, without visiting a row or building an
# article; `files_problems` keeps the few problem rows apart so listing them does not scan the
# table. The first two are left out while a first scan fills the table (see `Index.filling`).
_SORTING_INDEXES = """
CREATE INDEX IF NOT EXISTS files_newest_first ON files (skipped, epoch DESC, title, path);
CREATE INDEX IF NOT EXISTS files_categories ON files (skipped, categories, id);
"""
_INDEXES = f"""{_SORTING_INDEXES}
CREATE INDEX IF NOT EXISTS files_problems ON files (path) WHERE problem != '';
"""
_INDEX_NAMES = "'files_newest_first', 'files_categories', 'files_problems'"
_CHECK = (
    "SELECT (SELECT value FROM meta WHERE key = 'schema'),"
    f" (SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name IN ({_INDEX_NAMES}))"
)
# Each count comes back as one row of JSON: at start-up the UI thread holds the interpreter
# lock most of the time, and a worker waits for it again after every row SQLite hands back
# (157 rows took 100 ms at 100k; one row takes a few).
_COUNT_CATEGORIES = """
SELECT json_group_array(json_array(categories, n)) FROM
(SELECT categories, count(*) AS n FROM files WHERE skipped = 0 GROUP BY categories)
"""
_COUNT_READ = """
SELECT json_group_object(categories, n) FROM
(SELECT categories, count(*) AS n FROM files WHERE skipped = 0
 AND id IN (SELECT value FROM json_each(?)) GROUP BY categories)
"""
_NEWEST_FIRST = "FROM files WHERE skipped = 0 ORDER BY epoch DESC, title, path"
_SELECT_ARTICLES = f"SELECT {_KEPT_COLUMNS} {_NEWEST_FIRST}"
# `Index.read_all` reads the rows in the table's own order, each page once (`+skipped`: no index
# is used to find them), and puts them in the order of the row ids taken newest first from the
# covering index: read along that index, each row is a look-up of its own in the table (~1 s of
# the SQL of a million rows, and on a cold disk a random read each).
_SELECT_ORDER = f"SELECT rowid {_NEWEST_FIRST}"
# The category paths and authors come as bytes, decoded once for each distinct value (a string
# made for every row, only to be looked up, cost ~0.2 s at a million).
_SELECT_STORED = "SELECT rowid, {} FROM files WHERE +skipped = 0".format(
    _KEPT_COLUMNS.replace("categories, author", "CAST(categories AS BLOB), CAST(author AS BLOB)")
)
# The columns of the rows `Index.listing` gives: an article's, then the date as seconds (None
# when it has none).
LISTING_COLUMNS = f"{_ARTICLE_COLUMNS}, epoch"
_SELECT_LISTING = _SELECT_ARTICLES.replace(_KEPT_COLUMNS, LISTING_COLUMNS, 1)
# The articles whose id another article has too (rare: see core.library.identity).
_SELECT_REPEATED = (
    f"SELECT {_ARTICLE_COLUMNS} FROM files WHERE skipped = 0 AND id IN"
    " (SELECT id FROM files WHERE skipped = 0 GROUP BY id HAVING count(*) > 1)"
)

# A path whose file name is not UTF-8 holds its undecodable bytes as lone surrogates (Python's
# `surrogateescape`), which SQLite text cannot hold: such a path is stored as its bytes, a BLOB.
_UNDECODED = re.compile("[\udc80-\udcff]")

FileStat = tuple[int, int]  # (mtime_ns, size)
IndexRow = tuple[Any, ...]  # the values of `_COLUMNS`, in that order
# (the category paths some articles share, how many articles, how many of them are read)
CategoryCount = tuple[tuple[CategoryPath, ...], int, int]


@dataclass(slots=True)
class Listing:
    """The index's articles read in one go (see `Index.listing`): the problems, the generation
    and the folder times saved (`Index.folders`) they belong to, the articles whose id others
    share (`repeated`, to be told apart: see `core.library.identity`; `Library.unchanged_listing`
    lets them go once it has), and the rows of every article (in `LISTING_COLUMNS`), newest
    first, a batch at a time (`batches`: to be gone through once, while the listing is open)."""

    problems: list[Problem]
    generation: str
    folders: str | None
    repeated: list[Article]
    batches: Iterator[list[tuple[Any, ...]]]

    def rename(self, ids: dict[str, str]) -> None:
        """Give the articles at these paths these ids in the rows to come (the repeated ones
        told apart), and let `repeated` go."""
        self.repeated = []
        if ids:
            self.batches = ([_renamed(row, ids) for row in rows] for rows in self.batches)


def _renamed(row: tuple[Any, ...], ids: dict[str, str]) -> tuple[Any, ...]:
    ident = ids.get(path_from_sql(row[0]))
    return row if ident is None else (*row[:3], ident, *row[4:])


def default_index_path(root: Path) -> Path:
    """One index per library folder, named by a hash of its resolved path."""
    key = hashlib.sha1(str(root.resolve()).encode("utf-8", "surrogatepass")).hexdigest()[:16]
    return cache_dir() / "index" / f"library-{key}.sqlite3"


# The indexes this process fills in a first scan (see `Index.filling`): its other connections to
# them leave the sorting indexes out while the rows go in.
_filling: set[Path] = set()
_filling_lock = threading.Lock()


class Index:
    """Read and write the cached rows of one library."""

    def __init__(self, path: Path) -> None:
        self.path = path
        # (thread, connection) while a first scan fills the index from that thread
        self._held: tuple[int, sqlite3.Connection] | None = None
        self._details = _IndexDetails(self)

    @property
    def in_memory(self) -> bool:
        """Whether the index is kept in memory, the cache file being unusable."""
        return in_memory(self.path) is not None

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        held = self._held
        if held is not None and held[0] == threading.get_ident():
            yield held[1]
            return
        connection = open_cache(self.path, self._open) if in_memory(self.path) is None else None
        if connection is None:
            memory = memory_for(self.path, _prepare)
            with memory.lock:
                yield memory.connection
            return
        with closing(connection):
            yield connection

    def use_memory(self, error: BaseException) -> None:
        """Keep the index in memory from now on (see core.cache_fallback), because the cache
        failed with `error`; said once to the user."""
        memory_for(self.path, _prepare)
        report(self.path, error)

    def _open(self) -> sqlite3.Connection:
        with _filling_lock:
            build = self.path not in _filling
        return connect_prepared(
            self.path, functools.partial(_prepare, build_indexes=build), timeout=10
        )

    @contextmanager
    def filling(self) -> Iterator[None]:
        """Hold one connection for a first scan, which writes every row of an empty index.

        Saved one chunk at a time, each row went into three b-trees (by path, newest first,
        by category) in no order: at a million rows most of a first scan's time in SQLite was
        those random inserts, and every chunk's connection, closed as the last one, copied the
        log back into the file. So, from the thread that entered, every read and write goes
        through the one connection held here; the two sorting indexes are dropped (on an empty
        table: nothing to lose) and built once, from all the rows, when the block ends — unless
        it ends by an exception (or the process is killed), when the next connection opened to
        the index builds them (see `_prepare`): an index with its rows but without them answers
        the same, only slower. The rows are still saved chunk by chunk, so a scan stopped at any
        point leaves every chunk it finished. Another process opening the index meanwhile
        builds the indexes itself: the scan goes on with them, as a rescan does."""
        connection = open_cache(self.path, self._open) if in_memory(self.path) is None else None
        if connection is None:  # kept in memory: nothing written to a file, nothing to gain
            yield
            return
        with _filling_lock:
            _filling.add(self.path)
        self._held = (threading.get_ident(), connection)
        finished = False
        try:
            if connection.execute("SELECT 1 FROM files LIMIT 1").fetchone() is None:
                connection.executescript(
                    "DROP INDEX IF EXISTS files_newest_first;"
                    " DROP INDEX IF EXISTS files_categories;"
                )
            yield
            finished = True
        finally:
            self._held = None
            with _filling_lock:
                _filling.discard(self.path)
            try:
                if finished:
                    connection.executescript(_SORTING_INDEXES)
            finally:
                connection.close()

    def details(self, path: str) -> tuple[str, str]:
        """The link and image of the article at `path` (both "" when the index has no article
        there), for the articles read without them (`read_all`)."""
        return self._details.details(path)

    def file_count(self) -> int:
        """How many files the index knows (read or skipped), without loading them."""
        with self._connect() as connection:
            return connection.execute("SELECT count(*) FROM files").fetchone()[0]

    def skipped_stats(self) -> dict[str, FileStat]:
        """Path -> (mtime_ns, size) of the files the index skipped (empty, binary, …): with the
        articles' own stats, every file the index knows."""
        with self._connect() as connection:
            rows = connection.execute("SELECT path, mtime_ns, size FROM files WHERE skipped = 1")
            return {path_from_sql(path): (mtime_ns, size) for path, mtime_ns, size in rows}

    def stats(self) -> dict[str, FileStat]:
        """Path -> (mtime_ns, size) of every file the index knows, read or skipped."""
        with self._connect() as connection:
            return _stats(connection)

    def articles_and_problems(self) -> tuple[list[Article], list[Problem]]:
        return self.read_all()[:2]

    def read_all(self) -> tuple[list[Article], list[Problem], str]:
        """The articles, the problems and the generation they belong to, read in one
        transaction (no other process's write can fall between them)."""
        with self._connect() as connection:
            connection.execute("BEGIN")
            try:
                articles = _articles(connection, self._details)
                return articles, _problems(connection), _generation(connection)
            finally:
                connection.rollback()

    @contextmanager
    def listing(self, batch: int = 1000) -> Iterator[Listing]:
        """The rows of the articles as `read_all` builds them (newest first, ids not yet told
        apart), in the columns of `LISTING_COLUMNS`, fetched `batch` at a time while the caller
        goes through them, so that a million need not be in memory at once (`article_of` makes
        a row an article); read in one transaction, open while the context is."""
        with self._connect() as connection:
            connection.execute("BEGIN")
            try:
                rows = connection.execute(_SELECT_LISTING)
                yield Listing(
                    _problems(connection),
                    _generation(connection),
                    _folders(connection),
                    _build_articles(connection.execute(_SELECT_REPEATED)),
                    iter(lambda: rows.fetchmany(batch), []),
                )
            finally:
                connection.rollback()

    def generation(self) -> str:
        """A token that changes with every write to the index ("" before the first)."""
        with self._connect() as connection:
            return _generation(connection)

    def folders(self) -> str | None:
        """The folder times saved by `save_folders`, while no write came after them."""
        with self._connect() as connection:
            return _folders(connection)

    def save_folders(self, folders: str, generation: str) -> None:
        """Keep `folders`, the folder times of a walk (`core.search.stamps.dump`) that found the
        rows of `generation` up to date, while the index is still at that generation: they
        vouch for its rows until the next write (which drops them)."""
        with self._connect() as connection:
            saved, current = connection.execute(
                "SELECT (SELECT value FROM meta WHERE key = 'folders'),"
                " (SELECT value FROM meta WHERE key = 'generation')"
            ).fetchone()
            if saved == folders or (current or "") != generation:
                return  # no write when they are kept already (the reader rescans often)
            with connection:
                connection.execute(
                    "INSERT OR REPLACE INTO meta SELECT 'folders', ?"
                    " WHERE coalesce((SELECT value FROM meta WHERE key = 'generation'), '') = ?",
                    (folders, generation),
                )

    def summary(self, read_ids: Iterable[str] = ()) -> tuple[list[CategoryCount], list[Problem]]:
        """How many articles carry each distinct set of category paths, and how many of those
        are in `read_ids` — enough to draw the category tree with its counts before a single
        article is built (see `ui.model.category_tree.tree_from_counts`) — and the problems, read
        over one connection."""
        with self._connect() as connection:
            return _category_counts(connection, read_ids), _problems(connection)

    def save(
        self,
        results: Iterable[tuple[str, FileStat, ParseResult]],
        since: int | None = None,
        moved: dict[str, int] | None = None,
    ) -> None:
        """Insert or replace the rows of freshly parsed files. `since` is the scan's start (now
        by default); `moved`, id -> `since` of rows just removed, lets a file that carries one
        of those ids (moved or renamed) keep its place among the claims on it."""
        since = time.time_ns() if since is None else since
        moved = moved or {}
        self.save_rows(
            [
                index_row(path, stat, result, moved.get(result.article.id, since))
                if result.article
                else index_row(path, stat, result, 0)
                for path, stat, result in results
            ]
        )

    def save_rows(self, rows: list[IndexRow]) -> None:
        """Insert or replace rows made by `index_row` (the scan's workers make them)."""
        if not rows:
            return
        with self._connect() as connection, connection:
            connection.executemany(_UPSERT, rows)
            _new_generation(connection)

    def claims(self, paths: Iterable[str]) -> dict[str, int]:
        """id -> `since` of the articles at `paths` (the earliest, for an id several hold)."""
        found: dict[str, int] = {}
        for ident, since, skipped in self._at("id, since, skipped", paths):
            if not skipped:  # filtered here: in SQL, the planner would walk an index on it
                found[ident] = min(since, found.get(ident, since))
        return found

    def since(self, paths: Iterable[str]) -> dict[str, int]:
        """path -> `since` (see `_UPSERT`) for the articles at `paths`."""
        return {path_from_sql(path): since for path, since in self._at("path, since", paths)}

    def _at(self, columns: str, paths: Iterable[str]) -> list[tuple[Any, ...]]:
        """`columns` of the rows at `paths`, asked 500 paths at a time."""
        keys, rows = [path_to_sql(path) for path in paths], []
        with self._connect() as connection:
            for start in range(0, len(keys), 500):
                chunk = keys[start : start + 500]
                marks = ",".join("?" * len(chunk))
                sql = f"SELECT {columns} FROM files WHERE path IN ({marks})"
                rows += connection.execute(sql, chunk).fetchall()
        return rows

    def remove(self, paths: Iterable[str]) -> None:
        keys = [(path_to_sql(path),) for path in paths]
        if not keys:
            return
        with self._connect() as connection, connection:
            connection.executemany("DELETE FROM files WHERE path=?", keys)
            _new_generation(connection)


class _IndexDetails(Details):
    """The links and images of an index's articles, read one article at a time through a
    connection kept by each thread that asks (opening one costs ~0.7 ms: a search index build
    asks for every article), while the index is the same file (a corrupt cache is replaced)."""

    def __init__(self, index: Index) -> None:
        self.index = index
        self.kept = threading.local()

    def details(self, path: str) -> tuple[str, str]:
        index = self.index
        key = (path_to_sql(path),)
        try:
            connection = self._connection()
            if connection is None:  # kept in memory
                with index._connect() as memory:
                    return _details_at(memory, key)
            return _details_at(connection, key)
        except (sqlite3.Error, OSError):
            self._drop()
        try:  # once more, on a new connection
            with index._connect() as connection:
                return _details_at(connection, key)
        except (sqlite3.Error, OSError):  # the article is shown all the same, without them
            return NO_DETAILS

    def many(self, paths: list[str]) -> dict[str, tuple[str, str]]:
        found: dict[str, tuple[str, str]] = {}
        try:
            connection = self._connection()
            if connection is None:  # kept in memory
                with self.index._connect() as memory:
                    _many_at(memory, paths, found)
            else:
                _many_at(connection, paths, found)
        except (sqlite3.Error, OSError):
            self._drop()
            return super().many(paths)  # one at a time, each on a new connection if need be
        return found

    def _connection(self) -> sqlite3.Connection | None:
        index = self.index
        if in_memory(index.path) is not None:
            return None
        kept: tuple[sqlite3.Connection, tuple[int, int]] | None = getattr(self.kept, "file", None)
        stat = os.stat(index.path)
        if kept is not None and kept[1] == (stat.st_dev, stat.st_ino):
            return kept[0]
        self._drop()
        connection = open_cache(index.path, index._open)
        if connection is not None:
            stat = os.stat(index.path)
            self.kept.file = (connection, (stat.st_dev, stat.st_ino))
        return connection

    def _drop(self) -> None:
        kept = getattr(self.kept, "file", None)
        self.kept.file = None
        if kept is not None:
            kept[0].close()


def _many_at(
    connection: sqlite3.Connection, paths: list[str], found: dict[str, tuple[str, str]]
) -> None:
    keys = [path_to_sql(path) for path in paths]
    for start in range(0, len(keys), 500):
        chunk = keys[start : start + 500]
        rows = connection.execute(
            # (+skipped: not a term an index serves, else SQLite may read every article by the
            # index of (skipped, categories) instead of looking each path up: 80 ms a chunk at
            # 100k articles, 3 ms by path)
            f"SELECT path, link, image FROM files WHERE +skipped = 0"
            f" AND path IN ({','.join('?' * len(chunk))})",
            chunk,
        )
        for path, link, image in rows:
            found[path_from_sql(path)] = (link, image)


def _details_at(connection: sqlite3.Connection, key: tuple[str | bytes]) -> tuple[str, str]:
    row = connection.execute(
        "SELECT link, image FROM files WHERE path = ? AND skipped = 0", key
    ).fetchone()
    return (row[0], row[1]) if row else NO_DETAILS


def _generation(connection: sqlite3.Connection) -> str:
    row = connection.execute("SELECT value FROM meta WHERE key = 'generation'").fetchone()
    return str(row[0]) if row else ""


def _folders(connection: sqlite3.Connection) -> str | None:
    row = connection.execute("SELECT value FROM meta WHERE key = 'folders'").fetchone()
    return str(row[0]) if row else None


def _new_generation(connection: sqlite3.Connection) -> None:
    token = os.urandom(8).hex()
    connection.execute("INSERT OR REPLACE INTO meta VALUES ('generation', ?)", (token,))
    connection.execute("DELETE FROM meta WHERE key = 'folders'")  # they vouch for older rows


def _stats(connection: sqlite3.Connection) -> dict[str, FileStat]:
    rows = connection.execute("SELECT path, mtime_ns, size FROM files")
    return {path_from_sql(path): (mtime_ns, size) for path, mtime_ns, size in rows}


def _category_counts(
    connection: sqlite3.Connection, read_ids: Iterable[str]
) -> list[CategoryCount]:
    totals: list[tuple[str, int]] = json.loads(connection.execute(_COUNT_CATEGORIES).fetchone()[0])
    read: dict[str, int] = {}
    ids = list(read_ids)
    if ids and totals:
        read = json.loads(connection.execute(_COUNT_READ, (json.dumps(ids),)).fetchone()[0])
    return [(split_categories(text), total, read.get(text, 0)) for text, total in totals]


def _problems(connection: sqlite3.Connection) -> list[Problem]:
    rows = connection.execute(
        "SELECT path, problem, skipped FROM files WHERE problem != '' ORDER BY path"
    )
    return [Problem(path_from_sql(path), problem, bool(skipped)) for path, problem, skipped in rows]


def _articles(connection: sqlite3.Connection, details: Details) -> list[Article]:
    """The articles without their links and images, newest first (in a transaction: the two
    queries see the same rows)."""
    with collector_paused():  # about a third of the load time of 100k articles otherwise
        order = array("q", map(_first, connection.execute(_SELECT_ORDER)))
        top = connection.execute("SELECT max(rowid) FROM files").fetchone()[0] or 0
        # a list by row id, unless the ids are sparse (an archive that adds and prunes files
        # for years leaves ever higher ids over gaps): then a dict, sized by the rows
        by_rowid: list[Article | None] | dict[int, Article] = (
            [None] * (top + 1) if top <= 2 * len(order) + 1024 else {}
        )
        _build_articles(connection.execute(_SELECT_STORED), details, by_rowid)
        return [by_rowid[rowid] for rowid in order]  # type: ignore[misc]


_first = operator.itemgetter(0)


def _build_articles(
    rows: Iterable[tuple[Any, ...]],
    details: Details | None = None,
    by_rowid: list[Article | None] | dict[int, Article] | None = None,
) -> list[Article]:
    """The articles of rows in the columns of `_ARTICLE_COLUMNS`; or, when `details` is where
    their links and images are read from, of rows of `_SELECT_STORED` (the row id, then
    `_KEPT_COLUMNS`, the categories and author as bytes), each article put at its row id in
    `by_rowid` (none returned)."""
    articles: list[Article] = []
    append = articles.append
    fromiso = datetime.fromisoformat
    # Category paths, tag lists and authors repeat across thousands of rows: one shared object
    # per distinct value halves the memory of a large library and skips most of the splitting.
    categories_of: dict[str | bytes, tuple[tuple[str, ...], ...]] = {}
    tags_of: dict[str, tuple[str, ...]] = {}
    names: dict[str, str] = {}  # tag names: a few hundred, in tens of thousands of tag lists
    authors: dict[str | bytes, str] = {}
    for row in rows:  # iterated, not fetched whole: each row is dropped once its article is built
        if details is None:
            (path, mtime_ns, size, ident, title, categories, author, date, date_from_file, tags,
             link, image) = row[:12]  # fmt: skip
        else:
            (rowid, path, mtime_ns, size, ident, title, categories, author, date,
             date_from_file, tags) = row  # fmt: skip
            link = image = ""
        if path.__class__ is bytes:
            path = path_from_sql(path)
        paths = categories_of.get(categories)
        if paths is None:
            paths = categories_of[categories] = split_categories(_text(categories))
        tag_names = tags_of.get(tags)
        if tag_names is None:
            tag_names = tags_of[tags] = tuple(names.setdefault(n, n) for n in split_tags(tags))
        name = authors.get(author)
        if name is None:
            name = authors[author] = _text(author)
        article = Article(
            ident, path, title, paths, name,
            fromiso(date) if date else None, date_from_file == 1, tag_names, link, image,
            mtime_ns, size, details=details,
        )  # fmt: skip
        if by_rowid is None:
            append(article)
        else:
            by_rowid[rowid] = article
    return articles


def _text(value: str | bytes) -> str:
    return value if isinstance(value, str) else value.decode(errors="replace")


def article_of(row: tuple[Any, ...]) -> Article:
    """The article of a row of `Index.listing`."""
    return _build_articles((row,))[0]


def split_tags(text: str) -> tuple[str, ...]:
    """The tags of an article as the index keeps them (`tags` of a row of `Index.listing`)."""
    return tuple(text.split(_NAME_SEP)) if text else ()


def split_categories(text: str) -> tuple[tuple[str, ...], ...]:
    """The category paths of an article as the index keeps them (`categories` of a row of
    `Index.listing`)."""
    return tuple(tuple(path.split(_NAME_SEP)) for path in text.split(_PATH_SEP))


def categories_sql(column: str, between_paths: str, within_path: str) -> str:
    """SQL turning a `categories` value of `files` into text: the names of each path joined by
    `within_path`, the paths by `between_paths` (both plain text, quoted here)."""
    quoted = [text.replace("'", "''") for text in (between_paths, within_path)]
    return (
        f"replace(replace({column}, char({ord(_PATH_SEP)}), '{quoted[0]}'),"
        f" char({ord(_NAME_SEP)}), '{quoted[1]}')"
    )


def path_to_sql(path: str) -> str | bytes:
    """`path` as the index keeps it: itself, or its bytes when its name is not UTF-8."""
    if path.isascii() or not _UNDECODED.search(path):
        return path
    return path.encode("utf-8", "surrogateescape")


def path_from_sql(value: str | bytes) -> str:
    """A path as the index keeps it, back (see `path_to_sql`)."""
    return value if isinstance(value, str) else value.decode("utf-8", "surrogateescape")


def articles_from_rows(rows: Iterable[IndexRow]) -> list[Article]:
    """The articles of rows made by `index_row`, as the index gives them back."""
    return _build_articles(row[:12] for row in rows if not row[13])


def index_row(path: str, stat: FileStat, result: ParseResult, since: int) -> IndexRow:
    """The row of the index (its columns, `_COLUMNS`) that keeps `result`, the parse of the file
    at `path`; `stat` is saved for a file skipped, an article keeping the stat its parser saw.
    `since`: see `_UPSERT`."""
    stored = path_to_sql(path)
    problem = "; ".join(p.reason for p in result.problems)
    if not problem.isascii():  # a reason may quote what it could not read: stored cleaned
        problem = clean_text(problem)
    article = result.article
    if article is None:
        return (stored, *stat, "", "", "", "", "", 0, "", "", "", problem or "skipped", 1, None, 0)
    # The stat saved is the one the parser saw, so a file changed mid-scan is re-read next time.
    return (
        stored, article.mtime_ns, article.size, article.id, article.title,
        _PATH_SEP.join(_NAME_SEP.join(p) for p in article.categories), article.author,
        article.date.isoformat() if article.date else "", int(article.date_from_file),
        _NAME_SEP.join(article.tags), article.link, article.image, problem, 0,
        article.date.timestamp() if article.date else None, since,
    )  # fmt: skip


def _prepare(connection: sqlite3.Connection, build_indexes: bool = True) -> None:
    """Settings, and the tables of this version (another version's rows are dropped), with
    their indexes unless not `build_indexes` (see `Index.filling`)."""
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA synchronous=NORMAL")
    connection.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT)")
    version, indexes = connection.execute(_CHECK).fetchone()
    if version != SCHEMA_VERSION:
        claims = _earlier_claims(connection)
        with connection:  # another version's rows: rebuilt from the files
            connection.execute("DROP TABLE IF EXISTS files")
            connection.executescript(_SCHEMA)
            connection.execute(
                "INSERT OR REPLACE INTO meta VALUES ('schema', ?)", (SCHEMA_VERSION,)
            )
            connection.executemany(_CARRY_CLAIM, claims)
            _new_generation(connection)
    if (version != SCHEMA_VERSION or indexes < 3) and build_indexes:
        connection.executescript(_INDEXES)


# A claim carried over from an earlier version: a skipped row with no problem (shown nowhere) and
# a stat no file has, so the next scan parses the file and, finding the same id, keeps `since`.
_CARRY_CLAIM = (
    f"INSERT INTO files ({_COLUMNS}) VALUES (?, -1, -1, ?, '', '', '', '', 0, '', '', '', '', 1,"
    " NULL, ?)"
)


def _earlier_claims(connection: sqlite3.Connection) -> list[tuple[str | bytes, str, int]]:
    """(path, id, rank) of the articles that share an id in the index of an earlier version,
    which told them apart by path order (the first path kept the id). Its rows are dropped, so
    these are carried over with their rank as `since`: earlier than any scan, in that order, so
    each article keeps the id its read mark and bookmark are on (see `_CARRY_CLAIM`)."""
    try:
        rows = connection.execute(
            "SELECT path, id FROM files WHERE skipped = 0 AND id IN"
            " (SELECT id FROM files WHERE skipped = 0 GROUP BY id HAVING count(*) > 1)"
        ).fetchall()
    except sqlite3.Error:  # no such table, or one without these columns: nothing to carry
        return []
    paths_of: dict[str, list[str | bytes]] = {}
    for path, ident in rows:
        paths_of.setdefault(ident, []).append(path)
    return [
        (path, ident, rank)
        for ident, paths in paths_of.items()
        for rank, path in enumerate(sorted(paths, key=path_from_sql))
    ]
