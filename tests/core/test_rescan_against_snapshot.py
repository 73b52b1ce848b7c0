"""A rescan given the snapshot the caller shows (the reader's, every few seconds) compares the
walk with that snapshot's articles, folder by folder, while the index has not moved since it
was read, instead of making a table of every file the walk lists and reading another from the
index: the same changes are found."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tui_reader.core.library import library as library_module
from tui_reader.core.library.api import Library
from tui_reader.core.library.index import Index

POST = "---\ntitle: {title}\ndate: 2024-01-0{day} 10:00:00\n---\nbody {title}\n"


@pytest.fixture
def library(tmp_path: Path) -> Library:
    root = tmp_path / "library"
    root.mkdir()
    for day in range(1, 8):
        (root / f"a{day}.md").write_text(POST.format(title=f"A{day}", day=day), "utf-8")
    (root / "empty.md").write_text("", "utf-8")
    return Library(root, tmp_path / "index.sqlite3")


def no_table_of_every_file(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail a scan that reads the index's stats of every file, or makes a table of the walk's."""

    def refused(*_args: object, **_options: object) -> None:
        raise AssertionError("a table of every file was made")

    monkeypatch.setattr(Index, "stats", refused)
    monkeypatch.setattr(library_module, "walk", refused)


def test_an_unchanged_library_is_the_snapshot_shown(
    library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown = library.scan(workers=1)
    no_table_of_every_file(monkeypatch)
    again = library.scan(workers=1, previous=shown)
    assert again.articles is shown.articles
    assert (again.changes.added, again.changes.changed, again.changes.removed) == (0, 0, 0)
    assert again.changes.unchanged == 8


@pytest.mark.parametrize("change", ["rewritten", "added", "removed", "renamed", "skipped filled"])
def test_what_changed_since_the_snapshot_is_found(library: Library, change: str) -> None:
    shown = library.scan(workers=1)
    root = library.root
    if change == "rewritten":  # in place: same size, a later time
        (root / "a3.md").write_text(POST.format(title="B3", day=3), "utf-8")
        os.utime(root / "a3.md", ns=(1, os.stat(root / "a3.md").st_mtime_ns + 10**9))
    elif change == "added":
        (root / "a9.md").write_text(POST.format(title="A9", day=9), "utf-8")
    elif change == "removed":
        (root / "a3.md").unlink()
    elif change == "renamed":
        (root / "a3.md").rename(root / "b3.md")
    else:
        (root / "empty.md").write_text(POST.format(title="Filled", day=8), "utf-8")
    again = library.scan(workers=1, previous=shown)
    fresh = Library(root, library.index.path).cached()
    assert again.articles == fresh.articles and again.problems == fresh.problems
    assert again.articles != shown.articles
    assert again.changes.added + again.changes.changed + again.changes.removed >= 1


def test_a_snapshot_the_index_moved_on_from_is_compared_with_the_index(
    library: Library, tmp_path: Path
) -> None:
    """Another process brought the index up to date with a new file: the caller's snapshot
    still hears of it, as an addition."""
    shown = library.scan(workers=1)
    (library.root / "a9.md").write_text(POST.format(title="A9", day=9), "utf-8")
    Library(library.root, library.index.path).scan(workers=1)
    again = library.scan(workers=1, previous=shown)
    assert "A9" in [a.title for a in again.articles] and again.changes.added == 1
