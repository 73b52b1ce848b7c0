"""Article open, headless: `enter` on an article -> the first frame with its text, many opens.

    python benchmarks/bench_open.py LIBRARY [--opens 12] [--json FILE]

One `ReaderApp` under `run_test()` (120x40, no terminal) on LIBRARY, with a fresh reading state
in a temporary folder; the index comes from XDG_CACHE_HOME (point it at a copy of your own: a
missing index is built first, minutes at 100k). Once the background scan is done, the cursor goes
down to the first article of the first leaf category (the same keys as `bench_reader.py`), then
`enter` is pressed `--opens` times, one article further down (`j`) each time. For each open:

- first paint: from `enter` to the end of the first frame painted after the body holds the
  article's text at the pane's size (a probe on the screen's compositor refresh: what a
  terminal would be sent);
- settled: from `enter` to `App.call_after_refresh` after the text was handed to the pane (what
  `reader_profile.py phases` calls "open"; later frames, such as the footer's, come first).

Prints medians and p90 in milliseconds; `--json` writes every figure. The first open of a launch
is reported apart too (it is the one `bench_reader.py` measures in tmux).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from reader_profile import _settle, article_keys


async def measure(root: Path, state_dir: Path, opens: int) -> dict[str, list[float]]:
    from textual.screen import Screen

    from tui_reader.core.config import Config
    from tui_reader.core.library.library import Library
    from tui_reader.ui.app import ReaderApp
    from tui_reader.ui.widgets.reader.lines import ArticleLines
    from tui_reader.ui.widgets.reader.reader import Reader
    from tui_reader.ui.widgets.sidebar.sidebar import Sidebar

    probe: dict[str, Any] = {"reader": None, "before": None, "start": 0.0, "painted": None}
    refresh = Screen._compositor_refresh

    def probed(screen: Screen) -> None:
        refresh(screen)
        reader = probe["reader"]
        if reader is None or probe["painted"] is not None or screen is not reader.screen:
            return
        body = reader.query_one(ArticleLines)
        fresh = reader.rendered is not None and reader.rendered is not probe["before"]
        if fresh and body.line_count and body.size.height == body.line_count:
            probe["painted"] = time.perf_counter() - probe["start"]

    Screen._compositor_refresh = probed  # type: ignore[method-assign]
    app = ReaderApp(
        Library(root), Config(layout="tree"), state_dir=state_dir, watch_interval=0
    )  # the keys below walk the tree of articles
    first_paint: list[float] = []
    settled: list[float] = []
    async with app.run_test(size=(120, 40)) as pilot:
        sidebar = app.main_screen.query_one(Sidebar)
        while not sidebar.root.children:
            await asyncio.sleep(0.005)
        await _settle(app)
        await pilot.press(*article_keys(sidebar))
        await pilot.pause()
        reader = app.main_screen.query_one(Reader)
        probe["reader"] = reader
        for number in range(opens):
            if number:
                await pilot.press("j")
                await pilot.pause()
                await asyncio.sleep(0.1)  # a person's pause: the cursor has settled
            probe.update(before=reader.rendered, painted=None, start=time.perf_counter())
            await pilot.press("enter")
            while reader.rendered is None or reader.rendered is probe["before"]:
                await asyncio.sleep(0.001)
            done = asyncio.Event()
            app.call_after_refresh(done.set)
            await done.wait()
            settled.append(time.perf_counter() - probe["start"])
            while probe["painted"] is None:
                await asyncio.sleep(0.001)
            first_paint.append(probe["painted"])
    Screen._compositor_refresh = refresh  # type: ignore[method-assign]
    return {"first_paint": first_paint, "settled": settled}


def summary(seconds: list[float]) -> str:
    ms = sorted(s * 1000 for s in seconds)
    p90 = ms[min(len(ms) - 1, round(0.9 * (len(ms) - 1)))]
    return f"median {statistics.median(ms):.1f} ms, p90 {p90:.1f} ms"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("library", type=Path)
    parser.add_argument("--opens", type=int, default=12)
    parser.add_argument("--json", type=Path, help="also write every figure to this file")
    args = parser.parse_args(argv)
    sys.setrecursionlimit(10_000)
    with (
        tempfile.TemporaryDirectory(prefix="bench-open-state-") as state,
        tempfile.TemporaryDirectory(prefix="bench-open-device-") as device,
    ):
        os.environ["XDG_STATE_HOME"] = device  # the reading state's device id: not the user's
        result = asyncio.run(measure(args.library.resolve(), Path(state), args.opens))
    print(f"{args.library.name}: {args.opens} opens")
    for name, seconds in result.items():
        print(f"  {name}: {summary(seconds)} (first open {seconds[0] * 1000:.1f} ms)")
    if args.json:
        args.json.write_text(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
