"""Rules benchmark (core.rules): the acting rules on a batch of arriving articles, and the hidden
set of the view rules.

    python benchmarks/bench_rules.py [LIBRARY ...] [--base 5000] [--arrivals 1000] [--rules 50]

Arrivals: a synthetic library of `--base` + `--arrivals` articles is generated
(benchmarks/gen_library.py) in a temporary folder, the arrivals held back; the library is scanned
and indexed and the rules see it once (the articles there when the rules are first seen are
never acted on); then the arrivals are put back, scanned and indexed, and `act_on_arrivals` runs
`--rules` acting rules (mark-read, bookmark, tag:NAME over author, category, tag, word, Chinese,
OR/NOT and is: queries) over them. Timed: that call alone, min of `--repeat` runs, each on a
fresh reading state and a fresh copy of the rules' record; reported per arriving article.

Hidden set: for each LIBRARY given (else the generated one), `views` with 5 hide and 5 highlight
rules over its search index (built first, not timed), min of `--repeat` runs.

Everything (indexes, reading state, the rules' record) lives in temporary XDG folders; the
libraries given are only read.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import time
from pathlib import Path

from user_dirs import temporary_user_dirs

HERE = Path(__file__).resolve().parent
QUERIES = [
    "author:cnbeta", "cat:二次元", "tag:科技", "芯片", "NATO", "semiconductor OR 芯片",
    "人工智能 cat:新媒体", "sanctions -NATO", "制裁 -北约", "cat:编程/掘金", "is:unread 北约",
    "author:cnbeta 芯片", "tag:科技 -芯片", "market", "电影", "source:cnbeta",
]  # fmt: skip
VIEW_RULES = [
    ("author:cnbeta 芯片", "hide"), ("制裁", "hide"), ("cat:编程/掘金", "hide"),
    ("sanctions OR NATO", "hide"), ("tag:科技 -人工智能", "hide"),
    ("人工智能", "highlight"), ("semiconductor", "highlight"), ("cat:二次元 北约", "highlight"),
    ("author:cnbeta", "highlight"), ("market -芯片", "highlight"),
]  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("libraries", nargs="*", type=Path, metavar="LIBRARY")
    parser.add_argument("--base", type=int, default=5000)
    parser.add_argument("--arrivals", type=int, default=1000)
    parser.add_argument("--rules", type=int, default=50)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with temporary_user_dirs("bench-rules-") as home:
        library = _arrivals(home, args)
        print("\n| library | articles | view rules | hidden | highlighted | views, min ms |")
        print("|---|---:|---:|---:|---:|---:|")
        for root in args.libraries or [library]:
            _hidden_set(root, args.repeat)
    return 0


def _arrivals(home: Path, args: argparse.Namespace) -> Path:
    from tui_reader.core.config import RuleEntry
    from tui_reader.core.library.library import Library
    from tui_reader.core.rules import RuleRecord, act_on_arrivals, load_rules
    from tui_reader.core.search.index import SearchIndex
    from tui_reader.core.state.store import StateStore

    root = home / "library"
    total = args.base + args.arrivals
    print(f"generating {total} articles…", file=sys.stderr)
    subprocess.run([sys.executable, str(HERE / "gen_library.py"), str(root), "--count",
                    str(total)], check=True, stdout=subprocess.DEVNULL)  # fmt: skip
    files = sorted(p for p in root.rglob("*.md"))
    held = home / "held"
    step = max(1, len(files) // args.arrivals)
    arriving = files[::step][: args.arrivals]
    for path in arriving:  # spread over every source and date
        target = held / path.relative_to(root)
        target.parent.mkdir(parents=True, exist_ok=True)
        path.rename(target)
    actions = ["mark-read", "bookmark", "tag:picked", "tag:later", "tag:watch"]
    entries = [
        RuleEntry(QUERIES[n % len(QUERIES)], actions[n % len(actions)]) for n in range(args.rules)
    ]
    # the same rule text twice is one rule: make each distinct
    entries = [RuleEntry(f"{e.query} -rule{n}", e.action) for n, e in enumerate(entries)]
    rules = load_rules(entries)
    assert not any(rule.broken for rule in rules), [r.error for r in rules if r.broken]
    library = Library(root)
    index = SearchIndex.for_library(root)
    snapshot = library.scan()
    index.sync(root, snapshot.articles)
    record = RuleRecord.for_library(root)
    state = StateStore.open(home / "state-baseline")
    assert act_on_arrivals(index, rules, state, snapshot.by_id, record) == []
    state.close()
    record.close()
    for path in arriving:
        target = root / path.relative_to(root)
        (held / path.relative_to(root)).rename(target)
    started = time.perf_counter()
    snapshot = library.scan()
    scan = time.perf_counter() - started
    started = time.perf_counter()
    index.sync(root, snapshot.articles)
    indexed = time.perf_counter() - started
    baseline = home / "record-baseline.sqlite3"
    shutil.copy(record.path, baseline)
    times: list[float] = []
    changed = left = 0
    for run in range(args.repeat):
        for extra in ("-wal", "-shm"):
            Path(f"{record.path}{extra}").unlink(missing_ok=True)
        shutil.copy(baseline, record.path)
        state = StateStore.open(home / f"state-{run}")
        started = time.perf_counter()
        done = act_on_arrivals(index, rules, state, snapshot.by_id, record)
        times.append(time.perf_counter() - started)
        record.close()
        changed = sum(len(acted.changed) for acted in done)
        left = sum(len(acted.left) for acted in done)
        state.close()
    best = min(times)
    print(f"\n{args.arrivals} articles arriving in a library of {args.base}, {args.rules} acting "
          f"rules: {changed} changes made, {left} left alone")  # fmt: skip
    print(
        f"(their rescan {scan * 1000:.0f} ms and index update {indexed * 1000:.0f} ms, not counted)"
    )
    print(f"act_on_arrivals: min {best * 1000:.0f} ms of {args.repeat} "
          f"({', '.join(f'{t * 1000:.0f}' for t in times)} ms): "
          f"{best / args.arrivals * 1e6:.0f} µs per arriving article")  # fmt: skip
    index.close()
    return root


def _hidden_set(root: Path, repeat: int) -> None:
    from tui_reader.core.config import RuleEntry
    from tui_reader.core.library.library import Library
    from tui_reader.core.rules import load_rules, views
    from tui_reader.core.search.index import SearchIndex

    rules = load_rules(RuleEntry(query, action) for query, action in VIEW_RULES)
    snapshot = Library(root).scan()
    index = SearchIndex.for_library(root)
    print(f"indexing {root}…", file=sys.stderr)
    index.sync(root, snapshot.articles)
    times = []
    found = None
    for _ in range(repeat):
        started = time.perf_counter()
        found = views(index, rules)
        times.append(time.perf_counter() - started)
    assert found is not None
    print(f"| {root.name} | {len(snapshot.articles):,} | {len(rules)} | {len(found.hidden):,} "
          f"| {len(found.highlighted):,} | {min(times) * 1000:.0f} |")  # fmt: skip
    index.close()


if __name__ == "__main__":
    sys.exit(main())
