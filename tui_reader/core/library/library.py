"""A library folder and its articles: the one entry point the UI and the CLI use.

`Library.cached()` answers from the index alone (instant, for showing the tree at once);
`Library.scan()` brings the index up to date with the folder and returns the fresh snapshot.

Several readers and commands may share one index. What a scan reports changed is measured
against the snapshot the caller shows (`previous`), not against the index: another process may
have brought the index up to date with a new file already, and a reader still showing the
library without it must hear of it all the same.
"""

from __future__ import annotations

import dataclasses
import itertools
import json
import os
import sqlite3
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tui_reader.core.cache_fallback import is_cache_failure
from tui_reader.core.gcpause import collector_paused
from tui_reader.core.library.identity import disambiguate
from tui_reader.core.library.index import CategoryCount, Index, Listing, default_index_path
from tui_reader.core.library.model import (
    STAT_SIZE_BITS,
    STAT_SIZE_MASK,
    Article,
    Problem,
    stat_key,
)
from tui_reader.core.library.parse import read_body
from tui_reader.core.library.scanner import (
    BatchCallback,
    ProgressCallback,
    ScanChanges,
    index_first_scan,
    update_index,
)
from tui_reader.core.library.walk import (
    FileStat,
    from_bytes,
    unpack,
    unpack_folders,
    unpack_problems,
    walk,
    walk_folders,
)
from tui_reader.core.sanitize import visible_name
from tui_reader.core.search import stamps

# From this many known files, a warm scan walks the folder in a second process (see scan).
PARALLEL_WALK_FROM = 20_000


class LibraryError(Exception):
    """The library folder itself cannot be used (missing, not a folder, unreadable)."""


@dataclass(slots=True, repr=False)
class Snapshot:
    """The articles of a library at one moment, newest first, with the files that failed.

    `generation` is the index's (see `Index.generation`) when the snapshot was read from it,
    None for one put together otherwise (a scan's partial results); `folders`, the folder times
    of the walk the snapshot matches (see `core.library.walk`), None when it came from the index
    alone.

    Its repr is short, whatever the size of the library: Textual names a worker by the repr of
    its work (a `partial` holding a snapshot, say), on the UI thread, and a repr of every
    article took seconds at 100k articles."""

    articles: list[Article]
    problems: list[Problem]
    changes: ScanChanges = field(default_factory=ScanChanges)
    seconds: float = 0.0
    by_id: dict[str, Article] = field(default_factory=dict)
    generation: str | None = None
    folders: dict[str, int] | None = None
    _by_path: dict[str, Article] | None = None

    def __post_init__(self) -> None:
        if not self.by_id:
            self.by_id = {article.id: article for article in self.articles}

    def __repr__(self) -> str:
        return (
            f"Snapshot({len(self.articles)} articles, {len(self.problems)} problems, "
            f"generation={self.generation!r})"
        )

    @property
    def by_path(self) -> dict[str, Article]:
        """Built on first use: most sessions never look an article up by path."""
        if self._by_path is None:
            self._by_path = {article.path: article for article in self.articles}
        return self._by_path

    def find(self, ref: str, root: Path | None = None) -> Article | None:
        """An article by id, by path relative to the library (or that path as `visible_name`
        shows it: `caf\\xe9.md`), or by a filesystem path."""
        if article := self.by_id.get(ref) or self.by_path.get(ref):
            return article
        if root is not None:
            try:
                rel = Path(ref).resolve().relative_to(root.resolve()).as_posix()
            except (ValueError, OSError):
                rel = ""
            if article := self.by_path.get(rel):
                return article
        if "\\" in ref:  # rare: a name with escapes, as it was shown
            return next((a for a in self.articles if visible_name(a.path) == ref), None)
        return None


@dataclass(slots=True)
class Summary:
    """What the index says about a library without building its articles: the category
    counts (see `Index.summary`) and the files that failed. Cheap even at 100k."""

    counts: list[CategoryCount]
    problems: list[Problem]


