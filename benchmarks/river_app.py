"""The river in the whole reader, headless: one launch of `ReaderApp` timed (bench_river --app).

    python benchmarks/river_app.py warm LIBRARY          # the library and search indexes built
    python benchmarks/river_app.py launch LIBRARY [--memory] [--pages 40] [--profile STEP]

Run by `bench_river.py --app` in a fresh process per launch, with XDG_* set by the parent (the
indexes warm in its kept folder) and a reading state of its own, empty, in a temporary folder.
`launch` prints one JSON object. The app is `ReaderApp` under `run_test` (120x40: the tree, and
the list and the article taking turns beside it), Config(layout="river"), no background rescans.

Each step is timed from its cause to the end of the first frame painted (the screen's compositor
refresh) in which the article list drew lines and shows what the step asked for:
- start: from `MainScreen.on_library_loaded` with the first complete model (the index read, the
  scan of the library starting behind it) to All unread's rows on screen;
- category: the tree's cursor moved (`j`) from the entry above it onto the largest top-level
  category, to its rows on screen;
- unread again: the cursor moved (`k`) from Today back onto All unread, to its rows;
- `G` in the list to the last row drawn; `pagedown` x `--pages` one at a time from the top
  (each waits for its frame; per page); `s` four times (oldest, source, title, newest again),
  each to the re-sorted rows drawn.
For each: wall time, the process's CPU time (every thread: at start it includes the scan), the
UI thread's own CPU time, and the CPU time of the worker that built the rows (`River._build`).
`--profile STEP` prints where the UI thread spent that step (cProfile) to stderr.

`--memory` (a launch of its own; tracemalloc slows everything): once the load and the search
index update are over, the cursor goes to Today (an empty list in a synthetic library), then,
traced from there: `k` onto All unread, its rows on screen, the focus in the list, `G`, `g` and
the pages; what stays allocated after a collection (all of it, and what `Rows` allocated: its
lists and id index), and the peak.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import sys
import tempfile
import threading
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

SCREEN = (120, 40)
SETTLE_LIMIT = 600.0  # seconds the load and search index update may take at most
PROFILE_TOP = 30  # functions printed by --profile
MEMORY_TOP = 12  # lines that allocated the most, printed by --memory
PROFILED = ("category", "unread_again", "G", "page", "sort")  # steps --profile takes
ROWS_FILE = "tui_reader/ui/model/river.py"  # where `Rows` allocates its lists and id index


@dataclass
class Step:
    """One step's costs, in milliseconds."""

    wall: float
    cpu: float  # the process, every thread
    ui: float  # the UI thread
    build: float  # the worker building the rows


