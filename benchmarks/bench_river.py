"""The river's article list at 100, 10k and 100k rows: building, painting, `G`, paging, memory.

    python benchmarks/bench_river.py LIBRARY [--repeat 3] [--pages 40] [--keep DIR]
    python benchmarks/bench_river.py --app LIBRARY... [--repeat 3] [--pages 40] [--keep DIR]

LIBRARY is a synthetic library (`benchmarks/gen_library.py LIBRARY --count 100000`); it is scanned
first (not timed) with XDG_* in a temporary folder, or in DIR (`--keep`, reused by the next run).
The lists are "All unread" with nothing read (`smart_articles` over the library's model): all of
it, and its newest 10k and 100 for the smaller lists, so every list is drawn from the same model.

Measured for each list, in a headless app (`App.run_test`, 120x40) holding only the list:
- gather: `smart_articles(model, "unread")` (all of it; the smaller lists are slices of it);
- build: `Rows(articles)` (sorted newest first), and the largest list in every order, with day
  headers, and folded by story;
- first rows: from `show()` to the last line of the first screen drawn;
- `G`: from the key to the last row drawn at the bottom of the screen;
- paging: `pagedown` x `--pages`, from the first key to the last screen drawn, per page;
- memory (tracemalloc, in a second pass): what the Rows and the widget hold after all of the
  above and a repaint (one screen drawn), beyond the model, and the peak while building; stated
  as bytes per row over the 100-row list. The id index (`Rows.line_of`, built on first use:
  `select`, or a list shown again whose cursor article moved) and the cache of drawn lines
  (bounded: `CACHED_STRIPS` lines, whatever the length) are measured apart.
Times are CPU time of the process (the machine is shared: wall time of a key press depends on
the others' load), the best of `--repeat` runs.

`--app` measures the same in the whole reader instead (`river_app.py`: `ReaderApp` headless, its
lists built in a worker), for each LIBRARY and for a library of 100 articles generated first
(the floor): the indexes are brought in step first (in DIR with `--keep`, so a second run finds
them warm), then `--repeat` launches, each in a fresh process, and `--repeat` more for memory.
Printed: the best of each figure over the launches, and what All unread holds beyond the next
shorter list's, per row.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import os
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from contextlib import asynccontextmanager
from datetime import datetime
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from user_dirs import use_user_dirs  # noqa: E402

from tui_reader.core.library.model import Article  # noqa: E402

SIZES = (100, 10_000, 100_000)
SCREEN = (120, 40)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("library", type=Path, nargs="+", help="a library made by gen_library.py")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each timing (best)")
    parser.add_argument("--pages", type=int, default=40, help="pagedown presses timed")
    parser.add_argument("--keep", type=Path, help="keep the index in this folder (reused)")
    parser.add_argument("--app", action="store_true", help="in the whole reader (river_app.py)")
    args = parser.parse_args()
    if not args.app and len(args.library) > 1:
        parser.error("one library at a time, but with --app")
    with tempfile.TemporaryDirectory(prefix="bench-river-") as temporary:
        use_user_dirs(args.keep or Path(temporary))
        if args.app:
            return bench_app(args, Path(temporary))
        args.library = args.library[0]
        return bench(args)


def bench(args: argparse.Namespace) -> int:
    from tui_reader.core.library.library import Library
    from tui_reader.ui.model.category_tree import CategoryTree
    from tui_reader.ui.model.smart_lists import smart_articles

    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}")
    snapshot = Library(args.library).scan()
    model = CategoryTree(snapshot.articles)
    now = datetime.now().astimezone()
    gather = best(args.repeat, lambda: smart_articles(model, "unread", now))
    everything = smart_articles(model, "unread", now)
    print(f"library: {len(snapshot.articles):,} articles; gather All unread: {gather:.1f} ms")
    lists = {size: everything[:size] for size in SIZES if size <= len(everything)}
    print(f"{'rows':>8} {'build':>9} {'first rows':>11} {'G':>8} {'per page':>9}")
    for size, articles in lists.items():
        timings = [asyncio.run(timed(articles, args.pages)) for _ in range(args.repeat)]
        build, first, last, page = (min(values) for values in zip(*timings, strict=True))
        print(f"{size:>8,} {build:>7.1f}ms {first:>9.1f}ms {last:>6.1f}ms {page:>7.2f}ms")
    orders(everything, args.repeat)
    print("memory (tracemalloc), beyond the model:")
    held = {}
    for size, articles in lists.items():  # the least of each over the runs: Textual's own
        runs = [asyncio.run(measured(articles, args.pages)) for _ in range(args.repeat)]
        held[size] = tuple(min(values) for values in zip(*runs, strict=True))  # noise is upward
    for size, (kept, peak, index, cache) in held.items():
        print(f"{size:>8,} rows: held {kept / 1024:>6.0f} KiB, peak while building "
              f"{peak / 1024:>6.0f} KiB, id index {index / 1024:>6.0f} KiB, lines drawn "
              f"while paging {cache / 1024:>5.0f} KiB")  # fmt: skip
    small = min(held)
    for size in held:
        if size == small:
            continue
        rows = size - small
        kept, peak, index, _ = (a - b for a, b in zip(held[size], held[small], strict=True))
        print(
            f"{size:>8,} rows over {small}: {kept / rows:.1f} bytes a row held, "
            f"{peak / rows:.1f} at the peak, {index / rows:.1f} more with the id index"
        )
    print(f"(load average at the end: {os.getloadavg()[0]:.1f})")
    return 0


STEPS = ("start", "category", "unread_again", "G", "page", "sort")
FLOOR = 100  # articles of the library generated for the floor


def bench_app(args: argparse.Namespace, scratch: Path) -> int:
    """The river in the whole reader: `river_app.py` launches, the best figures of each step."""
    here = Path(__file__).resolve().parent
    floor = scratch / f"lib-{FLOOR}"
    generate = [sys.executable, str(here / "gen_library.py"), str(floor), "--count", str(FLOOR)]
    subprocess.run(generate, check=True, stdout=subprocess.DEVNULL)
    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}")

    def child(*words: str) -> dict:  # type: ignore[type-arg]
        command = [sys.executable, str(here / "river_app.py"), *words]
        done = subprocess.run(command, check=True, capture_output=True, text=True)
        return json.loads(done.stdout.splitlines()[-1])  # type: ignore[no-any-return]

    results = {}
    for library in [floor, *args.library]:
        warmed = child("warm", str(library))
        print(f"{library.name}: {warmed['articles']:,} articles, indexes in step "
              f"({warmed['seconds']:.1f} s)", flush=True)  # fmt: skip
        launches = [child("launch", str(library), "--pages", str(args.pages))
                    for _ in range(args.repeat)]  # fmt: skip
        memories = [child("launch", str(library), "--pages", str(args.pages), "--memory")["memory"]
                    for _ in range(args.repeat)]  # fmt: skip
        memory = best_step(memories)  # the least of each: Textual's own caches vary upward
        results[library.name] = (launches, memory)
        print_app(library.name, launches, memory)
    # per row beyond the next shorter list's (the floor's 100 rows are 2 pages, the others'
    # 40 pages draw more lines: the cache of drawn lines and Textual's fill up to a bound)
    print("memory of All unread (tracemalloc), per row beyond the next shorter list's:")
    sizes = sorted((memory["rows"], name, memory) for name, (_, memory) in results.items())
    for (rows, name, memory), (shorter, _, less) in zip(sizes[1:], sizes, strict=False):
        held, peak, own = (
            (memory[key] - less[key]) / (rows - shorter) for key in ("held", "peak", "rows_held")
        )
        print(f"  {name} over {shorter:,} rows: {held:.1f} bytes a row held ({own:.1f} by the "
              f"Rows), {peak:.1f} at the peak")  # fmt: skip
    print(f"(load average at the end: {os.getloadavg()[0]:.1f})")
    return 0


def best_step(steps: list[dict]) -> dict:  # type: ignore[type-arg]
    """The least of each figure over the launches."""
    return {name: min(step[name] for step in steps) for name in steps[0]}


def per_page(pages: list[dict[str, float]]) -> dict[str, float]:
    """A launch's pages, per page."""
    return {name: sum(page[name] for page in pages) / len(pages) for name in pages[0]}


