"""The river's lists of a big library, in one process: gathering them and building their rows.

    python benchmarks/bench_river_rows.py LIBRARY WARM_HOME [--repeat 3] [--category 游戏]

WARM_HOME holds XDG folders whose library index is warm for LIBRARY (as for river_tryout.py);
its index is copied into a temporary home first (never written). The model is built from the
index as the reader builds it, nothing read. Printed, the CPU time (and wall) of the best of
`--repeat` runs of each: All unread gathered (`smart_articles`), its `Rows` newest first (the
model's order, and shuffled), with day headers, folded by stories (1 article in 7 a copy, as a
function and as a mapping), its head (`Rows.head`, 200 rows), and the category's list and rows.
Run with PYTHONPATH at the checkout whose code is measured (this one: `PYTHONPATH=.`).
"""

from __future__ import annotations

import argparse
import gc
import os
import random
import tempfile
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from user_dirs import big_library_arguments, home_with_index, warm_index

HEAD_LINES = 200
STORY_SHARE = 7  # one article in this many is a copy of a story


def best(repeat: int, work: Callable[[], Any]) -> tuple[float, float]:
    """The least CPU and wall seconds of `repeat` runs of `work()`."""
    runs = []
    for _ in range(repeat):
        cpu, wall = time.process_time(), time.perf_counter()
        work()
        runs.append((time.process_time() - cpu, time.perf_counter() - wall))
    return min(cpu for cpu, _ in runs), min(wall for _, wall in runs)


def main() -> int:
    parser = big_library_arguments(__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    try:
        index = warm_index(args.warm_home)
    except ValueError as error:
        parser.error(str(error))
    with tempfile.TemporaryDirectory(prefix="bench-river-rows-") as scratch:
        os.environ.update(home_with_index(index, Path(scratch)))
        return bench(args)


def bench(args: argparse.Namespace) -> int:
    from tui_reader.core.library.library import Library
    from tui_reader.ui.model import river
    from tui_reader.ui.model.category_tree import CategoryTree
    from tui_reader.ui.model.smart_lists import category_articles, smart_articles

    Rows = river.Rows
    print(f"{river.__file__}; load average {os.getloadavg()[0]:.1f}")
    snapshot = Library(args.library).cached()
    model = CategoryTree(snapshot.articles, (), by_id=snapshot.by_id)
    gc.freeze()  # the model stays, as the reader freezes it after its load
    now = datetime.now().astimezone()
    unread = smart_articles(model, "unread", now)
    shuffled = unread[:]
    random.Random(1).shuffle(shuffled)
    story = {a.id: f"story{n % 1000}" for n, a in enumerate(unread) if n % STORY_SHARE == 0}

    def story_function(article_id: str) -> str:
        return story.get(article_id, article_id)

    category = model.find((args.category,))
    if not unread or category is None:
        print(f"no articles in the index, or no category {args.category}: is it warm?")
        return 1
    listed = category_articles(category) if category is not None else []
    steps: list[tuple[str, int, Callable[[], Any]]] = [
        ("All unread gathered", len(unread), lambda: smart_articles(model, "unread", now)),
        ("All unread, newest", len(unread), lambda: Rows(unread)),
        ("All unread shuffled, newest", len(unread), lambda: Rows(shuffled)),
        ("All unread, newest, days", len(unread), lambda: Rows(unread, days=True, now=now)),
        ("folded, a function", len(unread), lambda: Rows(unread, story_of=story_function)),
        ("folded, a mapping", len(unread), lambda: Rows(unread, story_of=story)),
        (f"{args.category} gathered", len(listed), lambda: category_articles(category)),
        (f"{args.category}, newest", len(listed), lambda: Rows(listed)),
    ]  # fmt: skip
    if hasattr(Rows, "head"):
        steps.insert(2, ("All unread's head", len(unread), lambda: Rows.head(unread, HEAD_LINES)))
    for name, size, work in steps:
        try:
            cpu, wall = best(args.repeat, work)
        except TypeError as error:  # a mapping of stories, before the code took one
            print(f"{size:>10,} {name:30} n/a ({error})")
            continue
        print(f"{size:>10,} {name:30} CPU {cpu:6.3f} s  wall {wall:6.3f} s", flush=True)
    print(f"(load average at the end: {os.getloadavg()[0]:.1f})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
