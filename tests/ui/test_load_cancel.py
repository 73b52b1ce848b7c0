"""A load stops where it is once its worker is cancelled, whether or not it reports progress:
a warm start's walk of the library (no progress to report while every file is as the index
knows it) went on to its end after `q`, 20 s at a million files."""

from __future__ import annotations

from pathlib import Path

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