class Library:
    """One library folder, its index, and access to article bodies."""

    def __init__(
        self, root: Path, index_path: Path | None = None, *, follow_outside_links: bool = False
    ) -> None:
        self.root = Path(root).expanduser()
        # Symlinks that lead out of the folder are problems unless this allows them
        # (core.library.walk).
        self.follow_outside_links = follow_outside_links
        self.index = Index(index_path or default_index_path(self.root))
        # The last snapshot handed out: a later scan that finds nothing changed returns it
        # instead of rebuilding every article (the reader rescans every few seconds).
        self._last: Snapshot | None = None

    def check(self) -> None:
        """Raise LibraryError with a clear message when the folder cannot be used."""
        if not self.root.exists():
            raise LibraryError(f"library folder not found: {self.root}")
        if not self.root.is_dir():
            raise LibraryError(f"library is not a folder: {self.root}")
        try:
            next(iter(self.root.iterdir()), None)
        except OSError as error:
            raise LibraryError(
                f"cannot read library folder {self.root}: {error.strerror}"
            ) from None

    def summary(self, read_ids: Iterable[str] = ()) -> Summary:
        """The category counts (unread ones against `read_ids`) and problems in the index,
        without touching the folder or building an article: what a first frame needs."""
        return Summary(*self.index.summary(read_ids))

    def cached(self) -> Snapshot:
        """The last known state from the index, without touching the folder."""
        articles, problems, generation = self.index.read_all()
        self._last = _snapshot(articles, problems, ScanChanges(), 0.0, generation, self)
        return self._last

    def scan(
        self,
        *,
        progress: ProgressCallback | None = None,
        on_batch: BatchCallback | None = None,
        cancel: threading.Event | None = None,
        workers: int | None = None,
        previous: Snapshot | None = None,
    ) -> Snapshot:
        """Stat the folder, re-parse what changed, and return the up-to-date snapshot.

        `previous`, a snapshot of this library the caller already holds (from `cached()` or an
        earlier scan; by default the last one this object handed out), is what the changes are
        counted against; it is returned as it is (with the walk's folder times) when the index
        has not moved since it was read, saving the rebuild."""
        args = (progress, on_batch, cancel, workers, previous or self._last)
        try:
            self._last = self._scan(*args)
        except sqlite3.OperationalError as error:  # the cache failed in the middle of a write
            if self.index.in_memory or not is_cache_failure(error):
                raise
            self.index.use_memory(error)
            self._last = self._scan(*args)  # again, in memory: only what changed is parsed
        return self._last

    def unchanged(self) -> Snapshot | None:
        """The index's snapshot, without walking the folder, when the folder times a scan that
        found every file up to date saved with it still hold (see `core.search.stamps`: adding,
        removing or renaming a file changes its folder's time; rewriting it in place does not,
        which only a scan sees); None when they do not."""
        saved = self.index.folders()
        if saved is None or not stamps.unchanged(self.root, saved):
            return None
        snapshot = self.cached()
        snapshot.folders = json.loads(saved)
        return snapshot

    @contextmanager
    def unchanged_listing(self, batch: int = 1000) -> Iterator[Listing | None]:
        """What `unchanged()` answers, for a caller that goes through the articles once, in
        order: the index's listing (see `Index.listing`: the rows of the articles `batch` at a
        time, with the ids `unchanged()` would give them), or None when the folder times saved
        with the index no longer hold. Memory stays that of a batch, whatever the library's
        size."""
        with self.index.listing(batch) as listing:
            if listing.folders is None or not stamps.unchanged(self.root, listing.folders):
                yield None
                return
            listing.rename(_renamed(listing.repeated, self) if listing.repeated else {})
            yield listing

    def _scan(
        self,
        progress: ProgressCallback | None,
        on_batch: BatchCallback | None,
        cancel: threading.Event | None,
        workers: int | None,
        previous: Snapshot | None,
    ) -> Snapshot:
        start = time.perf_counter()
        self.check()
        before = self.index.generation()  # unchanged at the end: the walk found all in step
        early: tuple[list[Article], list[Problem], str] | None = None
        folders: dict[str, int] = {}
        troubles: dict[str, str] = {}  # what the walk could not read (see core.library.walk)
        cancelled = lambda: bool(cancel and cancel.is_set())  # noqa: E731
        walked: Iterator[dict[str, FileStat]] | None = None
        matched: int | None = None  # every file walked as `previous` shows it: how many
        current: dict[str, FileStat] = {}
        try:
            if previous is None and workers != 0 and self.index.file_count() >= PARALLEL_WALK_FROM:
                current, known, early, folders = self._walk_while_loading(troubles)
            elif previous is not None and previous.generation == before and previous.articles:
                # what the index knows is what `previous` shows: compared with the walk through
                # its articles, without a table of every file (~250 B a file: 250 MB at 1M)
                walked = walk_folders(
                    self.root,
                    cancelled,
                    folders,
                    troubles,
                    follow_outside=self.follow_outside_links,
                )
                differing, count = _compared_walk(walked, previous.articles, self.index, cancelled)
                walked = None
                if cancelled():  # the index is as `previous` shows it: that is the answer
                    return dataclasses.replace(previous, changes=ScanChanges(cancelled=True))
                if differing is None:
                    matched = count
                else:
                    current, known = differing, self.index.stats()
            else:
                known = self.index.stats()  # not the caller's snapshot: the index may be new
                follow = self.follow_outside_links
                if known:
                    current = walk(self.root, cancelled, folders, troubles, follow_outside=follow)
                else:  # the files are parsed as the walk lists them (see index_first_scan)
                    walked = walk_folders(
                        self.root, cancelled, folders, troubles, follow_outside=follow,
                        stat_files=False,
                    )  # fmt: skip
                    first = next(walked, {})  # raises OSError here when the folder is unreadable
                    walked = itertools.chain([first], walked)
                    current = {}
        except OSError as error:
            raise LibraryError(f"cannot read library folder {self.root}: {error}") from None
        if cancelled():  # a half-walked folder must not count as deletions
            articles, problems, generation = early or self.index.read_all()
            return _snapshot(articles, problems, ScanChanges(cancelled=True), 0.0, generation, self)
        if matched is not None:
            changes = ScanChanges(unchanged=matched)
        elif walked is not None:
            changes, current = index_first_scan(
                self.root, self.index, walked,
                progress=progress, on_batch=on_batch, cancel=cancel, workers=workers,
                walk_problems=troubles,
            )  # fmt: skip
        else:
            changes = update_index(
                self.root, self.index, known, current,
                progress=progress, on_batch=on_batch, cancel=cancel, workers=workers,
                walk_problems=troubles,
            )  # fmt: skip
        if changes.cancelled:
            folders = {}  # the index does not match the walk yet
        elif folders:  # kept if nobody (this scan included) wrote since `before`
            self.index.save_folders(stamps.dump(folders), before)
        if previous is not None and previous.generation == self.index.generation():
            # Nobody wrote to the index since `previous` was read from it: it is the answer.
            return dataclasses.replace(
                previous, changes=ScanChanges(unchanged=len(current) + (matched or 0)),
                seconds=time.perf_counter() - start, folders=folders or None,
            )  # fmt: skip
        if early is None or early[2] != self.index.generation():
            early = None  # stale: let it go before the fresh copy is built
            articles, problems, generation = self.index.read_all()
        else:
            articles, problems, generation = early
        if previous is not None:
            changes = _changes(previous, articles, problems, cancelled=changes.cancelled)
        seconds = time.perf_counter() - start
        snapshot = _snapshot(articles, problems, changes, seconds, generation, self)
        snapshot.folders = folders or None
        return snapshot

    def _walk_while_loading(
        self, troubles: dict[str, str]
    ) -> tuple[
        dict[str, FileStat],
        dict[str, FileStat],
        tuple[list[Article], list[Problem], str],
        dict[str, int],
    ]:
        """Walk the folder in a second process while this one builds the articles from the
        index: on a warm start of a big library the two take about as long as each other, and
        a thread would not do (both need the interpreter lock). When nothing changed, which is
        the usual start, the articles built meanwhile are the answer. The index's stats come
        from the articles themselves (each carries its file's), plus the few skipped files (see
        `_known_stats`: the walk's own table when they are all as walked).
        Returns (the folder's stats, the index's stats, the index's articles, problems and
        generation, the folders' times); what the walk could not read goes to `troubles`."""
        # A plain child process (see walk.main), not a multiprocessing worker: it starts in half
        # the time, and never forks this process (the reader calls this from a thread).
        command = [sys.executable, "-m", "tui_reader.core.library.walk", str(self.root)]
        if self.follow_outside_links:
            command.append("--follow-outside")
        child = subprocess.Popen(
            command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL
        )
        folders: dict[str, int] = {}
        try:
            loaded = self.index.read_all()
            skipped = self.index.skipped_stats()
            with collector_paused():
                output, _ = child.communicate()
                current = None
                if child.returncode == 0:
                    packed = from_bytes(output)
                    current, folders = unpack(packed), unpack_folders(packed)
                    troubles.update(unpack_problems(packed))
        except BaseException:
            child.kill()
            child.wait()
            raise
        if current is None:  # walk here instead: it raises what is wrong with the folder
            current = walk(
                self.root, folders=folders, problems=troubles,
                follow_outside=self.follow_outside_links,
            )  # fmt: skip
        return current, _known_stats(loaded[0], skipped, current), loaded, folders

    def body(self, article: Article) -> str:
        """The article's HTML (or text) body; raises OSError when the file cannot be read."""
        return read_body(self.root / article.path)


