"""A cache folder that cannot be used (a read-only folder, a cache path that is a file, a full
disk or an I/O error in the middle of a write): the library index and the search index work in
memory instead, and the user is told once, on stderr or in the reader. Running as root ignores
file permissions, so read-only and failing disks are simulated."""

from __future__ import annotations

import errno
import os
import sqlite3
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from ui_support import make_app, make_library, settle

from tui_reader.core import cache_fallback, image_cache
from tui_reader.core.cache_fallback import take_reports
from tui_reader.core.image_cache import fetch_image, images_dir
from tui_reader.core.library import index
from tui_reader.core.library.library import Library
from tui_reader.core.search import update as search_update
from tui_reader.core.search.index import SearchIndex

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def fresh_fallbacks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cache_fallback, "_memories", {})
    monkeypatch.setattr(cache_fallback, "_reported", set())
    take_reports()


def _cache_is_a_file(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    cache = tmp_path / "cache-file"
    cache.write_text("not a folder")
    monkeypatch.setenv("XDG_CACHE_HOME", str(cache))
    return cache


def _read_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every cache file opens read-only, as in a folder the user may not write to."""
    real = sqlite3.connect

    def connect(path: object, *args: object, **kwargs: object) -> sqlite3.Connection:
        if str(path) == ":memory:" or kwargs.get("uri"):
            return real(path, *args, **kwargs)  # type: ignore[arg-type]
        Path(str(path)).touch()
        kwargs["uri"] = True
        return real(f"file:{path}?mode=ro", *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(sqlite3, "connect", connect)


def _failing(name: str, message: str) -> sqlite3.OperationalError:
    error = sqlite3.OperationalError(message)
    error.sqlite_errorname = name  # type: ignore[attr-defined]
    return error


FAULTS = {
    "cache path is a file": lambda mp, tmp: _cache_is_a_file(mp, tmp),
    "read-only cache": lambda mp, tmp: _read_only(mp),
}


@pytest.mark.parametrize("fault", FAULTS)
def test_library_and_search_work_in_memory_and_say_so_once(
    samples_library: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fault: str
) -> None:
    expected = Library(samples_library).scan(workers=0)  # with a working cache
    take_reports()
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "other-cache"))
    FAULTS[fault](monkeypatch, tmp_path)
    first = Library(samples_library)
    snapshot = first.scan(workers=0)
    assert sorted(a.id for a in snapshot.articles) == sorted(a.id for a in expected.articles)
    assert first.index.in_memory
    again = Library(samples_library).scan(workers=0)  # another Library: the same index in memory
    assert again.changes.unchanged == len(again.articles) + len(again.problems)
    found = SearchIndex.for_library(samples_library)
    found.sync(samples_library, snapshot.articles, workers=0)
    hits = SearchIndex.for_library(samples_library).search("北约", limit=None).hits
    assert hits
    reports = take_reports()
    assert len(reports) == 1 and "cannot be used" in reports[0]


@pytest.mark.parametrize(
    "name, message",
    [("SQLITE_IOERR_WRITE", "disk I/O error"), ("SQLITE_FULL", "database or disk is full")],
)
def test_a_failure_in_the_middle_of_a_write_goes_on_in_memory(
    samples_library: Path, monkeypatch: pytest.MonkeyPatch, name: str, message: str
) -> None:
    calls: list[object] = []
    real_generation: Callable[[sqlite3.Connection], None] = index._new_generation

    def generation(connection: sqlite3.Connection) -> None:
        calls.append(connection)
        if len(calls) == 2:  # the rows are written, the transaction is not committed yet
            raise _failing(name, message)
        real_generation(connection)

    monkeypatch.setattr(index, "_new_generation", generation)
    lib = Library(samples_library)
    snapshot = lib.scan(workers=0)
    assert lib.index.in_memory
    files = sum(
        1 for p in samples_library.rglob("*") if p.is_file() and p.suffix in (".md", ".html")
    )
    assert len(snapshot.articles) + len(snapshot.problems) >= files - 1
    assert len(snapshot.articles) > 10

    inserted: list[int] = []
    real_insert = search_update.insert_chunk

    def insert(*args: object) -> None:
        inserted.append(1)
        if len(inserted) == 5:
            raise _failing(name, message)
        real_insert(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(search_update, "insert_chunk", insert)
    found = SearchIndex.for_library(samples_library)
    found.sync(samples_library, snapshot.articles, workers=0)
    assert found.size() == len(snapshot.articles)
    reports = take_reports()
    assert len(reports) == 1 and message in reports[0]


def test_the_command_line_works_and_says_so_once(samples_library: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache-file"
    cache.write_text("not a folder")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "XDG_CACHE_HOME": str(cache)}
    for command in (["list"], ["search", "北约"], ["search", "北约", "--count"]):
        done = subprocess.run(
            [sys.executable, "-m", "tui_reader", *command, "--library", str(samples_library)],
            capture_output=True, text=True, env=env, timeout=60,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr
        assert done.stdout.strip()
        assert "Traceback" not in done.stderr
        assert done.stderr.count("cannot be used") == 1, done.stderr
        assert str(cache) in done.stderr


async def test_the_reader_works_and_says_so_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_library(tmp_path / "library")
    _cache_is_a_file(monkeypatch, tmp_path)
    app = make_app(root)
    said: list[str] = []
    real_notify = app.notify

    def notify(message: str, **kwargs: object) -> None:
        said.append(message)
        real_notify(message, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(app, "notify", notify)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, rounds=6)
        assert app.main_screen.snapshot is not None and app.main_screen.snapshot.articles
        await pilot.press("r")
        await settle(pilot)
    troubles = [m for m in said if "cannot be used" in m]
    assert len(troubles) == 1, said
    assert not [m for m in said if "failed" in m], said


class _Files(SimpleHTTPRequestHandler):
    """Serves a folder (a.png as image/png), counting the requests."""

    hits: list[str] = []

    def do_GET(self) -> None:
        self.hits.append(self.path)
        super().do_GET()

    def log_message(self, format: str, *args: object) -> None:
        pass


PNG = b"\x89PNG\r\n\x1a\n" + b"\x01" * 100


@pytest.fixture
def image_url(
    monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    for name in ("http_proxy", "HTTP_PROXY", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(image_cache, "address_allowed", lambda address: address == "127.0.0.1")
    monkeypatch.setattr(image_cache, "_spare", None)
    monkeypatch.setattr(_Files, "hits", [])
    served = tmp_path_factory.mktemp("served")
    (served / "a.png").write_bytes(PNG)
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), partial(_Files, directory=str(served)))
    threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/a.png"
    httpd.shutdown()
    httpd.server_close()


def _disk_full(monkeypatch: pytest.MonkeyPatch) -> None:
    """Writing into the image cache folder fails as on a full disk."""
    real = os.replace

    def replace(source: str, target: str | Path) -> None:
        if Path(target).parent == images_dir():
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        real(source, target)

    monkeypatch.setattr(image_cache.os, "replace", replace)


@pytest.mark.parametrize("fault", ["cache path is a file", "disk full"])
def test_images_are_shown_without_the_image_cache(
    image_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fault: str
) -> None:
    if fault == "disk full":
        _disk_full(monkeypatch)
    else:
        _cache_is_a_file(monkeypatch, tmp_path)
    path = fetch_image(image_url)
    assert path.read_bytes() == PNG
    assert fetch_image(image_url) == path  # kept for the session: fetched once
    assert _Files.hits == ["/a.png"]
    assert not images_dir().is_dir() or not any(images_dir().iterdir())
    reports = take_reports()
    assert len(reports) == 1 and "cannot be used" in reports[0]
