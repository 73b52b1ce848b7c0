"""Where the reader's start-up and article opening spend their time, measured headless.

Run by `bench_reader.py` in fresh subprocesses (XDG folders set by the parent, index warm):

    python benchmarks/reader_profile.py imports            # interpreter + imports, one process
    python benchmarks/reader_profile.py phases LIBRARY     # index load, model, headless app

`phases` times, in one process, what a launch does in order: `Library.cached()` (the index),
`CategoryTree` (the category model), opening the reading state, then `ReaderApp.run_test()`
(the same app, no terminal) from entry to the tree filled and from `enter` on an article to its
rendered text; and the empty `FloorApp` under `run_test` as Textual's own floor. cProfile then
profiles the work the load worker does (index load + model) and the UI thread from launch to the
tree shown; the top functions by own time go in the JSON it prints.
"""

from __future__ import annotations

import asyncio
import cProfile
import io
import json
import pstats
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

TOP = 12  # functions listed per profile
# Plumbing that tops every cumulative list (event loop, callbacks, timers, message pumps).
PLUMBING = ("asyncio/", "_callback.py", "Context' objects", "timer.py", "message_pump.py",
            "selectors.py")  # fmt: skip


def measure_imports() -> dict[str, float]:
    """Seconds to import Textual's app machinery, then the reader on top of it."""
    start = time.perf_counter()
    import textual.app  # noqa: F401
    import textual.widgets  # noqa: F401

    textual_done = time.perf_counter()
    import tui_reader.ui.app  # noqa: F401

    return {"textual": textual_done - start, "reader": time.perf_counter() - textual_done}


def top_functions(
    profile: cProfile.Profile, limit: int = TOP, key: str = "own"
) -> list[dict[str, Any]]:
    """The `limit` functions with the most `key` time ("own" or "cumulative"): where, calls,
    own and cumulative seconds."""
    stats = pstats.Stats(profile, stream=io.StringIO())
    rows = []
    for (filename, line, name), (_cc, calls, own, cumulative, _callers) in stats.stats.items():  # type: ignore[attr-defined]
        where = f"{_short(filename)}:{line}({name})"
        if key == "cumulative" and any(part in where for part in PLUMBING):
            continue
        rows.append({"where": where, "calls": calls, "own": own, "cumulative": cumulative})
    rows.sort(key=lambda row: row[key], reverse=True)
    return rows[:limit]


def _short(filename: str) -> str:
    for marker in ("site-packages/", "/work/main/", "lib/python3.11/"):
        if marker in filename:
            return filename.split(marker, 1)[1]
    return filename


def load_phases(root: Path, state_dir: Path) -> dict[str, float]:
    """What the load worker does before the tree can be shown, step by step."""
    from tui_reader.core.library.library import Library
    from tui_reader.core.state.store import StateStore
    from tui_reader.ui.model.category_tree import CategoryTree

    times: dict[str, float] = {}
    start = time.perf_counter()
    state = StateStore.open(state_dir)
    read = state.read_ids()
    times["state_open"] = time.perf_counter() - start
    start = time.perf_counter()
    snapshot = Library(root).cached()
    times["index_load"] = time.perf_counter() - start
    start = time.perf_counter()
    CategoryTree(snapshot.articles, read)
    times["category_model"] = time.perf_counter() - start
    state.close()
    times["articles"] = len(snapshot.articles)
    return times


async def headless_app(
    root: Path,
    state_dir: Path,
    profile: cProfile.Profile | None,
    open_profile: cProfile.Profile | None = None,
) -> dict[str, float]:
    """`ReaderApp` under `run_test`: launch -> tree filled, enter on an article -> its text."""
    from tui_reader.core.config import Config
    from tui_reader.core.library.library import Library
    from tui_reader.ui.app import ReaderApp
    from tui_reader.ui.widgets.reader.reader import Reader
    from tui_reader.ui.widgets.sidebar.sidebar import Sidebar

    app = ReaderApp(
        Library(root), Config(layout="tree"), state_dir=state_dir, watch_interval=0
    )  # the keys below walk the tree of articles
    times: dict[str, float] = {}
    start = time.perf_counter()
    if profile is not None:
        profile.enable()
    async with app.run_test(size=(120, 40)) as pilot:
        times["mounted"] = time.perf_counter() - start
        sidebar = app.main_screen.query_one(Sidebar)
        while not sidebar.root.children:
            await asyncio.sleep(0.005)
        await _next_frame(app)
        times["tree"] = time.perf_counter() - start
        if profile is not None:
            profile.disable()
        await _settle(app)
        await pilot.press(*article_keys(sidebar))
        await pilot.pause()
        reader = app.main_screen.query_one(Reader)
        if open_profile is not None:
            open_profile.enable()
        start = time.perf_counter()
        await pilot.press("enter")
        while reader.rendered is None:
            await asyncio.sleep(0.005)
        await _next_frame(app)
        times["open"] = time.perf_counter() - start
        if open_profile is not None:
            open_profile.disable()
    return times


async def _next_frame(app: Any) -> None:
    """Wait until the app has refreshed the screen once more (the frame showing the change)."""
    painted = asyncio.Event()
    app.call_after_refresh(painted.set)
    await painted.wait()


async def _settle(app: Any) -> None:
    """Wait until the background scan (and search index update) are done."""
    deadline = time.monotonic() + 120
    while any(w.is_running for w in app.workers) and time.monotonic() < deadline:
        await asyncio.sleep(0.05)


def article_keys(sidebar: Any) -> list[str]:
    """Keys from the first category down to its first article: expand (l), move down (j)."""
    model = sidebar.content.model
    category = model.root.subcategories()[0]
    keys = ["l", "j"]
    while category.subcategories():
        category = category.subcategories()[0]
        keys += ["l", "j"]
    return keys


