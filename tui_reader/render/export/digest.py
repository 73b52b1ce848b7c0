"""A digest of articles written to a file: Markdown, HTML or EPUB.

`write_digest` takes the articles in the order they are to appear and a function that reads one
body. The contents (titles, sources, dates) come first, from the articles' metadata alone; then
each body is read, made into a sanitised tree (`document.body_tree`), written and dropped, so
Markdown and HTML digests hold one article at a time however many are exported (EPUB: see
`epub_writer`). The file is written beside its final name and renamed into place at the end: an
export that fails or is cancelled leaves no half-written file and never spoils an older one.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, TextIO

from tui_reader.core.library.api import details_by_chunk
from tui_reader.core.sanitize import clean_line
from tui_reader.render.export.document import Element, body_tree, plain_text, safe_image
from tui_reader.render.export.entry import Entry, guess_language, majority_language

if TYPE_CHECKING:
    from tui_reader.core.library.api import Article

FORMATS = ("markdown", "html", "epub")
SUFFIXES = {"markdown": ".md", "html": ".html", "epub": ".epub"}


class ExportCancelled(Exception):
    """The export was stopped before it finished (nothing was written)."""


class Writer(Protocol):
    def begin(self, title: str, lang: str, entries: list[Entry]) -> None: ...
    def article(self, entry: Entry, body: Element, lang: str) -> None: ...
    def end(self) -> None: ...


@dataclass
class Exported:
    """What an export wrote: how many articles, and those whose file could not be read."""

    path: Path | None
    count: int
    unreadable: list[str] = field(default_factory=list)


def article_tree(article: Article, body: str) -> Element:
    """The body as the reader shows it (a Markdown file's body as HTML, a body past the
    renderer's limit cut there), sanitised; the front matter's image first unless the body
    opens with it."""
    from tui_reader.core.markdown_body import body_html
    from tui_reader.render.article import MAX_BODY_CHARS

    tree = body_tree(body_html(article.path, body)[:MAX_BODY_CHARS], article.link)
    head = safe_image(article.image, article.link) if article.image else ""
    if head and _first_image(tree) != head:
        tree.children.insert(0, Element("p", {}, [Element("img", {"src": head, "alt": "image"})]))
    return tree


def _first_image(tree: Element) -> str:
    pending: list[Element | str] = [tree]
    while pending:
        node = pending.pop()
        if isinstance(node, Element):
            if node.tag == "img":
                return node.attrs.get("src", "")
            pending.extend(reversed(node.children))
        elif node.strip():
            return ""  # text came first
    return ""


def write_digest(
    articles: Sequence[Article],
    read_body: Callable[[Article], str],
    form: str,
    target: Path | TextIO,
    *,
    title: str,
    images: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> Exported:
    """Write the digest of `articles` to `target` (a file path, or an open text stream for
    Markdown and HTML). `progress(done, total)` is called after each article; it may raise
    `ExportCancelled` to stop. Raises OSError when the file cannot be written, and
    `epub_writer.ExportUnavailable` when EPUB is asked for without ebooklib."""
    if form not in FORMATS:
        raise ValueError(f"unknown format {form!r}")
    title = clean_line(title) or "Digest"
    entries = [
        Entry.of(number, article) for number, article in enumerate(details_by_chunk(articles), 1)
    ]
    lang = majority_language([guess_language(entry.title, "") for entry in entries])
    unreadable: list[str] = []

    def run(writer: Writer) -> None:
        writer.begin(title, lang, entries)
        # (`read_body` is given the article as the caller passed it; its copy with its link and
        # image in it makes the tree)
        detailed = details_by_chunk(articles)
        for done, (entry, article) in enumerate(zip(entries, articles, strict=True), 1):
            try:
                body = read_body(article)
            except OSError as error:
                unreadable.append(article.path)
                body = f"<p>(This article could not be read: {error.strerror or error}.)</p>"
            tree = article_tree(next(detailed), body)
            text = entry.title + " " + plain_text(tree)
            writer.article(entry, tree, guess_language(text, lang))
            if progress is not None:
                progress(done, len(entries))
        writer.end()

    if not isinstance(target, Path):
        run(_writer(form, target, images))
        return Exported(None, len(entries), unreadable)
    with _replacing(target) as temporary:
        if form == "epub":
            from tui_reader.render.export.epub_writer import EpubDigest

            run(EpubDigest(temporary))
        else:
            with temporary.open("w", encoding="utf-8", newline="\n") as stream:
                run(_writer(form, stream, images))
    return Exported(target, len(entries), unreadable)


def _writer(form: str, stream: TextIO, images: bool) -> Writer:
    from tui_reader.render.export.html_writer import HtmlDigest
    from tui_reader.render.export.markdown_writer import MarkdownDigest

    if form == "html":
        return HtmlDigest(stream, images=images)
    if form == "markdown":
        return MarkdownDigest(stream, images=images)
    raise ValueError(f"{form} is written to a file only")


@contextmanager
def _replacing(target: Path) -> Iterator[Path]:
    """A temporary file beside `target`, renamed over it when the block ends without error
    and removed otherwise. The file keeps the permissions of the one it replaces (else
    0644: mkstemp's 0600 would surprise whoever the digest is for). A symbolic link is
    followed: the file it points to is replaced, the link stays. A device or a pipe
    (`-o /dev/stdout`, `-o >(gzip > digest.gz)`, a FIFO) is written to, never replaced."""
    if target.exists() and not target.is_file() and not target.is_dir():
        yield target
        return
    if target.is_symlink():
        target = Path(os.path.realpath(target))
    if target.is_dir():
        raise IsADirectoryError(21, "is a folder", str(target))
    handle, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    os.close(handle)
    temporary = Path(name)
    try:
        yield temporary
        mode = target.stat().st_mode & 0o777 if target.exists() else 0o644
        os.chmod(temporary, mode)
        os.replace(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
