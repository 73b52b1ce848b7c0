"""Rendering speed: every sample, a generated 1 MB article, hostile inputs, and the alternatives.

Two costs are measured separately, because the UI pays them in different places:
- convert: `render_article` (HTML -> rich blocks), which the UI runs in a thread worker;
- layout: rich wrapping every block at a pane width (what the pane does when it first draws the
  article and again on each resize).
Times are CPU milliseconds (median of repeated runs).
The alternatives the issue names (html2text -> `rich.markdown.Markdown`) are timed on the same
inputs, to justify the choice of renderer.

Run: `.venv/bin/python benchmarks/bench_render.py` (add `--quick` for fewer repetitions).
"""

from __future__ import annotations

import argparse
import io
import os
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

from rich.console import Console, Group

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tui_reader.core.library.model import Article  # noqa: E402
from tui_reader.core.library.parse import parse_file, read_body  # noqa: E402
from tui_reader.render.article import render_article  # noqa: E402

SAMPLES = ROOT / "tests" / "samples"
WIDTH = 100


def timed(function: Callable[[], object], repeat: int) -> float:
    """Median CPU time of `repeat` runs, in milliseconds. CPU time, not wall clock: the work is
    single-threaded, and the shared development machine is rarely idle (the load average is
    printed), so wall clock would mostly measure the neighbours."""
    times = []
    for _ in range(repeat):
        start = time.process_time()
        function()
        times.append(time.process_time() - start)
    return statistics.median(times) * 1000


def layout(renderable: object) -> int:
    console = Console(file=io.StringIO(), width=WIDTH, color_system=None)
    return len(console.render_lines(renderable, console.options, pad=False))  # type: ignore[arg-type]


def generated_article(size: int, seed: int = 1) -> str:
    """A realistic mix: Chinese and English paragraphs with links and emphasis, lists, quotes,
    tables, code blocks and images, repeated to `size` characters."""
    rng = random.Random(seed)
    chinese = "美国与俄罗斯就乌克兰危机进行的会谈在日内瓦落下帷幕，双方对达成协议持悲观态度。"
    english = "The quick brown fox jumps over the lazy dog while the market closes higher. "
    parts: list[str] = []
    total = 0
    index = 0
    while total < size:
        index += 1
        kind = rng.randrange(10)
        if kind < 5:
            body = (
                chinese * rng.randint(1, 4) if rng.random() < 0.6 else english * rng.randint(1, 4)
            )
            part = f'<p>{body}<a href="/n/{index}">link {index}</a> <b>bold</b> &amp; more.</p>\n'
        elif kind == 5:
            part = "<ul>" + "".join(f"<li>item {i} {chinese[:20]}</li>" for i in range(5)) + "</ul>"
        elif kind == 6:
            part = f"<blockquote><p>{english * 2}</p></blockquote>\n"
        elif kind == 7:
            rows = "".join(f"<tr><td>{i}</td><td>{chinese[:12]}</td><td>{i * 3}</td></tr>"
                           for i in range(4))  # fmt: skip
            part = f"<table><tr><th>#</th><th>名称</th><th>值</th></tr>{rows}</table>\n"
        elif kind == 8:
            part = "<pre><code>" + "def f(x):\n    return x * 2  # code\n" * 4 + "</code></pre>\n"
        else:
            part = f'<figure><img src="/img/{index}.jpg" alt="photo {index}"><figcaption>'
            part += f"{chinese[:30]}</figcaption></figure>\n"
        parts.append(part)
        total += len(part)
    return "<div>" + "".join(parts) + "</div>"


HOSTILE = {
    "1 MB of '<'": "<" * 1_000_000,
    "unclosed comment": "<p>start</p><!--" + "x" * 1_000_000,
    "100k nested <div>": "<div>" * 100_000 + "text",
    "100k nested <b>": "<b>" * 100_000 + "text" + "</i>" * 100_000,
    "20k nested lists": "<ul><li>x" * 20_000,
    "10k nested tables": "<table><tr><td>x" * 10_000,
    "1 MB one paragraph": "<p>" + "中文 word " * 125_000 + "</p>",
    "200k <br>": "a<br>" * 200_000,
    "50k links in one paragraph": "<p>" + 'x <a href="/a">y</a> ' * 50_000,
    "1 MB of entities": "&#27;[2J&amp;" * 80_000,
}


def alternatives(html: str) -> tuple[float, float]:
    """html2text alone, and html2text + rich Markdown laid out (ms)."""
    import html2text
    from rich.markdown import Markdown

    def convert() -> str:
        converter = html2text.HTML2Text()
        converter.body_width = 0
        return converter.handle(html)

    markdown_text = convert()
    return timed(convert, 1), timed(lambda: layout(Markdown(markdown_text)), 1)


