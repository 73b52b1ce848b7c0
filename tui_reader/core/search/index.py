"""The full-text search index of one library: SQLite FTS5, kept in step with the library index.

One file per library beside the library index (`search-<hash>.sqlite3` in the cache folder):

- `docs`: one row per article, keyed by id, with the stat it was indexed at, its date, the
  normalized author, category paths and tags for filters; `records` holds its metadata
  (compressed against a `dictionary` of the library's own records, see core.search.documents)
  so that results need not load the library index.
- `fts` (body, title, meta) and `uni` (each distinct CJK character once, without positions):
  contentless FTS5 tables over the tokens of `core.search.tokens`. No text is stored twice.
- `names` and `filters` (see `core.search.filters`): each author, category path prefix and tag to
  the keys of its articles, so that counting a filter reads an index range, not every row.

Keys (row ids) are dense and in date order, newest highest: "newest first, first 50" reads keys
backwards and stops, and dense keys keep the FTS5 doclists small (on 10k articles the index was
30 MB with dense keys, 44 MB with keys of 16 per second of date). Articles are added oldest
first, each above the highest key; an article older than all goes below the lowest. An article
dated in between cannot keep the order: it goes on top and is listed in `misplaced`, and queries
merge those few by date. An article whose only date is its file's time counts as undated: the
lowest keys, listed last, and no date for `after:`/`before:`.

A contentless FTS5 row can only be deleted with its old text, which is not kept: the row of a
changed or deleted article stays in `fts` as an orphan that no query sees (results always join
`docs`, and keys are never reused). When orphans or misplaced rows grow past a share of the
library the index is rebuilt from the files. Like the library index, this file is a cache.
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import AbstractContextManager, closing, contextmanager, nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tui_reader.core.cache_fallback import (
    Memory,
    connect_prepared,
    in_memory,
    is_cache_failure,
    memory_for,
    open_cache,
    report,
)
from tui_reader.core.file_lock import exclusive
from tui_reader.core.library.index import default_index_path, path_to_sql
from tui_reader.core.library.model import Article, details_by_chunk, with_details
from tui_reader.core.search import filters as search_filters
from tui_reader.core.search import schema
from tui_reader.core.search import stamps as search_stamps
from tui_reader.core.search.count import count_query
from tui_reader.core.search.meta import add_meta, float_meta, int_meta, meta
from tui_reader.core.search.migrate import migrate
from tui_reader.core.search.query import Node, filter_values, parse, uses_state, without_hidden
from tui_reader.core.search.records import load_article, record_json, timestamp
from tui_reader.core.search.run import (
    RECORD_SELECTION,
    Batch,
    Selection,
    ids_matching,
    ids_within,
    keys_of_ids,
    run,
    stream,
)
from tui_reader.core.search.schema import SQL_MAX_INTEGER, prepare
from tui_reader.core.search.sql import (
    Statement,
    compile_query,
    user_tag_key,
)

if TYPE_CHECKING:
    from tui_reader.core.library.library import Snapshot

REBUILD_SHARE = 0.25  # orphans or misplaced rows past this share of the library: rebuild
REBUILD_FROM = 200  # ... but never for fewer rows than this
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
    rebuilt: bool = False


@dataclass(frozen=True, slots=True)
class Hit:
    """One result: the article as it was indexed."""

    key: int
    article: Article


@dataclass(slots=True)
class SearchResult:
    query: Node | None
    hits: list[Hit]
    total: int


def search_index_path(root: Path) -> Path:
    library = default_index_path(root)
    return library.with_name(library.name.replace("library-", "search-", 1))


class SearchIndex:
    """Build, update and query the search index of one library."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.RLock()
        self._reader: sqlite3.Connection | None = None
        # what each set of ids in the temporary tables was loaded from (see `_load_ids`), by
        # the name of its tables: read, marked, hidden
        self._held: dict[str, _Held] = {}
        # the personal tags in them, and the data_version their keys match
        self._tags: tuple[dict[str, frozenset[str]], int] | None = None
        # the ids in temp.within_ids, and the key of each (those indexed)
        self._within: tuple[frozenset[str], Batch] | None = None
        # the records' dictionaries by number, and the state of the file they were read at
        self._dictionaries: tuple[tuple[int, int], dict[int, bytes]] | None = None

    @classmethod
    def for_library(cls, root: Path) -> SearchIndex:
        return cls(search_index_path(Path(root).expanduser()))

    # --- storage ---------------------------------------------------------------------------

    def _open(self) -> sqlite3.Connection:
        """A connection to the cache file, or to the index in memory when the file cannot be
        used (see core.cache_fallback; only `_writer` and `_connection` call this)."""
        if (memory := in_memory(self.path)) is not None:
            return memory.connection
        connection = open_cache(self.path, self._open_once)
        return connection if connection is not None else memory_for(self.path, prepare).connection

    def use_memory(self, error: BaseException) -> Memory:
        """Keep the index in memory from now on, because the cache failed with `error`."""
        report(self.path, error)
        return memory_for(self.path, prepare)

    def _open_once(self) -> sqlite3.Connection:
        return connect_prepared(self.path, prepare, timeout=30, check_same_thread=False)

    @contextmanager
    def _writer(self) -> Iterator[sqlite3.Connection]:
        connection = self._open()
        memory = in_memory(self.path)
        if memory is not None and connection is memory.connection:
            with memory.lock:  # one connection for every thread: one user at a time
                yield connection
            return
        with closing(connection):
            yield connection

    def close(self) -> None:
        with self._lock:
            memory = in_memory(self.path)
            if self._reader is not None and (
                memory is None or self._reader is not memory.connection
            ):
                self._reader.close()
            self._reader = None
            self._held.clear()
            self._tags = None
            self._within = None
            self._dictionaries = None

    def get_meta(self, key: str) -> str | None:
        with self._writer() as connection:
            return meta(connection, key)

    def in_step(self, generation: str, folders: dict[str, int]) -> bool:
        """Whether `sync` with the articles of library index `generation`, from a walk that
        found these folder times, would have nothing to do (no migration, no update)."""
        with self._writer() as connection:
            if meta(connection, "schema") == schema.MIGRATES_FROM:
                return False
            return bool(generation and folders) and not _reindex(connection, generation, folders)

    def set_meta(self, key: str, value: str) -> None:
        with self._writer() as connection, connection:
            connection.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))

    def size(self) -> int:
        """The number of articles indexed."""
        with self._writer() as connection:
            return int(connection.execute("SELECT count(*) FROM docs").fetchone()[0])

    # --- keeping in step with the library -----------------------------------------------------

    def _guard(self) -> AbstractContextManager[object]:
        """The lock of the index in memory (one connection shared by every thread), if any."""
        memory = in_memory(self.path)
        return memory.lock if memory is not None else nullcontext()

    def sync(
        self,
        root: Path,
        articles: list[Article],
        *,
        progress: Callable[[SyncProgress], None] | None = None,
        cancel: threading.Event | None = None,
        workers: int | None = None,
        folders: dict[str, int] | None = None,
        generation: str | None = None,
        waiting: Callable[[], None] | None = None,
    ) -> SyncStats:
        """See `_sync`; when the cache fails in the middle (a full disk, an I/O error), the
        update is done again in memory. `waiting` is called when another process is updating
        the index, before waiting for it."""
        args = (root, articles, progress, cancel, workers, folders, generation, waiting)
        try:
            return self._sync(*args)
        except sqlite3.OperationalError as error:
            if in_memory(self.path) is not None or not is_cache_failure(error):
                raise
            self.close()
            self.use_memory(error)
            return self._sync(*args)

    def sync_snapshot(
        self,
        root: Path,
        snapshot: Snapshot,
        *,
        progress: Callable[[SyncProgress], None] | None = None,
        cancel: threading.Event | None = None,
        waiting: Callable[[], None] | None = None,
    ) -> SyncStats:
        """`sync` with a library's snapshot: its articles, and the folder times and library
        index generation they came from, which vouch for the index afterwards (an update of
        an unchanged library then has nothing to do, and commands trust the index)."""
        return self.sync(
            root, snapshot.articles, progress=progress, cancel=cancel, folders=snapshot.folders,
            generation=snapshot.generation, waiting=waiting,
        )  # fmt: skip

    def _sync(
        self,
        root: Path,
        articles: list[Article],
        progress: Callable[[SyncProgress], None] | None,
        cancel: threading.Event | None,
        workers: int | None,
        folders: dict[str, int] | None,
        generation: str | None,
        waiting: Callable[[], None] | None,
    ) -> SyncStats:
        """Index new and changed articles (`articles` newest first, as in a Snapshot) and drop
        those gone; an article is unchanged while its id, path, mtime and size are.

        `folders`, the folder times of the walk `articles` came from (`Snapshot.folders`), are
        saved when the update finishes, for `tui-reader search` to trust the index while they
        hold (see `core.search.stamps`) — unless another update (another reader, the CLI)
        started meanwhile: then what the index holds is a mix, and no times vouch for it.
        `generation`, the library index's the articles were read at (`Snapshot.generation`), is
        saved with them: an update with the same articles (the same generation) and the same
        folder times has nothing to do, and returns without reading the index's rows or writing
        (ten commands at once each read 100k rows and queued to write here)."""
        token = os.urandom(8).hex()
        lock = self.path.with_name(self.path.name + ".lock")  # other processes' updates
        with (
            _sync_lock(self.path),
            exclusive(lock, cancel, waiting) as locked,
            self._writer() as connection,
        ):
            if not locked:
                return SyncStats(cancelled=True)  # cancelled while another process updated
            migrate(connection)
            if generation and folders and not _reindex(connection, generation, folders):
                return SyncStats(unchanged=len(articles))
            # the update's code (reading files, workers, stories): loaded when it has work
            from tui_reader.core.search import stories
            from tui_reader.core.search.documents import Job, prepare_chunk
            from tui_reader.core.search.update import (
                Names,
                Placer,
                clear,
                commit_every,
                fts_memory,
                insert_chunk,
                records_dictionary,
            )
            from tui_reader.core.search.workers import prepare_all

            todo, stale, removed, before = _changes(connection, articles)
            with connection:
                # the folder times saved no longer vouch for the content, until this ends
                connection.execute("DELETE FROM meta WHERE key IN ('folders', 'library')")
                connection.execute("INSERT OR REPLACE INTO meta VALUES ('sync', ?)", (token,))
                stories.remove(connection, stale)
                for key in stale:
                    search_filters.remove(connection, key)
                connection.executemany("DELETE FROM docs WHERE key=?", ((k,) for k in stale))
                connection.executemany("DELETE FROM misplaced WHERE key=?", ((k,) for k in stale))
                connection.executemany("DELETE FROM records WHERE key=?", ((k,) for k in stale))
                add_meta(connection, "orphans", len(stale))
            rebuilt = self._needs_rebuild(connection, todo)
            if rebuilt:
                clear(connection)
                todo = list(articles)
                before = 0  # the articles indexed already
            placer = Placer(connection)
            report = progress or (lambda _p: None)
            done = 0
            total = len(todo)
            report(SyncProgress(0, total))
            # Oldest first: new keys then go on top, in date order, and pages fill up (SQLite
            # packs a b-tree tightly only when keys are appended). Ties keep the list's order
            # (the list reversed, then sorted in place: no copy of it).
            todo.reverse()
            todo.sort(key=timestamp)
            order = todo
            with connection:
                records = map(record_json, details_by_chunk(order))
                dictionary = records_dictionary(connection, records)
                if order:
                    fts_memory(connection)
            job = Job(str(root), dictionary)
            names = Names(connection)
            unsaved = 0
            try:
                chunks = prepare_all(job, order, prepare_chunk, cancel, workers, with_details)
                for chunk in chunks:
                    insert_chunk(connection, chunk, placer, names)
                    placer.save()
                    unsaved += len(chunk)
                    if unsaved >= commit_every(before + done, len(chunk)):
                        connection.commit()
                        unsaved = 0
                    done += len(chunk)
                    report(SyncProgress(done, total))
                connection.commit()
            except BaseException:
                connection.rollback()
                raise
            cancelled = done < total
            if done >= 1000 and not cancelled:  # merge the many b-trees a big build leaves
                with connection:
                    connection.execute("INSERT INTO fts(fts) VALUES('optimize')")
                    connection.execute("INSERT INTO uni(uni) VALUES('optimize')")
                # give back the pages of the merged segments, and empty the write-ahead log
                connection.executescript("PRAGMA incremental_vacuum;")
                connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            if folders and not cancelled:
                saved = [("folders", search_stamps.dump(folders))]
                saved += [("library", generation)] if generation else []
                with connection:
                    connection.executemany(
                        "INSERT OR REPLACE INTO meta SELECT ?, ? WHERE"
                        " (SELECT value FROM meta WHERE key = 'sync') = ?",
                        [(key, value, token) for key, value in saved],
                    )
        with self._lock:  # the keys of the ids held may have changed (the ids have not)
            for held in self._held.values():
                held.version = -1
            self._tags = None
        return SyncStats(done, removed, len(articles) - total, cancelled, rebuilt)

    def _needs_rebuild(self, connection: sqlite3.Connection, todo: list[Article]) -> bool:
        live = int(connection.execute("SELECT count(*) FROM docs").fetchone()[0])
        if live == 0:
            return int_meta(connection, "orphans") > 0  # start clean
        limit = max(REBUILD_FROM, REBUILD_SHARE * (live + len(todo)))
        orphans = int_meta(connection, "orphans")
        misplaced = int(connection.execute("SELECT count(*) FROM misplaced").fetchone()[0])
        newest, oldest = float_meta(connection, "max_ts"), float_meta(connection, "min_ts")
        between = sum(1 for a in todo if oldest < timestamp(a) < newest)
        return orphans > limit or misplaced + between > limit

    # --- queries --------------------------------------------------------------------------------

    def search(
        self,
        query: str | Node | None,
        *,
        limit: int | None = 50,
        order: str = "newest",
        read_ids: Iterable[str] = (),
        bookmarked_ids: Iterable[str] = (),
        count: bool = True,
        hidden_ids: Iterable[str] = (),
        user_tags: Mapping[str, Iterable[str]] | None = None,
    ) -> SearchResult:
        """Matching articles newest first (or oldest first, or by relevance); raises QueryError
        for a malformed query. `total` counts every match (when `count`), `hits` holds at most
        `limit` of them. `hidden_ids` (hidden by a rule, see core.rules) are left out unless
        the query asks for them with `is:hidden`. `user_tags`: the ids under each personal tag
        the query names (see `core.search.reading.tag_state`), for `tag:`."""
        node = parse(query) if isinstance(query, str) else query
        if node is None:
            return SearchResult(None, [], 0)
        if limit is not None and limit <= 0:
            raise ValueError("limit must be positive (use count_matches for a count alone)")
        if limit is not None and limit > SQL_MAX_INTEGER:
            limit = None  # more than any library holds, and more than SQLite's integers hold
        node, statement, hidden = _compiled(node, hidden_ids)
        with self._lock, self._guard():
            connection = self._ready(node, read_ids, bookmarked_ids, hidden, user_tags)
            rows, total = run(connection, statement, order, limit, False)
            if count and limit is not None and total >= limit:
                total = count_query(connection, node)
            dictionaries = self._record_dictionaries(connection)
        return SearchResult(
            node, [Hit(key, load_article(record, dictionaries)) for key, _, record in rows], total
        )

    def stream(
        self,
        node: Node,
        *,
        order: str = "newest",
        limit: int | None = None,
        read_ids: Iterable[str] = (),
        bookmarked_ids: Iterable[str] = (),
        hidden_ids: Iterable[str] = (),
        user_tags: Mapping[str, Iterable[str]] | None = None,
        columns: Selection = RECORD_SELECTION,
        attach: Mapping[str, Path] | None = None,
    ) -> Iterator[tuple[Any, ...]]:
        """The matches of a parsed query in the order of `search`, each read from SQLite when it
        is taken (for printing every match without holding them): the key, the timestamp, then
        `columns` (the record by default; SQL over `docs d` and the databases `attach`ed under
        their names). The index is held until the iterator ends or is closed."""
        if limit is not None and limit > SQL_MAX_INTEGER:
            limit = None
        node, statement, hidden = _compiled(node, hidden_ids)
        with self._lock, self._guard():
            connection = self._ready(node, read_ids, bookmarked_ids, hidden, user_tags)
            attached = {row[1] for row in connection.execute("PRAGMA database_list")}
            for name, path in (attach or {}).items():
                if name not in attached:
                    connection.execute("ATTACH DATABASE ? AS " + name, (str(path),))
            yield from stream(connection, statement, order, limit, columns)

    def count_matches(
        self,
        query: str | Node | None,
        *,
        read_ids: Iterable[str] = (),
        bookmarked_ids: Iterable[str] = (),
        hidden_ids: Iterable[str] = (),
        user_tags: Mapping[str, Iterable[str]] | None = None,
    ) -> int:
        """The number of articles a query matches (the UI shows the first results before this);
        `hidden_ids` as for `search`."""
        node = parse(query) if isinstance(query, str) else query
        if node is None:
            return 0
        node, statement, hidden = _compiled(node, hidden_ids)
        with self._lock, self._guard():
            connection = self._ready(node, read_ids, bookmarked_ids, hidden, user_tags)
            return count_query(connection, node)

    def matching_ids(
        self,
        node: Node,
        *,
        within: Iterable[str] | None = None,
        read_ids: Iterable[str] = (),
        bookmarked_ids: Iterable[str] = (),
        hidden_ids: Iterable[str] = (),
        user_tags: Mapping[str, Iterable[str]] | None = None,
    ) -> set[str]:
        """The ids of every article a parsed query matches, in no order (for rules: see
        core.rules, and commands acting on a query's articles); only among the ids `within`
        when given, visiting those rows alone."""
        statement = compile_query(node)
        with self._lock, self._guard():
            connection = self._connection()
            needed = _state_needed(node)
            self._load_state(connection, needed, read_ids, bookmarked_ids, hidden_ids, user_tags)
            if within is None:
                return ids_matching(connection, statement)
            wanted = frozenset(within)
            if self._within is None or wanted != self._within[0]:  # rules over one batch
                with connection:  # share it: loaded once
                    connection.execute("DELETE FROM temp.within_ids")
                    connection.executemany(
                        "INSERT INTO temp.within_ids VALUES (?)", ((i,) for i in wanted)
                    )
                self._within = (wanted, keys_of_ids(connection))
            return ids_within(connection, node, self._within[1])

    def articles(self, ids: Iterable[str]) -> list[Article]:
        """The indexed articles of `ids` (those it has), newest first, as the index keeps them:
        titles to show without scanning the library."""
        wanted = list(dict.fromkeys(ids))
        found: list[tuple[int, Article]] = []
        with self._lock, self._guard():
            connection = self._connection()
            dictionaries = self._record_dictionaries(connection)
            for start in range(0, len(wanted), 900):
                chunk = wanted[start : start + 900]
                rows = connection.execute(
                    "SELECT d.key, r.record FROM docs d JOIN records r ON r.key = d.key "
                    f"WHERE d.id IN ({','.join(['?'] * len(chunk))})",
                    chunk,
                )
                found += [(key, load_article(record, dictionaries)) for key, record in rows]
        return [article for _, article in sorted(found, key=lambda item: -item[0])]

    # --- stories (core.search.stories) -------------------------------------------------------

    def story_map(self) -> dict[str, tuple[str, int]]:
        """Each article that has copies: its id to (its story's id, the number of articles in
        the story). An article missing here is a story of its own (its id, 1)."""
        with self._lock, self._guard():
            rows = self._connection().execute(
                "SELECT d.id, r.id, n.copies FROM story s JOIN docs d ON d.key = s.key"
                " JOIN docs r ON r.key = s.root JOIN (SELECT root, count(*) AS copies"
                " FROM story GROUP BY root) n ON n.root = s.root"
            )
            return {ident: (story, copies) for ident, story, copies in rows}

    def story_groups(self) -> list[list[Article]]:
        """The stories with more than one article, largest first (then the newest first), each
        earliest first."""
        with self._lock, self._guard():
            connection = self._connection()
            rows = connection.execute(
                "SELECT s.root, r.record FROM story s JOIN records r ON r.key = s.key"
                " JOIN docs d ON d.key = s.key ORDER BY s.root, d.ts IS NULL, d.ts, d.key"
            ).fetchall()
            dictionaries = self._record_dictionaries(connection)
        groups: dict[int, list[Article]] = {}
        for root, record in rows:
            groups.setdefault(root, []).append(load_article(record, dictionaries))
        return sorted(groups.values(), key=lambda g: (-len(g), -timestamp(g[-1])))

    def story_copies(self, ident: str) -> list[Article]:
        """The articles of `ident`'s story, itself included, earliest first (only itself when it
        has no copies; none when it is not indexed)."""
        with self._lock, self._guard():
            connection = self._connection()
            rows = connection.execute(
                "SELECT r.record FROM docs d JOIN story s ON s.key = d.key"
                " JOIN story t ON t.root = s.root JOIN records r ON r.key = t.key"
                " JOIN docs o ON o.key = t.key WHERE d.id = ?"
                " ORDER BY o.ts IS NULL, o.ts, o.key",
                (ident,),
            ).fetchall()
            if not rows:
                alone = "SELECT r.record FROM docs d JOIN records r ON r.key = d.key WHERE d.id = ?"
                rows = connection.execute(alone, (ident,)).fetchall()
            dictionaries = self._record_dictionaries(connection)
        return [load_article(record, dictionaries) for (record,) in rows]

    def record_dictionaries(self) -> dict[int, bytes]:
        """What `load_article` needs to read the records `stream` selects (the dictionaries they
        are compressed against, by number: a number keeps its dictionary in this file)."""
        with self._lock, self._guard():
            return self._record_dictionaries(self._connection())

    def _record_dictionaries(self, connection: sqlite3.Connection) -> dict[int, bytes]:
        """The records' dictionaries (see core.search.documents), read again once the file has
        changed: committed by another connection (data_version) or by this one."""
        state = (int(connection.execute("PRAGMA data_version").fetchone()[0]),
                 connection.total_changes)  # fmt: skip
        if self._dictionaries is None or self._dictionaries[0] != state:
            exists = "SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'dictionary'"
            rows = (
                connection.execute("SELECT number, data FROM dictionary")
                if connection.execute(exists).fetchone() is not None
                else []  # an index of schema 8, not migrated yet: its records need none
            )
            self._dictionaries = (state, {int(number): bytes(data) for number, data in rows})
        return self._dictionaries[1]

    def _connection(self) -> sqlite3.Connection:
        if self._reader is None:
            self._reader = self._open()
            self._reader.executescript(
                # the same as keys, so that counts need not read `docs` (see core.search.sql)
                "CREATE TEMP TABLE IF NOT EXISTS read_keys (key INTEGER PRIMARY KEY);"
                "CREATE TEMP TABLE IF NOT EXISTS marked_keys (key INTEGER PRIMARY KEY);"
                "CREATE TEMP TABLE IF NOT EXISTS hidden_keys (key INTEGER PRIMARY KEY);"
                "CREATE TEMP TABLE IF NOT EXISTS within_ids (id TEXT PRIMARY KEY);"
                "CREATE TEMP TABLE IF NOT EXISTS user_tags (tag TEXT, id TEXT, "
                "PRIMARY KEY (tag, id)) WITHOUT ROWID;"
                "CREATE TEMP TABLE IF NOT EXISTS user_tag_keys (tag TEXT, key INTEGER, "
                "PRIMARY KEY (tag, key)) WITHOUT ROWID;"
            )
        return self._reader

    def _ready(
        self,
        node: Node,
        read: Iterable[str],
        marked: Iterable[str],
        hidden: Iterable[str],
        user_tags: Mapping[str, Iterable[str]] | None,
    ) -> sqlite3.Connection:
        """The reading connection, with the parts of the reading state that `node` filters on
        loaded (call with the lock held)."""
        connection = self._connection()
        self._load_state(connection, _state_needed(node), read, marked, hidden, user_tags)
        return connection

    def _load_state(
        self,
        connection: sqlite3.Connection,
        needed: frozenset[str],
        read: Iterable[str],
        marked: Iterable[str],
        hidden: Iterable[str] = (),
        user_tags: Mapping[str, Iterable[str]] | None = None,
    ) -> None:
        """The sets of ids in `needed` (read, marked, hidden, tags) in their temporary tables;
        the others are not looked at."""
        if not needed:
            return
        # data_version moves when another connection (a sync) commits: keys may have changed
        version = int(connection.execute("PRAGMA data_version").fetchone()[0])
        for name, ids in (("read", read), ("marked", marked), ("hidden", hidden)):
            if name in needed:
                self._load_ids(connection, name, ids, version)
        if "tags" in needed:
            tags = _tag_keys(user_tags or {})
            if self._tags != (tags, version):
                self._load_tags(connection, tags)
                self._tags = (tags, version)

    def _load_ids(
        self, connection: sqlite3.Connection, name: str, ids: Iterable[str], version: int
    ) -> None:
        """`temp.<name>_keys` holding the keys of `ids` (those indexed). The same frozenset as
        last time costs nothing; another collection of ids is compared with the ids held, and
        only the keys of the difference are written (a search bar's read ids change by a few
        marks at a time)."""
        held = self._held.get(name)
        if held is not None and held.source is ids and held.version == version:
            return  # only a frozenset is held as its source: it cannot have changed since
        wanted = ids if isinstance(ids, frozenset) else frozenset(ids)
        source = ids if isinstance(ids, frozenset) else None
        if held is not None and held.ids == wanted and held.version == version:
            held.source = source
            return
        table = f"temp.{name}_keys"
        with connection:
            if held is None or held.version != version:
                connection.execute(f"DELETE FROM {table}")
                connection.execute(
                    f"INSERT OR IGNORE INTO {table} {_KEYS_OF_IDS}", _ids_json(wanted)
                )
            else:
                connection.execute(
                    f"DELETE FROM {table} WHERE key IN ({_KEYS_OF_IDS})",
                    _ids_json(held.ids - wanted),
                )
                connection.execute(
                    f"INSERT OR IGNORE INTO {table} {_KEYS_OF_IDS}", _ids_json(wanted - held.ids)
                )
        self._held[name] = _Held(source, wanted, version)

    def _load_tags(self, connection: sqlite3.Connection, tags: dict[str, frozenset[str]]) -> None:
        with connection:
            connection.execute("DELETE FROM temp.user_tags")
            connection.executemany(
                "INSERT OR IGNORE INTO temp.user_tags VALUES (?, ?)",
                ((name, i) for name, ids in tags.items() for i in ids),
            )
            connection.execute("DELETE FROM temp.user_tag_keys")
            connection.execute(
                "INSERT OR IGNORE INTO temp.user_tag_keys SELECT t.tag, d.key "
                "FROM temp.user_tags t JOIN docs d ON d.id = t.id"
            )


