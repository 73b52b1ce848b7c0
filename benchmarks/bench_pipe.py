"""Piping an article to a tool (`core.pipe`): what the runner, the cache and the input forms cost.

- through cat: `run_pipe` with `cat` on texts of 1, 2, 4 and 8 MB of mixed Chinese and English
  (writing stdin from a thread while stdout and stderr are read, then the output decoded and
  cleaned), with the ratio of the largest to the smallest per MB: near 1 is linear;
- cut: `yes` writes without end; the runner stops it at the 16 MB cap;
- cache: `run_cached` for a text whose output is cached (memory, then a fresh cache: from disk);
- input: the article as text, Markdown and HTML (`render.pipe_input`) for the sample articles.
Times are wall-clock milliseconds, the best of `--runs` runs.

Run: `.venv/bin/python benchmarks/bench_pipe.py` (add `--runs 1` for a quick look).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from user_dirs import temporary_user_dirs  # noqa: E402

from tui_reader.core.library.api import Library  # noqa: E402
from tui_reader.core.pipe.api import PipeCache, PipeCommand, run_cached, run_pipe  # noqa: E402
from tui_reader.render.pipe_input import pipe_input  # noqa: E402

CAT = PipeCommand("cat", ("cat",))
LINE = "一二三四五六七八九十 the quick brown fox\n"


def best(function: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return min(times) * 1000


def text_of(megabytes: int) -> str:
    size = megabytes * 1024 * 1024
    return LINE * (size // len(LINE.encode()))


def main() -> None:
    with temporary_user_dirs("bench-pipe-"):  # the samples' index and the pipe cache
        _main()


def _main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    runs = parser.parse_args().runs
    per_mb = {}
    for megabytes in (1, 2, 4, 8):
        text = text_of(megabytes)
        elapsed = best(lambda text=text: run_pipe(CAT, text), runs)
        per_mb[megabytes] = elapsed / megabytes
        print(f"through cat, {megabytes} MB: {elapsed:8.1f} ms ({per_mb[megabytes]:.1f} ms/MB)")
    print(f"  ms/MB at 8 MB / at 1 MB: {per_mb[8] / per_mb[1]:.2f}")
    endless = PipeCommand("yes", ("yes", "words"), timeout=60)
    print(f"cut at 16 MB (yes): {best(lambda: run_pipe(endless, ''), runs):8.1f} ms")
    with tempfile.TemporaryDirectory() as folder:
        text = text_of(1)
        run_cached(CAT, "id", text, PipeCache(Path(folder)))
        cache = PipeCache(Path(folder))
        disk = best(lambda: run_cached(CAT, "id", text, PipeCache(Path(folder))), runs)
        run_cached(CAT, "id", text, cache)
        memory = best(lambda: run_cached(CAT, "id", text, cache), runs)
        print(f"cached 1 MB output: from memory {memory:.1f} ms, from disk {disk:.1f} ms")
    library = Library(ROOT / "tests" / "samples")
    articles = [(a, library.body(a)) for a in library.scan().articles]
    size = sum(len(body) for _a, body in articles)
    for form in ("text", "markdown", "html"):
        elapsed = best(lambda form=form: [pipe_input(a, b, form) for a, b in articles], runs)
        print(f"input as {form:8} for {len(articles)} samples ({size:,} chars): {elapsed:.1f} ms")


if __name__ == "__main__":
    main()
