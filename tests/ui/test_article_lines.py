"""The body view lays large content out in a worker and draws it line by line."""

from __future__ import annotations

from rich.console import Group
from rich.text import Text
from textual.app import App, ComposeResult
from textual.containers import VerticalScroll

from tui_reader.ui.widgets.reader.lines import BACKGROUND_FROM, ArticleLines


class LinesApp(App[None]):
    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield ArticleLines(id="body")


async def test_small_content_is_shown_at_once() -> None:
    app = LinesApp()
    async with app.run_test(size=(40, 10)) as pilot:
        body = app.query_one(ArticleLines)
        body.update(Text("one two three"))
        await pilot.pause()
        assert body.line_count == 1
        assert "one two three" in body.render_line(0).text


async def test_large_content_is_laid_out_in_a_worker_and_scrolls() -> None:
    paragraphs = [Text(f"段落 {i} " + "新闻" * 200) for i in range(200)]
    assert sum(len(p) for p in paragraphs) > BACKGROUND_FROM
    app = LinesApp()
    async with app.run_test(size=(60, 20)) as pilot:
        body = app.query_one(ArticleLines)
        body.update(Group(*paragraphs))
        assert body.line_count <= 1  # nothing laid out on the UI thread yet
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert body.line_count > 200 * 6  # 400 wide characters each, ~58 columns a line
        scroller = app.query_one(VerticalScroll)
        scroller.scroll_end(animate=False, immediate=True)
        await pilot.pause()
        assert scroller.max_scroll_y > 1000
        assert "新闻" in body.render_line(body.line_count - 1).text


async def test_a_resize_lays_the_content_out_again() -> None:
    app = LinesApp()
    async with app.run_test(size=(40, 10)) as pilot:
        body = app.query_one(ArticleLines)
        body.update(Text("word " * 40))
        await pilot.pause()
        narrow = body.line_count
        await pilot.resize_terminal(120, 10)
        await pilot.pause()
        assert body.line_count < narrow


async def test_content_given_while_hidden_is_the_content_shown_again() -> None:
    """Content replaced while the view is hidden (no width to lay out at) is laid out when it is
    shown again at the width it had: the lines of the content before must not stay."""
    app = LinesApp()
    async with app.run_test(size=(40, 10)) as pilot:
        body = app.query_one(ArticleLines)
        body.update(Text("the first content"))
        await pilot.pause()
        body.display = False
        await pilot.pause()
        for words in ("the second content", "the third content"):
            body.update(Text(words))
            body.display = True
            await pilot.pause()
            assert words in body.render_line(0).text
            body.display = False
            await pilot.pause()
