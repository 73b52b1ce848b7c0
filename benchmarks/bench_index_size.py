"""Search index size and cold build time against the library, with query latency beside them.

    python benchmarks/bench_index_size.py LIBRARY [--repeat 20] [--keep DIR] [--tables]

Scans LIBRARY (not timed as the build), then builds its search index from nothing and reports:
the index's bytes against the library's (the sum of its files' sizes), the build's wall time and
CPU time (this process and its worker processes: on a shared machine the CPU time is the steadier
figure), and the p50 / p95 of each query kind of `bench_search.py` (the newest 50, then the
count, as the search bar runs them). `--tables` adds each table's bytes (SQLite's dbstat).
Everything lives in temporary user folders (or under DIR), never the user's own.

Run it with another checkout on PYTHONPATH to measure that checkout's index (the script uses
only `Library.scan`, `SearchIndex.sync`, `search` and `count_matches`).
"""

from __future__ import annotations

import argparse
import os
import resource
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_search import KINDS, MARKED_EVERY, READ_EVERY, time_query  # noqa: E402
from user_dirs import use_user_dirs  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("library", type=Path)
    parser.add_argument("--repeat", type=int, default=20, help="runs of each query")
    parser.add_argument("--keep", type=Path, help="build under this folder (kept)")
    parser.add_argument("--tables", action="store_true", help="the bytes of each table")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-index-size-") as temporary:
        use_user_dirs(args.keep or Path(temporary))
        return _bench(args.library.resolve(), args)


def _cpu() -> float:
    mine = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return mine.ru_utime + mine.ru_stime + children.ru_utime + children.ru_stime


def _bench(root: Path, args: argparse.Namespace) -> int:
    import tui_reader
    from tui_reader.core.library.library import Library
    from tui_reader.core.search.index import SearchIndex

    load = os.getloadavg()[0]
    snapshot = Library(root).scan()
    index = SearchIndex.for_library(root)
    wall, cpu = time.perf_counter(), _cpu()
    stats = index.sync(root, snapshot.articles)
    wall, cpu = time.perf_counter() - wall, _cpu() - cpu
    index_bytes = sum(p.stat().st_size for p in index.path.parent.glob(index.path.name + "*"))
    library_bytes = sum(p.stat().st_size for p in root.rglob("*") if p.is_file())
    ids = sorted(article.id for article in snapshot.articles)
    state = {"read_ids": set(ids[::READ_EVERY]), "bookmarked_ids": set(ids[::MARKED_EVERY])}
    print(f"code: {Path(tui_reader.__file__).parent.parent}; library: {root}")
    print(f"load average {load:.1f} at the start, {os.getloadavg()[0]:.1f} after the build\n")
    print("| measure | measured |\n|---|---|")
    print(f"| articles indexed | {stats.added} |")
    print(f"| cold build | {wall:.1f} s wall, {cpu:.1f} s CPU (with its worker processes) |")
    print(f"| index / library | {index_bytes / 1e6:.1f} MB / {library_bytes / 1e6:.1f} MB = "
          f"{index_bytes / library_bytes:.3f}× |")  # fmt: skip
    if args.tables:
        print()
        print("| table | MB |\n|---|---|")
        with sqlite3.connect(index.path) as connection:
            rows = connection.execute(
                "SELECT name, sum(pgsize) FROM dbstat GROUP BY name ORDER BY 2 DESC"
            ).fetchall()
        for name, size in rows:
            print(f"| {name} | {size / 1e6:.2f} |")
    print()
    print("| query kind | first 50: p50 / p95 ms | count: p50 / p95 ms | matches |")
    print("|---|---|---|---|")
    for kind, queries in KINDS.items():
        page: list[float] = []
        counted: list[float] = []
        totals = []
        for query in queries:
            totals.append(time_query(index, query, args.repeat, state, page, counted))
        print(f"| {kind} | {_ms(page, 50):.2f} / {_ms(page, 95):.2f} | "
              f"{_ms(counted, 50):.2f} / {_ms(counted, 95):.2f} | "
              f"{' '.join(map(str, totals))} |")  # fmt: skip
    return 0


def _ms(values: list[float], percent: int) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[percent - 1] * 1e3


if __name__ == "__main__":
    raise SystemExit(main())