def _known_stats(
    articles: list[Article], skipped: dict[str, FileStat], current: dict[str, FileStat]
) -> dict[str, FileStat]:
    """The stat of every file the index knows, from the articles just built from it (each
    carries its file's) and the index's `skipped` files: `current`, the walk's table, itself
    when they are each as walked (the usual start: no second table of every file, ~100 B a
    file), else a table of their own."""
    with collector_paused():  # nested inside another pause is fine
        if len(current) == len(articles) + len(skipped):
            find = current.get
            for article in articles:  # each compared as the article keeps it
                stat = find(article.path)
                if stat is None:
                    break
                if article._stat != stat_key(*stat):
                    break
            else:
                if all(find(path) == stat for path, stat in skipped.items()):
                    return current
        known: dict[str, Any] = {
            a.path: (k >> STAT_SIZE_BITS, k & STAT_SIZE_MASK) if (k := a._stat).__class__ is int
            else k
            for a in articles
        }  # fmt: skip
    known.update(skipped)
    return known


def _compared_walk(
    walked: Iterator[dict[str, FileStat]],
    articles: list[Article],
    index: Index,
    cancelled: Callable[[], bool],
) -> tuple[dict[str, FileStat] | None, int]:
    """The stats of a walk (`walk_folders`) when they are not those the index knows, else
    None; and how many files the walk listed as the index knows them.
    `articles`, read from the index at its present generation, carry theirs; the few skipped
    files are asked for. Each folder's files are compared as the walk lists them, with the
    articles of that folder by path (the articles are grouped by folder first: ~10 B an
    article, where a table of them all by path took ~40, 40 MB at 1M); the walk's table of every
    file (~250 B a file) is only made once a difference is found, from the files matched so far
    and the rest of the walk. None too when `cancelled()` cut the walk short: what it did not
    list is not gone."""
    skipped = index.skipped_stats()
    with collector_paused():
        groups = _by_folder(articles)
        matched: list[str] = []
        keep = matched.append
        folder = "/"  # none yet: no path starts with it
        in_folder: dict[str, Article] = {}
        for entries in walked:
            for path, stat in entries.items():
                if not path.startswith(folder) or path.find("/", len(folder)) >= 0:
                    folder = path[: path.rfind("/") + 1]  # of another folder than the last
                    in_folder = {a.path: a for a in groups.get(folder, ())}
                article = in_folder.get(path)
                if article is not None and article._stat == stat_key(*stat):  # as it keeps it
                    keep(article.path)
                elif article is None and path in skipped and skipped[path] == stat:
                    keep(path)
                else:
                    by_path = {article.path: article for article in articles}
                    current = _stats_of(matched, by_path, skipped)
                    current.update(entries)
                    for rest in walked:
                        current.update(rest)
                    return current, len(matched)
        if cancelled() or len(matched) == len(articles) + len(skipped):  # (cancelled: cut short)
            return None, len(matched)
        by_path = {article.path: article for article in articles}
        return _stats_of(matched, by_path, skipped), len(matched)  # files gone


