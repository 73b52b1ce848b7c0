"""Which bodies are Markdown, and Markdown as the HTML the renderer and search read.

Archivers write HTML bodies in `.md` files, so a `.md` file is HTML unless it is clearly not: a
`.md` or `.markdown` file is Markdown when its body shows Markdown's own structure (a `#` heading,
a fenced code block or a table's rule line `|---|`) and no line outside its code blocks starts
with an HTML block tag (`<p>`, `<div>`, `<table>` …). A `README.md` is Markdown; a Hexo post is
HTML; a post of plain lines stays plain text. Past `MAX_MARKDOWN_CHARS` a body is left as it is:
markdown-it (pure Python) needs about a second for 50,000 characters of hostile Markdown.

Markdown becomes HTML through markdown-it-py (CommonMark, with tables and strikethrough). HTML
written in the Markdown (a Hexo post's inline links and images, its `<!-- more -->`) is kept as
HTML: the whole goes through the same renderer as any HTML body, which is untrusted already, so it
is sanitized, numbered and searched alike (scripts hidden, unsafe links never opened). Tags in
backticks or code blocks are code, shown as written; links to `javascript:` and other unsafe
schemes in Markdown's own syntax stay text (markdown-it's link check).
"""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from markdown_it import MarkdownIt

MARKDOWN_SUFFIXES = (".md", ".markdown")
MAX_MARKDOWN_CHARS = 50_000
# Lines that say Markdown: a heading, a code fence, a table's rule line.
_MARKDOWN_LINE = re.compile(r"^ {0,3}(?:#{1,6}[ \t]+\S|```|~~~|\|? *:?-{3,}:? *\|)", re.M)
# Fenced code blocks, whose lines are code, not HTML (an unclosed fence runs to the end).
_FENCED = re.compile(r"^ {0,3}(`{3,}|~{3,})[^\n]*\n.*?(?:^ {0,3}\1[^\n]*$|\Z)", re.M | re.S)
_HTML_BLOCK_LINE = re.compile(
    r"^ {0,3}</?(?:p|div|br|table|tr|td|th|ul|ol|li|dl|h[1-6]|pre|blockquote|figure|hr|img|"
    r"section|article|header|footer|span|a|b|strong|em|i|iframe|video|script|style)\b",
    re.M | re.I,
)


def is_markdown(path: str, body: str) -> bool:
    """Whether the body of the file at `path` is Markdown (see the module's rule)."""
    if not path.lower().endswith(MARKDOWN_SUFFIXES) or len(body) > MAX_MARKDOWN_CHARS:
        return False
    if _MARKDOWN_LINE.search(body) is None:
        return False
    return _HTML_BLOCK_LINE.search(_FENCED.sub("", body)) is None


def markdown_html(body: str) -> str:
    """A Markdown body as HTML (HTML written in it kept as HTML)."""
    return _parser().render(body)


def body_html(path: str, body: str) -> str:
    """The body of the file at `path` as the HTML (or plain text) the renderer reads."""
    return markdown_html(body) if is_markdown(path, body) else body


@cache
def _parser() -> MarkdownIt:
    from markdown_it import MarkdownIt  # ~0.1 s to import: only for a Markdown body

    return MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
