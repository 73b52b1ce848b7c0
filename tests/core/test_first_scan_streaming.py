"""The first scan of a library (an index that knows no file) parses folders as the walk lists
them: the first articles arrive after a few folders, not after the whole walk (which alone takes
tens of seconds for a million files). What it finds is what a scan that walks first finds, worker
processes or not, walk problems included; cancelling it keeps what was parsed."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from tui_reader.core.library import scanner
from tui_reader.core.library.library import Library
from tui_reader.core.library.model import Article

FOLDERS = 8
PER_FOLDER = 6


def post(title: str, day: int) -> str:
    return (
        f"---\ntitle: '{title}'\ncategories:\n - 新媒体\n - cnBeta\n"
        f"date: 2022-01-{day:02d} 10:00:00\n---\n\n<p>{title} 的正文。</p>\n"
    )


def make_library(root: Path) -> Path:
    for folder in range(FOLDERS):
        for i in range(PER_FOLDER):
            path = root / "source" / f"2022-{folder:02d}" / f"post{i}.md"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(post(f"文章{folder}-{i}", i + 1), encoding="utf-8")
    return root


@pytest.mark.parametrize("chunk", [3, 5, 40])
def test_first_articles_arrive_before_the_walk_ends(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, listed: list[str], chunk: int
) -> None:
    monkeypatch.setattr(scanner, "CHUNK", chunk)
    library = Library(make_library(tmp_path / "lib"), index_path=tmp_path / "index.sqlite3")
    seen_at_first_batch: list[int] = []

    def on_batch(articles: list[Article]) -> None:
        if not seen_at_first_batch:
            seen_at_first_batch.append(len(listed))

    snapshot = library.scan(on_batch=on_batch, workers=1)
    all_folders = FOLDERS + 2  # the root, source/, and each dated folder
    assert len(listed) == all_folders
    assert len(snapshot.articles) == FOLDERS * PER_FOLDER
    # a chunk of `chunk` files needs ceil(chunk / PER_FOLDER) dated folders (and the 2 above)
    needed = 2 + -(-chunk // PER_FOLDER)
    assert seen_at_first_batch == [min(needed, all_folders)]


def snapshot_facts(library: Library, **scan: object) -> tuple[object, ...]:
    snapshot = library.scan(**scan)  # type: ignore[arg-type]
    articles = [(a.id, a.path, a.title, a.date, a.mtime_ns, a.size) for a in snapshot.articles]
    problems = sorted((p.path, p.reason, p.skipped) for p in snapshot.problems)
    return articles, problems, snapshot.changes.added, snapshot.folders


@pytest.mark.parametrize("workers", [1, 2])
def test_first_scan_finds_what_a_walk_first_scan_finds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, workers: int
) -> None:
    monkeypatch.setattr(scanner, "CHUNK", 4)
    monkeypatch.setattr(scanner, "PARALLEL_FROM", 10)
    root = make_library(tmp_path / "lib")
    (root / "source" / "2022-03" / "broken.md").symlink_to(root / "nowhere.md")
    (root / "source" / "2022-05" / "empty.md").write_text("", encoding="utf-8")
    streamed = snapshot_facts(Library(root, index_path=tmp_path / "a.sqlite3"), workers=workers)
    # the same folder through the other path: a known file makes the index not new, so the
    # walk comes first; that file's row is then replaced by the scan's
    index = tmp_path / "b.sqlite3"
    (root / "first.md").write_text(post("first", 1), encoding="utf-8")
    Library(root, index_path=index).scan(workers=workers)
    (root / "first.md").unlink()
    walked = snapshot_facts(Library(root, index_path=index), workers=workers)
    assert streamed[:2] == walked[:2]
    assert streamed[2] == FOLDERS * PER_FOLDER + 2  # every file new, the problems too
    assert streamed[3] is not None and set(streamed[3]) == set(walked[3] or {})
    assert any("broken symbolic link" in reason for _path, reason, _skip in streamed[1])


def test_cancelled_first_scan_keeps_what_was_parsed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(scanner, "CHUNK", 5)
    library = Library(make_library(tmp_path / "lib"), index_path=tmp_path / "index.sqlite3")
    cancel = threading.Event()
    batches: list[int] = []

    def on_batch(articles: list[Article]) -> None:
        batches.append(len(articles))
        if len(batches) == 2:
            cancel.set()

    snapshot = library.scan(on_batch=on_batch, cancel=cancel, workers=1)
    assert snapshot.changes.cancelled
    assert snapshot.folders is None  # the index does not match the folder yet
    assert len(Library(library.root, index_path=tmp_path / "index.sqlite3").cached().articles) == 10
    again = library.scan(workers=1)  # the next scan completes it
    assert len(again.articles) == FOLDERS * PER_FOLDER and not again.changes.cancelled
