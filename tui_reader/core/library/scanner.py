"""Bring the index up to date with the folder: parse what is new or changed, drop what is gone.

Parsing is the slow part (about 90 µs a file with libyaml), so when there is a lot of it the files
are parsed in worker processes, in chunks, and results are saved and reported chunk by chunk: the
UI can show articles as they arrive and cancel at any time, keeping what was already parsed.
"""

from __future__ import annotations

import itertools
import multiprocessing
import os
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, wait
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from tui_reader.core.library.index import FileStat, Index, IndexRow, articles_from_rows, index_row
from tui_reader.core.library.model import Article, ParseResult, Problem
from tui_reader.core.library.parse import parse_at
from tui_reader.core.library.walk import UNSTATED
from tui_reader.core.process_pool import stop_now

CHUNK = 400
PARALLEL_FROM = 2000  # below this, starting worker processes costs more than it saves


@dataclass(frozen=True, slots=True)
class ScanProgress:
    """Where a scan is: `done` of `total` files parsed (total 0 while listing the folder).

    `listed` is False while a first scan's walk is still listing folders: `total` is then the
    files found so far, and grows."""

    phase: str
    done: int
    total: int
    listed: bool = True


@dataclass(frozen=True, slots=True)
class ScanChanges:
    added: int = 0
    changed: int = 0
    removed: int = 0
    unchanged: int = 0
    cancelled: bool = False


ProgressCallback = Callable[[ScanProgress], None]
BatchCallback = Callable[[list[Article]], None]


def update_index(
    root: Path,
    index: Index,
    known: dict[str, FileStat],
    current: dict[str, FileStat],
    *,
    progress: ProgressCallback | None = None,
    on_batch: BatchCallback | None = None,
    cancel: threading.Event | None = None,
    workers: int | None = None,
    walk_problems: dict[str, str] | None = None,
) -> ScanChanges:
    """Parse files whose stat differs from `known`, remove vanished ones, save to `index`.
    `walk_problems` (path -> reason, see core.library.walk) are entries of `current` that are saved
    as problems instead of being parsed."""
    if current == known:  # the usual warm start: one comparison in C instead of 100k lookups
        removed: list[str] = []
        todo: list[str] = []
    else:
        removed = [path for path in known if path not in current]
        todo = sorted(path for path, stat in current.items() if known.get(path) != stat)
    added = sum(1 for path in todo if path not in known)
    differing = len(todo)
    since = time.time_ns()
    moved: dict[str, int] = {}
    if removed:
        moved = index.claims(removed)  # a renamed file keeps its claim on its id
        index.remove(removed)
    if walk_problems and todo:
        listed = [path for path in todo if path in walk_problems]
        index.save(
            ((path, current[path], _problem(path, walk_problems[path])) for path in listed), since
        )
        todo = [path for path in todo if path not in walk_problems]
    report = progress or (lambda _p: None)
    report(ScanProgress("parsing", 0, len(todo)))
    chunks = (todo[i : i + CHUNK] for i in range(0, len(todo), CHUNK))
    parse = _Parsing(root, index, current, since, moved, progress, on_batch)
    done = parse.run(chunks, lambda: len(todo), cancel, workers)
    cancelled = bool(cancel and cancel.is_set() and done < len(todo))
    unchanged = len(current) - differing
    return ScanChanges(added, differing - added, len(removed), unchanged, cancelled)


def index_first_scan(
    root: Path,
    index: Index,
    walked: Iterator[dict[str, FileStat]],
    *,
    progress: ProgressCallback | None = None,
    on_batch: BatchCallback | None = None,
    cancel: threading.Event | None = None,
    workers: int | None = None,
    walk_problems: dict[str, str] | None = None,
) -> tuple[ScanChanges, dict[str, FileStat]]:
    """Index a folder the index knows no file of, parsing each folder's files as the walk
    (`walked`, see core.library.walk.walk_folders) lists them: with nothing known, nothing can
    be unchanged or gone, so there is no need to wait for the whole walk (37 s of a busy
    machine for 1M files) before the first articles arrive. Returns the changes and every file
    the walk listed."""
    current: dict[str, FileStat] = {}
    problems = walk_problems if walk_problems is not None else {}
    since = time.time_ns()
    walked_all = threading.Event()  # set once the walk listed every folder, uncancelled

    def chunks() -> Iterator[list[str]]:
        waiting: list[str] = []
        for entries in walked:
            current.update(entries)
            if listed := [path for path in entries if path in problems]:
                index.save(((p, entries[p], _problem(p, problems[p])) for p in listed), since)
            waiting += sorted(path for path in entries if path not in problems)
            while len(waiting) >= CHUNK:
                yield waiting[:CHUNK]
                del waiting[:CHUNK]
        if not (cancel and cancel.is_set()):
            walked_all.set()
        if waiting:
            yield waiting

    if progress:
        progress(ScanProgress("parsing", 0, 0))  # the total is known once the walk is done
    parse = _Parsing(root, index, current, since, {}, progress, on_batch)
    with index.filling():  # the rows first, then the sorting indexes (see Index.filling)
        done = parse.run(
            chunks(), lambda: len(current) - len(problems), cancel, workers, walked_all.is_set
        )
    complete = walked_all.is_set() and done == len(current) - len(problems)
    cancelled = bool(cancel and cancel.is_set() and not complete)
    return ScanChanges(added=len(current), cancelled=cancelled), current


