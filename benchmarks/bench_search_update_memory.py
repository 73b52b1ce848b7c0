"""What a search index update holds before it writes, and what sending its articles costs.

    python benchmarks/bench_search_update_memory.py N
    python benchmarks/bench_search_update_memory.py LIBRARY

With a number, N synthetic articles; with a folder, the articles of LIBRARY as its library
index gives them (run it with XDG_* pointing at the home that holds that index, after
`tui-reader list LIBRARY > /dev/null`). Reports tracemalloc's peak of `SearchIndex.sync` up to
its first chunk, an article: a first build (an empty index), then an update of an index that
has every article, a hundredth of them changed (their rows written directly, no text). With a
library, also the CPU to pickle every chunk for the workers: the articles as they are (each
reading its link and image from the library index when pickled) and through `with_details`
(a query a chunk). Run it with another checkout on PYTHONPATH to measure that one.
"""

from __future__ import annotations

import pickle
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from tui_reader.core.library.library import Library
from tui_reader.core.library.model import Article

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from search_support import peak_before_writing  # noqa: E402


def synthetic(count: int) -> list[Article]:
    base = datetime(2020, 1, 1, tzinfo=UTC)
    return [
        Article(
            f"{n:016x}{n * 7919:016x}",
            f"source-{n % 50}/2020/{n:07d}-some-title-words.md",
            f"Title number {n}",
            (("News", f"source-{n % 50}"),),
            "Author",
            base + timedelta(minutes=n),
            False,
            ("tag",),
            f"https://example.com/{n}",
            "",
            1_600_000_000_000_000_000 + n,
            1000 + n,
        )  # fmt: skip
        for n in reversed(range(count))
    ]


def peak(root: Path, articles: list[Article], indexed: int) -> None:
    count = len(articles)
    cpu = time.process_time()
    most = peak_before_writing(Path(tempfile.mkdtemp()), articles, indexed)
    cpu = time.process_time() - cpu
    print(
        f"{count} articles, {indexed} indexed: peak {most / 1e6:.1f} MB"
        f" ({most / count:.0f} B an article), CPU {cpu:.2f} s (traced, rows written too)"
    )


def pickling(articles: list[Article]) -> None:
    from tui_reader.core.library.model import with_details

    for name, ready in (("as they are", list), ("through with_details", with_details)):
        times = []
        for _ in range(3):
            cpu = time.process_time()
            for start in range(0, len(articles), 500):
                pickle.dumps(ready(articles[start : start + 500]))
            times.append(time.process_time() - cpu)
        print(f"pickled {len(articles)} articles {name}: CPU {min(times):.2f} s (best of 3)")


def main() -> None:
    target = sys.argv[1]
    if target.isdigit():
        root, articles = Path(tempfile.mkdtemp()), synthetic(int(target))
    else:
        root = Path(target)
        articles = Library(root).cached().articles
    peak(root, articles, 0)
    peak(root, articles, len(articles))
    if not target.isdigit():
        pickling(articles)


if __name__ == "__main__":
    main()
