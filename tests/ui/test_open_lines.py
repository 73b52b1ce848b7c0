"""The body draws each line as one Strip, kept per line: the same cells as Textual's own
`Strip.apply_style` + `crop_extend`, and drawn again when the width or the style changes."""

from __future__ import annotations

from rich.console import Group
from rich.text import Text
from textual.app import App, ComposeResult
from textual.containers import VerticalScroll
from textual.strip import Strip

from tui_reader.render.laid_out import LaidOut
from tui_reader.ui.widgets.reader.lines import BACKGROUND_FROM, ArticleLines

CONTENT = Group(
    Text("Wide characters: " + "新闻报道" * 12, style="bold"),
    Text("A link", style="underline #3366ff") + Text(" and plain words after it " * 3),
    Text("x" * 200),
)


class LinesApp(App[None]):
    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield ArticleLines(id="body")


def expected(body: ArticleLines, width: int) -> list[Strip]:
    """What the body drew before: a Strip per line, styled, then cut or padded to the width."""
    style = body.rich_style
    lines = LaidOut(CONTENT).prepare(body.text_width)
    return [Strip(line).apply_style(style).crop_extend(0, width, style) for line in lines]


async def test_lines_are_drawn_as_textual_would_draw_them() -> None:
    app = LinesApp()
    async with app.run_test(size=(50, 20)) as pilot:
        body = app.query_one(ArticleLines)
        body.update(CONTENT)
        await pilot.pause()
        assert body.line_count > 5
        want = expected(body, body.size.width)
        got = [body.render_line(y) for y in range(body.line_count)]
        assert [list(s) for s in got] == [list(s) for s in want]
        assert all(s.cell_length == body.size.width for s in got)


async def test_a_new_style_or_new_content_is_drawn_afresh() -> None:
    app = LinesApp()
    async with app.run_test(size=(50, 20)) as pilot:
        body = app.query_one(ArticleLines)
        body.update(CONTENT)
        await pilot.pause()
        before = body.render_line(0)
        app.theme = "textual-light" if app.theme != "textual-light" else "textual-dark"
        await pilot.pause()
        after = body.render_line(0)
        assert after.text == before.text and list(after) != list(before)
        assert [list(after)] == [list(s) for s in expected(body, body.size.width)[:1]]
        body.update(Text("Something else entirely"))
        await pilot.pause()
        assert body.render_line(0).text.startswith("Something else entirely")


async def test_large_content_laid_out_ahead_at_the_width_is_shown_at_once() -> None:
    paragraphs = [Text(f"段落 {i} " + "新闻" * 200) for i in range(200)]
    assert sum(len(p) for p in paragraphs) > BACKGROUND_FROM
    app = LinesApp()
    async with app.run_test(size=(60, 20)) as pilot:
        body = app.query_one(ArticleLines)
        await pilot.pause()
        ahead = LaidOut(Group(*paragraphs))
        ahead.prepare(body.text_width)  # as the render worker does
        body.update(ahead)
        assert body.line_count > 200 * 6  # no worker needed: the lines were there
        other = LaidOut(Group(*paragraphs))
        body.update(other)  # not laid out at this width: the worker does it
        assert body.line_count > 200 * 6  # (still the previous lines, until the worker is done)
        for _ in range(500):  # the worker's lines arrive (a few seconds at most)
            if other.is_laid_out(body.text_width) and not app.workers:
                break
            await pilot.pause(0.01)
        assert other.is_laid_out(body.text_width)
