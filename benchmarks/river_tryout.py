"""The river layout tried as a user in tmux on a big library: All unread, a category, `A enter`.

    python benchmarks/river_tryout.py LIBRARY WARM_HOME [--runs 2] [--category 游戏] [--moves 5]

`--checkout DIR` runs the reader of another checkout (the code before a change, say).
WARM_HOME is a home of XDG folders whose library index is warm for LIBRARY (`cache/tui-reader/
index/library-*.sqlite3`, e.g. /work/wt/benchdata/home-1M). It is never written: each run copies
that index into a fresh temporary home (the reading state empty, no search index), so every run
starts alike and marks nothing in it. The reader is this checkout's (`python -m tui_reader`).

Each run, in a 160x45 tmux session (`reader_screen.Terminal`), the time and the reader's CPU (all
its threads and processes) from the cause to the screen showing (a pause of PAUSE between steps):
- launch -> the tree with its counts, then All unread's first rows (its header "N articles");
- `j` x `--moves` from All unread onto `--category` -> its list's header;
- `A` -> the question; `enter` -> the category's count in the tree 0 unread;
- `k` -> the list of the entry above it.
The reader is quit with q (its session killed if it does not end).
"""

from __future__ import annotations

import argparse
import os
import re
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

from reader_screen import Terminal
from user_dirs import big_library_arguments, home_with_index, warm_index

UNCATEGORIZED = "Uncategorized"  # (core.library.api's: the reader's own is not imported here)
SIZE = (160, 45)
STEP_LIMIT = 600.0  # seconds a step may take at most
PAUSE = 2.0  # seconds between a step's screen and the next step's keys (a user reading)


def tree_counts(index: Path) -> dict[str, int]:
    """Articles under each top-level category, from the index (as the tree counts them), read
    as an immutable file: SQLite then writes nothing beside it (no -shm, no -wal)."""
    with sqlite3.connect(f"file:{index}?mode=ro&immutable=1", uri=True) as connection:
        rows = connection.execute(
            "SELECT categories, count(*) FROM files WHERE NOT skipped GROUP BY categories"
        ).fetchall()
    counts: dict[str, int] = {}
    for categories, count in rows:
        paths = str(categories).split("\x1e") if categories else [UNCATEGORIZED]
        for name in {path.split("\x1f")[0] for path in paths}:
            counts[name] = counts.get(name, 0) + count
    return counts


def header(title: str, count: int) -> re.Pattern[str]:
    """The list's top line: its title and "N articles"."""
    return re.compile(rf"▕ {re.escape(title)} +{count:,} articles")


def run(library: Path, index: Path, args: argparse.Namespace, repo: Path) -> dict[str, float]:
    found: dict[str, float] = {}
    with tempfile.TemporaryDirectory(prefix="river-tryout-") as scratch:
        env = home_with_index(index, Path(scratch))
        env["PYTHONPATH"] = str(repo)
        terminal = Terminal("river-tryout", *SIZE)
        start = terminal.launch(f"exec {sys.executable} -m tui_reader {library}", env)
        try:
            total = args.total

            def step(name: str, test: re.Pattern[str] | str, since: float, cpu: float) -> None:
                def seen(screen: str) -> bool:
                    if isinstance(test, str):
                        return test in screen
                    return test.search(screen) is not None

                found[name] = terminal.wait_for(seen, since, STEP_LIMIT)
                found[name + " cpu"] = terminal.cpu_seconds() - cpu
                print(f"  {name:28} {found[name]:7.2f} s  cpu {found[name + ' cpu']:6.2f} s",
                      flush=True)  # fmt: skip

            step("tree with counts", f"{args.category} ({args.count}/{args.count})", start, 0.0)
            step("All unread's first rows", header("All unread", total), start, 0.0)
            time.sleep(PAUSE)  # a user reads the first rows
            settle = terminal.cpu_seconds()
            moved = terminal.send(*["j"] * args.moves)
            step(f"{args.category}'s list", header(args.category, args.count), moved, settle)
            cpu = terminal.cpu_seconds()
            time.sleep(PAUSE)
            cpu = terminal.cpu_seconds()
            step("A -> the question", "Mark the", terminal.send("A"), cpu)
            cpu = terminal.cpu_seconds()
            step(
                "enter -> marked", f"{args.category} (0/{args.count})", terminal.send("Enter"), cpu
            )
            if args.above:
                time.sleep(PAUSE)
                cpu = terminal.cpu_seconds()
                title, count = args.above
                step("k -> the list above", header(title, int(count)), terminal.send("k"), cpu)
        finally:
            terminal.close()
    return found


def main() -> int:
    parser = big_library_arguments(__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument("--moves", type=int, default=5, help="j presses from All unread onto it")
    parser.add_argument(
        "--checkout", type=Path, help="the reader's code to run (default: this checkout)"
    )
    args = parser.parse_args()
    try:
        index = warm_index(args.warm_home)
    except ValueError as error:
        parser.error(str(error))
    counts = tree_counts(index)
    names = sorted(counts, key=lambda name: (name.casefold(), name))
    args.count = counts[args.category]
    with sqlite3.connect(f"file:{index}?mode=ro&immutable=1", uri=True) as connection:
        (args.total,) = connection.execute(
            "SELECT count(*) FROM files WHERE NOT skipped"
        ).fetchone()
    above = names.index(args.category) - 1
    args.above = (names[above], str(counts[names[above]])) if above >= 0 else None
    repo = (args.checkout or Path(__file__).resolve().parent.parent).resolve()
    print(f"{args.library}: {args.total:,} articles; load average {os.getloadavg()[0]:.1f}")
    for number in range(args.runs):
        print(f"run {number + 1}:")
        run(args.library, index, args, repo)
    print(f"(load average at the end: {os.getloadavg()[0]:.1f})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
