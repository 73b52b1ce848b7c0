"""The articles the reader keeps in memory: a million of them must fit, so an article read from
the library index keeps only what lists and the tree need; its link and image (two URLs, a third
of an article's memory) are read from the index when the article is opened, exported, searched
or sent to another process — and come out exactly as the file gives them."""

from __future__ import annotations

import dataclasses
import io
import os
import pickle
import sys
import threading
import tracemalloc
import zlib
from pathlib import Path
from typing import cast

import pytest

from tui_reader.core.library import library as library_module
from tui_reader.core.library.index import Index, _IndexDetails
from tui_reader.core.library.library import Library, _compared_walk, _known_stats
from tui_reader.core.library.model import Article, with_details
from tui_reader.core.library.walk import walk
from tui_reader.core.search.index import SearchIndex
from tui_reader.core.search.records import load_article, record_json
from tui_reader.render.article import render_article
from tui_reader.render.export.digest import write_digest
from tui_reader.render.export.entry import Entry

LONG = 3000  # long enough that keeping either URL shows in an article's size
LINK = "https://news.example/articles/" + "a" * LONG
IMAGE = "https://img.example/covers/" + "b" * LONG + ".jpg"


def write(root: Path, name: str, link: str, image: str, title: str = "A title") -> Path:
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        f"---\ntitle: {title}\ndate: 2024-05-01 10:00:00\nlink: {link}\nheadimg: {image}\n"
        "categories:\n- News\n---\n<p>Body text.</p>\n",
        encoding="utf-8",
    )
    return path


@pytest.fixture
def library(tmp_path: Path) -> Library:
    root = tmp_path / "lib"
    for number in range(5):
        write(root, f"src/2024/{number}.md", f"{LINK}/{number}", f"{IMAGE}?{number}", f"T{number}")
    write(root, "src/plain.md", "", "", "No link")
    library = Library(root, index_path=tmp_path / "index.sqlite3")
    library.scan(workers=0)
    return library


def kept_values(article: Article) -> list[object]:
    """What an article holds: its slots' values, and what a tuple among them holds."""
    values: list[object] = []
    for name in Article.__slots__:
        value = getattr(article, name)
        values += [value, *value] if isinstance(value, tuple) else [value]
    return values


def kept_bytes(article: Article) -> int:
    """The memory of an article and the strings and numbers it holds itself (shared category
    paths and tags aside)."""
    return sys.getsizeof(article) + sum(
        sys.getsizeof(value) for value in kept_values(article) if isinstance(value, (str, int))
    )


@pytest.mark.parametrize("read", ["cached", "scan"])
def test_articles_read_from_the_index_keep_no_link_or_image(library: Library, read: str) -> None:
    snapshot = library.cached() if read == "cached" else library.scan(workers=0, previous=None)
    linked = [a for a in snapshot.articles if a.title != "No link"]
    assert len(linked) == 5
    for article in linked:
        strings = [v for v in kept_values(article) if isinstance(v, str)]
        assert not any(LINK in s or IMAGE in s for s in strings)
        # bounded by the fields it keeps, whatever the length of its URLs
        fields = [article.id, article.path, article.title, article.author]
        bound = sys.getsizeof(article) + sum(map(sys.getsizeof, fields)) + 3 * 32
        assert kept_bytes(article) <= bound < LONG
        # and still what the file says, when asked for
        number = article.path.removeprefix("src/2024/").removesuffix(".md")
        assert (article.link, article.image) == (f"{LINK}/{number}", f"{IMAGE}?{number}")
    plain = next(a for a in snapshot.articles if a.title == "No link")
    assert (plain.link, plain.image) == ("", "")