def _by_folder(articles: list[Article]) -> dict[str, list[Article]]:
    """The articles by folder ("" for the library's own, "a/b/" below it)."""
    groups: dict[str, list[Article]] = {}
    for article in articles:
        path = article.path
        folder = path[: path.rfind("/") + 1]
        group = groups.get(folder)
        if group is None:
            groups[folder] = [article]
        else:
            group.append(article)
    return groups


def _stats_of(
    paths: list[str], by_path: dict[str, Article], skipped: dict[str, FileStat]
) -> dict[str, FileStat]:
    found: dict[str, FileStat] = {}
    for path in paths:
        article = by_path.get(path)
        found[path] = (article.mtime_ns, article.size) if article is not None else skipped[path]
    return found


def _changes(
    previous: Snapshot, articles: list[Article], problems: list[Problem], *, cancelled: bool
) -> ScanChanges:
    """What differs between the files `previous` shows and those of `articles` and `problems`:
    articles by path and stat (and id: an edit may give an article a new one), skipped files by
    path and reason."""

    def files(articles: list[Article], problems: list[Problem]) -> dict[str, object]:
        shown: dict[str, object] = {a.path: (a.id, a._stat) for a in articles}
        shown.update((p.path, p.reason) for p in problems if p.skipped)
        return shown

    with collector_paused():
        before, after = files(previous.articles, previous.problems), files(articles, problems)
        added = sum(1 for path in after if path not in before)
        removed = sum(1 for path in before if path not in after)
        changed = sum(1 for path, what in after.items() if before.get(path, what) != what)
    unchanged = len(after) - added - changed
    return ScanChanges(added, changed, removed, unchanged, cancelled)


