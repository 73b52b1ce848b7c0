"""Library scan benchmark: cold scan, warm start, 1% rescan and peak memory, against a naive
baseline, on synthetic libraries of 10k and 100k articles.

    python benchmarks/bench_scan.py [--sizes 10000 100000] [--data benchmarks/data]

Libraries are generated once by `gen_library.py` under benchmarks/data/ (git-ignored) and reused.
Every measurement runs in a fresh subprocess, so imports, caches and peak memory (ru_maxrss of the
process, and separately of its worker processes) belong to that measurement alone. The baseline is
what a script without an index would do: read every file and `yaml.safe_load` (PyYAML's
pure-Python loader) its front matter, in one process. Cold scan and baseline run once; the warm
start, the index-only load and the CLI run `--repeat` times and the fastest run is kept.

Prints a Markdown table (the figures in BENCHMARKS.md come from it) and the targets met or missed.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
RESCAN_FRACTION = 0.01


# --- measurements (each runs in its own subprocess: `bench_scan.py --measure KIND LIB`) --------


def measure_baseline(root: Path, every: int = 1) -> dict[str, Any]:
    """The naive read-and-parse: every file read and its front matter given to PyYAML, one
    process; with `every` > 1 only one file in `every` is read (a sample, at 1M)."""
    import yaml

    start = time.perf_counter()
    seen = parsed = failed = 0
    for folder, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in files:
            if name.startswith("."):
                continue
            seen += 1
            if (seen - 1) % every:
                continue
            text = Path(folder, name).read_text(encoding="utf-8", errors="replace")
            parts = text.lstrip().split("---", 2)
            try:
                yaml.safe_load(parts[1] if len(parts) == 3 else "")
                parsed += 1
            except yaml.YAMLError:
                failed += 1
    seconds = time.perf_counter() - start
    return {"seconds": seconds, "articles": parsed, "failed": failed, "files": seen,
            "read": parsed + failed}  # fmt: skip


def measure_scan(root: Path) -> dict[str, Any]:
    """One `Library.scan()` with the cache dir the parent set up (empty for a cold scan)."""
    from tui_reader.core.library.library import Library

    start = time.perf_counter()
    snapshot = Library(root).scan()
    seconds = time.perf_counter() - start
    changes = snapshot.changes
    return {
        "seconds": seconds,
        "articles": len(snapshot.articles),
        "problems": len(snapshot.problems),
        "parsed": changes.added + changes.changed,
        "removed": changes.removed,
    }


def measure_cached(root: Path) -> dict[str, Any]:
    """`Library.cached()`: the index alone, no stat of the folder (what a UI shows first)."""
    from tui_reader.core.library.library import Library

    start = time.perf_counter()
    snapshot = Library(root).cached()
    return {"seconds": time.perf_counter() - start, "articles": len(snapshot.articles)}


MEASURES = {"baseline": measure_baseline, "scan": measure_scan, "cached": measure_cached}


def child_main(kind: str, root: Path) -> None:
    cpu_start = time.process_time()
    result = MEASURES[kind](root)
    # CPU time (this process and its workers) is what the machine's other load does not inflate.
    workers = resource.getrusage(resource.RUSAGE_CHILDREN)
    result["cpu_seconds"] = time.process_time() - cpu_start + workers.ru_utime + workers.ru_stime
    result["maxrss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    result["workers_maxrss_mb"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(json.dumps(result))


# --- the driver --------------------------------------------------------------------------------


def run_child(kind: str, root: Path, cache: Path) -> dict[str, Any]:
    env = {**os.environ, "XDG_CACHE_HOME": str(cache)}
    command = [sys.executable, str(Path(__file__).resolve()), "--measure", kind, str(root)]
    output = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if output.returncode != 0:
        raise SystemExit(f"{kind} on {root} failed:\n{output.stderr}")
    return json.loads(output.stdout.strip().splitlines()[-1])


def ensure_library(data: Path, count: int) -> Path:
    root = data / f"lib-{count}"
    manifest = root / ".manifest.json"
    if manifest.exists() and json.loads(manifest.read_text())["count"] == count:
        return root
    shutil.rmtree(root, ignore_errors=True)
    sys.path.insert(0, str(HERE))
    from gen_library import generate

    start = time.perf_counter()
    generate(root, count, seed=0)
    print(f"generated {root} in {time.perf_counter() - start:.1f} s", file=sys.stderr)
    return root


def article_files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file() and not p.name.startswith("."))


def modify(files: list[Path]) -> dict[Path, bytes]:
    """Edit each file (a changed body and title), keeping the originals to put back after."""
    originals: dict[Path, bytes] = {}
    for path in files:
        data = path.read_bytes()
        originals[path] = data
        path.write_bytes(data.replace(b"title: '", b"title: 'EDITED ", 1) + b"<!-- edited -->\n")
    return originals


def restore(originals: dict[Path, bytes]) -> None:
    for path, data in originals.items():
        path.write_bytes(data)


def time_cli(root: Path, cache: Path, args: list[str], runs: int) -> float:
    """Best wall time of `tui-reader list LIB > /dev/null`, process start-up included."""
    script = Path(sys.executable).parent / "tui-reader"
    command = [str(script)] if script.exists() else [sys.executable, "-m", "tui_reader"]
    env = {**os.environ, "XDG_CACHE_HOME": str(cache)}
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(
            [*command, "list", str(root), *args],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            check=True,
        )
        times.append(time.perf_counter() - start)
    return min(times)


def best_of(runs: int, measure: Callable[[], dict[str, Any]]) -> dict[str, Any]:
    return min((measure() for _ in range(runs)), key=lambda result: result["seconds"])


def bench(root: Path, scratch: Path, repeat: int) -> dict[str, Any]:
    count = len(article_files(root))
    cache = scratch / f"cache-{count}"
    shutil.rmtree(cache, ignore_errors=True)
    results: dict[str, Any] = {"count": count}
    results["baseline"] = run_child("baseline", root, scratch / "unused")
    results["cold"] = run_child("scan", root, cache)
    # Cheap measurements are repeated and the fastest run kept: on a shared machine the slower
    # runs measure the other load, not the code.
    results["warm"] = best_of(repeat, lambda: run_child("scan", root, cache))
    results["cached"] = best_of(repeat, lambda: run_child("cached", root, cache))
    edited = article_files(root)[:: int(1 / RESCAN_FRACTION)]
    originals = modify(edited)
    try:
        results["rescan"] = run_child("scan", root, cache)
    finally:
        restore(originals)
    run_child("scan", root, cache)  # back in step with the restored files
    results["edited"] = len(edited)
    results["cli_list"] = time_cli(root, cache, [], repeat)
    results["cli_list_json"] = time_cli(root, cache, ["--json"], repeat)
    return results


def report(all_results: list[dict[str, Any]]) -> str:
    lines = [
        "| articles | measurement | wall s | vs baseline | CPU s | main RSS MB | workers RSS MB |",
        "|---:|---|---:|---:|---:|---:|---:|",
    ]
    checks: list[str] = []
    for results in all_results:
        count, base = results["count"], results["baseline"]["seconds"]
        for key, label in (
            ("baseline", "naive baseline (read + yaml.safe_load, 1 process)"),
            ("cold", "cold scan (empty cache)"),
            ("warm", "warm start, nothing changed (`Library.scan()`), best run"),
            ("cached", "index only (`Library.cached()`), best run"),
            ("rescan", f"rescan after {results['edited']} files changed"),
        ):
            row = results[key]
            ratio = row["seconds"] / base
            lines.append(
                f"| {count:,} | {label} | {row['seconds']:.2f} | {ratio:.3f} "
                f"| {row['cpu_seconds']:.2f} | {row['maxrss_mb']:.0f} "
                f"| {row['workers_maxrss_mb']:.0f} |"
            )
        for key, label in (
            ("cli_list", "`tui-reader list LIB > /dev/null` (warm), best run"),
            ("cli_list_json", "`tui-reader list --json` (warm), best run"),
        ):
            lines.append(f"| {count:,} | {label}, whole process | {results[key]:.2f} | | | | |")
        cold, warm = results["cold"], results["warm"]
        checks.append(_check(f"{count}: cold <= 1/4 baseline", cold["seconds"] <= base / 4))
        checks.append(_check(f"{count}: warm <= 1/20 baseline", warm["seconds"] <= base / 20))
        checks.append(_check(f"{count}: rescan parsed the edited files only",
                             results["rescan"]["parsed"] == results["edited"]))  # fmt: skip
        if count >= 100_000:
            checks.append(_check(f"{count}: warm < 1 s", warm["seconds"] < 1))
            peak = max(cold["maxrss_mb"], warm["maxrss_mb"], results["rescan"]["maxrss_mb"])
            checks.append(_check(f"{count}: main process peak < 300 MB", peak < 300))
    return "\n".join(lines) + "\n\n" + "\n".join(checks)


def _check(label: str, ok: bool) -> str:
    return f"- {'met' if ok else 'MISSED'}: {label}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--data", type=Path, default=HERE / "data")
    parser.add_argument("--json", type=Path, help="also write the raw figures to this file")
    parser.add_argument(
        "--repeat", type=int, default=3, help="runs of the cheap measurements, best kept (3)"
    )
    parser.add_argument("--measure", nargs=2, metavar=("KIND", "LIB"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.measure:
        child_main(args.measure[0], Path(args.measure[1]))
        return 0
    all_results = []
    with tempfile.TemporaryDirectory(prefix="bench-scan-") as scratch:
        for size in args.sizes:
            root = ensure_library(args.data, size)
            print(f"measuring {size} articles…", file=sys.stderr)
            all_results.append(bench(root, Path(scratch), args.repeat))
    if args.json:
        args.json.write_text(json.dumps(all_results, indent=1) + "\n")
    load = " / ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"machine: {os.cpu_count()} CPUs, Python {sys.version.split()[0]}, load {load}")
    print(report(all_results))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
