"""The cost curve at 10k, 100k and (behind `--million`) 1M articles: issue 16's targets per size.

    python benchmarks/bench_million.py [--sizes 10000,100000] [--million] [--repeat 5]
        [--data /work/wt/benchdata] [--scratch DIR] [--json FILE] [--home DIR] [--only STEPS]

Libraries are `lib-N` folders of `--data` made by `gen_library.py --count N` (seed 0); they are
only read. For each size, everything the reader keeps (library index, search index, reading
state) lives in temporary XDG folders under `--scratch`, removed at the end. Per size:
- naive baseline: read every file and `yaml.safe_load` its front matter, one process (as
  bench_scan.py). `--baseline-every K` reads every K-th file only and scales the time up (default
  10 from 1M on: a full read of 1M files is ~15 minutes of CPU);
- cold first scan: `Library.scan()` with an empty cache (two worker processes); target <= 0.25x the
  baseline. Wall and CPU (process + workers) ratios are both given: CPU is what the machine's
  other load does not inflate;
- warm `tui-reader list LIB --json > /dev/null`, and plain `list` (the library index alone):
  whole process, with its CPU and peak RSS (target at 1M: < 10 s, < 300 MB; best of
  `--list-repeat`);
- the search index built as the CLI leaves it (scan, `SearchIndex.sync`, folder times), then
  every query of bench_search.py's set as the search bar runs it in the process (first 50, then
  the count; p95 target < 100 ms), and from the CLI (`search Q LIB --limit 50` and `--count`,
  start-up included; p95 target < 0.3 s);
- the reader in tmux (120x40, as bench_reader.py): launch -> the first category and the footer
  on screen, on a warm index (`--repeat` launches after one unmeasured) and on a cold one (an
  empty cache: the first scan of the library; one launch). Targets: cold within 2 s; warm within
  the warm 10k figure + 20% (10k must be in the run); the reader under 500 MB (peak RSS of its
  largest process once its processes are idle, under 2% of a CPU for a second, or after
  `--settle` seconds; on a cold index after at most `--cold-wait` seconds).

`--home DIR` keeps each size's indexes in DIR/home-N (a rerun reuses them); `--only STEPS` runs
some steps alone (say the reader's, on indexes kept with `--home`). `--model-only` launches the
reader with its search index build switched off (`reader_model_only.py`): on a home without a
built search index, its memory is then the library model's alone. The reader run is the
`tui_reader` Python finds: set PYTHONPATH to measure a checkout.

Prints a Markdown table (rows = targets, columns = sizes) and the verdicts.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import reader_screen
from bench_reader import FOOTER, READER, compile_bytecode, terminal_env
from bench_scan import measure_baseline
from bench_search import KINDS, MARKED_EVERY, READ_EVERY, time_query
from reader_screen import Terminal
from user_dirs import XDG_NAMES

HERE = Path(__file__).resolve().parent
PYTHON = sys.executable
MILLION = 1_000_000
QUERIES = [query for queries in KINDS.values() for query in queries]


# --- children: `bench_million.py --child KIND ROOT [ARG]`, in the size's XDG folders ----------


def child_scan(root: Path) -> dict[str, Any]:
    from tui_reader.core.library.library import Library

    start = time.perf_counter()
    snapshot = Library(root).scan()
    return {"seconds": time.perf_counter() - start, "articles": len(snapshot.articles)}


def child_search_build(root: Path) -> dict[str, Any]:
    """The search index in step with the library, as `tui-reader search` leaves it."""
    from tui_reader.core.library.library import Library
    from tui_reader.core.search.index import SearchIndex
    from tui_reader.core.search.stamps import dump, folder_stamps

    snapshot = Library(root).scan()
    index = SearchIndex.for_library(root)
    start = time.perf_counter()
    index.sync(root, snapshot.articles)
    seconds = time.perf_counter() - start
    index.set_meta("folders", dump(folder_stamps(root)))
    size = sum(p.stat().st_size for p in index.path.parent.glob(index.path.name + "*"))
    return {"seconds": seconds, "index_bytes": size}


def child_search(root: Path, repeat: int = 5) -> dict[str, Any]:
    """Each query of the set as the search bar runs it: the first 50, then the count."""
    from tui_reader.core.library.library import Library
    from tui_reader.core.search.index import SearchIndex

    ids = sorted(article.id for article in Library(root).cached().articles)
    # frozensets, the same objects for every query, as the search bar hands them now
    # (StateStore.search_marks): the index then need not read them again
    state = {
        "read_ids": frozenset(ids[::READ_EVERY]),
        "bookmarked_ids": frozenset(ids[::MARKED_EVERY]),
    }
    index = SearchIndex.for_library(root)
    page: list[float] = []
    counted: list[float] = []
    slowest = (0.0, "")
    for query in QUERIES:
        before = len(page)
        time_query(index, query, repeat, state, page, counted)
        worst = max(page[before:] + counted[before:])
        slowest = max(slowest, (worst, query))
    return {"page": page, "count": counted, "slowest": slowest}


def child_first_category(root: Path) -> dict[str, Any]:
    """The name the reader's tree shows first (the first top-level category)."""
    from tui_reader.core.library.library import Library
    from tui_reader.ui.model.category_tree import CategoryTree

    model = CategoryTree(Library(root).cached().articles)
    return {"first": model.root.subcategories()[0].name, "total": model.total}


