"""An index build writes each chunk of prepared articles with one statement a table (and the
story of each article in order): what it stores is what writing them one at a time stored."""

from __future__ import annotations

import dataclasses
import sqlite3
import zlib
from pathlib import Path

import pytest
from search_support import write_library

from tui_reader.core.library.library import Library
from tui_reader.core.library.model import Article
from tui_reader.core.search import index as search_index
from tui_reader.core.search import records, workers
from tui_reader.core.search import update as search_update
from tui_reader.core.search.index import SearchIndex


def test_an_id_twice_in_one_chunk_is_indexed_once_the_later_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "lib"
    root.mkdir()
    write_library(root, 12, seed=9)
    articles = Library(root).scan(workers=1).articles
    first, second = articles[3], articles[7]
    twin = dataclasses.replace(second, id=first.id)  # another file claiming the same id
    monkeypatch.setattr(workers, "CHUNK", 500)  # every article in one chunk
    index = SearchIndex(tmp_path / "search.sqlite3")
    stats = index.sync(root, [*articles, twin], workers=1)
    assert stats.added == len(articles) + 1
    assert index.size() == len(articles)
    with sqlite3.connect(index.path) as connection:
        rows = connection.execute("SELECT path FROM docs WHERE id = ?", (first.id,)).fetchall()
        orphans = connection.execute("SELECT value FROM meta WHERE key = 'orphans'").fetchone()
    connection.close()
    # the build goes oldest first: the later of the two in that order stays
    assert len(rows) == 1 and rows[0][0] in {first.path, second.path}
    assert orphans == ("1",)
    ids = {hit.article.id for hit in index.search(first.title.split()[0], limit=None).hits}
    assert len(ids) == len(set(ids))


def _hash_sizes(path: Path) -> list[object]:
    with sqlite3.connect(path) as connection:
        rows = [
            connection.execute(f"SELECT v FROM {table}_config WHERE k = 'hashsize'").fetchone()
            for table in ("fts", "uni")
        ]
    connection.close()
    return rows


def test_fts_keeps_a_chunk_of_tokens_in_memory_before_writing_them(tmp_path: Path) -> None:
    root = tmp_path / "lib"
    root.mkdir()
    write_library(root, 6, seed=2)
    index = SearchIndex(tmp_path / "search.sqlite3")
    index.sync(root, Library(root).scan(workers=1).articles, workers=1)
    assert _hash_sizes(index.path) == [(search_update.FTS_HASH_BYTES,)] * 2
    # an index made without the setting gets it with its next articles
    with sqlite3.connect(index.path) as connection:
        for table in ("fts", "uni"):
            connection.execute(f"DELETE FROM {table}_config WHERE k = 'hashsize'")
    connection.close()
    index.close()
    index = SearchIndex(tmp_path / "search.sqlite3")
    assert _hash_sizes(index.path) == [None, None]
    write_library(root, 8, seed=3)  # two more files (and the first six rewritten)
    index.sync(root, Library(root).scan(workers=1).articles, workers=1)
    assert _hash_sizes(index.path) == [(search_update.FTS_HASH_BYTES,)] * 2


def test_records_are_the_bytes_of_a_fresh_compressor_each(tmp_path: Path) -> None:
    write_library(tmp_path, 40, seed=4)
    articles = Library(tmp_path).scan(workers=1).articles
    data = [records.record_json(a) for a in articles]
    zdict = records.make_dictionary(data[20:])
    for number, dictionary in ((1, zdict), (2, zdict[:5000]), (1, zdict)):
        for record in data:
            packer = zlib.compressobj(wbits=-15, zdict=dictionary)
            expected = bytes([number]) + packer.compress(record) + packer.flush()
            assert records.compress_record(record, (number, dictionary)) == expected
            assert records.record_data(expected, {number: dictionary}) == record


@pytest.fixture
def small_chunks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> tuple[Path, SearchIndex, list[Article]]:
    """A library of 200 articles, its index (empty) and its articles, newest first; chunks of
    10 articles, and a large index's transaction a quarter of it."""
    monkeypatch.setattr(workers, "CHUNK", 10)
    monkeypatch.setattr(search_update, "COMMIT_SHARE", 4)
    root = tmp_path / "lib"
    root.mkdir()
    write_library(root, 200, seed=4)
    return root, SearchIndex(tmp_path / "search.sqlite3"), Library(root).scan(workers=1).articles


def test_a_large_index_commits_a_hundredth_of_it_at_a_time(
    small_chunks: tuple[Path, SearchIndex, list[Article]],
) -> None:
    """What a search sees of an update under way (another connection, at each progress report):
    a chunk more at a time while the index is small, a share of what it holds once large."""
    root, index, articles = small_chunks
    first = articles[:80]  # the newest first: the update below adds older ones

    def seen_at_each_report(chosen: list[Article]) -> list[int]:
        seen: list[int] = []

        def progress(_report: object) -> None:
            with sqlite3.connect(index.path) as reader:
                seen.append(reader.execute("SELECT count(*) FROM docs").fetchone()[0])
            reader.close()

        index.sync(root, chosen, workers=1, progress=progress)
        return seen

    # from nothing (a report before the first chunk, then one after each): a chunk a commit
    # while a quarter of the index is no more than a chunk (up to 50), then 20 articles once
    # 60 are in (a quarter: 15), and the last 10 at the end
    assert seen_at_each_report(first) == [0, 10, 20, 30, 40, 50, 50, 70, 70]
    # from 80: a commit once the chunks not committed reach a quarter of the index
    assert seen_at_each_report(articles) == [80, 80, 80, 110, 110, 110, 110] + [150] * 5 + [200]


def test_an_update_that_fails_keeps_what_it_committed_and_nothing_of_the_rest(
    small_chunks: tuple[Path, SearchIndex, list[Article]],
) -> None:
    root, index, articles = small_chunks
    index.sync(root, articles[:80], workers=1)

    def progress(report: search_index.SyncProgress) -> None:
        if report.done == 50:  # 30 committed (at 110 indexed), 20 not yet
            raise RuntimeError("the disk went away")

    with pytest.raises(RuntimeError):
        index.sync(root, articles, workers=1, progress=progress)
    assert index.size() == 110
    with sqlite3.connect(index.path) as connection:
        (stored,) = connection.execute("SELECT count(*) FROM records").fetchone()
        (signed,) = connection.execute("SELECT count(DISTINCT key) FROM bands").fetchone()
    connection.close()
    assert stored == 110 and signed <= 110
    assert index.sync(root, articles, workers=1).added == 90
    assert index.size() == 200
