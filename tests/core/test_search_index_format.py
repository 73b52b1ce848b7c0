"""The search index's storage: story signatures of 16-bit bins, records compressed against the
library's own dictionary, and an index of the previous schema (8) migrated in place by the next
update, answering queries before and while it is migrated."""

from __future__ import annotations

import shutil
import sqlite3
import zlib
from array import array
from pathlib import Path

import pytest

from tui_reader.core.library.library import Library
from tui_reader.core.library.model import Article
from tui_reader.core.search import documents, stories
from tui_reader.core.search import index as search_index
from tui_reader.core.search import migrate as search_migrate
from tui_reader.core.search import schema as search_schema
from tui_reader.core.search.index import SearchIndex
from tui_reader.core.search.records import record_json

TESTS = Path(__file__).resolve().parent.parent
PAIRS = TESTS / "stories" / "pairs"
SAMPLES = ("aljazeera-figures.md", "leetcode-english-iframes.md", "gameres-body-in-table.md")
QUERIES = ("the", "图片", "cat:新媒体", "is:copy", "a OR 的")


def _library(root: Path) -> Library:
    root.mkdir()
    for sample in SAMPLES:
        shutil.copyfile(TESTS / "samples" / sample, root / sample)
    for pair, source in (("copy-cnbeta-blockquotes", "cnbeta"), ("copy-mydrivers-unbalanced-html",
                                                                 "mydrivers")):  # fmt: skip
        for name in ("a.md", "b.md"):
            (root / f"{source}-{name[0]}").mkdir(exist_ok=True)
            shutil.copyfile(PAIRS / pair / name, root / f"{source}-{name[0]}" / name)
    return Library(root)


def _answers(index: SearchIndex) -> dict[str, list[str]]:
    return {query: [hit.article.id for hit in index.search(query).hits] for query in QUERIES}


def _groups(index: SearchIndex) -> list[list[str]]:
    return sorted(sorted(a.id for a in group) for group in index.story_groups())


def _old_band_key(sig: bytes, band: int) -> int:
    """Schema 8's band number: the band over the CRC-32 of its four 32-bit bins."""
    return (band << 32) | zlib.crc32(sig[band * 16 : (band + 1) * 16])


def _old_similarity(a: bytes, b: bytes) -> float:
    return sum(x == y for x, y in zip(array("I", a), array("I", b), strict=True)) / stories.SIZE