@dataclass(slots=True)
class _Parsing:
    """Parse chunks of files and save each chunk's results to the index as it comes, reporting
    progress (`total()`: the files to parse, as far as known) and the articles found."""

    root: Path
    index: Index
    current: dict[str, FileStat]
    since: int
    moved: dict[str, int]
    progress: ProgressCallback | None
    on_batch: BatchCallback | None

    def run(
        self,
        chunks: Iterator[list[str]],
        total: Callable[[], int],
        cancel: threading.Event | None,
        workers: int | None,
        listed: Callable[[], bool] = lambda: True,
    ) -> int:
        """Parse and save every chunk; returns how many files were parsed. `listed()` says
        whether `total()` is final."""
        done = 0
        final = True
        for rows, others in _parse_all(self.root, chunks, cancel, workers, self.since):
            if self.moved:  # a moved or renamed file keeps its place among the claims on its id
                rows = [_claimed(row, self.moved) for row in rows]
            self.index.remove([path for path, result in others if not result.problems])
            rows += [
                index_row(path, self._stat(path), result, 0)
                for path, result in others
                if result.problems
            ]
            self.index.save_rows(rows)
            done += len(rows) + sum(1 for _path, result in others if not result.problems)
            final = listed()
            if self.progress:
                self.progress(ScanProgress("parsing", done, total(), final))
            if self.on_batch:
                self.on_batch(articles_from_rows(rows))
        if self.progress and done and not final and listed():  # the walk ended after the chunk
            self.progress(ScanProgress("parsing", done, total()))
        return done

    def _stat(self, path: str) -> FileStat:
        """The stat the walk gave the file, or (when it listed the file without one) its stat
        now: a skipped file's row keeps it, so the next scan knows whether it changed."""
        stat = self.current[path]
        if stat != UNSTATED:
            return stat
        try:
            info = os.stat(os.path.join(self.root, path))
        except OSError:
            return stat  # gone: the next scan will not find it
        return info.st_mtime_ns, info.st_size


def _problem(path: str, reason: str) -> ParseResult:
    return ParseResult(None, [Problem(path, reason)])


def _claimed(row: IndexRow, moved: dict[str, int]) -> IndexRow:
    since = moved.get(row[3])  # (see index.index_row: the id, then `since` last)
    return row if since is None else (*row[:-1], since)


def _parse_all(
    root: Path,
    chunks: Iterator[list[str]],
    cancel: threading.Event | None,
    workers: int | None,
    since: int,
) -> Iterator[Parsed]:
    count = workers if workers is not None else min(2, os.cpu_count() or 1)
    first: list[list[str]] = []  # the chunks taken to see whether there are enough for workers
    if count > 1:
        taken = 0
        for chunk in chunks:
            first.append(chunk)
            taken += len(chunk)
            if taken >= PARALLEL_FROM:
                break
        else:
            count = 1
    queue = itertools.chain(first, chunks)
    if count <= 1:
        for chunk in queue:
            if cancel and cancel.is_set():
                return
            yield parse_chunk(str(root), chunk, since)
        return
    yield from _parse_in_processes(str(root), queue, cancel, count, since)


def _parse_in_processes(
    root: str, chunks: Iterator[list[str]], cancel: threading.Event | None, count: int, since: int
) -> Iterator[Parsed]:
    # "spawn", not "fork": the UI runs this from a thread, and forking a threaded process can
    # deadlock the child on a lock some other thread held.
    # Imported here: the process pool's modules cost the reader's start-up ~5 ms, and only a
    # big first scan or rescan uses them.
    from concurrent.futures import ProcessPoolExecutor

    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=count, mp_context=context) as pool:
        pending: set[Future[Parsed]] = set()
        queue = iter(chunks)
        try:
            for chunk in queue:  # keep a few chunks in flight per worker, no more
                pending.add(pool.submit(parse_chunk, root, chunk, since))
                if len(pending) >= count * 3:
                    break
            while pending:
                finished, pending = wait(pending, timeout=0.25, return_when=FIRST_COMPLETED)
                for future in finished:
                    yield future.result()
                if cancel and cancel.is_set():
                    return
                for chunk in queue:
                    pending.add(pool.submit(parse_chunk, root, chunk, since))
                    if len(pending) >= count * 3:
                        break
        finally:
            if pending:  # cancelled, or the caller stopped reading: not a chunk more
                stop_now(pool, pending)


class Parsed(NamedTuple):
    """A chunk of files parsed: the index rows of its articles (see `index.index_row`), ready to
    save, and the files without one (skipped, or gone since the walk) with what was found."""

    rows: list[IndexRow]
    others: list[tuple[str, ParseResult]]


def parse_chunk(root: str, paths: list[str], since: int) -> Parsed:
    """Parse a list of files (runs in a worker process, so it takes and returns plain data:
    an index row is a tuple of strings and numbers, several times cheaper to send than an
    article, and the main process saves it as it is). `since` goes in every row."""
    rows: list[IndexRow] = []
    others: list[tuple[str, ParseResult]] = []
    prefix = os.path.join(root, "")
    for path in paths:
        result = parse_at(prefix + path, path)
        if result.article is None:
            others.append((path, result))
        else:
            rows.append(index_row(path, (0, 0), result, since))
    return Parsed(rows, others)
