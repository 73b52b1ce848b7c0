"""What an update of the search index holds and reads before it writes: the rows it has are
compared one at a time with the articles (no copy of every row, nor of every article's stat),
and the links and images of articles kept without them are read a chunk at a time, not one
query per article sent to a worker."""

from __future__ import annotations

import math
import sqlite3
from contextlib import closing
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from search_support import peak_before_writing, write_library

from tui_reader.core.library.index import _many_at, default_index_path
from tui_reader.core.library.library import Library
from tui_reader.core.library.model import Article, Details
from tui_reader.core.search import workers
from tui_reader.core.search.index import SearchIndex, SyncStats

BASE = datetime(2020, 1, 1, tzinfo=UTC)


def _article(number: int, details: Details | None = None, path: str = "") -> Article:
    return Article(
        f"{number:016x}{number * 7919:016x}",
        path or f"source-{number % 50}/2020/{number:07d}-a-title-of-some-words.md",
        f"Title number {number}",
        (("News", f"source-{number % 50}"),),
        "Author",
        BASE + timedelta(minutes=number),
        False,
        ("tag",),
        "" if details else f"https://example.com/{number}",
        "" if details else f"https://example.com/{number}.jpg",
        1_600_000_000_000_000_000 + number,
        1000 + number,
        details=details,
    )


def _peak_an_article(tmp_path: Path, count: int, indexed: int) -> float:
    articles = [_article(number) for number in reversed(range(count))]
    return peak_before_writing(tmp_path, articles, indexed) / count


@pytest.mark.parametrize("indexed", [0, 20_000])
def test_an_update_holds_no_copy_of_every_row_or_stat(tmp_path: Path, indexed: int) -> None:
    """tracemalloc's peak before the first chunk, an article, at 20k: a first build 134 B with
    a dict of every article's stat, 41 B without; an update of an index that has them all 509 B
    with each of its rows held too, 31 B (at 100k: 151 -> 58 B, 544 -> 58 B). The bound sits
    between; the peak counts Python's own allocations, the same under any load."""
    assert _peak_an_article(tmp_path, 20_000, indexed) < 100


class _Counted(Details):
    """The links and images of articles kept without them, counting each look-up."""

    def __init__(self) -> None:
        self.single: list[str] = []
        self.batches: list[int] = []

    def details(self, path: str) -> tuple[str, str]:
        self.single.append(path)
        return self._of(path)

    def many(self, paths: list[str]) -> dict[str, tuple[str, str]]:
        self.batches.append(len(paths))
        return {path: self._of(path) for path in paths}

    @staticmethod
    def _of(path: str) -> tuple[str, str]:
        number = int(path.rsplit("/", 1)[1].split("-", 1)[0])
        return f"https://example.com/{number}", f"https://example.com/{number}.jpg"


@pytest.mark.parametrize("processes", [1, 2])
def test_a_build_reads_links_and_images_a_chunk_at_a_time(tmp_path: Path, processes: int) -> None:
    """4,000 articles kept without their links and images (as the library index gives them):
    the build reads them a chunk to a query (~2 µs an article), not one query each (~17 µs)
    as each article is sent to a worker or recorded; the records keep them all the same."""
    count = 4000
    assert count >= workers.PARALLEL_FROM  # sent to worker processes when there are two
    details = _Counted()
    articles = [_article(number, details) for number in reversed(range(count))]
    index = SearchIndex(tmp_path / "search.sqlite3")
    stats = index.sync(tmp_path, articles, workers=processes)
    assert stats == SyncStats(added=count)
    assert details.single == []
    chunks = math.ceil(count / workers.CHUNK)
    # each chunk once, and the first few again for the records' dictionary
    assert chunks <= len(details.batches) <= chunks + 1
    found = index.search("number", limit=None)
    assert found.total == count
    assert sorted((hit.article.link, hit.article.image) for hit in found.hits) == sorted(
        _Counted._of(article.path) for article in articles
    )


def test_an_update_tells_unchanged_changed_moved_and_gone_apart(tmp_path: Path) -> None:
    """Rows compared as stored: a path that is not UTF-8 (kept as bytes) is unchanged while it
    stays; a moved, touched or resized article is indexed again; one gone is removed."""
    undecoded = "caf\udce9/0000003-a-title.md"  # the bytes of a Latin-1 file name
    articles = [_article(n) for n in range(6)] + [_article(6, path=undecoded)]
    index = SearchIndex(tmp_path / "search.sqlite3")
    assert index.sync(tmp_path, articles, workers=1) == SyncStats(added=7)
    assert index.sync(tmp_path, articles, workers=1) == SyncStats(unchanged=7)
    a0, a1, a2, a3, a4, a5, a6 = articles
    moved = _article(1, path="elsewhere/0000001-moved.md")
    touched = Article(*[getattr(a2, f) for f in ("id", "path", "title", "categories", "author",
                      "date", "date_from_file", "tags", "link", "image")],
                      a2.mtime_ns + 1, a2.size)  # fmt: skip
    resized = Article(*[getattr(a3, f) for f in ("id", "path", "title", "categories", "author",
                      "date", "date_from_file", "tags", "link", "image", "mtime_ns")],
                      a3.size + 1)  # fmt: skip
    update = [a0, moved, touched, resized, a5, a6]  # a4 gone
    assert index.sync(tmp_path, update, workers=1) == SyncStats(added=3, removed=1, unchanged=3)
    indexed = {hit.article.id: hit.article.path for hit in index.search("number", limit=None).hits}
    assert indexed == {
        a0.id: a0.path,
        a1.id: moved.path,
        a2.id: a2.path,
        a3.id: a3.path,
        a5.id: a5.path,
        a6.id: undecoded,
    }
    assert a4.id not in indexed
    assert index.sync(tmp_path, update, workers=1) == SyncStats(unchanged=6)


def _steps_to_read_details(connection: sqlite3.Connection, paths: list[str]) -> int:
    steps = [0]

    def count() -> int:
        steps[0] += 1
        return 0

    connection.set_progress_handler(count, 1)
    found: dict[str, tuple[str, str]] = {}
    _many_at(connection, paths, found)
    connection.set_progress_handler(None, 1)
    assert set(found) == set(paths)
    return steps[0]


def test_a_chunk_of_links_is_read_by_path_not_by_reading_the_library(tmp_path: Path) -> None:
    """The links and images of a chunk of articles are looked up by path: the work (SQLite's
    steps, counted) does not grow with the library (read through an index of every article, it
    took 80 ms a chunk at 100k articles, 3 ms by path)."""
    root = tmp_path / "lib"
    root.mkdir()
    write_library(root, 60, seed=5)
    library = Library(root)
    paths = [article.path for article in library.scan(workers=1).articles[:20]]
    with closing(sqlite3.connect(default_index_path(root))) as connection:
        small = _steps_to_read_details(connection, paths)
        columns = [row[1] for row in connection.execute("PRAGMA table_info(files)")]
        copied = ", ".join("? || path" if name == "path" else name for name in columns)
        with connection:
            for copy in range(15):  # the library 16 times larger
                connection.execute(
                    f"INSERT INTO files SELECT {copied} FROM files WHERE path NOT LIKE 'copy-%'",
                    (f"copy-{copy}/",),
                )
        large = _steps_to_read_details(connection, paths)
    assert large < 2 * small