class Probe:
    """Notes the frames in which the article list drew lines, and times steps to them."""

    def __init__(self) -> None:
        self.drawn = 0  # lines the article list drew
        self.build_cpu = 0.0  # seconds of CPU the river's workers spent building rows
        self.screen: Any = None
        self._seen = 0
        self._check: Callable[[], bool] | None = None
        self._done: asyncio.Future[Step] | None = None
        self._start = (0.0, 0.0, 0.0, 0.0)
        self.profile: str | None = None  # the step to profile

    def install(self) -> None:
        from textual.screen import Screen

        from tui_reader.ui.screens.main.screen import MainScreen
        from tui_reader.ui.screens.river import River
        from tui_reader.ui.screens.river_rows import RowsBuilt
        from tui_reader.ui.widgets.article_list.article_list import ArticleList

        probe = self
        refresh, render_line, build = (
            Screen._compositor_refresh, ArticleList.render_line, River._build
        )  # fmt: skip
        made = RowsBuilt.__init__
        building = threading.local()  # when the worker's build began (thread CPU time)
        loaded = MainScreen.on_library_loaded

        def probed_refresh(screen: Screen[Any]) -> None:
            refresh(screen)
            probe.frame(screen)

        def counted_line(widget: ArticleList, y: int) -> Any:
            probe.drawn += 1
            return render_line(widget, y)

        def timed_build(river: River, *args: Any) -> None:
            building.start = time.thread_time()
            try:
                build(river, *args)
            finally:
                if building.start is not None:  # cancelled before its rows were posted
                    probe.build_cpu += time.thread_time() - building.start

        def built(message: RowsBuilt, *args: Any, **kwargs: Any) -> None:
            # counted before the rows are posted: the UI thread may paint them at once
            if getattr(building, "start", None) is not None:
                probe.build_cpu += time.thread_time() - building.start
                building.start = None
            made(message, *args, **kwargs)

        def first_loaded(screen: MainScreen, message: Any) -> None:
            if message.model.complete and probe.screen is None:
                probe.screen = screen
                probe.begin(lambda: screen.river.listing.key == "unread:")
            loaded(screen, message)

        Screen._compositor_refresh = probed_refresh  # type: ignore[method-assign]
        ArticleList.render_line = counted_line  # type: ignore[method-assign]
        River._build = timed_build  # type: ignore[method-assign]
        RowsBuilt.__init__ = built  # type: ignore[method-assign]
        MainScreen.on_library_loaded = first_loaded  # type: ignore[method-assign]

    def begin(self, check: Callable[[], bool]) -> None:
        """Time from now to the first frame in which the list drew lines and `check()` holds."""
        self._check = check
        self._done = asyncio.get_running_loop().create_future()
        self._seen = self.drawn
        self._start = (time.perf_counter(), time.process_time(), time.thread_time(),
                       self.build_cpu)  # fmt: skip

    def frame(self, screen: Any) -> None:
        if self._check is None or self._done is None or self.drawn == self._seen:
            return
        self._seen = self.drawn
        if screen is not self.screen or not self._check():
            return
        wall, cpu, ui, build = self._start
        ms = 1000.0
        step = Step(
            (time.perf_counter() - wall) * ms, (time.process_time() - cpu) * ms,
            (time.thread_time() - ui) * ms, (self.build_cpu - build) * ms,
        )  # fmt: skip
        self._check = None
        self._done.set_result(step)

    async def wait(self) -> Step:
        while self._done is None:  # (at start: the library is not loaded yet)
            await asyncio.sleep(0.001)
        return await asyncio.wait_for(self._done, SETTLE_LIMIT)

    async def step(self, name: str, press: Callable[[], Any], check: Callable[[], bool]) -> Step:
        """Time `press()` to the frame where `check()` holds; step `name` profiled when it is
        `self.profile` (the top functions of the UI thread go to stderr)."""
        if name != self.profile:
            self.begin(check)
            await press()
            return await self.wait()
        import cProfile
        import pstats

        profile = cProfile.Profile()
        profile.enable()
        try:
            self.begin(check)
            await press()
            return await self.wait()
        finally:
            profile.disable()
            stats = pstats.Stats(profile, stream=sys.stderr)
            stats.sort_stats("cumulative").print_stats(PROFILE_TOP)
            stats.sort_stats("tottime").print_stats(PROFILE_TOP)


async def settle(app: Any) -> None:
    """Wait until the load, the search index update and the lists' builds are over."""
    deadline = time.monotonic() + SETTLE_LIMIT
    while time.monotonic() < deadline:
        await asyncio.sleep(0.2)
        if not any(w.is_running for w in app.workers):
            return
    raise TimeoutError("the reader did not settle")


def largest_category(sidebar: Any) -> tuple[Any, Any]:
    """The tree's entry of the top-level category with the most articles, and the entry above
    it."""
    from tui_reader.ui.model.tree_data import CategoryNode

    children = list(sidebar.root.children)
    entries = [(n, child) for n, child in enumerate(children)
               if isinstance(child.data, CategoryNode)]  # fmt: skip
    number, entry = max(entries, key=lambda item: item[1].data.category.total)
    return entry, children[number - 1]


