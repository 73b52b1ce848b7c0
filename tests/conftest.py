"""Fixtures for every test: the user's real config, data and cache are never touched; and the
fixtures several test files share (a loopback image server, the saved searches run, a held load)."""

from __future__ import annotations

import atexit
import functools
import importlib.util
import os
import shutil
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType

import pytest
from http_support import ImageServer

# Real archive files, copied unchanged from shared/samples (see its README).
SAMPLES = Path(__file__).resolve().parent / "samples"
# The synthetic library generator of the benchmarks (see `gen_library`).
GENERATOR = Path(__file__).resolve().parent.parent / "benchmarks" / "gen_library.py"
XDG_NAMES = ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME")

# Beneath each test's own folders, the whole run's: a test that undoes its monkeypatch (which
# undoes the fixture's setenv too) or code that runs outside a test falls back here, never to
# the user's real folders.
_RUN_HOME = tempfile.mkdtemp(prefix="tui-reader-tests-")
atexit.register(shutil.rmtree, _RUN_HOME, ignore_errors=True)
for _name in XDG_NAMES:
    os.environ[_name] = os.path.join(_RUN_HOME, _name.lower())


@pytest.fixture(autouse=True)
def isolated_user_dirs(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    """Point XDG_* (and so platformdirs) at a fresh temporary folder for each test."""
    home = tmp_path_factory.mktemp("xdg")
    for name in XDG_NAMES:
        folder = home / name.lower()
        folder.mkdir()
        monkeypatch.setenv(name, str(folder))
    monkeypatch.delenv("TUI_READER_LIBRARY", raising=False)
    return home


@pytest.fixture
def local_zone() -> Iterator[Callable[[str], None]]:
    """Sets the local time zone (`TZ`) for the test: dates are shown in local time. The zone
    it had is restored afterwards."""
    saved = os.environ.get("TZ")

    def set_zone(zone: str) -> None:
        os.environ["TZ"] = zone
        time.tzset()

    yield set_zone
    if saved is None:
        os.environ.pop("TZ", None)
    else:
        os.environ["TZ"] = saved
    time.tzset()


@pytest.fixture
def samples_library(tmp_path: Path) -> Path:
    """A copy of the real sample articles as a library folder."""
    folder = tmp_path / "library"
    shutil.copytree(SAMPLES, folder)
    return folder


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch) -> Iterator[ImageServer]:
    """A web server on the loopback interface, the only address images may be fetched from."""
    from tui_reader.core import image_cache

    for name in ("http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    httpd = ImageServer()
    # The server stands in for the internet: its loopback address is let through, no other.
    monkeypatch.setattr(image_cache, "address_allowed", lambda address: address == "127.0.0.1")
    thread = threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield httpd
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def runs(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """The saved queries the main screen runs for the tree, in order."""
    from tui_reader.ui.screens import saved_runs

    seen: list[str] = []
    original = saved_runs.run_for_reader

    def counting(library, snapshot, query, *rest, **options):  # type: ignore[no-untyped-def]
        seen.append(query)
        return original(library, snapshot, query, *rest, **options)

    monkeypatch.setattr(saved_runs, "run_for_reader", counting)
    yield seen


@pytest.fixture
def gate(monkeypatch: pytest.MonkeyPatch) -> Iterator[threading.Event]:
    """Hold the articles' load until the test sets the event."""
    from tui_reader.core import startup
    from tui_reader.core.library.library import Library

    monkeypatch.setattr(startup, "COUNTS_FIRST_FROM", 0)
    opened = threading.Event()
    cached = Library.cached

    def held(library: Library):  # type: ignore[no-untyped-def]
        opened.wait(10)
        return cached(library)

    monkeypatch.setattr(Library, "cached", held)
    yield opened
    opened.set()  # never leave a worker waiting


@pytest.fixture(scope="session")
def gen_library() -> ModuleType:
    """benchmarks/gen_library.py as a module (`generate(root, count, seed=…, copies=…)`)."""
    return _load_generator()


@functools.cache
def _load_generator() -> ModuleType:
    """The generator, loaded once (its worker processes find their functions by the module's
    name). Tests take the `gen_library` fixture: `from conftest import …` finds whichever
    conftest was imported last (tests/ui/river has one)."""
    spec = importlib.util.spec_from_file_location("gen_library", GENERATOR)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while it loads
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def listed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every folder the library walk lists, in order."""
    from tui_reader.core.library import walk as walk_module

    folders: list[str] = []
    real = os.scandir

    def scandir(path):  # type: ignore[no-untyped-def]
        folders.append(str(path))
        return real(path)

    monkeypatch.setattr(walk_module.os, "scandir", scandir)
    return folders
