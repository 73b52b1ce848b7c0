"""Stories in the search index: copies found as articles arrive, and kept right when a copy is
deleted, renamed or edited so that it no longer matches."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from tui_reader.core.library.library import Library
from tui_reader.core.search import stories
from tui_reader.core.search.index import SearchIndex

PAIRS = Path(__file__).resolve().parent.parent / "stories" / "pairs"
SAMPLES = Path(__file__).resolve().parent.parent / "samples"


class Folder:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.library = Library(root)
        self.index = SearchIndex.for_library(root)

    def sync(self) -> dict[str, tuple[str, int]]:
        snapshot = self.library.scan(workers=1)
        self.index.sync(self.library.root, snapshot.articles, workers=1)
        self.ids = {a.path: a.id for a in snapshot.articles}
        return self.index.story_map()

    def put(self, name: str, source: Path) -> None:
        (self.root / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, self.root / name)


@pytest.fixture
def folder(tmp_path: Path) -> Folder:
    root = tmp_path / "library"
    root.mkdir()
    for sample in (
        "aljazeera-figures.md",
        "leetcode-english-iframes.md",
        "gameres-body-in-table.md",
    ):
        shutil.copyfile(SAMPLES / sample, root / sample)
    return Folder(root)


COPY = PAIRS / "copy-cnbeta-blockquotes"  # a.md the original, b.md the repost (other script)
OTHER = PAIRS / "copy-mydrivers-unbalanced-html"


def test_a_copy_arriving_joins_the_story_of_the_earliest(folder: Folder) -> None:
    folder.put("cnbeta/a.md", COPY / "a.md")
    assert folder.sync() == {}
    folder.put("ithome/b.md", COPY / "b.md")
    stories_now = folder.sync()
    a, b = folder.ids["cnbeta/a.md"], folder.ids["ithome/b.md"]
    assert stories_now == {a: (a, 2), b: (a, 2)}  # a.md is dated earlier
    folder.put("sina/c.md", COPY / "b.md")
    stories_now = folder.sync()
    c = folder.ids["sina/c.md"]
    assert stories_now[c] == (a, 3) and stories_now[b] == (a, 3)
    assert [x.id for x in folder.index.story_copies(c)][0] == a
    assert {x.id for x in folder.index.story_copies(c)} == {a, b, c}
    # the samples, none a copy of another, stay stories of their own
    assert len(stories_now) == 3
    assert (
        folder.index.story_copies(folder.ids["aljazeera-figures.md"])[0].id
        == folder.ids["aljazeera-figures.md"]
    )


def test_deleting_copies_regroups_the_rest(folder: Folder) -> None:
    folder.put("cnbeta/a.md", COPY / "a.md")
    folder.put("ithome/b.md", COPY / "b.md")
    folder.put("sina/c.md", COPY / "b.md")
    folder.sync()
    b, c = folder.ids["ithome/b.md"], folder.ids["sina/c.md"]
    (folder.root / "cnbeta/a.md").unlink()  # the earliest: the story takes the next one's id
    remaining = folder.sync()
    assert remaining[b][1] == 2 and remaining[b] == remaining[c]
    assert remaining[b][0] in (b, c)
    (folder.root / "ithome/b.md").unlink()
    assert folder.sync() == {}  # one article left: a story of its own


def test_a_renamed_copy_stays_in_its_story(folder: Folder) -> None:
    folder.put("cnbeta/a.md", COPY / "a.md")
    folder.put("ithome/b.md", COPY / "b.md")
    before = folder.sync()
    (folder.root / "ithome/b.md").rename(folder.root / "ithome/renamed.md")
    after = folder.sync()
    assert after == before and len(after) == 2


def test_an_edited_copy_that_no_longer_matches_leaves(folder: Folder) -> None:
    folder.put("cnbeta/a.md", COPY / "a.md")
    folder.put("ithome/b.md", COPY / "b.md")
    folder.put("x/c.md", OTHER / "a.md")
    folder.put("y/d.md", OTHER / "b.md")
    assert len(folder.sync()) == 4
    # b.md rewritten in place with another story's text (its title and date kept)
    head, _, _ = (COPY / "b.md").read_text("utf-8").partition("---\n\n")
    body = (SAMPLES / "jianshu-invalid-date-xml-in-pre.md").read_text("utf-8").split("---\n")[-1]
    (folder.root / "ithome/b.md").write_text(head + "---\n\n" + body, "utf-8")
    after = folder.sync()
    c, d = folder.ids["x/c.md"], folder.ids["y/d.md"]
    assert after == {c: (c, 2), d: (c, 2)}
    assert folder.index.story_groups()[0][0].id == c


def test_story_groups_are_largest_first(folder: Folder) -> None:
    folder.put("cnbeta/a.md", COPY / "a.md")
    folder.put("ithome/b.md", COPY / "b.md")
    folder.put("sina/c.md", COPY / "b.md")
    folder.put("x/c.md", OTHER / "a.md")
    folder.put("y/d.md", OTHER / "b.md")
    folder.sync()
    assert [len(group) for group in folder.index.story_groups()] == [3, 2]


def _connection() -> sqlite3.Connection:
    connection = sqlite3.connect(":memory:")
    connection.execute("CREATE TABLE docs (key INTEGER PRIMARY KEY, ts REAL)")
    connection.executescript(stories.SCHEMA)
    connection.executemany("INSERT INTO docs VALUES (?, ?)", [(k, float(k)) for k in (1, 2, 3)])
    return connection


def _sig(values: list[int]) -> bytes:
    return stories.pack(values)


def test_removing_the_link_of_a_chain_splits_it() -> None:
    """A and C are copies of B but not of each other: without B they are two stories."""
    size = stories.SIZE
    a = _sig(list(range(size)))
    b = _sig([*range(96), *range(1000, 1000 + size - 96)])
    c = _sig([*range(2000, 2032), *range(32, 96), *range(1000, 1000 + size - 96)])
    assert stories.similarity(a, b) >= stories.THRESHOLD
    assert stories.similarity(b, c) >= stories.THRESHOLD
    assert stories.similarity(a, c) < stories.THRESHOLD
    connection = _connection()
    assert stories.add(connection, 1, a) == []
    assert stories.add(connection, 3, c) == []
    assert sorted(stories.add(connection, 2, b)) == [1, 3]
    rows = dict(connection.execute("SELECT key, root FROM story"))
    assert rows == {1: 1, 2: 1, 3: 1}
    stories.remove(connection, [2])
    assert dict(connection.execute("SELECT key, root FROM story")) == {}
    assert connection.execute("SELECT count(*) FROM bands WHERE key = 2").fetchone()[0] == 0
    assert connection.execute("SELECT count(*) FROM links").fetchone()[0] == 0


def test_an_article_too_short_to_compare_is_never_folded() -> None:
    connection = _connection()
    assert stories.add(connection, 1, None) == []
    assert connection.execute("SELECT count(*) FROM sigs").fetchone()[0] == 0


def test_a_large_story_costs_an_arrival_no_more_than_a_small_one() -> None:
    """Hundreds of identical copies: each arrival writes a bounded number of rows (its bands, its
    signature, its pairs with at most `CANDIDATES` copies, its story row), not the story's."""
    connection = sqlite3.connect(":memory:")
    connection.execute("CREATE TABLE docs (key INTEGER PRIMARY KEY, ts REAL)")
    connection.executescript(stories.SCHEMA)
    count = 400
    connection.executemany(
        "INSERT INTO docs VALUES (?, ?)", [(k, float(k)) for k in range(1, count + 1)]
    )
    sig = _sig(list(range(stories.SIZE)))
    changes = []
    for key in range(1, count + 1):
        before = connection.total_changes
        stories.add(connection, key, sig)
        changes.append(connection.total_changes - before)
    bound = stories.BANDS + 1 + stories.CANDIDATES + 1
    assert max(changes[100:]) <= bound < count
    assert dict(connection.execute("SELECT root, count(*) FROM story GROUP BY root")) == {1: count}
    # an earlier copy arriving late becomes the story's first: every row then names it
    connection.execute("INSERT INTO docs VALUES (0, -1.0)")
    stories.add(connection, 0, sig)
    assert dict(connection.execute("SELECT root, count(*) FROM story GROUP BY root")) == {
        0: count + 1
    }