def allocated(value: object) -> int:
    """The bytes pymalloc gives an object: its size (with the cyclic collector's header, which
    `sys.getsizeof` counts) rounded up to its 16 B size classes."""
    return -(-sys.getsizeof(value) // 16) * 16


@pytest.mark.parametrize("read", ["cached", "scan"])
def test_an_article_keeps_its_stat_in_one_slot(library: Library, read: str) -> None:
    """The file's size and modification time, kept to tell a changed file at a rescan, take
    what the time alone takes (a slot fewer: 112 B an article, not 128), and read back as the
    file's stat."""
    snapshot = library.cached() if read == "cached" else library.scan(workers=0, previous=None)
    for article in snapshot.articles:
        stat = (library.root / article.path).stat()
        assert (article.mtime_ns, article.size) == (stat.st_mtime_ns, stat.st_size)
        assert stat.st_mtime_ns > 2**60  # a time of this century, in ns: three digits of int
        assert allocated(article) <= 112
        numbers = [v for v in kept_values(article) if v.__class__ is int]
        assert sum(map(allocated, numbers)) <= allocated(article.mtime_ns) == 48


@pytest.mark.parametrize(
    ("mtime_ns", "size"),
    [(0, 0), (1, 1), (-1, 5), (-(10**18), 2**48 - 1), (10**18, 2**48), (2**70, 3), (1, -1)],
)
def test_any_stat_reads_back_as_made(mtime_ns: int, size: int) -> None:
    """Times before 1970, sizes beyond what the packed form holds, and numbers out of any
    range come back as given, and articles equal by them."""
    article = Article("x", "x.md", "X", mtime_ns=mtime_ns, size=size)
    assert (article.mtime_ns, article.size) == (mtime_ns, size)
    again = pickle.loads(pickle.dumps(article))
    assert again == article and (again.mtime_ns, again.size) == (mtime_ns, size)
    assert dataclasses.replace(article, title="Y").size == size
    other = Article("x", "x.md", "X", mtime_ns=mtime_ns, size=size + 1)
    assert other != article
    with pytest.raises(AttributeError):
        article.size = 3  # type: ignore[misc,assignment]


def test_its_repr_reads_nothing(library: Library, monkeypatch: pytest.MonkeyPatch) -> None:
    """Textual describes a worker by the repr of its arguments on the UI thread: an article's
    repr must not query the index."""
    article = next(a for a in library.cached().articles if a.path == "src/2024/2.md")
    monkeypatch.setattr(Index, "_connect", lambda _self: pytest.fail("the index was read"))
    monkeypatch.setattr("tui_reader.core.library.index.open_cache", lambda *_: pytest.fail("read"))
    shown = repr(article)
    assert "id=" in shown and "path='src/2024/2.md'" in shown and LINK not in shown
    monkeypatch.undo()
    assert article.link == f"{LINK}/2"


def test_a_parsed_article_keeps_its_own(tmp_path: Path) -> None:
    article = Article("x", "x.md", "X", link="https://a.example/", image="https://b.example/i")
    assert (article.link, article.image) == ("https://a.example/", "https://b.example/i")
    assert "https://a.example/" in kept_values(article)
    with pytest.raises(AttributeError):
        article.link = "https://c.example/"  # type: ignore[misc,assignment]


def test_opening_and_exporting_show_the_link_and_image(library: Library) -> None:
    article = next(a for a in library.cached().articles if a.path == "src/2024/3.md")
    rendered = render_article(article, library.body(article))
    urls = [link.url for link in rendered.links]
    assert f"{LINK}/3" in urls and f"{IMAGE}?3" in urls
    assert Entry.of(1, article).link == f"{LINK}/3"


def test_search_records_and_other_processes_get_them(library: Library) -> None:
    article = next(a for a in library.cached().articles if a.path == "src/2024/1.md")
    loaded = load_article(zlib.compress(record_json(article)))
    assert (loaded.link, loaded.image) == (f"{LINK}/1", f"{IMAGE}?1")
    sent = pickle.loads(pickle.dumps(article))
    assert (sent.link, sent.image) == (f"{LINK}/1", f"{IMAGE}?1")
    assert sent == article and hash(sent) == hash(article)
    assert dataclasses.replace(article, title="New").link == f"{LINK}/1"
    assert [f.name for f in dataclasses.fields(Article)][8:10] == ["link", "image"]
    assert f"link='{LINK}/1'" in repr(sent)  # read whole: its link is its own


@pytest.mark.parametrize("workers", [0, 2])
def test_the_search_index_keeps_them_for_its_results(
    library: Library, tmp_path: Path, workers: int
) -> None:
    """A search index built from the snapshot (its records are what search results show)."""
    snapshot = library.cached()
    index = SearchIndex(tmp_path / f"search-{workers}.sqlite3")
    try:
        index.sync(library.root, snapshot.articles, workers=workers)
        found = {a.path: a for a in index.articles(a.id for a in snapshot.articles)}
    finally:
        index.close()
    assert len(found) == 6
    for number in range(5):
        indexed = found[f"src/2024/{number}.md"]
        assert (indexed.link, indexed.image) == (f"{LINK}/{number}", f"{IMAGE}?{number}")
    assert (found["src/plain.md"].link, found["src/plain.md"].image) == ("", "")


def test_a_changed_file_shows_its_new_link(library: Library) -> None:
    before = next(a for a in library.cached().articles if a.path == "src/2024/2.md")
    assert before.link == f"{LINK}/2"
    write(library.root, "src/2024/2.md", "https://other.example/new", "", "T2")
    snapshot = library.scan(workers=0)
    article = next(a for a in snapshot.articles if a.path == "src/2024/2.md")
    assert (article.link, article.image) == ("https://other.example/new", "")


def test_an_index_made_afresh_gives_its_own(library: Library) -> None:
    """A corrupt cache file is deleted and made again: what is read comes from the new one."""
    before = next(a for a in library.cached().articles if a.path == "src/2024/0.md")
    assert before.link == f"{LINK}/0"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{library.index.path}{suffix}").unlink(missing_ok=True)
    write(library.root, "src/2024/0.md", "https://other.example/0", "", "T0")
    fresh = Library(library.root, index_path=library.index.path)
    fresh.scan(workers=0)
    assert (before.link, before.image) == ("https://other.example/0", "")


def test_read_from_any_thread(library: Library) -> None:
    articles = library.cached().articles
    found: list[tuple[str, str]] = []
    threads = [
        threading.Thread(target=lambda: found.extend((a.link, a.image) for a in articles))
        for _ in range(3)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(found) == sorted([(a.link, a.image) for a in articles] * 3)


def test_an_index_kept_in_memory_still_gives_them(library: Library) -> None:
    articles = library.cached().articles
    library.index.use_memory(OSError("disk full"))  # the cache file failed: now in memory
    library.scan(workers=0, previous=None)
    article = next(a for a in library.cached().articles if a.path == "src/2024/4.md")
    assert (article.link, article.image) == (f"{LINK}/4", f"{IMAGE}?4")
    assert {a.link for a in articles} >= {f"{LINK}/{n}" for n in range(5)}


def test_tag_names_are_shared_between_articles(tmp_path: Path) -> None:
    root = tmp_path / "lib"
    for number in range(12):
        tags = ["tech", "china", f"t{number % 3}"][: 1 + number % 3]
        path = root / f"{number}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(
            f"---\ntitle: T{number}\ntags: [{', '.join(tags)}]\n---\nbody\n", encoding="utf-8"
        )
    library = Library(root, index_path=tmp_path / "index.sqlite3")
    library.scan(workers=0)
    articles = library.cached().articles
    names = [name for article in articles for name in article.tags]
    assert len(names) == 24 and set(names) == {"tech", "china", "t2"}
    # one string per distinct name, whatever the tag lists it is in
    assert len({id(name) for name in names}) == len(set(names))


class _NoSkipped:
    def skipped_stats(self) -> dict[str, tuple[int, int]]:
        return {}


@pytest.mark.parametrize("changed", [False, True])
def test_a_rescan_compares_folder_by_folder(changed: bool) -> None:
    """A rescan that finds the library as shown holds, beside the walk's current folder, no
    more than a few pointers an article: a table of every article by path took ~40 B each (40
    MB at a million, at the reader's peak). Counted with tracemalloc, which counts bytes."""
    count, folders = 20_000, 200
    articles = [
        Article(f"id{n}", f"src/{n % folders:03d}/{n}.md", "t", mtime_ns=10**18 + n, size=100)
        for n in range(count)
    ]
    listed: dict[str, dict[str, tuple[int, int]]] = {}
    for article in articles:
        folder = article.path.rpartition("/")[0]
        listed.setdefault(folder, {})[article.path] = (article.mtime_ns, article.size)
    if changed:  # the last file of the walk differs: every stat comes back
        last = articles[-1].path
        listed[last.rpartition("/")[0]][last] = (1, 1)
    index = cast(Index, _NoSkipped())
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        found, matched = _compared_walk(iter(listed.values()), articles, index, lambda: False)
        peak = tracemalloc.get_traced_memory()[1] - before
    finally:
        tracemalloc.stop()
    if changed:
        assert found is not None and len(found) == count and found[articles[-1].path] == (1, 1)
        assert matched == count - 1  # (the walk lists that file last)
    else:
        assert (found, matched) == (None, count)
        assert peak / count < 25


def test_an_export_reads_them_a_chunk_at_a_time(
    library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An export reads every article's link and image: in one query per chunk of articles, not
    a query per article and field (~17 µs each: ~12% of an export's CPU)."""
    articles = library.cached().articles
    single: list[str] = []
    real = _IndexDetails.details
    monkeypatch.setattr(
        _IndexDetails, "details", lambda self, path: single.append(path) or real(self, path)
    )
    out = io.StringIO()
    write_digest(articles, library.body, "markdown", out, title="Digest")
    assert single == []
    text = out.getvalue()
    for number in range(5):
        assert f"{LINK}/{number}" in text and f"{IMAGE}?{number}" in text


def test_with_details_gives_each_article_its_own(library: Library) -> None:
    articles = library.cached().articles
    own = Article("own", "own.md", "Own", link="https://own.example/")
    given = [*articles, own, *articles]
    detailed = with_details(given)
    assert detailed == given and detailed[len(articles)] is own
    assert [(a.link, a.image) for a in detailed] == [(a.link, a.image) for a in given]
    assert all(isinstance(a._details, tuple) for a in detailed)
    assert with_details([own]) == [own]


@pytest.fixture
def many(tmp_path: Path) -> Library:
    """A library of 3,000 small files (and one skipped), scanned."""
    root = tmp_path / "many"
    for folder in range(30):
        (root / f"f{folder:02d}").mkdir(parents=True)
        for number in range(100):
            (root / f"f{folder:02d}" / f"{number:03d}.md").write_text(
                f"---\ntitle: T{folder}-{number}\ndate: 2024-05-01 10:{number % 60:02d}:00\n"
                "---\nb\n",
                encoding="utf-8",
            )
    (root / "empty.md").write_bytes(b"")
    library = Library(root, index_path=tmp_path / "many.sqlite3")
    library.scan(workers=0)
    return library


def test_a_scan_without_a_snapshot_builds_no_second_table(
    many: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A scan given no snapshot (a command's, from a new process) reads the index while a
    second process walks the folder: when every file is as the index has it, the walk's table
    is the index's too, not a second table of every file (~100 B a file: 100 MB at a million).
    Counted with tracemalloc: the scan's peak beyond the articles it returns."""
    monkeypatch.setattr(library_module, "PARALLEL_WALK_FROM", 1)
    fresh = Library(many.root, index_path=many.index.path)
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        snapshot = fresh.scan()
        kept, peak = (value - before for value in tracemalloc.get_traced_memory())
    finally:
        tracemalloc.stop()
    assert snapshot.changes.unchanged == 3001 and len(snapshot.articles) == 3000
    # the walk's table, ~200 B a file here; a second table of them all took ~120 more
    assert (peak - kept) / 3000 < 260


@pytest.mark.parametrize(
    ("change", "counted"),
    [("rewritten", (0, 1, 0)), ("touched", (0, 1, 0)), ("gone", (0, 0, 1)), ("new", (1, 0, 0)),
     ("skipped", (0, 1, 0))],
)  # fmt: skip
def test_the_index_stats_when_a_file_differs(
    many: Library, change: str, counted: tuple[int, int, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    """When one file differs from the index (rewritten to the same size, touched, gone, new, or
    a skipped file changed), the index's stats are a table of their own, and the scan finds
    that file."""
    articles, _, _ = many.index.read_all()
    skipped = many.index.skipped_stats()
    current = walk(many.root)
    assert _known_stats(articles, skipped, current) is current
    target = many.root / "f03" / "007.md"
    if change == "rewritten":  # the same size, another time
        target.write_text(target.read_text(encoding="utf-8").replace("T3", "X3"), "utf-8")
        os.utime(target, ns=(1, 10**18))
    elif change == "touched":
        os.utime(target, ns=(1, target.stat().st_mtime_ns + 1))
    elif change == "gone":
        target.unlink()
    elif change == "new":
        (many.root / "f03" / "new.md").write_text("---\ntitle: N\n---\nb\n", encoding="utf-8")
    else:
        (many.root / "empty.md").write_bytes(b" ")
    walked = walk(many.root)
    known = _known_stats(articles, skipped, walked)
    assert known is not walked and known == many.index.stats() != walked
    monkeypatch.setattr(library_module, "PARALLEL_WALK_FROM", 1)
    changes = Library(many.root, index_path=many.index.path).scan().changes
    assert (changes.added, changes.changed, changes.removed) == counted
