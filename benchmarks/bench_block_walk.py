"""The walk over rendered blocks (`render.block_texts`) and what the reading pane pays for it.

- walk: `iter_texts` over every block of a generated ~1 MB body (lists, quotes, tables, text);
- size check: `ArticleLines`'s "is this body large?" on each update (it stops counting at
  `BACKGROUND_FROM`), on the UI thread;
- mark: `ui.widgets.reader.highlight.mark` (find in the article) with no match and with many;
- regex compile: the big CJK character classes of `render/wrap.py` and `render/reading.py`, paid
  once, when the first article is rendered (both modules are imported lazily).
Times are CPU milliseconds, median of repeated runs.

Run: `.venv/bin/python benchmarks/bench_block_walk.py` (add `--quick` for fewer repetitions).
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tui_reader.core.library.model import Article  # noqa: E402
from tui_reader.render import reading, wrap  # noqa: E402
from tui_reader.render.article import render_article  # noqa: E402
from tui_reader.render.block_texts import iter_texts  # noqa: E402
from tui_reader.ui.widgets.reader.highlight import Marks, find_pattern, mark  # noqa: E402
from tui_reader.ui.widgets.reader.lines import _is_large  # noqa: E402

PIECE = (
    "<ul><li>item with <b>some</b> words</li><li><blockquote><p>a quote</p><p>more</p>"
    "</blockquote></li></ul><p>北约 said the alliance would meet again. " + "word " * 100 + "</p>"
    "<table><tr><th>A</th><th>B</th></tr><tr><td>one</td><td>two</td></tr></table>\n"
)


def timed(function: Callable[[], object], repeat: int) -> float:
    runs = []
    for _ in range(repeat):
        start = time.process_time()
        function()
        runs.append((time.process_time() - start) * 1000)
    return statistics.median(runs)


def compile_ms(pattern: re.Pattern[str], repeat: int) -> float:
    def compile_afresh() -> None:
        re.purge()
        re.compile(pattern.pattern, pattern.flags)

    return timed(compile_afresh, repeat)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    repeat = 3 if parser.parse_args().quick else 9
    html = PIECE * (1_000_000 // len(PIECE))
    rendered = render_article(Article(id="x", path="x.md", title="Big"), html)
    blocks, view = rendered.body, rendered.body_view()
    texts = sum(1 for block in blocks for _ in iter_texts(block))
    print(f"body: {len(html) // 1000} KB of HTML, {len(blocks)} blocks, {texts} Texts")
    walk_ms = timed(lambda: sum(1 for b in blocks for _ in iter_texts(b)), repeat)
    print(f"walk (iter_texts, all)      {walk_ms:8.2f} ms")
    print(f"size check (_is_large)      {timed(lambda: _is_large(view), repeat):8.2f} ms")
    for needle in ("nowhere-at-all", "alliance"):
        marks = Marks(find=find_pattern(needle))
        found = mark(blocks, marks).find_total
        mark_ms = timed(lambda m=marks: mark(blocks, m), repeat)
        print(f"mark {needle!r:<22} {mark_ms:8.1f} ms  ({found} matches)")
    for name, pattern in (
        ("wrap._CJK", wrap._CJK),
        ("wrap._WORD", wrap._WORD),
        ("reading._CJK", reading._CJK),
    ):
        print(f"compile {name:<19} {compile_ms(pattern, repeat):8.2f} ms")


if __name__ == "__main__":
    main()
