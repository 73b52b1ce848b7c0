"""`LaidOut`: the same output as the content it wraps, rendered once per width."""

from __future__ import annotations

import io
from pathlib import Path

from rich.console import Console, Group

from tui_reader.core.library.parse import parse_file, read_body
from tui_reader.render.article import render_article
from tui_reader.render.laid_out import MAX_WIDTHS, LaidOut

SAMPLE = Path(__file__).parent.parent / "samples" / "juejin-long-style-tables.md"


def body() -> Group:
    article = parse_file(SAMPLE, SAMPLE.parent).article
    assert article is not None
    return Group(*render_article(article, read_body(SAMPLE)).body)


def printed(renderable: object, width: int) -> str:
    output = io.StringIO()
    Console(file=output, width=width, force_terminal=True, color_system="truecolor").print(
        renderable
    )
    return output.getvalue()


def test_same_output_as_the_content_at_every_width() -> None:
    content = body()
    laid = LaidOut(content)
    for width in (30, 80, 30, 120):
        assert printed(laid, width) == printed(content, width)


def test_rendered_once_per_width_and_prepared_ahead() -> None:
    calls: list[int] = []

    class Counting:
        def __rich_console__(self, console, options):  # type: ignore[no-untyped-def]
            calls.append(options.max_width)
            yield from console.render(body(), options)

    laid = LaidOut(Counting())
    lines = laid.prepare(70)
    assert calls == [70] and len(lines) > 100
    printed(laid, 70)
    printed(laid, 70)
    assert calls == [70]
    for width in range(40, 40 + MAX_WIDTHS + 1):
        printed(laid, width)
    printed(laid, 70)  # evicted by the widths since: rendered again
    assert calls.count(70) == 2
