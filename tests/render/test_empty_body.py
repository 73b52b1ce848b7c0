"""An article with no text shows a note saying so, with highlights on or off."""

from __future__ import annotations

import io

from rich.console import Console, RenderableType
from rich.text import Text

from tui_reader.core.library.model import Article
from tui_reader.render.article import EMPTY_BODY, body_renderable, render_article
from tui_reader.ui.widgets.reader.highlight import Marks, find_pattern, mark

ARTICLE = Article(id="x", path="x.md", title="T")


def shown(renderable: RenderableType) -> str:
    console = Console(file=io.StringIO(), width=60, color_system=None)
    console.print(renderable)
    return console.file.getvalue()  # type: ignore[attr-defined]


def test_an_empty_body_is_the_note() -> None:
    rendered = render_article(ARTICLE, "<p> </p><script>x()</script>")
    assert rendered.body == []
    assert shown(rendered.body_view()).strip() == EMPTY_BODY
    marked = mark(rendered.body, Marks(find=find_pattern("x")))  # find on: the pane's other way
    assert shown(body_renderable(marked.blocks)).strip() == EMPTY_BODY


def test_a_body_with_text_is_its_blocks() -> None:
    blocks: list[RenderableType] = [Text("first"), Text(""), Text("second")]
    assert shown(body_renderable(blocks)).split("\n")[:3] == ["first", "", "second"]
    assert EMPTY_BODY not in shown(render_article(ARTICLE, "<p>Words.</p>").body_view())
