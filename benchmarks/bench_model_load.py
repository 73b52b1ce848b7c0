"""The library model read from a warm index: `Library.cached()`'s wall and CPU time and the
process's peak RSS, or (`--trace`) the bytes an article by tracemalloc and where they go.

    python benchmarks/bench_model_load.py LIBRARY WARM_HOME [--trace] [--runs 3]

WARM_HOME holds the library index of LIBRARY in its XDG cache folder (`cache/tui-reader/index/
library-*.sqlite3`, a copy: it is opened as the reader opens it); no other folder is used. Each
run in a process of its own (the first warms the OS's cache of the index file: run several);
`PYTHONPATH` picks the checkout measured.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

from user_dirs import big_library_arguments, warm_index


def child(library: Path, index: Path, trace: bool) -> dict[str, object]:
    from tui_reader.core.library.library import Library

    opened = Library(library, index_path=index)
    if trace:
        tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0] if trace else 0
    wall, cpu = time.perf_counter(), time.process_time()
    snapshot = opened.cached()
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    count = len(snapshot.articles)
    found: dict[str, object] = {
        "articles": count,
        "wall": round(wall, 3),
        "cpu": round(cpu, 3),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }
    if trace:
        found["traced_bytes_an_article"] = round(
            (tracemalloc.get_traced_memory()[0] - before) / max(count, 1), 1
        )
        top = tracemalloc.take_snapshot().statistics("lineno")[:6]
        found["where"] = [f"{s.traceback[0]}: {s.size / max(count, 1):.1f} B" for s in top]
    return found


def main() -> int:
    parser = big_library_arguments(__doc__.splitlines()[0])
    parser.add_argument("--trace", action="store_true", help="bytes by tracemalloc (slower)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    index = warm_index(args.warm_home)
    if args.child:
        print(json.dumps(child(args.library, index, args.trace), ensure_ascii=False))
        return 0
    print(f"load average {os.getloadavg()[0]:.1f}")
    command = [sys.executable, __file__, str(args.library), str(args.warm_home), "--child"]
    for _ in range(args.runs):
        out = subprocess.run(
            command + (["--trace"] if args.trace else []), capture_output=True, text=True
        )
        print(out.stdout.strip() or out.stderr.strip())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
