"""The first `tui-reader search` after the reader updated the search index, against one after
nothing changed: both should answer from the index alone, without walking the library.

    python benchmarks/bench_search_after_reader.py [--count 10000]

A synthetic library (benchmarks/gen_library.py) and every index live in temporary folders (XDG_*
pointed there); the user's own files are never touched. The reader's update is done as the
reader does it after a rescan that found a new file: `Library.scan`, then `SearchIndex.sync`
with the snapshot (and its folder times, where the code has them). Each search runs in a fresh
process: `tui-reader search 芯片 LIBRARY --count`.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--count", type=int, default=10_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="tui-reader-bench-") as temp:
        base = Path(temp)
        for name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
            os.environ[name] = str(base / name.lower())
        root = base / "library"
        subprocess.run([sys.executable, str(HERE / "gen_library.py"), str(root), "--count",
                        str(args.count)], check=True, stdout=subprocess.DEVNULL)  # fmt: skip
        print(f"first search (builds the index): {search(root):.2f} s")
        print(f"search, library unchanged: {search(root):.2f} s")
        update_as_the_reader_does(root)
        print(f"first search after the reader's update: {search(root):.2f} s")
        print(f"the next search: {search(root):.2f} s")
    print(f"load average: {os.getloadavg()[0]:.1f}")
    return 0


def update_as_the_reader_does(root: Path) -> None:
    from tui_reader.core.library.library import Library
    from tui_reader.core.search.index import SearchIndex

    (root / "added.md").write_text("---\ntitle: added\ndate: 2024-01-01\n---\n<p>x</p>\n")
    snapshot = Library(root).scan()
    folders = getattr(snapshot, "folders", None)  # older code has none
    index = SearchIndex.for_library(root)
    if folders is None:
        index.sync(root, snapshot.articles)
    else:
        index.sync(root, snapshot.articles, folders=folders)


def search(root: Path) -> float:
    start = time.perf_counter()
    command = [sys.executable, "-m", "tui_reader", "search", "芯片", str(root), "--count"]
    subprocess.run(command, check=True, capture_output=True)
    return time.perf_counter() - start


if __name__ == "__main__":
    raise SystemExit(main())
