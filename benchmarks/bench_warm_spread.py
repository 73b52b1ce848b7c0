"""The spread of warm starts: `Library(root).scan()` of an unchanged library, in a fresh process
each time (as `bench_scan.py` measures it, which keeps only the best of `--repeat` runs).

    python benchmarks/bench_warm_spread.py [LIBRARY] [--runs 7]

LIBRARY defaults to benchmarks/data/lib-100000 (made by bench_scan.py). The index lives in a
temporary cache folder: the first, cold scan fills it and is not counted.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
from pathlib import Path

from bench_scan import run_child

HERE = Path(__file__).resolve().parent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("library", nargs="?", type=Path, default=HERE / "data" / "lib-100000")
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temporary:
        cache = Path(temporary)
        run_child("scan", args.library, cache)  # cold: fills the index
        results = [run_child("scan", args.library, cache) for _ in range(args.runs)]
    runs = [result["seconds"] for result in results]
    cpu = [result["cpu_seconds"] for result in results]
    shown = ", ".join(f"{seconds:.3f}" for seconds in runs)
    print(f"warm starts of {args.library.name}, {args.runs} fresh processes: {shown} s")
    print(f"min {min(runs):.3f} s, median {statistics.median(runs):.3f} s, max {max(runs):.3f} s; "
          f"CPU (both processes) median {statistics.median(cpu):.3f} s")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
