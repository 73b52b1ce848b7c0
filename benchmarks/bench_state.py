"""Benchmark the reading state: what the user waits for when marking, and what it adds to start-up.

    python benchmarks/bench_state.py [--marks 100000] [--bookmarks 10000] [--repeat 15]

Everything happens in a temporary folder with its own XDG_* folders (the user's real state is never
touched). The state is written as two devices' logs, as a synced folder would hold it: this
device's log with half the read marks and the bookmarks, another device's log with the rest.

Measured (wall clock, `time.perf_counter`):
- mark read / toggle bookmark: one `set_read([id], True|False)` or `set_bookmark(article, on)` call
  on the full state, as the UI makes it for one key press (the change is in the log when it
  returns); median, 95th percentile and worst of 1000 calls each.
- start-up: `StateStore.open()` plus the first `read_ids()` and `bookmarks()` the UI makes to draw
  its tree, with the cache warm (a normal start), minus the same with an empty state folder: what
  the reading state adds. Also reported: the first start with no cache (it rebuilds from the logs)
  and a start after another device appended 1000 lines (median of 5).
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tui_reader.core.library.model import Article  # noqa: E402
from tui_reader.core.state.log import BOOKMARK, MICROSECONDS, READ, Change, encode  # noqa: E402
from tui_reader.core.state.store import StateStore  # noqa: E402

LIMIT_MARK_MS = 5.0
LIMIT_START_MS = 200.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--marks", type=int, default=100_000, help="read marks")
    parser.add_argument("--bookmarks", type=int, default=10_000, help="bookmarks")
    parser.add_argument("--repeat", type=int, default=15, help="start-ups timed (median)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-state-") as temporary:
        home = Path(temporary)
        for name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
            os.environ[name] = str(home / name.lower())
        return run(home, args.marks, args.bookmarks, args.repeat)


def run(home: Path, marks: int, bookmarks: int, repeat: int) -> int:
    empty, folder = home / "empty-state", home / "state"
    results: list[tuple[str, float, float | None]] = []

    baseline = statistics.median(start(empty) for _ in range(repeat))
    device = StateStore.open(folder).device
    write_logs(folder, device, marks, bookmarks)
    size = sum(log.stat().st_size for log in folder.glob("*.jsonl")) / 1e6
    print(f"state: {marks:,} read marks, {bookmarks:,} bookmarks, logs {size:.1f} MB")
    print(  # timings swing with what else runs: say how busy the machine was
        f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}; "
        f"Python {sys.version.split()[0]}, SQLite {sqlite3.sqlite_version}"
    )

    cold = start(folder)  # no cache yet: merges every log
    warm = statistics.median(start(folder) for _ in range(repeat))
    results.append(("start-up added (warm cache)", warm - baseline, LIMIT_START_MS))
    # CPU time does not grow when other processes compete for the cores: the work itself.
    cpu = statistics.median(start(folder, time.process_time) for _ in range(repeat))
    cpu_empty = statistics.median(start(empty, time.process_time) for _ in range(repeat))
    results.append(("  start-up added, CPU time only", cpu - cpu_empty, None))
    results.append(("  start-up, warm cache (total)", warm, None))
    results.append(("  start-up, empty state folder", baseline, None))
    results.append(("  first start-up, no cache (rebuild)", cold, None))
    synced = []
    for _ in range(5):
        append_other_device(folder, 1000)
        synced.append(start(folder))
    results.append(("  start-up after +1000 synced lines", statistics.median(synced), None))

    store = StateStore.open(folder)
    ids = [f"new{i}" for i in range(1000)]
    read_times = [timed_ms(partial(store.set_read, [i], True)) for i in ids]
    article = Article(id="bench", path="a/b.md", title="标题 title", date=datetime.now(UTC))
    toggles = [timed_ms(partial(store.set_bookmark, article, n % 2 == 0)) for n in range(1000)]
    category = [f"cat{i}" for i in range(1000)]
    results += percentiles("mark read (one key press)", read_times, LIMIT_MARK_MS)
    results += percentiles("toggle bookmark", toggles, LIMIT_MARK_MS)
    results.append(
        ("  mark 1000 read at once", timed_ms(lambda: store.set_read(category, True)), None)
    )
    results.append(("  undo that", timed_ms(lambda: store.undo()), None))
    results.append(("  refresh, nothing new", median_ms(store.refresh, repeat), None))
    store.close()
    print(f"(load average at the end: {os.getloadavg()[0]:.1f})")
    return report(results)


def start(folder: Path, clock: Callable[[], float] = time.perf_counter) -> float:
    """Milliseconds to open the state and get what the UI draws first (closing is not timed:
    it happens when the reader quits)."""
    began = clock()
    store = StateStore.open(folder)
    store.read_ids()
    store.bookmarks()
    elapsed = (clock() - began) * 1000
    store.close()
    return elapsed


def write_logs(folder: Path, device: str, marks: int, bookmarks: int) -> None:
    """Half the marks on this device, half (and every bookmark) on another, times interleaved."""
    t0 = time.time_ns() // 1000 - 365 * 86400 * MICROSECONDS  # stamps: microseconds
    mine, other = folder / f"device-{device}.jsonl", folder / "device-0000111122223333.jsonl"
    with open(mine, "wb") as own, open(other, "wb") as theirs:
        for i in range(marks):
            change = Change(t0 + i * MICROSECONDS, f"{i:016x}", READ, True)
            (own if i % 2 else theirs).write(encode(change))
        for i in range(bookmarks):
            value = {
                "title": f"书签 bookmark number {i} with a title of ordinary length",
                "path": f"source/2024/{i % 12 + 1:02d}/{i:016x}.md",
                "date": "2024-11-26T08:00:00+00:00",
            }
            own.write(
                encode(Change(t0 + (marks + i) * MICROSECONDS, f"{i * 7:016x}", BOOKMARK, value))
            )


def append_other_device(folder: Path, count: int) -> None:
    with open(folder / "device-0000111122223333.jsonl", "ab") as log:
        for i in range(count):
            log.write(encode(Change(time.time_ns() // 1000, f"synced{i % 3000}", READ, i % 2 == 0)))


def timed_ms(action: Callable[[], object]) -> float:
    start_time = time.perf_counter()
    action()
    return (time.perf_counter() - start_time) * 1000


def median_ms(action: Callable[[], object], repeat: int) -> float:
    return statistics.median(timed_ms(action) for _ in range(repeat))


def percentiles(
    name: str, times: list[float], limit: float
) -> list[tuple[str, float, float | None]]:
    ordered = sorted(times)
    p95 = ordered[int(len(ordered) * 0.95)]
    return [
        (f"{name}, median", statistics.median(ordered), None),
        (f"{name}, 95th percentile", p95, limit),
        (f"{name}, worst", ordered[-1], None),
    ]


def report(results: list[tuple[str, float, float | None]]) -> int:
    failed = 0
    for name, value, limit in results:
        verdict = ""
        if limit is not None:
            ok = value < limit
            failed += not ok
            verdict = f"  (limit {limit:g} ms: {'ok' if ok else 'OVER'})"
        print(f"{name:<42} {value:9.3f} ms{verdict}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
