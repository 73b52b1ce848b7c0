"""One library, several readers and commands at once: each shares the index and the search
index in the cache folder, and each must see every change to the folder, whichever of them
brought the shared indexes up to date first (core/library/library.py, core/library/index.py,
core/search/index.py, ui/workers/loading.py)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from ui_support import SIZE, article, make_app, make_library, running, settle, write

from tui_reader import cli
from tui_reader.core.library import library as library_module
from tui_reader.core.library.library import Library
from tui_reader.core.search.index import SearchIndex

NEW = article("A freshly archived story", "2024-03-05", " - English", "<p>Zebracorn news.</p>")


@pytest.fixture
def root(tmp_path: Path) -> Path:
    folder = make_library(tmp_path / "library")
    for path, _dirs, _files in os.walk(folder):
        os.utime(path, (1_600_000_000, 1_600_000_000))  # a change now is seen at any clock grain
    return folder


def titles(articles: list) -> set[str]:  # type: ignore[type-arg]
    return {a.title for a in articles}


def edit(path: Path) -> None:
    text = path.read_text(encoding="utf-8").replace("short.</p>", "short, and edited.</p>")
    path.write_text(text, encoding="utf-8")


CHANGES = {
    # what is done to the folder, what the second reader must be told, a title it must show
    "added": (lambda r: write(r / "english" / "new.md", NEW), (1, 0, 0)),
    "removed": (lambda r: (r / "english" / "short-2.md").unlink(), (0, 0, 1)),
    "renamed": (
        lambda r: (r / "english" / "short-2.md").rename(r / "english" / "renamed.md"),
        (1, 0, 1),
    ),
    "edited": (lambda r: edit(r / "english" / "short-1.md"), (0, 1, 0)),
}


@pytest.mark.parametrize("change", sorted(CHANGES))
def test_a_scan_counts_against_what_its_reader_shows_not_the_shared_index(
    root: Path, change: str
) -> None:
    first, second = Library(root), Library(root)  # two processes' objects on one index
    first.scan(workers=0)
    shown = second.scan(workers=0)
    do, expected = CHANGES[change]
    do(root)
    first.scan(workers=0)  # the first reader updates the shared index
    found = second.scan(workers=0, previous=shown)  # the index already holds the change
    changes = found.changes
    assert (changes.added, changes.changed, changes.removed) == expected
    assert found.articles is not shown.articles
    assert titles(found.articles) == titles(Library(root).scan(workers=0).articles)
    again = second.scan(workers=0, previous=found)
    assert again.articles is found.articles  # nothing new since: the same snapshot
    assert (again.changes.added, again.changes.changed, again.changes.removed) == (0, 0, 0)


def test_an_unchanged_library_keeps_the_shown_snapshot(root: Path) -> None:
    library = Library(root)
    shown = library.scan(workers=0)
    assert library.scan(workers=0, previous=shown).articles is shown.articles
    Library(root).scan(workers=0)  # another process finds nothing to do: no write either
    assert library.scan(workers=0, previous=shown).articles is shown.articles


def messages(app: object) -> list[str]:
    return [str(n.message) for n in app._notifications]  # type: ignore[attr-defined]


async def test_a_reader_shows_a_file_another_process_indexed_first(root: Path) -> None:
    async with running(root) as (app, pilot):
        screen = app.main_screen
        before = len(screen.snapshot.articles)
        write(root / "english" / "new.md", NEW)
        Library(root).scan(workers=0)  # another reader's rescan updates the shared index
        screen._watch_library()  # this reader's look at the folders
        await settle(pilot)
        assert "A freshly archived story" in titles(screen.snapshot.articles)
        assert screen.model.total == before + 1
        await pilot.press("R")
        await settle(pilot)
        assert messages(app)[-1] == "Rescanned: nothing changed"  # told once, by the look
        (root / "english" / "new.md").unlink()
        Library(root).scan(workers=0)
        await pilot.press("R")
        await settle(pilot)
        assert messages(app)[-1] == "Rescanned: 0 new, 0 changed, 1 removed"
        assert "A freshly archived story" not in titles(screen.snapshot.articles)


async def test_the_search_index_learns_a_file_another_process_indexed_first(root: Path) -> None:
    async with running(root) as (app, pilot):
        write(root / "english" / "new.md", NEW)
        Library(root).scan(workers=0)  # the library index has it; the search index does not
        await pilot.press("R")
        await settle(pilot)
        hits = SearchIndex.for_library(root).search("zebracorn").hits
        assert [hit.article.title for hit in hits] == ["A freshly archived story"]
        assert hits[0].article.id in app.main_screen.snapshot.by_id  # the results can show it


@pytest.fixture
def walks(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """The walks of the library (whole, or folder by folder against a snapshot)."""
    counted: list[Path] = []
    for name in ("walk", "walk_folders"):
        real = getattr(library_module, name)

        def counting(root: Path, *args: object, real: Any = real, **kwargs: object) -> object:
            counted.append(root)
            return real(root, *args, **kwargs)

        monkeypatch.setattr(library_module, name, counting)
    return counted


def search(root: Path, query: str, capsys: pytest.CaptureFixture[str]) -> str:
    capsys.readouterr()
    assert cli.main(["search", query, str(root), "--count"]) in (0, 1)
    return capsys.readouterr().out.strip()


async def test_the_cli_search_trusts_the_index_the_reader_brought_up_to_date(
    root: Path, walks: list[Path], capsys: pytest.CaptureFixture[str]
) -> None:
    app = make_app(root)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)  # the reader scanned the library and built its search index
        write(root / "english" / "new.md", NEW)
        await pilot.press("R")  # and it rescans after a change
        await settle(pilot)
    walks.clear()
    assert search(root, "zebracorn", capsys) == "1"
    assert walks == []  # answered by the search index alone: no walk of the library
    (root / "english" / "new.md").unlink()
    assert search(root, "zebracorn", capsys) == "0"  # a change since is still seen
    assert len(walks) == 1
    assert search(root, "zebracorn", capsys) == "0"
    assert len(walks) == 1


def test_no_folder_times_vouch_for_an_index_two_updates_wrote_at_once(root: Path) -> None:
    library = Library(root)
    snapshot = library.scan(workers=0)
    index = SearchIndex.for_library(root)
    assert snapshot.folders is not None and "" in snapshot.folders
    index.sync(root, snapshot.articles, folders=snapshot.folders)
    assert index.get_meta("folders") is not None

    def interrupting(progress: object) -> None:
        if getattr(progress, "done", 1) == 0:  # another process's update starts meanwhile
            index.set_meta("sync", "someone else")

    write(root / "english" / "new.md", NEW)
    fresh = library.scan(workers=0)
    index.sync(root, fresh.articles, folders=fresh.folders, progress=interrupting)
    assert index.get_meta("folders") is None