async def launch(
    root: Path, pages: int, memory: bool, profile: str | None = None
) -> dict[str, Any]:
    from tui_reader.core.config import Config
    from tui_reader.core.library.library import Library
    from tui_reader.ui.app import ReaderApp
    from tui_reader.ui.model.smart_lists import ListSpec
    from tui_reader.ui.model.tree_data import list_of

    probe = Probe()
    probe.profile = profile
    probe.install()
    out: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="bench-river-state-") as state:
        app = ReaderApp(
            Library(root), Config(layout="river"), state_dir=Path(state), watch_interval=0
        )
        async with app.run_test(size=SCREEN) as pilot:
            screen = app.main_screen
            river = screen.river
            listing = river.listing
            if not memory:
                out["start"] = await probe.wait()
            await settle(app)
            await pilot.pause()
            out["unread_rows"] = len(listing.rows)
            sidebar = screen.sidebar
            sidebar.focus()
            smart = sidebar.smart.entries

            async def choose(entry: Any) -> None:
                spec = list_of(entry.data)
                if listing.key == spec.list_key:
                    return
                probe.begin(lambda: listing.key == spec.list_key)
                sidebar.move_cursor(entry)
                await probe.wait()
                await pilot.pause()

            if memory:
                await choose(smart["today"])
                out["memory"] = await traced(pilot, probe, listing, pages)
                return out
            category, above = largest_category(sidebar)
            await choose(above)
            key = ListSpec.category(category.data.category).list_key
            out["category_rows"] = category.data.category.total
            out["category"] = await probe.step(
                "category", lambda: pilot.press("j"), lambda: listing.key == key
            )
            await choose(smart["today"])
            out["unread_again"] = await probe.step(
                "unread_again", lambda: pilot.press("k"), lambda: listing.key == "unread:"
            )
            await settle(app)
            listing.focus()
            await pilot.pause()
            last = len(listing.rows) - 1
            out["G"] = await probe.step(
                "G", lambda: pilot.press("G"), lambda: listing.cursor == last
            )
            await probe.step("g", lambda: pilot.press("g"), lambda: listing.cursor == 0)
            out["pages"] = []
            for _ in range(min(pages, last // listing.page_height)):
                before = listing.cursor
                out["pages"].append(
                    await probe.step(
                        "page",
                        lambda: pilot.press("pagedown"),
                        lambda b=before: listing.cursor != b,
                    )
                )
            out["sort"] = []
            for _ in range(4):
                await settle(app)
                rows = listing.rows
                out["sort"].append(
                    await probe.step(
                        "sort", lambda: pilot.press("s"), lambda r=rows: listing.rows is not r
                    )
                )
                out.setdefault("orders", []).append(listing.rows.order.value)
    return out


async def traced(pilot: Any, probe: Probe, listing: Any, pages: int) -> dict[str, int]:
    """Bytes allocated and still held after All unread is chosen, shown, `G`, `g` and paged,
    and the peak meanwhile (tracemalloc, from the moment before the cursor moves)."""
    gc.collect()
    tracemalloc.start()
    base = tracemalloc.get_traced_memory()[0]
    await probe.step("unread_again", lambda: pilot.press("k"), lambda: listing.key == "unread:")
    await settle(pilot.app)
    listing.focus()
    await pilot.pause()
    await pilot.press("G", "g", *["pagedown"] * pages)
    await pilot.pause()
    gc.collect()
    held, peak = (value - base for value in tracemalloc.get_traced_memory())
    rows = listing.rows
    snapshot = tracemalloc.take_snapshot()
    tracemalloc.stop()
    by_file = snapshot.statistics("filename")
    rows_held = sum(s.size for s in by_file if s.traceback[0].filename.endswith(ROWS_FILE))
    top = snapshot.statistics("lineno")[:MEMORY_TOP]
    print("held, by the line that allocated it:", *top, sep="\n  ", file=sys.stderr)
    return {"rows": len(rows), "held": held, "peak": peak, "rows_held": rows_held}


def warm(root: Path) -> dict[str, float]:
    """The library index and the search index brought in step with the library, as the CLI
    leaves them (a no-op, bar the scan's look at every file, when they are)."""
    from tui_reader.core.library.library import Library
    from tui_reader.core.search.index import SearchIndex
    from tui_reader.core.search.stamps import dump, folder_stamps

    start = time.perf_counter()
    snapshot = Library(root).scan()
    index = SearchIndex.for_library(root)
    try:
        index.sync(root, snapshot.articles)
        index.set_meta("folders", dump(folder_stamps(root)))
    finally:
        index.close()
    return {"seconds": time.perf_counter() - start, "articles": len(snapshot.articles)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("what", choices=("warm", "launch"))
    parser.add_argument("library", type=Path)
    parser.add_argument("--pages", type=int, default=40)
    parser.add_argument("--memory", action="store_true")
    parser.add_argument(
        "--profile", choices=PROFILED, help="profile this step's UI thread (to stderr)"
    )
    args = parser.parse_args()
    sys.setrecursionlimit(10_000)
    root = args.library.resolve()
    if args.what == "warm":
        result: dict[str, Any] = warm(root)
    else:
        result = asyncio.run(launch(root, args.pages, args.memory, args.profile))
    print(json.dumps(result, default=asdict))
    return 0


if __name__ == "__main__":
    sys.exit(main())
