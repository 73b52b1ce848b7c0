"""An article as the reading pane and `tui-reader show` display it.

`render_article` is the one entry point: metadata header, body blocks, numbered links and the
visible plain text. It is pure (no I/O) and linear in the size of the body, so the UI can run it in
a thread worker; absurdly large bodies are cut at `MAX_BODY_CHARS` with a note saying so.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from rich.console import Group, RenderableType
from rich.text import Text

from tui_reader.core.sanitize import clean_line
from tui_reader.render import styles
from tui_reader.render.laid_out import LaidOut
from tui_reader.render.linkset import Link, LinkSet

if TYPE_CHECKING:
    from tui_reader.core.library.api import Article

__all__ = [
    "Link",
    "RenderedArticle",
    "render_article",
    "render_header",
    "load_renderer",
    "MAX_BODY_CHARS",
    "EMPTY_BODY",
    "body_renderable",
    "date_label",
]

# Past this a body is cut: measured at about 1 s per 2 MB (see BENCHMARKS.md), no real article is
# near it, and it keeps a pathological file from tying up a worker for long.
MAX_BODY_CHARS = 4_000_000
EMPTY_BODY = "(This article is empty.)"  # what the pane shows for a body with no text


@dataclass
class RenderedArticle:
    """What the pane shows, as `Group(header, *body)`; `links` are numbered as in the text."""

    header: Text
    body: list[RenderableType]
    links: list[Link] = field(default_factory=list)
    plain_text: str = ""
    # The body as one renderable, made on first use (a copy with another body starts afresh).
    _view: LaidOut | None = field(default=None, init=False, repr=False, compare=False)

    def body_view(self) -> LaidOut:
        """The body, without highlights, as the reading pane lays it out: one `LaidOut`, so the
        worker that renders an article can also lay it out at the pane's width, and the UI
        thread then only replays the lines."""
        if self._view is None:
            self._view = LaidOut(body_renderable(self.body))
        return self._view


def body_renderable(blocks: list[RenderableType]) -> RenderableType:
    """Body blocks (maybe with highlights) as the one renderable the reading pane shows: a note
    saying the article is empty when there are none, rather than a blank pane."""
    return Group(*blocks) if blocks else Text(EMPTY_BODY)


def load_renderer() -> None:
    """Import what `render_article` imports on first use, ahead of the first article (the
    reader calls it in a thread once its first frame is painted)."""
    import tui_reader.render.convert
    import tui_reader.render.reading  # noqa: F401


def render_article(article: Article, html: str) -> RenderedArticle:
    """Render an article's metadata and HTML (or plain text) body."""
    # The converter is imported on the first render (in the render worker): its modules and
    # their CJK character classes cost ~20 ms to import, which the reader's first frame needn't.
    from tui_reader.core.markdown_body import body_html
    from tui_reader.render.convert import convert, plain_block
    from tui_reader.render.reading import reading_minutes

    html = body_html(article.path, html)  # a Markdown file's body becomes HTML first
    links = LinkSet(article.link)
    if article.link:
        links.add(article.link, clean_line(article.title), "source")
    head_number = (
        links.add(article.image, _head_label(article.image), "image") if article.image else None
    )
    truncated = len(html) > MAX_BODY_CHARS
    converted = convert(html[:MAX_BODY_CHARS] if truncated else html, links)
    body = list(converted.blocks)
    if truncated:
        note = f"[The article is cut here: only its first {MAX_BODY_CHARS:,} characters are shown.]"
        body += [Text(""), plain_block(note)]
    if head_number is not None:
        head = _head_image(links.links[head_number - 1], converted.first_image)
        if head is not None:
            body[:0] = [head, Text("")] if body else [head]
    header = render_header(article, reading_minutes(converted.plain))
    plain_text = "\n".join((header.plain, "", converted.plain))
    return RenderedArticle(header, body, links.links, plain_text)


def _head_image(link: Link, first_image: str | None) -> Text | None:
    """The front matter's image as a placeholder at the top, unless the body opens with it."""
    if link.url == first_image:
        return None
    text = Text(f"[head image: {link.text}]", styles.PLACEHOLDER)
    text.append(f"[{link.number}]", styles.LINK_NUMBER)
    return text


def _head_label(url: str) -> str:
    from tui_reader.render.convert import file_name

    return file_name(url) or "head image"


def render_header(article: Article, minutes: int | None = None) -> Text:
    """Title, then author · date (local time) · reading time, then category paths and tags.

    Metadata was sanitized by the parser; it is cleaned again here (cheap when clean) because an
    Article can also come from the index or a test, and it is only ever appended as plain text,
    so brackets in a title cannot restyle anything.
    """
    from tui_reader.render.wrap import Paragraph  # see render_article

    header = Paragraph()
    header.append(clean_line(article.title) or "(untitled)", styles.TITLE)
    details = [part for part in (clean_line(article.author), date_label(article)) if part]
    if minutes is not None:
        details.append(f"{minutes} min read")
    if details:
        header.append("\n" + " · ".join(details), styles.META)
    header.append("\n" + clean_line(" | ".join(article.category_labels())), styles.META)
    if article.tags:
        header.append("\nTags: " + clean_line(", ".join(article.tags)), styles.META)
    return header


def date_label(article: Article) -> str:
    """The article's date in local time as the header shows it ("" when it has none)."""
    if article.date is None:
        return ""
    when = _local(article.date).strftime("%Y-%m-%d %H:%M")
    return f"{when} (file date)" if article.date_from_file else when


def _local(moment: datetime) -> datetime:
    try:
        return moment.astimezone()
    except (OverflowError, OSError, ValueError):  # out of the platform's range: show it as is
        return moment
