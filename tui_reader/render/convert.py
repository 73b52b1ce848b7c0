"""HTML body -> rich blocks, in one pass of the standard library's tolerant HTML parser.

Chosen by measurement over html2text + rich Markdown (see BENCHMARKS.md, "Rendering"): one pass,
linear in the size of the body, no intermediate Markdown to escape and re-parse, and every piece of
text is built with `Text.append`, so nothing in an article is ever read as markup. Entities are
decoded by the parser before `clean_body_text` runs, so `&#27;` cannot smuggle an ESC through.

This module holds the entry point and the block elements; the converter's other parts each have a
module over the state they share (`parse_state.py`): inline styles and marks (`inline.py`),
links, images and embeds (`media.py`), table elements (`table_cells.py`), and what attributes
say (`attributes.py`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rich.console import RenderableType
from rich.rule import Rule
from rich.text import Text

from tui_reader.core.search.api import tame_charrefs
from tui_reader.render import styles
from tui_reader.render.attributes import file_name, start_number
from tui_reader.render.cfemail import decode_cfemail
from tui_reader.render.flow import Frame
from tui_reader.render.inline import INLINE_MARKS
from tui_reader.render.linkset import LinkSet
from tui_reader.render.media import Media
from tui_reader.render.table_cells import TableCells
from tui_reader.render.tags import BLOCK, RAW_TEXT, SKIPPED
from tui_reader.render.textclean import clean_body_text, collapse_whitespace, preformatted

__all__ = ["Converted", "convert", "file_name", "plain_block", "prepared_body"]

# Bodies without any block structure (plain text in a <div>) keep their line breaks, as the
# archiver meant them; in HTML proper, newlines are just white space.
_STRUCTURE = re.compile(
    r"<(?:p|br|li|h[1-6]|table|tr|pre|blockquote|ul|ol|dl|figure|hr|img|section|article)\b", re.I
)
_LONE_LT = re.compile(r"<(?![a-zA-Z/!?])")
PIECE = 1 << 18  # characters per substitution over a body (see escape_lone_lt)


@dataclass(slots=True)
class Converted:
    """The body as blocks, its plain text, and whether an image opened it (before any text)."""

    blocks: list[RenderableType]
    plain: str
    first_image: str | None


class _Converter(Media, TableCells):
    """The tolerant HTML parser's callbacks: what each element does to the flows being built."""

    # ---- parser callbacks

    def handle_data(self, data: str) -> None:
        if self.skip_tag:
            return
        text = clean_body_text(data)
        if self.caption_break and text.strip():
            self.caption_break = False
            self.flow.line_break()  # a figure's text after its image is its caption: own line
        if self.pre_depth:
            self.flow.add_text(preformatted(text), self.style)
        elif self.pre_line and "\n" in text:
            for index, line in enumerate(text.split("\n")):
                if index:
                    self.flow.line_break()
                self.flow.add_text(collapse_whitespace(line), self.style)
        else:
            self.flow.add_text(collapse_whitespace(text), self.style)
        if self.anchor is not None:
            self.anchor.text.append(text)
        if not self.saw_text and text.strip():
            self.saw_text = True

    def close(self) -> None:
        super().close()
        self._end_anchor()
        while self.tables:
            self._end_table()
        self.body.flush()

    # ---- start tags

    def _start(self, tag: str, attributes: dict[str, str]) -> None:
        flow = self.flow
        if self.pre_depth and tag in BLOCK:
            return  # a block inside <pre> would only break the preformatted text apart
        if tag == "br":
            flow.line_break()
        elif tag == "img":
            self._image(attributes)
        elif tag in ("embed", "source", "iframe", "video", "audio") and not self.pre_depth:
            self._embed(tag, attributes)
        elif tag == "a":
            self._start_anchor(attributes)
        elif tag == "span" and "data-cfemail" in attributes and self.honour_hidden:
            address = decode_cfemail(attributes["data-cfemail"])
            if address:
                flow.add_text(address, self.style)
                self._start_skip(tag, hidden=True)
        elif tag in ("ul", "ol", "menu"):
            flow.push(Frame("list", ordered=tag == "ol", counter=start_number(attributes),
                            depth=flow.list_depth()))  # fmt: skip
        elif tag == "li":
            self._start_item()
        elif tag == "blockquote":
            flow.push(Frame("quote"))
        elif tag == "dd":
            flow.push(Frame("indent"))
        elif tag == "pre":
            flow.flush()
            flow.pre = True
            self.pre_depth += 1
        elif tag == "figure":
            flow.flush()
            self.figure_depth += 1
        elif tag == "hr":
            flow.flush()
            flow.add_block(Rule(style=styles.PREFIX), "")
        elif tag in INLINE_MARKS:
            self._inline_mark(tag, opening=True)
        elif tag == "table":
            self._open_table()
        elif tag in ("tr", "td", "th") and self.tables:
            self._table_start(tag)
        elif tag in BLOCK:
            flow.flush()
        if tag in styles.INLINE:
            self._push_style(tag, styles.INLINE[tag])

    def _start_item(self) -> None:
        flow = self.flow
        frame = flow.innermost_list()
        if frame is None:  # <li> outside any list: show it as a bullet all the same
            flow.push(Frame("list", depth=0))
            frame = flow.frames[-1]
        flow.flush()
        frame.next_item()

    # ---- end tags

    def _end(self, tag: str) -> None:
        flow = self.flow
        if tag in styles.INLINE:
            self._pop_style(tag)
        if self.pre_depth and tag in BLOCK and tag != "pre":
            return
        if tag == "a":
            self._end_anchor()
        elif tag in INLINE_MARKS:
            self._inline_mark(tag, opening=False)
        elif tag in ("ul", "ol", "menu"):
            flow.pop("list")
        elif tag == "blockquote":
            flow.pop("quote")
        elif tag == "dd":
            flow.pop("indent")
        elif tag == "pre":
            if self.pre_depth:
                flow.flush()
                self.pre_depth -= 1
                flow.pre = self.pre_depth > 0
        elif tag == "figure":
            flow.flush()
            self.figure_depth = max(0, self.figure_depth - 1)
            self.caption_break = False
        elif tag == "table":
            self._close_table()
        elif tag in ("tr", "td", "th") and self.tables:
            self._close_cell()
        elif tag in BLOCK:
            flow.flush()


