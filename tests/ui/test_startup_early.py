"""The early start: the reading state and the index's first look are read in a thread while the
UI is imported, and the main screen shows them in its first frame (`core/startup.py`)."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from ui_support import SIZE, make_app, running, settle

from tui_reader.core import startup
from tui_reader.core.library.library import Library
from tui_reader.core.startup import EarlyStart, first_look
from tui_reader.core.state.store import StateStore
from tui_reader.ui import app as app_module
from tui_reader.ui.app import ReaderApp
from tui_reader.ui.screens.main import start as main_start

pytestmark = pytest.mark.library(warm=True)


def started(root: Path) -> EarlyStart:
    early = EarlyStart(Library(root), None).start()
    assert early.wait(10)
    return early


def test_a_big_library_gets_counts_and_a_small_one_its_articles(
    library: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    articles = Library(library).cached().articles
    small = first_look(Library(library), None)
    assert small.cached is not None and not small.counts_only
    assert {a.id for a in small.cached.articles} == {a.id for a in articles}
    monkeypatch.setattr(startup, "COUNTS_FIRST_FROM", len(articles))
    big = first_look(Library(library), None)
    assert big.counts_only and big.summary is not None
    assert startup.summary_size(big.summary) == len(articles)


def test_a_missing_folder_gets_no_summary(tmp_path: Path) -> None:
    look = first_look(Library(tmp_path / "gone"), None)
    assert look.summary is None and look.cached is None


def test_the_first_look_is_handed_over_once(library: Path) -> None:
    early = started(library)
    look = early.take()
    assert look is not None and isinstance(look.state, StateStore)
    assert early.take() is None
    early.close()  # nothing left to close: the taker owns the state
    look.state.close()


def test_a_failing_early_start_leaves_the_load_to_the_screen(
    library: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object) -> StateStore:
        raise OSError("disk on fire")

    monkeypatch.setattr(StateStore, "open", broken)
    assert started(library).take() is None


@pytest.mark.parametrize("layout", ["tree", "river"])
async def test_the_tree_and_footer_are_in_the_first_frame(library: Path, layout: str) -> None:
    early = started(library)
    app = make_app(library, layout=layout, early=early)
    first_frame: dict[str, Any] = {}
    display = app._display

    def seen(screen: Any, update: Any) -> None:
        if not first_frame and screen is app.main_screen:
            first_frame["categories"] = len(app.main_screen.sidebar.root.children)
            first_frame["keys"] = len(app.main_screen.query("FooterKey"))
        display(screen, update)

    app._display = seen  # type: ignore[method-assign]
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert first_frame["categories"] == len(app.main_screen.sidebar.root.children) > 0
        assert first_frame["keys"] > 0
        assert app.state is not None and early.take() is None  # the screen took the state


@pytest.mark.parametrize("layout", ["tree", "river"])
async def test_the_screen_is_styled_whole_once_before_the_first_frame(
    library: Path, layout: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each change of a class of the screen once its widgets are mounted restyles all of them
    (~25 ms at start-up): the layout's classes are set before they are, and only Textual's own
    pass as the screen is shown remains."""
    app = make_app(library, layout=layout, early=started(library))
    whole: list[str] = []
    frames: list[int] = []
    update_styles = type(app).update_styles

    def counted(self: ReaderApp, node: Any, animate: bool = True) -> None:
        if not frames and len(list(node.walk_children(with_self=True))) > 1:
            whole.append(type(node).__name__)
        update_styles(self, node, animate)

    monkeypatch.setattr(type(app), "update_styles", counted)
    display = app._display

    def seen(screen: Any, update: Any) -> None:
        frames.append(1)
        display(screen, update)

    app._display = seen  # type: ignore[method-assign]
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.main_screen.has_class("river") == (layout == "river")
    assert frames and whole == ["MainScreen"]