def textual_display(body: list[object], *, laid_out: bool) -> tuple[float, float]:
    """Wall seconds to prepare (worker side) and to show the body in a `Static` inside a
    `VerticalScroll` at 120x40 until painted, as the reading pane does."""
    import asyncio

    from textual.app import App, ComposeResult
    from textual.containers import VerticalScroll
    from textual.widgets import Static

    from tui_reader.render.laid_out import LaidOut

    class Pane(App[None]):
        def compose(self) -> ComposeResult:
            with VerticalScroll():
                yield Static(id="body")

    times: list[float] = []

    async def show() -> None:
        async with Pane().run_test(size=(120, 40)) as pilot:
            start = time.perf_counter()
            content: object = Group(*body)
            if laid_out:
                content = LaidOut(content)
                content.prepare(118)  # the pane's width beside its scrollbar
            times.append(time.perf_counter() - start)
            start = time.perf_counter()
            pilot.app.query_one("#body", Static).update(content)  # type: ignore[arg-type]
            await pilot.pause()
            await pilot.pause()
            times.append(time.perf_counter() - start)

    asyncio.run(show())
    return times[0], times[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repetitions")
    parser.add_argument("--textual", action="store_true", help="also time showing it in Textual")
    args = parser.parse_args()
    repeat = 3 if args.quick else 15

    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    print(f"Python {sys.version.split()[0]}, rich layout at width {WIDTH}, load average {load}\n")
    print(f"{'sample':45} {'KB':>6} {'convert ms':>11} {'layout ms':>10}")
    for path in sorted(SAMPLES.iterdir()):
        result = parse_file(path, path.parent)
        if result.article is None:
            continue
        article, html = result.article, read_body(path)
        rendered = render_article(article, html)
        convert_ms = timed(lambda a=article, h=html: render_article(a, h), repeat)
        layout_ms = timed(lambda r=rendered: layout(Group(r.header, *r.body)), repeat)
        print(
            f"{path.name:45} {len(html.encode()) / 1024:6.1f} {convert_ms:11.2f} {layout_ms:10.2f}"
        )

    article = Article(id="g", path="g.md", title="Generated", link="https://news.example/g")
    print(f"\n{'generated article':45} {'KB':>6} {'convert ms':>11} {'layout ms':>10}")
    for size in (200_000, 1_000_000, 2_000_000):
        html = generated_article(size)
        rendered = render_article(article, html)
        convert_ms = timed(lambda h=html: render_article(article, h), max(1, repeat // 5))
        layout_ms = timed(lambda r=rendered: layout(Group(r.header, *r.body)), 1)
        print(f"{f'{size // 1000} KB mixed':45} {len(html.encode()) / 1024:6.0f} "
              f"{convert_ms:11.1f} {layout_ms:10.1f}")  # fmt: skip

    print(f"\n{'alternative on the same input':45} {'KB':>6} {'html2text':>11} {'+Markdown':>10}")
    for size in (200_000, 1_000_000):
        html = generated_article(size)
        h2t_ms, markdown_ms = alternatives(html)
        print(f"{f'{size // 1000} KB: html2text -> rich Markdown':45} "
              f"{len(html.encode()) / 1024:6.0f} {h2t_ms:11.1f} {markdown_ms:10.1f}")  # fmt: skip

    if args.textual:
        print(f"\n{'shown in a Textual Static (wall s)':45} {'KB':>6} {'prepare':>11} {'show':>10}")
        for size in (200_000, 1_000_000):
            html = generated_article(size)
            body = render_article(article, html).body
            for laid_out in (False, True):
                prepare_s, show_s = textual_display(body, laid_out=laid_out)
                name = f"{size // 1000} KB, {'LaidOut' if laid_out else 'Group'}"
                size_kb = len(html.encode()) / 1024
                print(f"{name:45} {size_kb:6.0f} {prepare_s:11.2f} {show_s:10.2f}")

    print(f"\n{'hostile input':45} {'KB':>6} {'convert ms':>11} {'layout ms':>10}")
    for name, html in HOSTILE.items():
        start = time.process_time()
        rendered = render_article(article, html)
        convert_ms = (time.process_time() - start) * 1000
        layout_ms = timed(lambda r=rendered: layout(Group(r.header, *r.body)), 1)
        print(f"{name:45} {len(html.encode()) / 1024:6.0f} {convert_ms:11.1f} {layout_ms:10.1f}")


if __name__ == "__main__":
    main()