@dataclass(slots=True)
class _Held:
    """A set of ids in its temporary tables: the frozenset it was loaded from (None when it
    came from another collection), the ids, and the data_version their keys were found at."""

    source: frozenset[str] | None
    ids: frozenset[str]
    version: int


def _state_needed(node: Node) -> frozenset[str]:
    """The parts of the reading state a query filters on: `read` (is:read, is:unread),
    `marked` (is:bookmarked), `hidden` (is:hidden) and `tags` (tag:, for the personal tags)."""
    needed = {
        name
        for name, states in (("read", ("read", "unread")), ("marked", ("bookmarked",)),
                             ("hidden", ("hidden",)))
        if any(uses_state(node, state) for state in states)
    }  # fmt: skip
    if filter_values(node, "tag"):
        needed.add("tags")
    return frozenset(needed)


def _changes(
    connection: sqlite3.Connection, articles: list[Article]
) -> tuple[list[Article], list[int], int, int]:
    """What an update of the index to `articles` does: the articles to (re)index, in the
    list's order; the keys of the rows to drop (changed or gone); how many of those are gone;
    and how many rows stay. An article is unchanged while its id, path, mtime and size are
    (the last of an id counts). The rows are read one at a time, each compared as stored
    (`path_to_sql` of the article's path): held at once are only a dict of the articles by id
    and the lists returned."""
    by_id = {article.id: article for article in articles}
    stale: list[int] = []
    removed = rows = 0
    for key, ident, path, mtime_ns, size in connection.execute(
        "SELECT key, id, path, mtime_ns, size FROM docs"
    ):
        rows += 1
        article = by_id.get(ident)
        if article is None:
            stale.append(key)
            removed += 1
        elif article.same_stat(mtime_ns, size) and path_to_sql(article.path) == path:
            del by_id[ident]  # indexed as it is
        else:
            stale.append(key)
    todo = [article for article in articles if article.id in by_id]
    return todo, stale, removed, rows - len(stale)


