"""An article as a `[pipe]` command reads it on stdin: plain text, Markdown or HTML.

- text: what the reading pane shows, as plain text (header, a blank line, the body), the same
  text `tui-reader show` prints when piped.
- markdown: that text with the title as a `#` heading, the byline and categories as lines of
  their own and the article's link in `<…>`; the body's paragraphs as they are (not escaped:
  it is for a tool to read, not Markdown to render again).
- html: the title as `<h1>` and the body as the file holds it (a Markdown file's body converted,
  as the reader converts it). Not sanitised: it goes to a program the user chose, on their
  machine, which may want every attribute.
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from tui_reader.core.sanitize import clean_line
from tui_reader.render.article import render_article

if TYPE_CHECKING:
    from tui_reader.core.library.api import Article


def pipe_input(article: Article, html: str, form: str) -> str:
    """The article with body `html` as `form` ("text", "markdown" or "html")."""
    if form == "html":
        return _html(article, html)
    rendered = render_article(article, html)
    if form == "markdown":
        header = rendered.header.plain.split("\n")
        body = rendered.plain_text[len(rendered.header.plain) :].lstrip("\n")
        return _markdown(article, header, body)
    return rendered.plain_text


def _markdown(article: Article, header: list[str], body: str) -> str:
    title, details = header[0], header[1:]
    parts = [f"# {title}", "\n".join(f"{line}  " for line in details if line.strip()).rstrip()]
    if link := clean_line(article.link or ""):
        parts.append(f"<{link}>")
    parts.append(body)
    return "\n\n".join(part for part in parts if part) + "\n"


def _html(article: Article, html: str) -> str:
    from tui_reader.core.markdown_body import body_html

    title = escape(clean_line(article.title) or "(untitled)")
    return f"<h1>{title}</h1>\n{body_html(article.path, html)}\n"