async def test_marks_made_with_the_early_state_are_kept(library: Path) -> None:
    async with running(library, early=started(library)) as (app, pilot):
        article = app.main_screen.snapshot.articles[0]  # type: ignore[union-attr]
        assert app.state is not None
        app.state.set_read([article.id], True)
    state = StateStore.open()
    try:
        assert article.id in state.read_ids()
    finally:
        state.close()


async def test_an_early_start_still_running_at_mount_is_waited_for(
    library: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    gate = threading.Event()
    opened: list[StateStore] = []
    real_open = StateStore.open

    def slow_open(*args: Any, **kwargs: Any) -> StateStore:
        gate.wait(10)
        store = real_open(*args, **kwargs)
        opened.append(store)
        return store

    monkeypatch.setattr(StateStore, "open", slow_open)
    early = EarlyStart(Library(library), None).start()
    app: ReaderApp = make_app(library, early=early)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert not app.main_screen.sidebar.root.children
        gate.set()
        await settle(pilot)
        assert app.main_screen.sidebar.root.children
        assert len(opened) == 1 and app.state is opened[0]  # opened once, by the early start


async def test_a_slow_early_start_is_waited_for_before_the_first_frame(
    library: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Counts that come late (a million articles' on a busy machine) are still in the first
    frame: the screen is made once they are there, up to a limit."""
    real_open = StateStore.open

    def slow_open(*args: Any, **kwargs: Any) -> StateStore:
        time.sleep(1.0)
        return real_open(*args, **kwargs)

    monkeypatch.setattr(StateStore, "open", slow_open)
    monkeypatch.setattr(app_module, "FIRST_LOOK_WAIT", 10.0)
    app = make_app(library, layout="river", early=EarlyStart(Library(library), None).start())
    first_frame: list[int] = []
    display = app._display

    def seen(screen: Any, update: Any) -> None:
        if not first_frame and screen is app.main_screen:
            first_frame.append(len(app.main_screen.sidebar.root.children))
        display(screen, update)

    app._display = seen  # type: ignore[method-assign]
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert first_frame and first_frame[0] == len(app.main_screen.sidebar.root.children) > 0


# Modules the first frame does without, imported on first use: the HTML converter and its line
# wrapper (with CJK character classes costly to compile), the other screens, the search
# modules (and OpenCC, which they load for Chinese), the web browser.
LOADED_ON_USE = [
    "tui_reader.render.convert",
    "tui_reader.render.wrap",
    "tui_reader.render.tables",
    "tui_reader.ui.screens.search",
    "tui_reader.ui.screens.problems",
    "tui_reader.ui.screens.confirm",
    "tui_reader.ui.screens.empty",
    "tui_reader.core.search.query",
    "tui_reader.core.search.index",
    "opencc",
    "numpy",  # the story signatures of an index build (core.search.minhash)
    "webbrowser",
    "tui_reader.core.pipe.runner",  # the tools of [pipe]: loaded at the first run
    "tui_reader.core.pipe.cache",
    "textual.widgets._progress_bar",  # the status line's, mounted by the first scan progress
]


def test_the_app_module_leaves_what_the_first_frame_does_not_need() -> None:
    probe = "import sys, tui_reader.ui.app; print('\\n'.join(sys.modules))"
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=120, check=True
    )
    imported = set(result.stdout.split())
    assert "tui_reader.ui.screens.main" in imported  # the probe works
    assert sorted(imported & set(LOADED_ON_USE)) == []


async def test_the_converter_is_loaded_after_the_first_frame(
    library: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    events: list[str] = []
    monkeypatch.setattr(main_start, "load_renderer", lambda: events.append("renderer loaded"))
    app = make_app(library, early=started(library))
    display = app._display

    def seen(screen: Any, update: Any) -> None:
        if "frame" not in events:
            events.append("frame")
        display(screen, update)

    app._display = seen  # type: ignore[method-assign]
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
    assert events == ["frame", "renderer loaded"]
