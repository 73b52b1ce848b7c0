"""Property: any HTML-ish text renders without raising and without a control character.

The fragments mix the tags the renderer treats specially (tables, lists, pre, links, images,
skipped and hidden elements), unbalanced and stray end tags, entities for control characters,
raw escape sequences and arbitrary Unicode, in any order.
"""

from __future__ import annotations

import io
import re

from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console, Group

from tui_reader.core.library.model import Article
from tui_reader.render.article import render_article

TAGS = [
    "p", "div", "br", "b", "i", "a", "img", "ul", "ol", "li", "blockquote", "pre", "code",
    "table", "tr", "td", "th", "thead", "h1", "h3", "figure", "figcaption", "script", "style",
    "noscript", "iframe", "dl", "dt", "dd", "span", "hr", "svg", "dependency",
]  # fmt: skip
ATTRIBUTES = [
    "",
    ' href="javascript:alert(1)"',
    ' href="/rel?a=1&amp;b=2"',
    ' href="\x1b]8;;x\x1b\\"',
    ' src="x.png" alt="a&#27;[2Jb"',
    ' src="p.gif" width="1" height="1"',
    ' style="display:none"',
    " hidden",
    ' class="__cf_email__" data-cfemail="0a6f726b"',
    ' start="x"',
]
SPECIAL = [
    "&#27;[2J", "&#155;", "&#x9d;0;t&#7;", "&amp;", "&nbsp;", "&#0;", "&lt;b&gt;", "&bogus;",
    "\x1b[31m", "\x1b]52;c;eA==\x07", "\x9b1;1H", "\u202e", "\r\n", "\t", "  ", "\n\n\n",
    "[bold]x[/bold]", "中文字符", "<!-- c -->", "<!DOCTYPE html>", "<![CDATA[x]]>", "<", ">", "&",
    "</", "<a", "<p <b>", "\ud800", "\u00ad", "\ufeff",
]  # fmt: skip


@st.composite
def fragments(draw: st.DrawFn) -> str:
    kind = draw(st.integers(0, 3))
    if kind == 0:
        tag = draw(st.sampled_from(TAGS))
        closing = draw(st.booleans())
        return f"</{tag}>" if closing else f"<{tag}{draw(st.sampled_from(ATTRIBUTES))}>"
    if kind == 1:
        return draw(st.sampled_from(SPECIAL))
    return draw(st.text(max_size=12))


_SGR = re.compile(r"\x1b\[[0-9;]*m")
_FORBIDDEN = re.compile(
    "[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(fragments(), max_size=40).map("".join),
    st.integers(min_value=1, max_value=120),
    st.text(max_size=20),
)
def test_any_html_renders_safely(html: str, width: int, title: str) -> None:
    article = Article(id="x", path="x.md", title=title, link="https://example.com/a")
    rendered = render_article(article, html)
    assert _FORBIDDEN.search(rendered.plain_text.replace("\n", " ")) is None
    for link in rendered.links:
        assert _FORBIDDEN.search(link.url + link.text) is None
    output = io.StringIO()
    console = Console(file=output, width=width, force_terminal=True, color_system="standard")
    console.print(Group(rendered.header, *rendered.body))
    assert _FORBIDDEN.search(_SGR.sub("", output.getvalue()).replace("\n", " ")) is None
