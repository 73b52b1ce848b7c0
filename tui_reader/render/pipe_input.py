"""An article as a `[pipe]` command reads it on stdin: plain text, Markdown or HTML.

- text: what the reading pane shows, as plain text (header, a blank line, the body), the same
  text `tui-reader show` prints when piped.
- markdown: the article as `tui-reader export --format markdown` writes one (CommonMark, from the
  sanitised tree of render.export): the title as a `#` heading, source, date, author and link in
  a line under it, then the body.
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
    if form == "markdown":
        return _markdown(article, html)
    return render_article(article, html).plain_text


def _markdown(article: Article, html: str) -> str:
    from tui_reader.render.export.digest import article_tree
    from tui_reader.render.export.entry import Entry
    from tui_reader.render.export.markdown_writer import element_markdown, escape_text, url_text

    entry = Entry.of(1, article)
    parts = [f"# {escape_text(entry.title)}"]
    details = [escape_text(part) for part in entry.details()]
    if entry.link:
        details.append(f"[{escape_text(entry.link)}]({url_text(entry.link)})")
    if details:
        parts.append(f"*{' · '.join(details)}*")
    parts.append(element_markdown(article_tree(article, html), images=True, shift=1))
    return "\n\n".join(part for part in parts if part) + "\n"


def _html(article: Article, html: str) -> str:
    from tui_reader.core.markdown_body import body_html

    title = escape(clean_line(article.title) or "(untitled)")
    return f"<h1>{title}</h1>\n{body_html(article.path, html)}\n"