def _snapshot(
    articles: list[Article],
    problems: list[Problem],
    changes: ScanChanges,
    seconds: float,
    generation: str | None = None,
    library: Library | None = None,
) -> Snapshot:
    with collector_paused():  # the id map of 100k articles (see core.gcpause)
        by_id = {a.id: a for a in articles}
        if len(by_id) < len(articles):  # rare: only repeats need new ids
            renamed = _renamed(articles, library)
            articles = [dataclasses.replace(a, id=renamed[a.path]) if a.path in renamed else a
                        for a in articles]  # fmt: skip
            by_id = {a.id: a for a in articles}
        # the index hands both back sorted
        return Snapshot(articles, problems, changes, seconds, by_id=by_id, generation=generation)


def _renamed(articles: list[Article], library: Library | None) -> dict[str, str]:
    """Path -> its new id, for the articles of `articles` whose id an earlier claim keeps (see
    core.library.identity); `articles` holds every article of the library with a repeated id,
    at least."""
    unique = disambiguate({a.path: a.id for a in articles}, _claim_order(articles, library))
    return {a.path: unique[a.path] for a in articles if unique[a.path] != a.id}


def _claim_order(articles: list[Article], library: Library | None) -> Callable[[str], Any]:
    """The sort key that decides which of several articles with one id keeps it (see
    core.library.identity): when the index first saw each; in an index built afresh, the file whose
    inode changed first (its ctime, which unlike the modification time no archive can set, so
    a newcomer dated back cannot take the id), then the older modification time, then the path."""
    counts = Counter(a.id for a in articles)
    repeated = {a.path: a for a in articles if counts[a.id] > 1}
    since = library.index.since(repeated) if library is not None else {}
    changed = {path: _ctime(library.root / path) for path in repeated} if library else {}
    return lambda path: (since.get(path, 0), changed.get(path, 0), repeated[path].mtime_ns, path)


def _ctime(path: Path) -> int:
    try:
        return os.stat(path).st_ctime_ns
    except OSError:
        return 0
