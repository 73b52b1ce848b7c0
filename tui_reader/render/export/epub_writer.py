"""The EPUB 3 digest, made with ebooklib: a navigation document first, one chapter per article.

Each chapter is the article's sanitised tree as XHTML (`html_writer.element_html`), in the
language its text is mostly in (`lang="zh"` for Chinese, so readers pick CJK fonts and line
breaking). Images are links, never loaded: an EPUB may not load images from the web.

ebooklib keeps every chapter in memory until the book is written, so an EPUB costs memory in
proportion to the text exported (measured in BENCHMARKS.md, "Export"); the HTML and Markdown
digests are written as they are made. ebooklib needs lxml, a compiled library the reader needs
for nothing else, so it is the optional `epub` extra: `pip install "tui-reader[epub]"`.
"""

from __future__ import annotations

import re
import uuid
from html import escape
from pathlib import Path
from typing import Any

from tui_reader.render.export.document import Element
from tui_reader.render.export.entry import Entry
from tui_reader.render.export.html_writer import element_html, meta_html

MISSING = 'EPUB export needs ebooklib: pip install "tui-reader[epub]"'
# Characters XML cannot hold (the rest of the controls never reach the tree).
_NOT_XML = re.compile("[\ufffe\uffff]")
CSS = """\
body { line-height: 1.6; }
:lang(zh) { line-break: strict; }
.meta { font-size: .85em; color: #666; }
blockquote { margin-left: 1em; padding-left: .8em; border-left: .2em solid #999; }
pre { white-space: pre-wrap; font-size: .85em; }
"""


# Chapters per part of a long book's contents. ebooklib's NCX writer looks through the entries
# before each new one (`find("content")` among its parent's children): a flat list of 100,000
# chapters is quadratic (40k: 6.7 times the time of 10k), parts of at most PART keep it linear.
PART = 100


def contents(epub: Any, chapters: list[Any]) -> list[Any]:
    """The book's table of contents: the chapters, in parts of `PART` ("1–100", …) when more."""
    if len(chapters) <= PART:
        return list(chapters)
    parts = []
    for start in range(0, len(chapters), PART):
        chunk = chapters[start : start + PART]
        title = f"{start + 1}–{start + len(chunk)}"
        parts.append((epub.Section(title, href=chunk[0].file_name), chunk))
    return parts


class ExportUnavailable(Exception):
    """A format that needs a package that is not installed; the message says which."""


def load_ebooklib() -> Any:
    try:
        from ebooklib import epub
    except ImportError:
        raise ExportUnavailable(MISSING) from None
    return epub


class EpubDigest:
    """A book: its chapters are made one by one, the file written at the end."""

    def __init__(self, path: Path) -> None:
        self.epub = load_ebooklib()
        self.path = path
        self.book = self.epub.EpubBook()
        self.chapters: list[Any] = []
        self.style: Any = None

    def begin(self, title: str, lang: str, entries: list[Entry]) -> None:
        epub = self.epub
        book = self.book
        book.set_identifier(f"urn:uuid:{uuid.uuid4()}")
        book.set_title(title)
        book.set_language(lang)
        book.add_author("tui-reader")
        self.style = epub.EpubItem(
            uid="style", file_name="style.css", media_type="text/css", content=CSS
        )
        book.add_item(self.style)

    def article(self, entry: Entry, body: Element, lang: str) -> None:
        content = (
            f"<h1>{escape(entry.title, quote=False)}</h1>\n{meta_html(entry)}\n"
            + element_html(body, images=False, xhtml=True, shift=1)
        )
        chapter = self.epub.EpubHtml(
            title=entry.title,
            file_name=f"article-{entry.number:06d}.xhtml",
            lang=lang,
            content=_NOT_XML.sub("", content),
        )
        chapter.add_item(self.style)
        self.book.add_item(chapter)
        self.chapters.append(chapter)

    def end(self) -> None:
        epub = self.epub
        book = self.book
        book.toc = contents(epub, self.chapters)
        book.add_item(epub.EpubNcx())
        book.add_item(epub.EpubNav())
        book.spine = ["nav", *self.chapters]
        epub.write_epub(str(self.path), book, {"raise_exceptions": True})
