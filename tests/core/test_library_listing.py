"""The library index read a batch at a time (`Index.listing`, `Library.unchanged_listing`): the
same articles, in the same order and with the same ids, as the whole snapshot gives."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tui_reader.core.library.api import Library, article_of
from tui_reader.core.search.api import SearchIndex

POST = "---\ntitle: {title}\n{extra}date: 2024-0{month}-0{day} 10:00:00\n---\nbody {title}\n"


def write(root: Path, name: str, title: str, month: int, day: int, extra: str = "") -> None:
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(POST.format(title=title, extra=extra, month=month, day=day), "utf-8")


@pytest.fixture
def library(tmp_path: Path) -> Library:
    """30 articles in three folders with shared categories and tags, three of them sharing a
    link (one id), and a file skipped; scanned twice, so that the folder times are saved."""
    root = tmp_path / "library"
    for number in range(27):
        extra = f"categories: [[src{number % 3}, sub{number % 2}]]\ntags: [t{number % 4}, x]\n"
        write(root, f"f{number % 3}/a{number:02}.md", f"A {number:02}", 1 + number % 9,
              1 + number % 7, extra)  # fmt: skip
    for number in range(3):
        write(root, f"same{number}.md", f"Same {number}", 5, 1 + number, "link: https://a.b/c\n")
    (root / "empty.md").write_text("", "utf-8")
    library = Library(root, tmp_path / "index.sqlite3")
    library.scan(workers=1)
    library.scan(workers=1)
    return library


def test_listing_gives_the_rows_of_the_articles_of_read_all_in_batches(library: Library) -> None:
    articles, problems, generation = library.index.read_all()
    with library.index.listing(batch=4) as listing:
        batches = list(listing.batches)
        assert listing.problems == problems and listing.generation == generation
        assert listing.folders == library.index.folders()
        repeated = sorted(a.path for a in listing.repeated)
    assert [len(b) for b in batches] == [4] * 7 + [2]
    assert [article_of(row) for b in batches for row in b] == articles
    assert [row[-1] for b in batches for row in b] == [a.date.timestamp() for a in articles]
    assert repeated == ["same0.md", "same1.md", "same2.md"]


def test_unchanged_listing_has_the_ids_of_the_snapshot(library: Library) -> None:
    snapshot = library.unchanged()
    assert snapshot is not None
    with library.unchanged_listing(batch=5) as listing:
        assert listing is not None
        streamed = [article_of(row) for b in listing.batches for row in b]
        assert listing.repeated == []  # let go once told apart
    assert streamed == snapshot.articles
    same = sorted(a.id for a in streamed if a.path.startswith("same"))
    assert same[1:] == [f"{same[0]}~2", f"{same[0]}~3"]


@pytest.mark.parametrize("change", ["add", "remove", "rename"])
def test_unchanged_listing_is_none_once_a_folder_changed(library: Library, change: str) -> None:
    folder = library.root / "f1"
    if change == "add":
        write(folder, "new.md", "New", 9, 9)
    elif change == "remove":
        next(folder.iterdir()).unlink()
    else:
        first = next(folder.iterdir())
        first.rename(folder / "renamed.md")
    with library.unchanged_listing() as listing:
        assert listing is None
    assert library.unchanged() is None


def test_unchanged_listing_is_none_without_saved_folder_times(tmp_path: Path) -> None:
    root = tmp_path / "library"
    write(root, "a.md", "A", 1, 1)
    library = Library(root, tmp_path / "index.sqlite3")
    library.scan(workers=1)  # the first scan writes the index: no times vouch for it yet
    with library.unchanged_listing() as listing:
        assert listing is None


def test_search_index_in_step_with_the_listing_it_was_synced_with(library: Library) -> None:
    index = SearchIndex.for_library(library.root)
    snapshot = library.unchanged()
    assert snapshot is not None and snapshot.folders
    with library.unchanged_listing() as listing:
        assert listing is not None and listing.folders is not None
        folders = json.loads(listing.folders)
        assert not index.in_step(listing.generation, folders)  # never synced
    index.sync(library.root, snapshot.articles, folders=snapshot.folders,
               generation=snapshot.generation)  # fmt: skip
    assert index.in_step(snapshot.generation or "", folders)
    assert not index.in_step("another", folders)
    assert not index.in_step(snapshot.generation or "", {**folders, "": 1})
    assert not index.in_step("", folders) and not index.in_step(snapshot.generation or "", {})
    os.utime(library.root / "f0")  # a later walk finds other times: no longer in step
    library.scan(workers=1)
    with library.unchanged_listing() as listing:
        assert listing is not None and listing.folders is not None
        assert not index.in_step(listing.generation, json.loads(listing.folders))


def test_articles_built_from_the_index_share_their_repeated_values(tmp_path: Path) -> None:
    """Category paths, tags and authors repeat across many articles: one object each, whatever
    the number of articles holding it. (A file's size is no object of its own: it is kept in
    one int with the file's modification time, see `model.stat_key`.)"""
    root = tmp_path / "library"
    for number in range(6):
        extra = f"categories: [[a, b]]\ntags: [x, y]\nauthor: Someone\nnote: {'n' * 300}\n"
        write(root, f"p{number}.md", f"T{number}", 1, 1 + number, extra)  # all one size
    library = Library(root, tmp_path / "index.sqlite3")
    library.scan(workers=1)
    articles = library.cached().articles
    assert len({a.size for a in articles}) == 1 and articles[0].size > 256
    for field in ("categories", "tags", "author"):
        assert len({id(getattr(a, field)) for a in articles}) == 1, field
