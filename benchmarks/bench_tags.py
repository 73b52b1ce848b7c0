"""Benchmark acting on a query's articles and personal tags at scale.

    python benchmarks/bench_tags.py LIBRARY [--repeat 5]

LIBRARY is a synthetic library (`benchmarks/gen_library.py LIBRARY --count 100000`); its search
index is built first (not timed). Everything else happens with temporary XDG_* folders (the
user's real state is never touched).

Measured:
- `tui-reader mark read --query QUERY` and `tui-reader tag add later --query QUERY` over a query
  matching every article (100k): the whole command, run in this process as the CLI runs it, and
  within it the store's write (`StateStore.set_read` / `set_tags`: the log burst and the merge),
  with the number of `os.write` calls on the log. Wall clock and CPU time: the machine is shared,
  and CPU time does not grow when other processes compete for the cores.
- start-up with 100k tag lines (another device's log: 100k articles under 10 tags): opening the
  state and asking what the reader draws first (read ids, bookmarks, the tags with their
  articles), warm cache, minus the same with an empty state folder (median of `--repeat`); and
  the first start, which merges the log into a new cache.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from user_dirs import temporary_user_dirs  # noqa: E402

from tui_reader.cli import main as cli  # noqa: E402
from tui_reader.core.state import log as state_log  # noqa: E402
from tui_reader.core.state.log import MICROSECONDS, Change, encode, tag_field  # noqa: E402
from tui_reader.core.state.store import StateStore  # noqa: E402

EVERYTHING = "-qqzzxxnotaword"  # matches every article
LIMIT_WRITE_S = 1.0  # the store's part of a bulk change of 100k articles
LIMIT_START_MS = 100.0  # what 100k tag lines add to start-up


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("library", type=Path, help="a library made by gen_library.py")
    parser.add_argument("--repeat", type=int, default=5, help="start-ups timed (median)")
    args = parser.parse_args()
    with temporary_user_dirs("bench-tags-") as home:
        print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}")
        failed = bulk(args.library)
        failed += start_up(home, args.repeat)
        print(f"(load average at the end: {os.getloadavg()[0]:.1f})")
        return 1 if failed else 0


def run_cli(*args: str) -> tuple[str, float, float]:
    """The command's output, wall and CPU seconds."""
    out = io.StringIO()
    wall, cpu = time.perf_counter(), time.process_time()
    with contextlib.redirect_stdout(out):
        status = cli(list(args))
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    if status != 0:
        raise SystemExit(f"tui-reader {' '.join(args)} failed ({status}): {out.getvalue()}")
    return out.getvalue().strip().splitlines()[-1], wall, cpu


class Recorder:
    """Times one StateStore method and counts the log's os.write calls while it runs."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.wall = self.cpu = 0.0
        self.writes = 0

    def __enter__(self) -> Recorder:
        self.real = getattr(StateStore, self.name)
        self.real_write = state_log.os.write
        recorder = self

        def counting(fd: int, data: bytes) -> int:
            recorder.writes += 1
            return recorder.real_write(fd, data)

        def timed(store: StateStore, *args: object, **kwargs: object) -> object:
            wall, cpu = time.perf_counter(), time.process_time()
            state_log.os.write = counting  # type: ignore[assignment]
            try:
                return recorder.real(store, *args, **kwargs)
            finally:
                state_log.os.write = recorder.real_write  # type: ignore[assignment]
                recorder.wall += time.perf_counter() - wall
                recorder.cpu += time.process_time() - cpu

        setattr(StateStore, self.name, timed)
        return self

    def __exit__(self, *_exc: object) -> None:
        setattr(StateStore, self.name, self.real)


def bulk(library: Path) -> int:
    said, wall, _ = run_cli("search", "--count", EVERYTHING, "--library", str(library))
    print(f"library: {said} articles match {EVERYTHING!r} (index built in {wall:.1f} s)")
    failed = 0
    for args, method in (
        (("mark", "read"), "set_read"),
        (("tag", "add", "later"), "edit_tags"),
        (("mark", "unread"), "set_read"),
        (("tag", "remove", "later"), "edit_tags"),
    ):
        with Recorder(method) as inner:
            said, wall, cpu = run_cli(*args, "--query", EVERYTHING, "--library", str(library))
        ok = inner.cpu < LIMIT_WRITE_S
        failed += not ok
        print(f"tui-reader {' '.join(args)} --query: {said}")
        print(f"  whole command {wall:6.2f} s wall, {cpu:6.2f} s CPU")
        print(f"  {method} (log write and merge) {inner.wall:6.3f} s wall, {inner.cpu:6.3f} s "
              f"CPU, {inner.writes} os.write calls  (limit {LIMIT_WRITE_S} s CPU: "
              f"{'ok' if ok else 'OVER'})")  # fmt: skip
    return failed


def start_up(home: Path, repeat: int) -> int:
    empty, folder = home / "empty-state", home / "tag-state"
    baseline = statistics.median(start(empty) for _ in range(repeat))
    cpu_baseline = statistics.median(start(empty, time.process_time) for _ in range(repeat))
    t0 = time.time_ns() // 1000 - 365 * 86400 * MICROSECONDS
    folder.mkdir()
    with open(folder / "device-0000111122223333.jsonl", "wb") as log:
        for i in range(100_000):
            field = tag_field(f"tag-{i % 10}")
            log.write(encode(Change(t0 + i * MICROSECONDS, f"{i:016x}", field, True)))
    cold = start(folder)
    warm = statistics.median(start(folder) for _ in range(repeat))
    cpu = statistics.median(start(folder, time.process_time) for _ in range(repeat))
    ok = warm - baseline < LIMIT_START_MS
    print("start-up with 100k tag lines (10 tags) in another device's log:")
    print(f"  added, warm cache      {warm - baseline:7.1f} ms wall, {cpu - cpu_baseline:7.1f} ms "
          f"CPU  (limit {LIMIT_START_MS:g} ms: {'ok' if ok else 'OVER'})")  # fmt: skip
    print(f"  warm cache, total      {warm:7.1f} ms (empty state folder {baseline:.1f} ms)")
    print(f"  first start (no cache) {cold:7.1f} ms")
    return 0 if ok else 1


def start(folder: Path, clock: Callable[[], float] = time.perf_counter) -> float:
    """Milliseconds to open the state and get what the reader draws first."""
    began = clock()
    store = StateStore.open(folder)
    store.read_ids()
    store.bookmarks()
    tags = {name: store.tagged(name) for name in store.all_tags()}
    store.tags_of("0" * 16)
    elapsed = (clock() - began) * 1000
    assert sum(map(len, tags.values())) in (0, 100_000)
    store.close()
    return elapsed


if __name__ == "__main__":
    sys.exit(main())