async def headless_floor() -> float:
    from reader_floor import FloorApp

    start = time.perf_counter()
    async with FloorApp().run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        return time.perf_counter() - start


class Timeline:
    """Seconds from launch to the first time each step of the start-up begins and ends, taken
    by wrapping the reader's own functions (in this process only)."""

    def __init__(self) -> None:
        self.start = time.perf_counter()
        self.events: dict[str, float] = {}

    def mark(self, name: str) -> None:
        self.events.setdefault(name, time.perf_counter() - self.start)

    def wrap(self, owner: Any, attribute: str, name: str) -> None:
        original = getattr(owner, attribute)

        def timed(*args: Any, **kwargs: Any) -> Any:
            self.mark(f"{name} begins")
            result = original(*args, **kwargs)
            self.mark(f"{name} ends")
            return result

        setattr(owner, attribute, timed)


async def timeline_app(root: Path, state_dir: Path) -> dict[str, float]:
    """One headless launch with the load steps timed: where the time to the tree goes."""
    import tui_reader.ui.screens.main.screen as main
    import tui_reader.ui.workers.loading as loading
    from tui_reader.core.library.library import Library
    from tui_reader.core.state.store import StateStore
    from tui_reader.ui.screens.main.screen import MainScreen
    from tui_reader.ui.widgets.reader.reader import Reader

    line = Timeline()
    state_open = StateStore.open
    scan = Library.scan

    def timed_state_open(folder: Path | None = None) -> StateStore:
        line.mark("state open begins")
        store = state_open(folder)
        line.mark("state open ends")
        return store

    def timed_scan(library: Library, *args: Any, **kwargs: Any) -> Any:
        line.mark("background scan begins")
        return scan(library, *args, **kwargs)

    on_mount = MainScreen.on_mount
    on_library_loaded = MainScreen.on_library_loaded

    # Textual passes handlers as many arguments as they declare: these keep the signatures.
    def timed_mount(screen: MainScreen) -> None:
        line.mark("screen mounted")
        on_mount(screen)

    def timed_loaded(screen: MainScreen, message: Any) -> None:
        line.mark("tree handed to the UI thread")
        on_library_loaded(screen, message)
        line.mark("tree built in the sidebar")
        screen.app.call_after_refresh(line.mark, "frame with the tree painted")

    show_article = Reader.show_article

    def timed_show(reader: Reader, *args: Any) -> None:
        line.mark("open: show_article begins")
        show_article(reader, *args)
        line.mark("open: show_article ends")
        reader.app.call_after_refresh(line.mark, "open: frame with the article painted")

    Reader.show_article = timed_show  # type: ignore[method-assign,assignment]
    line.wrap(MainScreen, "open_article", "open: enter handled,")
    line.wrap(Library, "body", "open: body read,")
    line.wrap(main, "render_article", "open: render_article (worker)")
    StateStore.open = timed_state_open  # type: ignore[method-assign,assignment]
    Library.scan = timed_scan  # type: ignore[method-assign,assignment]
    MainScreen.on_mount = timed_mount  # type: ignore[method-assign,assignment]
    MainScreen.on_library_loaded = timed_loaded  # type: ignore[method-assign,assignment]
    line.wrap(Library, "cached", "index load")
    line.wrap(loading, "CategoryTree", "category model")
    times = await headless_app(root, state_dir, None)
    line.events["run_test: tree seen"] = times["tree"]
    return dict(sorted(line.events.items(), key=lambda item: item[1]))


def render_profile(root: Path, count: int = 5) -> dict[str, Any]:
    """`render_article` on the first `count` articles the benchmark opens: seconds each and
    cProfile's top functions over all of them."""
    from tui_reader.core.library.library import Library
    from tui_reader.render.article import render_article
    from tui_reader.ui.model.category_tree import CategoryTree

    library = Library(root)
    model = CategoryTree(library.cached().articles)
    category = model.root.subcategories()[0]
    while category.subcategories():
        category = category.subcategories()[0]
    articles = model.visible_articles(category, False)[:count]
    bodies = [library.body(article) for article in articles]
    render_article(articles[0], bodies[0])  # first call: lazy imports and caches
    seconds = []
    profile = cProfile.Profile()
    for article, body in zip(articles, bodies, strict=True):
        start = time.perf_counter()
        profile.enable()
        render_article(article, body)
        profile.disable()
        seconds.append(time.perf_counter() - start)
    return {"seconds": seconds, "chars": [len(b) for b in bodies], "top": top_functions(profile)}


def measure_phases(root: Path) -> dict[str, Any]:
    result: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="bench-reader-state-") as state:
        result["load"] = load_phases(root, Path(state, "a"))
        result["floor"] = asyncio.run(headless_floor())
        result["app"] = asyncio.run(headless_app(root, Path(state, "b"), None))
        worker = cProfile.Profile()
        worker.enable()
        load_phases(root, Path(state, "c"))
        worker.disable()
        result["profile_load"] = top_functions(worker)
        ui, opening = cProfile.Profile(), cProfile.Profile()
        result["app_profiled"] = asyncio.run(headless_app(root, Path(state, "d"), ui, opening))
        result["profile_ui"] = top_functions(ui)
        result["profile_open"] = top_functions(opening)
        result["profile_open_cumulative"] = top_functions(opening, key="cumulative")
        result["timeline"] = asyncio.run(timeline_app(root, Path(state, "e")))
    result["render"] = render_profile(root)
    return result


if __name__ == "__main__":
    sys.setrecursionlimit(10_000)
    if sys.argv[1] == "imports":
        print(json.dumps(measure_imports()))
    else:
        print(json.dumps(measure_phases(Path(sys.argv[2]))))