# The keys of the ids of a JSON array (see `_ids_json`): one statement for any number of ids, the
# ids sorted so that the look-ups walk the `id` index in order (77k ids at 1M: 0.10 s of CPU,
# against 0.33 s inserted one by one into a table of ids and joined).
_KEYS_OF_IDS = "SELECT d.key FROM json_each(?) j JOIN docs d ON d.id = j.value"


def _ids_json(ids: Iterable[str]) -> tuple[str]:
    """The parameters of `_KEYS_OF_IDS` for `ids`."""
    return (json.dumps(sorted(ids)),)


def _reindex(connection: sqlite3.Connection, generation: str, folders: dict[str, int]) -> bool:
    """Whether an update is needed: not when the index was last brought up to date with the
    articles of this library index `generation`, from a walk that found these folder times."""
    saved = connection.execute(
        "SELECT (SELECT value FROM meta WHERE key = 'library'),"
        " (SELECT value FROM meta WHERE key = 'folders')"
    ).fetchone()
    return tuple(saved) != (generation, search_stamps.dump(folders))


def _compiled(node: Node, hidden_ids: Iterable[str]) -> tuple[Node, Statement, frozenset[str]]:
    """The query as run (articles hidden by a rule left out unless it asks for them), its
    statement, and the hidden ids."""
    hidden = frozenset(hidden_ids)
    if hidden:
        node = without_hidden(node)
    return node, compile_query(node), hidden


def _tag_keys(user_tags: Mapping[str, Iterable[str]]) -> dict[str, frozenset[str]]:
    """The ids under each tag as `tag:` compares it (names folding alike are one)."""
    keyed: dict[str, set[str]] = {}
    for name, ids in user_tags.items():
        keyed.setdefault(user_tag_key(name), set()).update(ids)
    return {key: frozenset(ids) for key, ids in keyed.items()}


_SYNC_LOCKS: dict[Path, threading.Lock] = {}
_SYNC_LOCKS_GUARD = threading.Lock()


def _sync_lock(path: Path) -> threading.Lock:
    """One update at a time per index in this process (a newer one waits for a cancelled one)."""
    with _SYNC_LOCKS_GUARD:
        return _SYNC_LOCKS.setdefault(path.resolve(), threading.Lock())
