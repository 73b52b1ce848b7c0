"""Hostile text: runs of C1 string introducers and ESC floods through the sanitiser and `list`.

    python benchmarks/bench_hostile_text.py [--sizes 100000 1000000] [--kinds NAME ...]
        [--timeout 60]

For each kind and size it prints the milliseconds of `core.sanitize.clean_text` on the text (CPU,
best of 3, 1 past a second), of `tui-reader list` (wall clock, a fresh process and a fresh cache
each time, so the file is parsed) on a library of one article whose title is the text (YAML
escapes in double quotes), and of `tui-reader show` on an article whose body is the text; then
the growth from the first size to the last against the growth of the size (linear work grows as
the size). "plain text" is the yardstick: the same size of letters with one ESC, so that the
sanitiser does its full work. `--timeout` gives up on a measurement past that many seconds:
"> 60 s" is printed then. Run it with `PYTHONPATH` at another checkout to measure that code.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

KINDS = [
    ("plain text", "a"),
    ("U+0090 (DCS) run", "\x90"),
    ("U+0098 (SOS) run", "\x98"),
    ("U+009D (OSC) run", "\x9d"),
    ("U+009F (APC) run", "\x9f"),
    ("U+009B (CSI) run", "\x9b"),
    ("ESC flood", "\x1b"),
    ("ESC ] flood", "\x1b]"),
    ("ESC [ flood", "\x1b["),
    ("OSC and 100 letters, no end", "\x9d" + "x" * 100),
]


def hostile(unit: str, size: int) -> str:
    text = unit * (size // len(unit))
    return text + "\x1b" if unit == "a" else text


def yaml_title(text: str) -> str:
    """A `title:` line whose value is `text`: double-quoted, controls as YAML escapes."""
    text = text.replace("\\", "\\\\").replace('"', '\\"')
    escaped = "".join(
        f"\\x{ord(c):02x}" if ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F else c for c in text
    )
    return f'title: "{escaped}"\n'


def _clean(text: str) -> float:
    from tui_reader.core.sanitize import clean_text

    runs = []
    for _ in range(3):
        start = time.process_time()
        clean_text(text)
        runs.append(time.process_time() - start)
        if runs[-1] > 1:
            break
    return min(runs)


def _in_child(queue: multiprocessing.Queue, text: str) -> None:  # type: ignore[type-arg]
    queue.put(_clean(text))


def time_clean(text: str, timeout: float) -> float | None:
    """`clean_text` in a child process, given up after `timeout` seconds."""
    queue: multiprocessing.Queue[float] = multiprocessing.Queue()
    child = multiprocessing.Process(target=_in_child, args=(queue, text))
    child.start()
    child.join(timeout)
    if child.is_alive():
        child.kill()
        child.join()
        return None
    return queue.get()


def time_command(command: str, front: str, body: str, timeout: float) -> float | None:
    """`tui-reader list` (or `show`) on a library of one article, cold (fresh cache), wall
    clock."""
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "library"
        root.mkdir()
        (root / "hostile.md").write_text(f"---\n{front}date: 2022-01-01\n---\n{body}\n")
        env = dict(os.environ)
        for name in ("XDG_CACHE_HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME"):
            env[name] = str(Path(folder) / name.lower())
        start = time.perf_counter()
        try:
            subprocess.run(
                [sys.executable, "-m", "tui_reader", command, str(root)]
                if command == "list"
                else [sys.executable, "-m", "tui_reader", command, str(root / "hostile.md")],
                cwd=folder,  # not the checkout: `-m` puts the working folder first on the path
                env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=timeout,
                check=False,
            )  # fmt: skip
        except subprocess.TimeoutExpired:
            return None
        return time.perf_counter() - start


def shown(seconds: float | None, timeout: float) -> str:
    return f"> {timeout:g} s" if seconds is None else f"{seconds * 1000:.1f}"


def growth(first: float | None, last: float | None) -> str:
    return "-" if first is None or last is None or first <= 0 else f"x{last / first:.1f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--kinds", nargs="+", help="only the kinds whose names contain these")
    parser.add_argument("--timeout", type=float, default=60.0)
    args = parser.parse_args()
    kinds = [
        (name, unit) for name, unit in KINDS
        if not args.kinds or any(part in name for part in args.kinds)
    ]  # fmt: skip
    sizes = args.sizes
    ratio = sizes[-1] / sizes[0]
    print(f"sizes {', '.join(f'{s:,}' for s in sizes)} characters; ms; growth for x{ratio:g}")
    print(f"{'kind':30} {'size':>9} {'clean_text':>11} {'list, title':>12} {'show, body':>11}")
    for name, unit in kinds:
        results = []
        for size in sizes:
            text = hostile(unit, size)
            row = (
                time_clean(text, args.timeout),
                time_command("list", yaml_title(text), "<p>body</p>", args.timeout),
                time_command("show", "title: hostile body\n", text, args.timeout),
            )
            results.append(row)
            cells = [shown(value, args.timeout) for value in row]
            print(f"{name:30} {size:>9,} {cells[0]:>11} {cells[1]:>12} {cells[2]:>11}", flush=True)
        first, last = results[0], results[-1]
        grown = [growth(a, b) for a, b in zip(first, last, strict=True)]
        print(f"{'':30} {'growth':>9} {grown[0]:>11} {grown[1]:>12} {grown[2]:>11}")


if __name__ == "__main__":
    main()
