"""A first scan fills an empty library index without its two sorting indexes (newest first, by
category) and builds them once at the end: inserted row by row in no order, they made most of the
growth of a first scan's cost with the library's size. Whatever stops the scan, the index left
answers the same as one a whole scan built: a cancelled scan builds them, a killed one leaves
them to the next opening."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from tui_reader.core.library import scanner
from tui_reader.core.library.index import Index
from tui_reader.core.library.library import Library
from tui_reader.core.library.model import Article

SORTING = {"files_newest_first", "files_categories"}
ALL_INDEXES = SORTING | {"files_problems"}


def post(title: str, day: int, category: str) -> str:
    return (
        f"---\ntitle: '{title}'\ncategories:\n - {category}\n - 来源\n"
        f"date: 2022-01-{day:02d} 10:00:00\n---\n\n<p>{title} 的正文。</p>\n"
    )


def make_library(root: Path, folders: int = 6, per_folder: int = 7) -> Path:
    for folder in range(folders):
        for i in range(per_folder):
            path = root / "source" / f"2022-{folder:02d}" / f"post{i}.md"
            path.parent.mkdir(parents=True, exist_ok=True)
            day = (folder * per_folder + i) % 28 + 1
            path.write_text(post(f"文章{folder}-{i}", day, f"类{i % 3}"), encoding="utf-8")
    (root / "source" / "empty.md").write_text("", encoding="utf-8")
    return root


def index_names(path: Path) -> set[str]:
    """The indexes the file holds, read without the library's own connection (which would
    build missing ones)."""
    with sqlite3.connect(path) as connection:
        rows = connection.execute("SELECT name FROM sqlite_master WHERE type = 'index'")
        return {name for (name,) in rows if not name.startswith("sqlite_autoindex")}


def facts(library: Library) -> tuple[object, ...]:
    """What a reader and the CLI get from the index: the articles in order, the problems, the
    category counts."""
    snapshot = library.cached()
    articles = [(a.id, a.path, a.title, a.categories, a.date) for a in snapshot.articles]
    problems = [(p.path, p.reason, p.skipped) for p in snapshot.problems]
    return articles, problems, sorted(library.summary().counts)


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return make_library(tmp_path / "lib")


@pytest.fixture
def whole(root: Path, tmp_path: Path) -> tuple[object, ...]:
    """The facts of an index one uninterrupted scan built."""
    library = Library(root, index_path=tmp_path / "whole.sqlite3")
    library.scan(workers=1)
    assert index_names(library.index.path) == ALL_INDEXES
    return facts(library)


@pytest.mark.parametrize("workers", [1, 2])
def test_the_sorting_indexes_are_built_after_the_rows(
    root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, workers: int
) -> None:
    monkeypatch.setattr(scanner, "CHUNK", 5)
    monkeypatch.setattr(scanner, "PARALLEL_FROM", 10)
    path = tmp_path / "index.sqlite3"
    library = Library(root, index_path=path)
    during: list[set[str]] = []
    library.scan(workers=workers, on_batch=lambda _batch: during.append(index_names(path)))
    assert len(during) > 3
    assert all(names == {"files_problems"} for names in during)  # rows only, mid-scan
    assert index_names(path) == ALL_INDEXES
    again = Library(root, index_path=tmp_path / "again.sqlite3")
    again.scan(workers=1)
    assert facts(library) == facts(again)


def test_a_rescan_keeps_its_indexes(root: Path, tmp_path: Path) -> None:
    """Only a scan of an empty index leaves them out; a rescan adds rows with them there."""
    path = tmp_path / "index.sqlite3"
    library = Library(root, index_path=path)
    library.scan(workers=1)
    (root / "source" / "new.md").write_text(post("新的", 3, "类0"), encoding="utf-8")
    during: list[set[str]] = []
    snapshot = library.scan(workers=1, on_batch=lambda _batch: during.append(index_names(path)))
    assert snapshot.changes.added == 1
    assert during == [ALL_INDEXES]


def test_a_cancelled_first_scan_leaves_an_index_that_answers_the_same(
    root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, whole: tuple[object, ...]
) -> None:
    monkeypatch.setattr(scanner, "CHUNK", 5)
    path = tmp_path / "index.sqlite3"
    library = Library(root, index_path=path)
    cancel = threading.Event()
    batches: list[list[Article]] = []

    def on_batch(batch: list[Article]) -> None:
        batches.append(batch)
        if len(batches) == 2:
            cancel.set()

    snapshot = library.scan(workers=1, on_batch=on_batch, cancel=cancel)
    assert snapshot.changes.cancelled
    assert index_names(path) == ALL_INDEXES
    reopened = Library(root, index_path=path)
    partial = reopened.cached()
    assert sorted(a.path for a in partial.articles) == sorted(a.path for b in batches for a in b)
    assert [a.path for a in partial.articles] == [
        a.path for a in sorted(partial.articles, key=lambda a: (-a.timestamp, a.title, a.path))
    ]
    reopened.scan(workers=1)  # completes it
    assert facts(reopened) == whole


def test_a_killed_first_scan_leaves_an_index_that_answers_the_same(
    root: Path, tmp_path: Path, whole: tuple[object, ...]
) -> None:
    path = tmp_path / "index.sqlite3"
    script = (
        "import os, signal, sys\n"
        "from pathlib import Path\n"
        "from tui_reader.core.library import scanner\n"
        "from tui_reader.core.library.library import Library\n"
        "scanner.CHUNK = 5\n"
        "batches = []\n"
        "def on_batch(batch):\n"
        "    batches.append(batch)\n"
        "    if len(batches) == 3:\n"
        "        os.kill(os.getpid(), signal.SIGKILL)\n"
        "Library(Path(sys.argv[1]), index_path=Path(sys.argv[2])).scan(workers=1,"
        " on_batch=on_batch)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    done = subprocess.run([sys.executable, "-c", script, str(root), str(path)], env=env)
    assert done.returncode == -9
    assert index_names(path) == {"files_problems"}
    with sqlite3.connect(path) as connection:
        rows = connection.execute("SELECT count(*) FROM files").fetchone()[0]
    assert 15 <= rows < 43  # three chunks saved (and the problem row perhaps), not all
    library = Library(root, index_path=path)
    assert len(library.cached().articles) in (rows, rows - 1)
    assert index_names(path) == ALL_INDEXES
    snapshot = library.scan(workers=1)
    assert not snapshot.changes.cancelled
    assert facts(library) == whole


def test_other_connections_of_the_process_wait_for_the_end(
    root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A read from another thread while the rows go in answers from the rows, and leaves the
    sorting indexes to the scan's end."""
    monkeypatch.setattr(scanner, "CHUNK", 5)
    path = tmp_path / "index.sqlite3"
    library = Library(root, index_path=path)
    read: list[int] = []

    def on_batch(_batch: list[Article]) -> None:
        result: list[int] = []
        reader = threading.Thread(target=lambda: result.append(len(Index(path).read_all()[0])))
        reader.start()
        reader.join()
        read.extend(result)
        assert "files_newest_first" not in index_names(path)

    library.scan(workers=1, on_batch=on_batch)
    assert len(read) > 3 and read == sorted(read) and read[-1] == len(library.cached().articles)
    assert index_names(path) == ALL_INDEXES