def print_app(name: str, launches: list[dict], memory: dict[str, int]) -> None:  # type: ignore[type-arg]
    first = launches[0]
    print(f"  rows: All unread {first['unread_rows']:,}, the largest category "
          f"{first['category_rows']:,}; {len(first['pages'])} pages; orders "
          f"{', '.join(first['orders'])}")  # fmt: skip
    print("  ms, best of each: wall / CPU of the process (UI thread, worker building the rows)")
    steps: dict[str, dict[str, float]] = {}
    for step in ("start", "category", "unread_again", "G"):
        steps[step] = best_step([launch[step] for launch in launches])
    if first["pages"]:
        steps["page"] = best_step([per_page(launch["pages"]) for launch in launches])
    for number, order in enumerate(first["orders"]):
        steps[f"s -> {order}"] = best_step([launch["sort"][number] for launch in launches])
    for step, figures in steps.items():
        print(f"  {step:>14}: {figures['wall']:7.1f} / {figures['cpu']:7.1f} "
              f"(UI {figures['ui']:6.1f}, build {figures['build']:6.1f})")  # fmt: skip
    print(f"  memory: All unread ({memory['rows']:,} rows) chosen, shown, G, g, paged: held "
          f"{memory['held'] / 1024:.0f} KiB ({memory['rows_held'] / 1024:.0f} KiB by the Rows), "
          f"peak {memory['peak'] / 1024:.0f} KiB", flush=True)  # fmt: skip


