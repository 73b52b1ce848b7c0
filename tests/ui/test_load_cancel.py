"""A load stops where it is once its worker is cancelled, whether or not it reports progress:
a warm start's walk of the library (no progress to report while every file is as the index
knows it) went on to its end after `q`, 20 s at a million files."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from tui_reader.core.library import library as library_module
from tui_reader.core.library.index import Index
from tui_reader.core.library.library import Library
from tui_reader.ui.workers.loading import LibraryLoader

FOLDERS = 12


def _library(root: Path) -> Path:
    for folder in range(FOLDERS):
        for number in range(3):
            path = root / f"source{folder:02}" / f"{number}.md"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(f"---\ntitle: t{folder}-{number}\n---\n\n<p>x</p>\n", encoding="utf-8")
    return root


def test_a_cancelled_warm_load_stops_its_walk(tmp_path: Path, listed: list[str]) -> None:
    root = _library(tmp_path / "lib")
    Library(root, tmp_path / "index.sqlite3").scan(workers=1)  # the index knows every file
    listed.clear()
    cancelled_after = 4  # the worker is cancelled while the walk is under way
    loader = LibraryLoader(
        Library(root, tmp_path / "index.sqlite3"), None, lambda _message: None,
        cancelled=lambda: len(listed) >= cancelled_after,
    )  # fmt: skip
    assert loader.run(from_index=True) is None  # cancelled: nothing to post
    assert cancelled_after <= len(listed) < FOLDERS  # the walk stopped; the old one listed all


def test_a_cancelled_warm_rescan_reads_nothing_more(
    tmp_path: Path, listed: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Cut short, the walk compared with the caller's snapshot answers with that snapshot: the
    index is not read again (1M articles: seconds) nor its table of every file made."""
    root = _library(tmp_path / "lib")
    library = Library(root, tmp_path / "index.sqlite3")
    shown = library.scan(workers=1)
    listed.clear()
    reads: list[str] = []
    for name in ("read_all", "stats"):
        real = getattr(Index, name)
        monkeypatch.setattr(Index, name, _recording(reads, name, real))
    cancel = threading.Event()
    cancel_after = 4
    monkeypatch.setattr(
        library_module, "walk_folders", _cancelling(library_module.walk_folders, cancel, listed,
                                                    cancel_after),
    )  # fmt: skip
    snapshot = library.scan(cancel=cancel, previous=shown, workers=1)
    assert snapshot.changes.cancelled and snapshot.articles is shown.articles
    assert reads == [] and len(listed) < FOLDERS


def _recording(reads: list[str], name: str, real):  # type: ignore[no-untyped-def]
    def recorded(*args, **kwargs):  # type: ignore[no-untyped-def]
        reads.append(name)
        return real(*args, **kwargs)

    return recorded


def _cancelling(real, cancel: threading.Event, listed: list[str], after: int):  # type: ignore[no-untyped-def]
    def walk_folders(*args, **kwargs):  # type: ignore[no-untyped-def]
        for entries in real(*args, **kwargs):
            yield entries
            if len(listed) >= after:
                cancel.set()

    return walk_folders