def convert(html: str, links: LinkSet) -> Converted:
    """Convert a body. An element left open that would hide the rest of the article (an unclosed
    `<noscript>` or `display:none`) is retried as visible: losing text is worse than showing a
    little noise."""
    mark = len(links.links)
    converter = _run(html, links, skipped=SKIPPED, honour_hidden=True)
    if converter.skip_tag and converter.skip_tag not in RAW_TEXT:
        # One retry at most, showing everything but scripts and styles: linear time even when
        # every kind of hiding element is left open.
        links.truncate(mark)
        converter = _run(html, links, skipped=RAW_TEXT, honour_hidden=False)
    body = converter.body
    return Converted(body.blocks, body.plain_text(), converter.first_image)


def _run(html: str, links: LinkSet, *, skipped: frozenset[str], honour_hidden: bool) -> _Converter:
    converter = _Converter(links, skipped=skipped, honour_hidden=honour_hidden)
    html, converter.pre_line = prepared_body(html)
    converter.feed(html)
    converter.close()
    return converter


def prepared_body(html: str) -> tuple[str, bool]:
    """A body as the converter's parser reads it, and whether its line breaks are kept (it has
    no block structure). Exports read bodies through this too, so they parse the same way."""
    # A `<` that cannot start a tag is text to a browser; written as `&lt;` the parser takes it
    # in one run of text instead of stopping at each one (a page of `<` took seconds).
    html = escape_lone_lt(_drop_unclosed_comment(tame_charrefs(html)))
    return html, _STRUCTURE.search(html) is None


def escape_lone_lt(html: str, piece: int = PIECE) -> str:
    """Every `<` that cannot start a tag written `&lt;`, a piece of the body at a time: one
    substitution over megabytes holds the interpreter (and so the UI thread) for half a second
    (4 M of `<`: 0.5 s). A piece never ends between a `<` and the character that decides it."""
    if len(html) <= piece:
        return _LONE_LT.sub("&lt;", html)
    parts: list[str] = []
    start = 0
    while start < len(html):
        end = min(start + piece, len(html))
        if end < len(html) and html[end - 1] == "<" and html[end] != "<":
            end += 1
        parts.append(_LONE_LT.sub("&lt;", html[start:end]))
        start = end
    return "".join(parts)


def _drop_unclosed_comment(html: str) -> str:
    """A comment never closed hides the rest of the page in a browser; the parser would show it."""
    last_close = html.rfind("-->")
    start = html.find("<!--", last_close + 3 if last_close != -1 else 0)
    return html if start == -1 else html[:start]


def plain_block(text: str) -> Text:
    """A paragraph of the renderer's own words (notes), styled as such."""
    return Text(text, styles.NOTE)
