"""Tables: how long big data tables take to convert and to lay out, boxed and as records.

The cases are the ones a tester reported (issue 6): a 12-column table of short values, and a
2000-row x 40-column table, plus a long narrow table that stays boxed at 80 columns.
- convert: `render_article` (HTML -> rich blocks), run by the UI in a thread worker;
- layout: `LaidOut.prepare(width)`, the first drawing at a pane width (again after a resize).
Times are wall-clock seconds, median of `--repeat` runs; the layout column also says which
layout was chosen (boxed or records) and how many lines it made.

Run: `.venv/bin/python benchmarks/bench_tables.py` (`--repeat 1` for a quick look).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tui_reader.core.library.model import Article  # noqa: E402
from tui_reader.render.article import render_article  # noqa: E402

ARTICLE = Article(id="t", path="t.md", title="tables")


def table(rows: int, columns: int, cell: Callable[[int, int], str]) -> str:
    head = "<tr>" + "".join(f"<th>H{c}</th>" for c in range(columns)) + "</tr>"
    body = "".join(
        "<tr>" + "".join(f"<td>{cell(r, c)}</td>" for c in range(columns)) + "</tr>"
        for r in range(rows)
    )
    return f"<table>{head}{body}</table>"


CASES = {
    "12 x 5 short values": table(5, 12, lambda r, c: ["2024-01-02", "AAPL", "+1.2%"][c % 3]),
    "2000 x 40": table(2000, 40, lambda r, c: f"r{r}c{c}"),
    "2000 x 4 (CJK)": table(2000, 4, lambda r, c: f"r{r}c{c} 数据"),
}
WIDTHS = (45, 80, 200, 1000)


def median_seconds(function: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print(f"| table | convert s | {' | '.join(f'layout s at {w}' for w in WIDTHS)} |")
    print("|---|---:|" + "---:|" * len(WIDTHS))
    for name, html in CASES.items():
        convert = median_seconds(lambda html=html: render_article(ARTICLE, html), args.repeat)
        cells = []
        for width in WIDTHS:
            timings = []
            for _ in range(args.repeat):
                # A fresh article each time: the layout at a width is kept once made.
                view = render_article(ARTICLE, html).body_view()
                start = time.perf_counter()
                lines = view.prepare(width)
                timings.append(time.perf_counter() - start)
            boxed = any("┌" in "".join(s.text for s in line) for line in lines[:3])
            kind = "boxed" if boxed else "records"
            cells.append(f"{statistics.median(timings):.2f} ({kind}, {len(lines)} lines)")
        print(f"| {name} | {convert:.2f} | {' | '.join(cells)} |")


if __name__ == "__main__":
    main()
