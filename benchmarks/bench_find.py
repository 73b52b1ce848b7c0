"""Highlighting in the reading pane: the cost of marking matches and of placing them on lines.

Two costs, paid in different places (see `tui_reader.ui.widgets.reader.marks`):
- mark: copying the article's rendered blocks with every match styled (on each keystroke in the
  find bar, and once when an article opens from a search);
- place: rendering the marked body at the pane's width to learn each match's line (once per
  query and width, on the first jump; in a thread worker past 20,000 characters).
Bodies are generated (mixed Chinese and English paragraphs) at 50 KB, 200 KB and 1 MB of HTML and
rendered once with `render_article`. Times are CPU milliseconds, median of repeated runs.

Run: `.venv/bin/python benchmarks/bench_find.py` (add `--quick` for fewer repetitions).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

from rich.console import Group

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tui_reader.core.library.model import Article  # noqa: E402
from tui_reader.core.search.query import parse, terms  # noqa: E402
from tui_reader.render.article import render_article  # noqa: E402
from tui_reader.ui.widgets.reader.highlight import (  # noqa: E402
    Marks,
    find_pattern,
    mark,
    match_lines,
    search_pattern,
)

WIDTH = 80
PARAGRAPH = (
    "<p>北约 said the alliance would meet again. 这是一个中文段落，北约峰会在此举行。 "
    "Paragraph text goes on here, and on, and on.</p>\n"
)


def timed(function: Callable[[], object], repeat: int) -> float:
    runs = []
    for _ in range(repeat):
        start = time.process_time()
        function()
        runs.append((time.process_time() - start) * 1000)
    return statistics.median(runs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    repeat = 2 if parser.parse_args().quick else 5
    print(f"{'body':>8}  {'what':<22} {'matches':>8} {'mark ms':>8} {'place ms':>9}")
    for kilobytes in (50, 200, 1000):
        html = PARAGRAPH * (kilobytes * 1024 // len(PARAGRAPH.encode()))
        blocks = render_article(Article(id="x", path="x.md", title="Big"), html).body
        cases = {
            "find '北约'": Marks(find=find_pattern("北约")),
            "find 'paragraph'": Marks(find=find_pattern("paragraph")),
            "search '北约 alliance'": Marks(search=search_pattern(terms(parse("北约 alliance")))),
        }
        for name, marks in cases.items():
            marked = mark(blocks, marks)
            mark_ms = timed(lambda m=marks, b=blocks: mark(b, m), repeat)
            place = ""
            if marks.find is not None:
                group = Group(*marked.blocks)
                place = f"{timed(lambda g=group: match_lines(g, WIDTH), repeat):9.0f}"
            print(f"{kilobytes:>6}KB  {name:<22} {marked.find_count:>8} {mark_ms:>8.0f} {place:>9}")


if __name__ == "__main__":
    main()