CHILDREN = {
    "baseline": measure_baseline,  # bench_scan's naive read-and-parse, sampled at 1M
    "scan": child_scan,
    "search_build": child_search_build,
    "search": child_search,
    "first_category": child_first_category,
}


def child_main(kind: str, root: Path, rest: list[str]) -> None:
    cpu_start = time.process_time()
    result = CHILDREN[kind](root, *map(int, rest))
    workers = resource.getrusage(resource.RUSAGE_CHILDREN)
    result["cpu_seconds"] = time.process_time() - cpu_start + workers.ru_utime + workers.ru_stime
    result["maxrss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    result["workers_maxrss_mb"] = workers.ru_maxrss / 1024
    print(json.dumps(result))


# --- the driver --------------------------------------------------------------------------------


def xdg_env(home: Path) -> dict[str, str]:
    env = dict(os.environ)
    for name in XDG_NAMES:
        folder = home / name.lower()
        folder.mkdir(parents=True, exist_ok=True)
        env[name] = str(folder)
    return env


# A child runs from `python -c`, not as this script: the worker processes a scan or an index
# build starts ("spawn") import their parent's main script, and this one's imports (the tmux
# driver, the other benchmarks) cost each worker ~0.07 s of CPU that the reader's and the
# command line's workers do not pay (their main script imports tui_reader.cli).
_CHILD = (
    f"import sys; sys.path.insert(0, {str(HERE)!r}); import bench_million; bench_million.main()"
)


def run_child(env: dict[str, str], kind: str, root: Path, *rest: int) -> dict[str, Any]:
    command = [PYTHON, "-c", _CHILD, "--child", kind, str(root), *map(str, rest)]
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"{kind} on {root} failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def run_cli(env: dict[str, str], args: list[str]) -> dict[str, float]:
    """One `tui-reader ARGS > /dev/null`: wall time, CPU time and peak RSS of the process."""
    start = time.perf_counter()
    process = subprocess.Popen(
        [READER, *args], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode not in (0, 1):  # 1: search found nothing
        raise SystemExit(f"tui-reader {' '.join(args)} exited {process.returncode}")
    return {
        "seconds": seconds,
        "cpu_seconds": usage.ru_utime + usage.ru_stime,
        "maxrss_mb": usage.ru_maxrss / 1024,
    }


def percentile(values: list[float], percent: int) -> float:
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[percent - 1]


def launch_reader(
    root: Path, xdg: Path, first: str, settle_timeout: float, name: str, reader: str = READER
) -> dict[str, Any]:
    """One launch: seconds to the first category and the footer (and that screen); then the
    peak memory once the reader is idle (see `wait_idle`) or after `settle_timeout` seconds."""
    with tempfile.TemporaryDirectory(prefix="bench-million-data-") as data_home:
        term = Terminal(name)
        start = term.launch(f"{reader} {root}", terminal_env(xdg, Path(data_home)))
        try:
            usable = term.wait_for(lambda s: first in s and FOOTER in s, start, timeout=120)
            cpu = term.cpu_seconds()
            screen = term.capture()
            settled = wait_idle(term, start, settle_timeout)
            memory = term.peak_rss_mb()
            cpu_settled = term.cpu_seconds()
        finally:
            term.close(("q",))
    return {"usable": usable, "cpu": cpu, "settled": settled, "cpu_settled": cpu_settled,
            "memory": memory, "screen": screen}  # fmt: skip


def wait_idle(term: Terminal, start: float, timeout: float) -> float | None:
    """Seconds from `start` until the program's processes used under 2% of a CPU for a whole
    second (its background loads and scans are done), or None after `timeout` seconds. The
    screen cannot tell: the status line may read as idle between two stages of the loading."""
    last, quiet = term.cpu_seconds(), 0
    while time.perf_counter() - start < timeout:
        time.sleep(0.5)
        now = term.cpu_seconds()
        quiet = quiet + 1 if now - last < 0.011 else 0
        last = now
        if quiet >= 2:
            return time.perf_counter() - start
    return None


def bench_size(
    size: int, args: argparse.Namespace, scratch: Path, out: dict[str, Any], save: Any
) -> None:
    """Fill `out` with the figures of one size; `save()` after each step. A step that fails is
    recorded as an error and the others still run."""
    root = (args.data / f"lib-{size}").resolve()
    if not (root / ".manifest.json").exists():
        raise SystemExit(f"{root}: no library (make it with gen_library.py {root} --count {size})")
    home = (args.home or scratch) / f"home-{size}"
    env = xdg_env(home)
    out.update(size=size, load_before=os.getloadavg(), errors={})

    def step(key: str, measure: Any) -> None:
        if args.only and key not in args.only:
            return
        print(f"{size}: {key}…", file=sys.stderr, flush=True)
        try:
            out[key] = measure()
        except (SystemExit, Exception) as error:  # noqa: BLE001 - recorded, the run goes on
            out["errors"][key] = str(error)[-2000:]
            print(f"{size}: {key} failed: {str(error)[-500:]}", file=sys.stderr, flush=True)
        out["load_after"] = os.getloadavg()
        save()

    every = args.baseline_every or (10 if size >= MILLION else 1)
    step("baseline", lambda: run_child(env, "baseline", root, every))
    step("cold", lambda: run_child(env, "scan", root))
    # `list --json` and `search` bring the search index in step first: built here, so what
    # follows measures them warm
    step("search_build", lambda: run_child(env, "search_build", root))
    step("list", lambda: min(
        (run_cli(env, ["list", str(root)]) for _ in range(args.list_repeat)),
        key=lambda r: r["seconds"],
    ))  # fmt: skip
    step("list_json", lambda: min(
        (run_cli(env, ["list", str(root), "--json"]) for _ in range(args.list_repeat)),
        key=lambda r: r["seconds"],
    ))  # fmt: skip
    step("search", lambda: run_child(env, "search", root, args.repeat))

    def cli() -> list[dict[str, Any]]:
        runs: list[dict[str, Any]] = []
        for query in QUERIES:
            run_cli(env, ["search", query, str(root), "--limit", "50"])  # page cache
            for _ in range(args.cli_repeat):
                for mode in (["--limit", "50"], ["--count"]):
                    runs.append({**run_cli(env, ["search", query, str(root), *mode]), "q": query})
        return runs

    step("cli", cli)
    if not args.only or {"reader_warm", "reader_cold"} & set(args.only):
        bench_reader_steps(root, args, scratch, home, step)
    if not args.home:
        shutil.rmtree(home, ignore_errors=True)  # the big indexes: gone before the next size


def bench_reader_steps(
    root: Path, args: argparse.Namespace, scratch: Path, home: Path, step: Any
) -> None:
    size = int(root.name.removeprefix("lib-"))
    env = xdg_env(home)
    first = args.first or run_child(env, "first_category", root)["first"]
    reader = f"{PYTHON} {HERE / 'reader_model_only.py'}" if args.model_only else READER
    warm_home = scratch / f"reader-{size}"  # the index and search index built above
    for key, folder in (("cache", "xdg_cache_home"), ("config", "xdg_config_home")):
        warm_home.mkdir(parents=True, exist_ok=True)
        if not (warm_home / key).exists():
            (warm_home / key).symlink_to((home / folder).resolve())
    step(
        "reader_warm",
        lambda: [
            launch_reader(root, warm_home, first, args.settle, f"million-{size}-warm-{run}", reader)
            for run in range(args.repeat + 1)
        ][1:],
    )  # fmt: skip  (the first launch warms the OS caches)
    cold_home = scratch / f"reader-cold-{size}"
    for key in ("cache", "config"):
        (cold_home / key).mkdir(parents=True, exist_ok=True)
    step(
        "reader_cold",
        lambda: launch_reader(root, cold_home, first, args.cold_wait, f"c-{size}", reader),
    )
    shutil.rmtree(cold_home, ignore_errors=True)


# --- the report --------------------------------------------------------------------------------


def _verdict(ok: bool) -> str:
    return "met" if ok else "**not met**"


def report(results: list[dict[str, Any]]) -> str:
    sizes = [r["size"] for r in results]
    header = "| target | " + " | ".join(f"{s:,}" for s in sizes) + " |"
    lines = [header, "|---|" + "---:|" * len(sizes)]
    warm_10k = None
    for r in results:
        if r["size"] == 10_000 and r.get("reader_warm"):
            warm_10k = statistics.median(x["usable"] for x in r["reader_warm"])

    def row(label: str, cell: Any) -> None:
        lines.append(f"| {label} | " + " | ".join(guarded(cell, r) for r in results) + " |")

    def guarded(cell: Any, r: dict[str, Any]) -> str:
        try:
            return str(cell(r))
        except (KeyError, ValueError, statistics.StatisticsError):
            failed = "; ".join(f"{k}: {v.splitlines()[-1] if v else ''}" for k, v in
                               r.get("errors", {}).items())  # fmt: skip
            return f"not measured ({failed or 'missing'})"

    def scan_cell(r: dict[str, Any]) -> str:
        base, cold = r["baseline"], r["cold"]
        scale = base["files"] / max(1, base["read"])
        base["seconds_all"], base["cpu_all"] = base["seconds"] * scale, base["cpu_seconds"] * scale
        wall, cpu = cold["seconds"] / base["seconds_all"], cold["cpu_seconds"] / base["cpu_all"]
        sampled = "" if base["read"] == base["files"] else " (baseline sampled)"
        return (
            f"{cold['seconds']:.1f} s vs {base['seconds_all']:.0f} s{sampled}: wall "
            f"{wall:.3f}, CPU {cpu:.3f} — {_verdict(wall <= 0.25)}; "
            f"{cold['maxrss_mb']:.0f} MB + workers {cold['workers_maxrss_mb']:.0f} MB"
        )

    def list_cell(r: dict[str, Any]) -> str:
        cells = []
        for key, label in (("list_json", ""), ("list", "plain `list`: ")):
            if x := r.get(key):
                ok = x["seconds"] < 10 and x["maxrss_mb"] < 300
                cells.append(
                    f"{label}{x['seconds']:.2f} s (CPU {x['cpu_seconds']:.2f} s), "
                    f"{x['maxrss_mb']:.0f} MB — {_verdict(ok)}"
                )
        if not cells:
            raise KeyError("list_json")
        return "; ".join(cells)

    def build_cell(r: dict[str, Any]) -> str:
        x = r["search_build"]
        return (
            f"{x['seconds']:.0f} s, index {x['index_bytes'] / 1e6:.0f} MB; "
            f"{x['maxrss_mb']:.0f} MB + workers {x['workers_maxrss_mb']:.0f} MB"
        )

    def search_cell(r: dict[str, Any]) -> str:
        x = r["search"]
        p95 = percentile(x["page"] + x["count"], 95) * 1e3
        worst, query = x["slowest"]
        return (
            f"p95 {p95:.1f} ms (first 50 {percentile(x['page'], 95) * 1e3:.1f}, count "
            f"{percentile(x['count'], 95) * 1e3:.1f}; slowest `{query}` {worst * 1e3:.0f} ms), "
            f"{x['maxrss_mb']:.0f} MB — {_verdict(p95 < 100)}"
        )

    def cli_cell(r: dict[str, Any]) -> str:
        times = [c["seconds"] for c in r["cli"]]
        p95, worst = percentile(times, 95), max(r["cli"], key=lambda c: c["seconds"])
        cpu = percentile([c["cpu_seconds"] for c in r["cli"]], 95)
        memory = max(c["maxrss_mb"] for c in r["cli"])
        return (
            f"p95 {p95:.2f} s (CPU p95 {cpu:.2f} s; slowest `{worst['q']}` "
            f"{worst['seconds']:.2f} s), ≤ {memory:.0f} MB — {_verdict(p95 < 0.3)} "
            f"(on CPU time: {_verdict(cpu < 0.3)})"
        )

    def warm_cell(r: dict[str, Any]) -> str:
        usable = [x["usable"] for x in r["reader_warm"]]
        median, cpu = (
            statistics.median(usable),
            statistics.median(x["cpu"] for x in r["reader_warm"]),
        )
        limit = None if warm_10k is None else warm_10k * 1.2
        verdict = "" if limit is None else f" — {_verdict(median <= limit)} (limit {limit:.2f} s)"
        return f"median {median:.2f} s (max {max(usable):.2f}, CPU {cpu:.2f} s){verdict}"

    def cold_cell(r: dict[str, Any]) -> str:
        x = r["reader_cold"]
        return f"{x['usable']:.2f} s (CPU {x['cpu']:.2f} s) — {_verdict(x['usable'] <= 2)}"

    def memory_cell(r: dict[str, Any]) -> str:
        warm = max(x["memory"]["largest"] for x in r["reader_warm"])
        cold = r["reader_cold"]["memory"]["largest"]
        tree = max(x["memory"]["sum"] for x in [*r["reader_warm"], r["reader_cold"]])
        return (
            f"warm {warm:.0f} MB, cold {cold:.0f} MB (all its processes ≤ {tree:.0f} MB) — "
            f"{_verdict(max(warm, cold) < 500)}"
        )

    row("cold first scan ≤ 0.25× naive read + parse", scan_cell)
    row("warm `list --json` (and `list`) < 10 s, < 300 MB (1M)", list_cell)
    row("(context) search index build, size", build_cell)
    row("search in the process, p95 < 100 ms", search_cell)
    row("search from the CLI, p95 < 0.3 s", cli_cell)
    row("reader usable, warm index ≤ warm 10k + 20%", warm_cell)
    row("reader usable, cold index ≤ 2 s", cold_cell)
    row("reader memory < 500 MB", memory_cell)
    loads = "; ".join(
        f"{r['size']:,}: {r['load_before'][0]:.1f} → {r['load_after'][0]:.1f}" for r in results
    )
    return "\n".join(lines) + f"\n\nLoad average (1 min) before → after each size: {loads}.\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000", help="comma-separated (10000,100000)")
    parser.add_argument("--million", action="store_true", help="add 1,000,000 (takes long)")
    parser.add_argument("--data", type=Path, default=HERE / "data", help="holds lib-N folders")
    parser.add_argument("--scratch", type=Path, help="where the temporary XDG folders go")
    parser.add_argument("--repeat", type=int, default=5, help="reader launches, query runs")
    parser.add_argument("--cli-repeat", type=int, default=2, help="CLI runs of each query")
    parser.add_argument("--list-repeat", type=int, default=3, help="warm list --json runs")
    parser.add_argument("--baseline-every", type=int, default=0, help="sample the baseline")
    parser.add_argument("--settle", type=float, default=60, help="warm reader: wait for idle")
    parser.add_argument("--cold-wait", type=float, default=30, help="cold reader: memory after")
    parser.add_argument("--json", type=Path, help="also write the raw figures to this file")
    parser.add_argument(
        "--home", type=Path, help="keep each size's index and search index in HOME/home-N (reused)"
    )
    parser.add_argument(
        "--only", type=lambda text: text.split(","), help="run these steps only (comma-separated: "
        "baseline, cold, search_build, list, list_json, search, cli, reader_warm, reader_cold)"
    )  # fmt: skip
    parser.add_argument(
        "--first", help="the first category's name (by default read from the index built)"
    )
    parser.add_argument(
        "--model-only", action="store_true", help="the reader without its search index build"
    )
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        kind, root, *rest = args.child
        child_main(kind, Path(root), rest)
        return 0
    sizes = sorted({int(s) for s in args.sizes.split(",")} | ({MILLION} if args.million else set()))
    compile_bytecode()
    reader_screen.SERVER = f"bench-million-{os.getpid()}"  # a tmux server of this run alone
    Terminal.start_server()
    results: list[dict[str, Any]] = []
    try:
        with tempfile.TemporaryDirectory(prefix="bench-million-", dir=args.scratch) as scratch:

            def save() -> None:  # after each step: a long run keeps what it measured
                if args.json:
                    args.json.write_text(json.dumps(results, indent=1, ensure_ascii=False))

            for size in sizes:
                results.append({})
                bench_size(size, args, Path(scratch), results[-1], save)
    finally:
        Terminal.stop_server()
    print(f"machine: {os.cpu_count()} CPUs, Python {sys.version.split()[0]}")
    print(report(results))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
