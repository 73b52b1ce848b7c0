"""Search benchmark: index build time and size, query latency against a naive scan, CLI vs grep.

    python benchmarks/bench_search.py [LIBRARY] [--count 100000] [--repeat 20]

Without LIBRARY a synthetic library of `--count` articles is generated (benchmarks/gen_library.py)
in a temporary folder. Everything (library index, search index) lives in temporary XDG folders;
the user's own files are never touched. Prints a Markdown report; exit status 1 when a target is
missed (p95 < 50 ms for every kind, >= 100x faster than the naive scan, index no larger than the
library's files, CLI in at most half of `grep -rl`'s time).

The naive baseline is what a reader without an index does: every article's searchable text (title,
visible body text, author, categories, tags; normalized, held in memory, its loading not counted)
scanned with Python's `in` for each query, plus the filters checked on each article.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import datetime
from datetime import time as day_time
from pathlib import Path

HERE = Path(__file__).resolve().parent
KINDS: dict[str, list[str]] = {
    "2-char Chinese": ["北约", "制裁", "芯片", "市场", "电影"],
    "4-char Chinese": ["人工智能", "今天市场", "电影票房", "美国政府"],
    # The library is written in simplified characters: with script folding these find the same
    # articles as their simplified forms; without it they find none (劇場版 is in no article).
    "Chinese, traditional script": ["北約", "電影", "市場", "美國政府", "電影票房", "劇場版"],
    "English word": ["NATO", "sanctions", "semiconductor", "market"],
    "filter only": ["author:cnbeta after:2022-01-01", "cat:二次元 before:2019-06-01",
                    "tag:科技", "cat:编程/掘金 after:2023-06-01"],
    "mixed": ["芯片 -制裁 after:2021-01-01", "semiconductor OR 芯片 author:cnbeta",
              "人工智能 cat:新媒体", "sanctions -NATO before:2022-01-01"],
    # reading state (a third of the library read, one in 50 bookmarked), exclusions, OR
    "state, exclusion, OR filters": ["is:unread", "is:unread cat:二次元", "is:bookmarked",
                                     "-tag:科技 after:2023-01-01", "author:cnbeta OR tag:科技"],
}  # fmt: skip
READ_EVERY, MARKED_EVERY = 3, 50


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("library", nargs="?", type=Path)
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=20, help="runs of each indexed query")
    parser.add_argument("--naive-repeat", type=int, default=2, help="runs of each naive scan")
    parser.add_argument("--keep", type=Path, help="keep the indexes in this folder (reused)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-search-") as temporary:
        home = args.keep or Path(temporary)
        for name in ("XDG_CACHE_HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME"):
            (home / name).mkdir(parents=True, exist_ok=True)
            os.environ[name] = str(home / name)
        library = args.library or _generate(home / "library", args.count)
        return _bench(library, args)


def _generate(folder: Path, count: int) -> Path:
    print(f"generating {count} articles…", file=sys.stderr)
    subprocess.run([sys.executable, str(HERE / "gen_library.py"), str(folder), "--count",
                    str(count)], check=True, stdout=subprocess.DEVNULL)  # fmt: skip
    return folder


def _bench(root: Path, args: argparse.Namespace) -> int:
    from tui_reader.core.library.library import Library
    from tui_reader.core.search.index import SearchIndex
    from tui_reader.core.search.stamps import dump, folder_stamps

    failures: list[str] = []
    library = Library(root)
    started = time.perf_counter()
    snapshot = library.scan()
    scan_seconds = time.perf_counter() - started
    index = SearchIndex.for_library(root)
    print(f"indexing {len(snapshot.articles)} articles…", file=sys.stderr)
    started = time.perf_counter()
    stats = index.sync(root, snapshot.articles)
    build_seconds = time.perf_counter() - started
    index.set_meta("folders", dump(folder_stamps(root)))  # as the CLI leaves it
    index_bytes = sum(p.stat().st_size for p in index.path.parent.glob(index.path.name + "*"))
    files_bytes = sum(p.stat().st_size for p in root.rglob("*") if p.is_file())
    texts = _naive_texts(library, snapshot)
    ids = sorted(article.id for article in snapshot.articles)
    # frozensets, the same objects for every query, as the search bar hands them now
    # (StateStore.search_marks): the index then need not read them again
    state = {
        "read_ids": frozenset(ids[::READ_EVERY]),
        "bookmarked_ids": frozenset(ids[::MARKED_EVERY]),
    }
    text_bytes = sum(len(t.encode()) for fields, _ in texts for t in fields)
    print("## Search\n")
    print(f"{len(snapshot.articles)} articles, library files {files_bytes / 1e6:.0f} MB "
          f"(visible text and metadata {text_bytes / 1e6:.0f} MB); load average "
          f"{os.getloadavg()[0]:.1f} at the start.\n")  # fmt: skip
    print("| measure | target | measured |\n|---|---|---|")
    print(f"| first index build ({stats.added} articles, 2 processes) | – | "
          f"{build_seconds:.0f} s (library scan before it: {scan_seconds:.0f} s) |")  # fmt: skip
    ratio = index_bytes / files_bytes
    print(f"| index size | <= library files | {index_bytes / 1e6:.0f} MB = {ratio:.0%} of the "
          f"files, {index_bytes / text_bytes:.0%} of their visible text |")  # fmt: skip
    if ratio > 1:
        failures.append("index larger than the library")
    print()
    print("Each query runs as the search bar runs it: first the newest 50 results (what the list")
    print(
        "shows), then the count of all matches (the status line). Naive: the same work by a plain"
    )
    print("scan, newest first, stopping at 50 for the first page, through all for the count.")
    print()
    print(
        "| query kind | queries | first 50: p50 / p95 | naive | × | count: p50 / p95 | naive | × |"
    )
    print("|---|---|---|---|---|---|---|---|")
    for kind, queries in KINDS.items():
        page, counted, naive_page, naive_count = [], [], [], []
        for query in queries:
            total = time_query(index, query, args.repeat, state, page, counted)
            for _ in range(args.naive_repeat):
                started = time.perf_counter()
                _naive(query, texts, state, stop=50)
                naive_page.append(time.perf_counter() - started)
                started = time.perf_counter()
                expected = _naive(query, texts, state)
                naive_count.append(time.perf_counter() - started)
            # the naive scan finds English words as substrings; CJK and filters must agree
            if "English" not in kind and kind != "mixed" and expected != total:
                failures.append(f"{query}: index {total} != naive {expected}")
        cells = []
        for what, mine, theirs in (("first 50", page, naive_page), ("count", counted, naive_count)):
            p50, p95, base = _ms(mine, 50), _ms(mine, 95), _ms(theirs, 50)
            cells.append(f"{p50:.1f} / {p95:.1f} ms | {base:.1f} ms | {base / p50:.0f}×")
            if p95 > 50:
                failures.append(f"{kind}, {what}: p95 {p95:.0f} ms")
        # The baseline scans every article; so does a count. (A naive first page can stop
        # early on a common word, so that column is context, not the target.)
        speedup = _ms(naive_count, 50) / _ms(counted, 50)
        if speedup < 100:
            failures.append(f"{kind}: count {speedup:.0f}x faster than the full naive scan")
        print(f"| {kind} | {', '.join(f'`{q}`' for q in queries)} | {' | '.join(cells)} |")
    print()
    failures += _cli_vs_grep(root)
    print(f"\nTargets missed: {'; '.join(failures)}" if failures else "\nAll targets met.")
    return 1 if failures else 0


def time_query(  # type: ignore[no-untyped-def]
    index,
    query: str,
    repeat: int,
    state: dict[str, frozenset[str]],
    page: list[float],
    counted: list[float],
) -> int:
    """Run a query as the search bar does, `repeat` times: the newest 50 (times added to
    `page`), then the count (to `counted`); returns the count, taken once before to warm the
    page cache."""
    total = int(index.count_matches(query, **state))
    for _ in range(repeat):
        started = time.perf_counter()
        index.search(query, limit=50, count=False, **state)
        page.append(time.perf_counter() - started)
        started = time.perf_counter()
        index.count_matches(query, **state)
        counted.append(time.perf_counter() - started)
    return total


def _naive_texts(library, snapshot) -> list[tuple[list[str], object]]:  # type: ignore[no-untyped-def]
    from tui_reader.core.search.htmltext import html_to_text
    from tui_reader.core.search.tokens import normalize

    out = []
    for article in snapshot.articles:
        body = html_to_text(library.body(article))
        meta = [article.author, *(n for p in article.categories for n in p), *article.tags]
        out.append(([normalize(article.title), normalize(body), *map(normalize, meta)], article))
    return out


def _naive(
    query: str,
    texts: list[tuple[list[str], object]],
    state: dict[str, frozenset[str]],
    stop: int = 0,
) -> int:
    """Count matches the plain way (substring tests, per-article filter checks), newest first,
    stopping after `stop` matches when it is given."""
    tests: list[Callable[[list[str], object], bool]] = []
    words = iter(query.split())
    for word in words:
        if word == "OR":  # `a OR b`: either of the neighbours
            left, right = tests.pop(), _naive_term(next(words), state)
            tests.append(lambda f, a, left=left, right=right: left(f, a) or right(f, a))
        else:
            tests.append(_naive_term(word, state))
    found = 0
    for fields, article in texts:
        if all(t(fields, article) for t in tests):
            found += 1
            if found == stop:
                break
    return found


def _naive_term(term: str, state: dict[str, frozenset[str]]) -> Callable[[list[str], object], bool]:
    from tui_reader.core.search.tokens import normalize

    if term.startswith("-"):
        inner = _naive_term(term[1:], state)
        return lambda fields, article: not inner(fields, article)
    if ":" in term:
        key, value = term.split(":", 1)
        value = normalize(value)
        if key == "is":
            ids = state["bookmarked_ids" if value == "bookmarked" else "read_ids"]
            if value == "unread":
                return lambda fields, a: a.id not in ids  # type: ignore[attr-defined]
            return lambda fields, a: a.id in ids  # type: ignore[attr-defined]
        if key == "author":
            return lambda fields, a: value in normalize(a.author)  # type: ignore[attr-defined]
        if key == "cat":
            want = value.split("/")
            return (
                lambda fields, a: any(  # type: ignore[attr-defined]
                    [normalize(n) for n in p[: len(want)]] == want for p in a.categories
                )
            )
        if key == "tag":
            return lambda fields, a: any(normalize(t) == value for t in a.tags)  # type: ignore[attr-defined]
        moment = datetime.combine(datetime.fromisoformat(value).date(), day_time()).astimezone()
        if key == "after":
            return lambda fields, a: a.date is not None and a.date >= moment  # type: ignore[attr-defined]
        return lambda fields, a: a.date is not None and a.date < moment  # type: ignore[attr-defined]
    needle = normalize(term)
    return lambda fields, article: any(needle in field for field in fields)


def _ms(values: list[float], percent: int) -> float:
    """A percentile in milliseconds."""
    if len(values) == 1:
        return values[0] * 1e3
    return statistics.quantiles(values, n=100, method="inclusive")[percent - 1] * 1e3


def _cli_vs_grep(root: Path) -> list[str]:
    cli = [sys.executable, "-m", "tui_reader", "search", "北约", str(root)]
    grep = ["grep", "-rl", "北约", str(root)]
    timings: dict[str, list[float]] = {"cli": [], "grep": []}
    for _ in range(5):
        for name, command in (("cli", cli), ("grep", grep)):
            started = time.perf_counter()
            done = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
            timings[name].append(time.perf_counter() - started)
            lines = done.stdout.count(b"\n")
            timings.setdefault(f"{name} lines", []).append(lines)
    cli_time, grep_time = statistics.median(timings["cli"]), statistics.median(timings["grep"])
    importtime = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", "import tui_reader.commands.search"],
        capture_output=True, text=True,
    ).stderr.splitlines()  # fmt: skip
    imported = max(int(line.split("|")[1]) for line in importtime if line.startswith("import time:")
                   and line.split("|")[1].strip().isdigit())  # fmt: skip
    uses_ui = any("textual" in line or " rich" in line for line in importtime)
    print("| `北约` over the folder (5 runs, warm cache, median) | target | measured |")
    print("|---|---|---|")
    print(f"| `grep -rl 北约 LIBRARY` | – | {grep_time:.2f} s "
          f"({int(timings['grep lines'][0])} files) |")  # fmt: skip
    print(f"| `tui-reader search 北约 LIBRARY` (start-up included) | <= {grep_time / 2:.2f} s | "
          f"{cli_time:.2f} s ({int(timings['cli lines'][0])} articles) |")  # fmt: skip
    print(
        f"| imports of `tui_reader.commands.search` (`-X importtime`, cumulative) | – | "
        f"{imported / 1e3:.0f} ms, textual/rich imported: {'yes' if uses_ui else 'no'} |"
    )
    return (
        [f"CLI {cli_time:.2f} s > half of grep {grep_time:.2f} s"]
        if cli_time > grep_time / 2
        else []
    )


if __name__ == "__main__":
    raise SystemExit(main())
