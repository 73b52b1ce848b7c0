"""The living library: the main screen looks at the library's folders and rescans only when one
changed, or when a full rescan is due (ui/screens/library_watch.py,
core/library/folder_watch.py)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from ui_support import article, make_library, running, settle, write

from tui_reader.core.library.library import Library
from tui_reader.ui.screens import library_watch


@pytest.fixture
def library(tmp_path: Path) -> Path:
    root = make_library(tmp_path / "library")
    Library(root).scan(workers=0)
    for folder, _dirs, _files in os.walk(root):
        os.utime(folder, (1_600_000_000, 1_600_000_000))  # a change now is seen at any clock grain
    return root


@pytest.fixture
def scans(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    counted: list[Path] = []
    scan = Library.scan

    def counting(library: Library, *args: object, **kwargs: object) -> object:
        counted.append(library.root)
        return scan(library, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Library, "scan", counting)
    return counted


def titles(app: object) -> set[str]:
    return {a.title for a in app.main_screen.snapshot.articles}  # type: ignore[attr-defined]


async def look(pilot: object) -> None:
    pilot.app.main_screen._watch_library()  # type: ignore[attr-defined]
    await settle(pilot)  # type: ignore[arg-type]


async def test_a_look_rescans_only_when_a_folder_changed(library: Path, scans: list[Path]) -> None:
    async with running(library) as (app, pilot):
        await look(pilot)  # the first look has no folder times to compare: it rescans
        count = len(scans)
        await look(pilot)
        await look(pilot)
        assert len(scans) == count  # nothing changed: no walk
        new = "<p>Just archived.</p>"
        write(library / "english" / "new.md", article("A new one", "2024-03-02", " - English", new))
        await look(pilot)
        assert len(scans) == count + 1
        assert "A new one" in titles(app)


async def test_an_article_rewritten_in_place_shows_at_the_full_rescan(
    library: Path, scans: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    async with running(library) as (app, pilot):
        await look(pilot)
        path = library / "english" / "short-1.md"
        folder_time = os.stat(path.parent).st_mtime_ns
        path.write_text(path.read_text(encoding="utf-8").replace("First short", "Edited"))
        assert os.stat(path.parent).st_mtime_ns == folder_time  # the folder did not change
        await look(pilot)
        assert "Edited note" not in titles(app)
        monkeypatch.setattr(library_watch, "FULL_RESCAN_INTERVAL", 0.0)
        await look(pilot)
        assert "Edited note" in titles(app)
