"""Story folding: the choice of method, its quality on the labelled pairs, and its cost.

    python benchmarks/bench_stories.py methods
    python benchmarks/bench_stories.py fold LIBRARY [--arrivals N]
    python benchmarks/bench_stories.py share LIBRARY

`methods` compares, on the labelled pairs of tests/stories/pairs (see scripts/make_story_pairs.py)
and on the same shingles (core.search.stories), the signature this project uses (one permutation
MinHash over CRC-32, standard library) with `datasketch` MinHash (128 permutations) and `simhash`
(64-bit, Hamming distance): precision and recall at each threshold, time per article to make a
signature, and the time to import each library in a fresh interpreter.

`fold` builds a fresh search index of LIBRARY (folding included; two worker processes read and
tokenize) and reports its time, the time spent in the folding itself (`stories.add`, on the
indexing thread), the peak memory of this process and of the workers, and the stories found;
then the cost of folding each of N articles arriving in the full index (each an article of the
library indexed again under a new key: its copy is found), median and p95.

`share` builds the index of LIBRARY twice in this one process (no worker processes, so that the
two builds are alike under a loaded machine): with folding, then without it (no signatures made,
nothing folded); the difference is what folding costs a cold build.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from user_dirs import temporary_user_dirs  # noqa: E402

from tui_reader.core.library.parse import parse_bytes, read_body  # noqa: E402
from tui_reader.core.markdown_body import body_html  # noqa: E402
from tui_reader.core.search import stories  # noqa: E402

PAIRS = ROOT / "tests" / "stories" / "pairs"


def _text(path: Path) -> str:
    article = parse_bytes(path.read_bytes(), path.name, 0, 0).article
    assert article is not None
    return stories.story_text(article.title, body_html(path.name, read_body(path)))


def _import_time(module: str) -> float:
    code = f"import time; t = time.perf_counter(); import {module}; print(time.perf_counter() - t)"
    runs = [
        float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                             check=True).stdout)
        for _ in range(3)
    ]  # fmt: skip
    return min(runs)


def methods() -> None:
    import datasketch
    import simhash

    pairs = sorted(PAIRS.iterdir())
    texts = {d.name: (_text(d / "a.md"), _text(d / "b.md")) for d in pairs}
    labels = {d.name: d.name.startswith("copy-") for d in pairs}
    print(f"{sum(labels.values())} copies, {len(labels) - sum(labels.values())} non-copies")

    def ours(text: str) -> object:
        return stories.signature(stories.shingles(text))

    def minhash(text: str) -> object:
        grams = stories.shingles(text)
        sketch = datasketch.MinHash(num_perm=128)
        sketch.update_batch([g.to_bytes(4, "little") for g in grams])
        return sketch

    def sim(text: str) -> object:
        return simhash.Simhash([str(g) for g in stories.shingles(text)])

    def score_ours(a: object, b: object) -> float:
        return 0.0 if a is None or b is None else stories.similarity(a, b)  # type: ignore[arg-type]

    def score_minhash(a: object, b: object) -> float:
        return a.jaccard(b)  # type: ignore[attr-defined, no-any-return]

    def score_sim(a: object, b: object) -> float:
        return 1 - a.distance(b) / 64  # type: ignore[attr-defined, no-any-return]

    every = [text for pair in texts.values() for text in pair]
    for name, make, score in (
        ("one-permutation MinHash (stdlib)", ours, score_ours),
        ("datasketch MinHash 128", minhash, score_minhash),
        ("simhash 64-bit", sim, score_sim),
    ):
        times = []
        for _ in range(3):
            start = time.perf_counter()
            for text in every:
                make(text)
            times.append((time.perf_counter() - start) / len(every))
        scores = {n: score(make(a), make(b)) for n, (a, b) in texts.items()}
        worst_distinct = max(s for n, s in scores.items() if not labels[n])
        print(f"\n{name}: {min(times) * 1000:.2f} ms per article (shingling included);"
              f" highest non-copy score {worst_distinct:.3f}")  # fmt: skip
        for threshold in (0.4, 0.45, 0.5, 0.55, 0.6, 0.7, 0.8, 0.9):
            folded = {n for n, s in scores.items() if s >= threshold}
            true = sum(1 for n in folded if labels[n])
            precision = true / len(folded) if folded else 1.0
            recall = true / sum(labels.values())
            print(f"  threshold {threshold:.2f}: precision {precision:.3f} recall {recall:.3f}")
    shingling = []
    for _ in range(3):
        start = time.perf_counter()
        for text in every:
            stories.shingles(text)
        shingling.append((time.perf_counter() - start) / len(every))
    print(f"\nshingling alone: {min(shingling) * 1000:.2f} ms per article")
    for module in ("tui_reader.core.search.stories", "datasketch", "simhash"):
        print(f"import {module}: {_import_time(module) * 1000:.0f} ms (best of 3)")


def fold(library: Path, arrivals: int) -> None:
    from tui_reader.core.library.library import Library
    from tui_reader.core.search.documents import Job, prepare_chunk
    from tui_reader.core.search.index import SearchIndex

    lib = Library(library)
    snapshot = lib.scan()
    work = Path(tempfile.mkdtemp(prefix="bench-stories-"))
    spent = [0.0]
    add = stories.add

    def timed_add(connection: sqlite3.Connection, key: int, sig: bytes | None) -> list[int]:
        start = time.perf_counter()
        try:
            return add(connection, key, sig)
        finally:
            spent[0] += time.perf_counter() - start

    try:
        index = SearchIndex(work / "search.sqlite3")
        stories.add = timed_add  # type: ignore[assignment]
        start = time.perf_counter()
        index.sync(lib.root, snapshot.articles)
        cold = time.perf_counter() - start
        stories.add = add  # type: ignore[assignment]
        own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        groups = index.story_groups()
        size = (work / "search.sqlite3").stat().st_size / 1e6
        print(
            f"{len(snapshot.articles)} articles: cold index with folding {cold:.1f} s, of which"
            f" folding (stories.add) {spent[0]:.1f} s; peak RSS {own:.0f} MB (indexing process),"
            f" {children:.0f} MB (largest worker); index file {size:.0f} MB;"
            f" {len(groups)} stories with copies, {sum(map(len, groups))} articles in them"
        )
        connection = sqlite3.connect(work / "search.sqlite3")
        high = connection.execute("SELECT max(key) FROM docs").fetchone()[0]
        costs = []
        step = max(1, len(snapshot.articles) // arrivals)
        for n, article in enumerate(snapshot.articles[::step][:arrivals]):
            sig = prepare_chunk(Job(str(lib.root)), [article])[0].columns[4]
            start = time.perf_counter()
            stories.add(connection, high + 1 + n, sig)
            costs.append((time.perf_counter() - start) * 1000)
            connection.rollback()
        costs.sort()
        print(
            f"{len(costs)} arrivals into the full index: folding median"
            f" {statistics.median(costs):.2f} ms, p95 {costs[int(len(costs) * 0.95)]:.2f} ms"
        )
    finally:
        shutil.rmtree(work, ignore_errors=True)


def share(library: Path) -> None:
    from tui_reader.core.library.library import Library
    from tui_reader.core.search import documents
    from tui_reader.core.search.index import SearchIndex

    lib = Library(library)
    snapshot = lib.scan()
    times = {}
    for folding in (True, False):
        if not folding:
            documents.segments_signature = lambda matches: None  # type: ignore[assignment]
        work = Path(tempfile.mkdtemp(prefix="bench-stories-"))
        try:
            start = time.perf_counter()
            SearchIndex(work / "search.sqlite3").sync(lib.root, snapshot.articles, workers=1)
            times[folding] = time.perf_counter() - start
        finally:
            shutil.rmtree(work, ignore_errors=True)
    count = len(snapshot.articles)
    extra = times[True] - times[False]
    print(
        f"{count} articles, one process: index with folding {times[True]:.1f} s, without"
        f" {times[False]:.1f} s: folding {extra:.1f} s ({extra / count * 1000:.2f} ms per article,"
        f" {extra / times[False]:.0%} more)"
    )


def main() -> None:
    with temporary_user_dirs("bench-stories-"):  # the library's index is not the user's
        _main()


def _main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("methods")
    folding = commands.add_parser("fold")
    folding.add_argument("library", type=Path)
    folding.add_argument("--arrivals", type=int, default=200)
    sharing = commands.add_parser("share")
    sharing.add_argument("library", type=Path)
    args = parser.parse_args()
    if args.command == "methods":
        methods()
    elif args.command == "share":
        share(args.library)
    else:
        fold(args.library, args.arrivals)


if __name__ == "__main__":
    main()
