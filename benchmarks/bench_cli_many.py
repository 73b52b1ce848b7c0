"""The command line on big libraries: printing every match against `grep -rl`, counting, and
ten commands on one library at once against one alone.

    python benchmarks/bench_cli_many.py LIBRARY... [--query 的] [--runs 3] [--home DIR]
        [--checkout DIR]

For each LIBRARY (a generated one, see gen_library.py), with warm indexes (the first commands
build them; keep them between runs with --home):

- `tui-reader search QUERY` printing every match, and `grep -rl QUERY` over the same files,
  interleaved, best of --runs each, and the ratio;
- `search QUERY --count`;
- `list --json`: one alone (best of --runs), then ten at once (the wall time until the last ends,
  the slowest one, their CPU time in all), and the same for ten `search QUERY`.

Ten processes on a machine of few cores are bound by CPU: the table gives their CPU time divided
by the cores beside the wall time, the least that ten can take there however well they share.
Memory is each command's peak resident size (`wait4`), its walk process included.

Every command runs in a fresh process as a user runs it: the modules compiled to bytecode
first (as an installed copy has them), no PYTHONUNBUFFERED. The user folders are temporary ones
(or --home): the user's own files are never touched. --checkout runs another copy of tui_reader
(another commit's worktree) in the same way, for before/after figures.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from user_dirs import use_user_dirs  # noqa: E402

PYTHON = sys.executable
TEN = 10


@dataclass
class Run:
    wall: float  # seconds
    cpu: float  # user + system seconds, its children included
    peak_kb: int
    code: int


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("libraries", nargs="+", type=Path)
    parser.add_argument("--query", default="的", help="a query most articles match")
    parser.add_argument("--runs", type=int, default=3, help="runs of each single command")
    parser.add_argument("--home", type=Path, help="keep the user folders (indexes) here")
    parser.add_argument("--checkout", type=Path, help="the tui_reader copy to run (a worktree)")
    args = parser.parse_args()
    checkout = (args.checkout or HERE.parent).resolve()
    with tempfile.TemporaryDirectory(prefix="bench-cli-many-") as temporary:
        use_user_dirs(args.home or Path(temporary))
        env = {key: value for key, value in os.environ.items() if key != "PYTHONUNBUFFERED"}
        env["PYTHONPATH"] = str(checkout)
        subprocess.run([PYTHON, "-m", "compileall", "-q", str(checkout / "tui_reader")],
                       check=True, env={**env, "PYTHONDONTWRITEBYTECODE": ""})  # fmt: skip
        commit = subprocess.run(["git", "-C", str(checkout), "rev-parse", "--short", "HEAD"],
                                capture_output=True, text=True).stdout.strip()  # fmt: skip
        print(f"checkout {checkout} ({commit}), {os.cpu_count()} cores, "
              f"load {_load()} at the start")  # fmt: skip
        rows = [_bench(library.resolve(), args, env) for library in args.libraries]
        print(f"load {_load()} at the end\n")
        print(_table(rows, args.query))
    return 0


def _load() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def _start(command: list[str], env: dict[str, str]) -> tuple[subprocess.Popen[bytes], float]:
    # run from the checkout: `python -m` puts the working folder before PYTHONPATH
    child = subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env, cwd=env["PYTHONPATH"]
    )
    return child, time.perf_counter()


def _finish(child: subprocess.Popen[bytes], started: float) -> Run:
    _pid, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    assert child.stderr is not None
    error = child.stderr.read().decode(errors="replace").strip()
    if error and "indexing" not in error:
        print(f"  stderr of {' '.join(map(str, child.args))[:80]}: {error[:300]}")  # type: ignore[arg-type]
    cpu = usage.ru_utime + usage.ru_stime
    return Run(wall, cpu, usage.ru_maxrss, child.returncode)


def _once(command: list[str], env: dict[str, str]) -> Run:
    return _finish(*_start(command, env))


def _best(runs: list[Run]) -> Run:
    return min(runs, key=lambda run: run.wall)


def _at_once(command: list[str], env: dict[str, str]) -> tuple[float, list[Run]]:
    started = time.perf_counter()
    children = [_start(command, env) for _ in range(TEN)]
    runs = [_finish(child, began) for child, began in children]
    return time.perf_counter() - started, runs


def _bench(library: Path, args: argparse.Namespace, env: dict[str, str]) -> dict[str, object]:
    cli = [PYTHON, "-m", "tui_reader"]
    search, grep = (
        [*cli, "search", args.query, str(library)],
        ["grep", "-rl", args.query, str(library)],
    )
    listing = [*cli, "list", "--json", str(library)]
    print(f"{library}: warming the indexes…", flush=True)
    for command in (listing, listing, [*search, "--count"], search):
        _once(command, env)
    count = subprocess.run(
        [*search, "--count"], capture_output=True, text=True, env=env, cwd=env["PYTHONPATH"]
    )
    matches = int(count.stdout.strip() or 0)
    searches, greps, counts, lists = [], [], [], []
    for _ in range(args.runs):
        searches.append(_once(search, env))
        greps.append(_once(grep, env))
        counts.append(_once([*search, "--count"], env))
        lists.append(_once(listing, env))
    ten_list = _at_once(listing, env)
    ten_search = _at_once(search, env)
    cores = os.cpu_count() or 1
    result = {
        "library": library.name, "matches": matches, "search": _best(searches),
        "grep": _best(greps), "count": _best(counts), "list": _best(lists),
        "ten_list": ten_list, "ten_search": ten_search, "cores": cores,
    }  # fmt: skip
    failed = [run for _wall, runs in (ten_list, ten_search) for run in runs if run.code != 0]
    if failed:
        print(f"  {len(failed)} of the commands run at once failed")
    return result


def _ten(wall: float, runs: list[Run], alone: Run, cores: int) -> str:
    cpu = sum(run.cpu for run in runs)
    floor = cpu / cores
    return (f"{wall:.2f} s ({wall / alone.wall:.1f}× one); CPU {cpu:.1f} s, "
            f"/{cores} cores {floor:.2f} s: wall {wall / floor:.2f}× that; "
            f"peak {max(run.peak_kb for run in runs) // 1024} MB")  # fmt: skip


def _table(rows: list[dict[str, object]], query: str) -> str:
    lines = [
        f"| library | `search {query}`: every match | `grep -rl {query}` | ratio (wall, CPU) "
        "| `--count` | `list --json` alone | ten `list --json` at once | ten `search` at once |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for row in rows:
        search, grep, count, alone = (row[k] for k in ("search", "grep", "count", "list"))
        assert isinstance(search, Run) and isinstance(grep, Run)
        assert isinstance(count, Run) and isinstance(alone, Run)
        cores = int(row["cores"])  # type: ignore[call-overload]
        ten_list, ten_search = row["ten_list"], row["ten_search"]
        lines.append(
            f"| {row['library']} | {row['matches']:,} matches: {_cell(search)} | {_cell(grep)} "
            f"| {search.wall / grep.wall:.2f}, {search.cpu / max(grep.cpu, 0.001):.2f} "
            f"| {_cell(count)} | {_cell(alone)} | {_ten(*ten_list, alone, cores)} "  # type: ignore[misc]
            f"| {_ten(*ten_search, search, cores)} |"  # type: ignore[misc]
        )
    return "\n".join(lines)


def _cell(run: Run) -> str:
    return f"{run.wall:.2f} s (CPU {run.cpu:.2f} s), {run.peak_kb // 1024} MB"


if __name__ == "__main__":
    sys.exit(main())
