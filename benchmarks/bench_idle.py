"""What the reader costs while it sits open on a library and nothing changes: CPU per minute.

    python benchmarks/bench_idle.py --size 100000 --settle 120 --window 60

The reader runs in a detached tmux session (120x40) on the synthetic library, its index and
search index warm (the same cache as `bench_reader.py`, benchmarks/data/reader-xdg/); after
`--settle` seconds (start-up, the first background look; a launch that finds the search index
of another schema version rebuilds it first, about 75 s of both CPUs at 100k: settle past it),
the CPU time of the reader's process tree (from /proc, so the machine's other load does not
count) is read over `--window` seconds.
`--pythonpath DIR` runs another copy of tui_reader (e.g. an older commit's, from `git worktree`)
for a before/after; `--xdg DIR` gives it folders of its own (an older copy may want another
version of the indexes). Prints one Markdown row.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

from bench_reader import PYTHON, terminal_env
from reader_screen import Terminal

HERE = Path(__file__).resolve().parent


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--settle", type=float, default=120.0)
    parser.add_argument("--window", type=float, default=60.0)
    parser.add_argument("--pythonpath", default="", help="run tui_reader from this folder")
    parser.add_argument("--data", type=Path, default=HERE / "data")
    parser.add_argument("--xdg", type=Path, help="XDG folders (default: DATA/reader-xdg)")
    args = parser.parse_args(argv)
    root = args.data / f"lib-{args.size}"
    if not root.is_dir():
        print(f"{root} is missing: run bench_reader.py first (it builds it)", file=sys.stderr)
        return 2
    xdg = (args.xdg or args.data / "reader-xdg").resolve()
    for sub in ("cache", "config"):
        (xdg / sub).mkdir(parents=True, exist_ok=True)
    prefix = f"env PYTHONPATH={args.pythonpath} " if args.pythonpath else ""
    Terminal.start_server()
    try:
        with tempfile.TemporaryDirectory() as data_home:
            term = Terminal("idle")
            env = terminal_env(xdg, Path(data_home))
            term.launch(f"{prefix}{PYTHON} -m tui_reader {root}", env)
            time.sleep(args.settle)
            before = term.cpu_seconds()
            time.sleep(args.window)
            used = term.cpu_seconds() - before
            term.close(("q",))
    finally:
        Terminal.stop_server()
    per_minute = used * 60 / args.window
    load = os.getloadavg()[0]
    code = args.pythonpath or "this tree"
    print(f"| {args.size:,} | {code} | {per_minute:.2f} s CPU per minute "
          f"({100 * per_minute / 60:.1f}% of a core) | load {load:.1f} |")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