def orders(articles: list[Article], repeat: int) -> None:
    """The build of the largest list in each order, with day headers, and folded by story."""
    from tui_reader.ui.model.river import Order, Rows

    cases: list[tuple[str, Callable[[], object]]] = [
        (order.value, partial(Rows, articles, order)) for order in Order
    ]
    cases += [
        ("newest, days", lambda: Rows(articles, days=True)),
        ("oldest, days", lambda: Rows(articles, Order.OLDEST, days=True)),
        ("newest, folded", lambda: Rows(articles, story_of=lambda i: i)),
    ]
    built = ", ".join(f"{name} {best(repeat, work):.0f} ms" for name, work in cases)
    print(f"build {len(articles):,} rows by order: {built}")


def best(repeat: int, work: Callable[[], object]) -> float:
    times = []
    for _ in range(repeat):
        start = time.process_time()
        work()
        times.append((time.process_time() - start) * 1000)
    return min(times)


def list_app():  # type: ignore[no-untyped-def]
    """A headless app holding only the article list, which notes when it last drew a line."""
    from textual.app import App, ComposeResult

    from tui_reader.ui.widgets.article_list import ArticleList

    class Watched(ArticleList):
        last_drawn = 0.0
        drawn = 0

        def render_line(self, y: int):  # type: ignore[no-untyped-def]
            strip = super().render_line(y)
            Watched.drawn += 1
            Watched.last_drawn = time.process_time()
            return strip

    class ListApp(App[None]):
        def compose(self) -> ComposeResult:
            yield Watched()

    return ListApp(), Watched


@asynccontextmanager
async def running_list():  # type: ignore[no-untyped-def]
    """The headless app running, its list focused: (pilot, the list, the list's class)."""
    app, watched = list_app()
    async with app.run_test(size=SCREEN) as pilot:
        await pilot.pause()
        listed = app.query_one(watched)
        listed.focus()
        await pilot.pause()
        yield pilot, listed, watched


def pages_in(size: int, pages: int) -> int:
    """Pages timed: `pages`, or as many as the list has below its first screen."""
    return max(1, min(pages, size // (SCREEN[1] - 1) - 1))


async def timed(articles: list[Article], pages: int) -> tuple[float, float, float, float]:
    """ms to build the rows, to the first screen drawn, `G` to the last row, and a page."""
    from tui_reader.ui.model.river import Rows

    async with running_list() as (pilot, listed, watched):
        start = time.process_time()
        rows = Rows(articles)
        built = time.process_time()
        listed.show(rows, "unread", title="All unread")
        await pilot.pause()
        first = watched.last_drawn
        assert listed.cursor == 0 and watched.drawn >= SCREEN[1]
        start_g = time.process_time()
        await pilot.press("G")
        await pilot.pause()
        assert listed.cursor == len(rows) - 1
        last = watched.last_drawn
        await pilot.press("g")
        await pilot.pause()
        pages = pages_in(len(rows), pages)
        start_pages = time.process_time()
        for _ in range(pages):
            await pilot.press("pagedown")
        await pilot.pause()
        paged = watched.last_drawn
        ms = 1000.0
        return (
            (built - start) * ms,
            (first - built) * ms,
            (last - start_g) * ms,
            (paged - start_pages) * ms / pages,
        )


async def measured(articles: list[Article], pages: int) -> tuple[int, int, int, int]:
    """Bytes held by the rows and the widget after showing, `G`, paging and a repaint (which
    leaves one screen of lines drawn); the peak while building the rows; the bytes the id index
    adds; and what the cache of drawn lines held after paging, before the repaint."""
    from tui_reader.ui.model.river import Rows

    async with running_list() as (pilot, listed, watched):
        gc.collect()
        tracemalloc.start()
        before = tracemalloc.get_traced_memory()[0]
        tracemalloc.reset_peak()
        rows = Rows(articles)
        peak = tracemalloc.get_traced_memory()[1] - before
        listed.show(rows, "unread", title="All unread")
        await pilot.pause()
        # the same keys whatever the length (past the end, pagedown does nothing), so that what
        # Textual keeps of the work does not differ by list
        await pilot.press("G", "g", *["pagedown"] * pages)
        await pilot.pause()
        gc.collect()
        paged = tracemalloc.get_traced_memory()[0] - before
        listed.repaint_rows()
        await pilot.pause()
        gc.collect()
        kept = tracemalloc.get_traced_memory()[0] - before
        rows.line_of(articles[-1].id)
        index = tracemalloc.get_traced_memory()[0] - before - kept
        tracemalloc.stop()
        return kept, peak, index, paged - kept


if __name__ == "__main__":
    sys.exit(main())