def _build_schema_8(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The index as schema 8 wrote it: 32-bit signature bins, bands of the full CRC-32, records
    compressed alone by zlib, no dictionary table."""
    articles = Library(root).scan(workers=1).articles
    with monkeypatch.context() as patch:
        patch.setattr(stories, "pack", lambda mins: array("I", mins).tobytes())
        patch.setattr(stories, "_band_key", _old_band_key)
        patch.setattr(stories, "similarity", _old_similarity)
        patch.setattr(documents, "article_record", lambda a, _d: zlib.compress(record_json(a)))
        patch.setattr(search_schema, "SCHEMA_VERSION", "8")
        patch.setattr(search_schema, "MIGRATES_FROM", "7")
        old = SearchIndex.for_library(root)
        old.sync(root, articles, workers=1)
        old.close()
    with sqlite3.connect(search_index.search_index_path(root)) as connection:
        connection.execute("DROP TABLE dictionary")
        assert connection.execute("SELECT value FROM meta WHERE key='schema'").fetchone() == ("8",)
        assert {len(sig) for (sig,) in connection.execute("SELECT sig FROM sigs")} == {512}
        assert {r[0] for (r,) in connection.execute("SELECT record FROM records")} == {0x78}
    connection.close()


def _schema_8_and_fresh(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> tuple[Path, list[Article], SearchIndex]:
    """The test library with its index of schema 8, its articles, and an index built from
    nothing beside (what the migrated one must answer)."""
    root = tmp_path / "library"
    library = _library(root)
    _build_schema_8(root, monkeypatch)
    articles = library.scan(workers=1).articles
    fresh = SearchIndex(tmp_path / "fresh.sqlite3")
    fresh.sync(root, articles, workers=1)
    return root, articles, fresh


def test_an_index_of_schema_8_is_migrated_in_place_answering_meanwhile(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root, articles, fresh = _schema_8_and_fresh(tmp_path, monkeypatch)
    expected, groups = _answers(fresh), _groups(fresh)
    assert any(expected.values()) and len(groups) == 2

    index = SearchIndex.for_library(root)
    assert _answers(index) == expected  # before any update: the old records read as they are
    assert _groups(index) == groups
    with sqlite3.connect(index.path) as connection:  # opening and reading wrote nothing
        assert connection.execute("SELECT value FROM meta WHERE key='schema'").fetchone() == ("8",)
        tables = {name for (name,) in connection.execute("SELECT name FROM sqlite_schema")}
        assert "dictionary" not in tables
    connection.close()
    seen_during: list[tuple[dict[str, list[str]], str | None]] = []
    migrate_chunk = search_migrate.migrate_chunk

    def migrate_and_look(connection: sqlite3.Connection) -> bool:
        more = migrate_chunk(connection)
        reader = SearchIndex.for_library(root)  # another connection, as the reader's would be
        seen_during.append((_answers(reader), reader.get_meta("schema")))
        reader.close()
        return more

    monkeypatch.setattr(search_migrate, "migrate_chunk", migrate_and_look)
    monkeypatch.setattr(search_migrate, "MIGRATION_CHUNK", 3)  # 7 articles: 3 chunks, then none
    stats = index.sync(root, articles, workers=1)
    # the old index answered while it was migrated (the last chunk's transaction swaps the
    # tables in: the reader opened inside it still sees the old ones)
    assert seen_during == [(expected, "8")] * 4
    assert (stats.added, stats.removed, stats.rebuilt) == (0, 0, False)  # no file read again
    assert index.get_meta("schema") == search_schema.SCHEMA_VERSION
    assert _answers(index) == expected
    assert _groups(index) == groups
    with sqlite3.connect(index.path) as connection:
        sigs = dict(connection.execute("SELECT key, sig FROM sigs"))
        bands = set(connection.execute("SELECT band, key FROM bands"))
        firsts = {r[0] for (r,) in connection.execute("SELECT record FROM records")}
    connection.close()
    assert {len(sig) for sig in sigs.values()} == {stories.SIZE * 2}
    assert bands == {(band, key) for key, sig in sigs.items() for band in stories.band_keys(sig)}
    assert firsts == {1}  # compressed against dictionary number 1
    assert sigs == dict(sqlite3.connect(fresh.path).execute("SELECT key, sig FROM sigs"))


def test_a_migration_stopped_half_way_goes_on_the_next_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root, articles, fresh = _schema_8_and_fresh(tmp_path, monkeypatch)
    monkeypatch.setattr(search_migrate, "MIGRATION_CHUNK", 2)
    chunks: list[bool] = []
    migrate_chunk = search_migrate.migrate_chunk

    def stopping(connection: sqlite3.Connection) -> bool:
        if len(chunks) == 2:
            raise KeyboardInterrupt  # the reader quit in the middle
        chunks.append(migrate_chunk(connection))
        return chunks[-1]

    with monkeypatch.context() as patch:
        patch.setattr(search_migrate, "migrate_chunk", stopping)
        index = SearchIndex.for_library(root)
        with pytest.raises(KeyboardInterrupt):
            index.sync(root, articles, workers=1)
        index.close()
    with sqlite3.connect(index.path) as connection:
        assert connection.execute("SELECT count(*) FROM migrating_records").fetchone() == (4,)
    connection.close()
    index = SearchIndex.for_library(root)
    assert _answers(index) == _answers(fresh)  # still the old tables
    stats = index.sync(root, articles, workers=1)
    assert (stats.added, stats.rebuilt) == (0, False)
    assert index.get_meta("schema") == search_schema.SCHEMA_VERSION
    assert _answers(index) == _answers(fresh)
    assert _groups(index) == _groups(fresh)
    with sqlite3.connect(index.path) as connection, sqlite3.connect(fresh.path) as other:
        for table in ("sigs", "bands"):
            query = f"SELECT * FROM {table} ORDER BY 1, 2"
            assert connection.execute(query).fetchall() == other.execute(query).fetchall()
        names = {name for (name,) in connection.execute("SELECT name FROM sqlite_schema")}
        assert not {name for name in names if name.startswith("migrating_")}
        assert connection.execute("SELECT count(*) FROM records").fetchone() == (len(articles),)
    connection.close()
    other.close()


def test_a_copy_arriving_after_the_migration_joins_its_story(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "library"
    library = _library(root)
    copy = root / "cnbeta-b" / "b.md"
    moved = tmp_path / "b.md"
    copy.rename(moved)
    _build_schema_8(root, monkeypatch)
    index = SearchIndex.for_library(root)
    index.sync(root, library.scan(workers=1).articles, workers=1)  # migrates
    assert len(_groups(index)) == 1
    moved.rename(copy)
    index.sync(root, library.scan(workers=1).articles, workers=1)
    assert len(_groups(index)) == 2


def test_records_are_compressed_against_the_librarys_dictionary(tmp_path: Path) -> None:
    root = tmp_path / "library"
    library = _library(root)
    for number in range(40):  # one source's articles: their records share most of their text
        source = root / "cnbeta-b" / "b.md"
        text = source.read_text(encoding="utf-8").replace("title:", f"title: {number}", 1)
        (root / "cnbeta-b" / f"n{number}.md").write_text(text, encoding="utf-8")
    articles = library.scan(workers=1).articles
    index = SearchIndex.for_library(root)
    index.sync(root, articles, workers=1)
    with sqlite3.connect(index.path) as connection:
        stored = sum(len(r) for (r,) in connection.execute("SELECT record FROM records"))
    connection.close()
    alone = sum(len(zlib.compress(record_json(a))) for a in articles)
    assert stored < 0.6 * alone
    assert {a.id: a for a in index.articles([a.id for a in articles])} == {
        a.id: a for a in articles
    }


def test_signatures_take_two_bytes_a_bin_and_compare_as_before() -> None:
    rng = __import__("random").Random(5)
    shingles = {rng.getrandbits(32) for _ in range(400)}
    similar = set(list(shingles)[:360]) | {rng.getrandbits(32) for _ in range(40)}
    a, b = stories.signature(shingles), stories.signature(similar)
    assert a is not None and b is not None and len(a) == stories.SIZE * 2
    expected = len(shingles & similar) / len(shingles | similar)  # 0.82
    assert abs(stories.similarity(a, b) - expected) < 0.12
    assert stories.similarity(a, a) == 1.0


def test_a_reader_opened_while_an_update_writes_answers_from_the_index(tmp_path: Path) -> None:
    """Opening the index must not wait for the lock that an update (a chunk of a build, the
    final merge, a migration) holds: readers of the write-ahead log need none."""
    root = tmp_path / "library"
    library = _library(root)
    first = SearchIndex.for_library(root)
    first.sync(root, library.scan(workers=1).articles, workers=1)
    expected = _answers(first)
    first.close()
    writer = sqlite3.connect(search_index.search_index_path(root), timeout=0)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("INSERT OR REPLACE INTO meta VALUES ('held', '1')")
    try:
        reader = SearchIndex.for_library(root)
        assert _answers(reader) == expected
        assert search_index.in_memory(reader.path) is None  # the file, not a memory fallback
        reader.close()
    finally:
        writer.rollback()
        writer.close()
