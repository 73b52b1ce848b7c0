"""Sidebar labels: the time to build 500 article labels (a page of a big category; the tree
measures every label of a page when it is expanded), half with long Chinese titles and half with
long English ones, fitted to a 24-cell room and unfitted.

    python benchmarks/bench_labels.py --repeat 40

Prints the best and median of `--repeat` runs, in ms per 500 labels. With PYTHONPATH pointing at
an older checkout, the same script times that code (its labels take no width: it is left out).
"""

from __future__ import annotations

import argparse
import inspect
import statistics
import time
from datetime import UTC, datetime

from rich.style import Style

from tui_reader.core.library.model import Article
from tui_reader.ui.widgets.sidebar.labels import article_label

STYLES = {name: Style() for name in ("unread", "bookmark", "date", "read", "title")}
CHINESE = "北约秘书长在布鲁塞尔举行的新闻发布会上表示"
ENGLISH = "An English title that goes on for a while, longer than the pane"


def articles(count: int) -> list[Article]:
    moment = datetime(2024, 5, 6, tzinfo=UTC)
    return [
        Article(f"id{n}", "a.md", (CHINESE if n % 2 else ENGLISH) + str(n), (("News",),), "",
                moment, False, (), "", "")
        for n in range(count)
    ]  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=40)
    args = parser.parse_args()
    page = articles(500)
    takes_width = "width" in inspect.signature(article_label).parameters
    for width in (None, 24) if takes_width else (None,):
        runs = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            for article in page:
                if takes_width:
                    article_label(article, False, False, STYLES, width)
                else:
                    article_label(article, False, False, STYLES)
            runs.append((time.perf_counter() - start) * 1000)
        print(f"width {width}: best {min(runs):.2f} ms, median {statistics.median(runs):.2f} ms")


if __name__ == "__main__":
    main()
