"""HTML body -> rich blocks, in one pass of the standard library's tolerant HTML parser.

Chosen by measurement over html2text + rich Markdown (see BENCHMARKS.md, "Rendering"): one pass,
linear in the size of the body, no intermediate Markdown to escape and re-parse, and every piece of
text is built with `Text.append`, so nothing in an article is ever read as markup. Entities are
decoded by the parser before `clean_body_text` runs, so `&#27;` cannot smuggle an ESC through.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import unquote, urlsplit

from rich.console import RenderableType
from rich.rule import Rule
from rich.text import Text

from tui_reader.render import styles
from tui_reader.render.cfemail import decode_cfemail
from tui_reader.render.flow import Flow, Frame
from tui_reader.render.linkset import LinkSet
from tui_reader.render.tables import TableBuilder
from tui_reader.render.tags import BLOCK, KNOWN, RAW_TEXT, SKIPPED, VOID
from tui_reader.render.textclean import (
    clean_body_text,
    collapse_whitespace,
    one_line,
    preformatted,
)

# Bodies without any block structure (plain text in a <div>) keep their line breaks, as the
# archiver meant them; in HTML proper, newlines are just white space.
_STRUCTURE = re.compile(
    r"<(?:p|br|li|h[1-6]|table|tr|pre|blockquote|ul|ol|dl|figure|hr|img|section|article)\b", re.I
)
_INLINE_OPEN = frozenset(("q", "ruby", "rp", "rt"))
_LONE_LT = re.compile(r"<(?![a-zA-Z/!?])")
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_PIXEL_STYLE = re.compile(r"(?:^|[;\s])(?:width|height)\s*:\s*[01](?:\.0*)?px", re.I)
# Nesting beyond these depths is ignored (its text still shows): real articles stay far below,
# and hostile ones must not cost quadratic time or exhaust rich's recursion.
MAX_DEPTH = 64
MAX_TABLE_DEPTH = 8
_LAZY_SOURCES = ("data-src", "data-original", "data-lazy-src", "data-actualsrc", "file")


@dataclass(slots=True)
class _Anchor:
    href: str
    flow: Flow
    text: list[str] = field(default_factory=list)
    image: str = ""  # label of an image inside the anchor, when it has no text


@dataclass(slots=True)
class Converted:
    """The body as blocks, its plain text, and whether an image opened it (before any text)."""

    blocks: list[RenderableType]
    plain: str
    first_image: str | None


class _Converter(HTMLParser):
    def __init__(self, links: LinkSet, *, skipped: frozenset[str], honour_hidden: bool) -> None:
        super().__init__(convert_charrefs=True)
        self.links = links
        self.skipped = skipped
        self.honour_hidden = honour_hidden
        self.body = Flow()
        self.flows = [self.body]
        self.tables: list[TableBuilder] = []
        self.style_stack: list[tuple[str, str]] = []
        self.style = ""
        self.skip_tag = ""  # content of this element is not shown
        self.skip_depth = 0
        self.skip_hidden = False  # the skip comes from `hidden` / display:none
        self.pre_depth = 0
        self.figure_depth = 0
        self.caption_break = False
        self.ruby_parens = False  # <rt> gets parentheses (no <rp> seen in this <ruby>)
        self.table_overflow = 0  # tables opened past MAX_TABLE_DEPTH, shown as plain blocks
        self.pre_line = False
        self.anchor: _Anchor | None = None
        self.saw_text = False
        self.first_image: str | None = None
        self._raw_end_tag = ""

    @property
    def flow(self) -> Flow:
        return self.flows[-1]

    # ---- parser callbacks

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.skip_tag:
            if tag == self.skip_tag:
                self.skip_depth += 1
            return
        if self.pre_depth and tag not in KNOWN:
            self._text_literal(self.get_starttag_text() or "")
            return
        attributes = {name: value or "" for name, value in reversed(attrs)}
        if tag in self.skipped or (
            self.honour_hidden and tag not in VOID and _is_hidden(attributes)
        ):
            self._start_skip(tag, hidden=tag not in self.skipped)
            if tag in ("iframe", "video", "audio"):
                self._embed(tag, attributes)
            return
        self._start(tag, attributes)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if self.skip_tag:
            if tag == self.skip_tag:
                self.skip_depth -= 1
                if not self.skip_depth:
                    self.skip_tag = ""
            return
        if self.pre_depth and tag not in KNOWN:
            self._text_literal(self._raw_end_tag or f"</{tag}>")
            return
        self._end(tag)

    def parse_endtag(self, i: int) -> int:
        # The parser lowercases tag names; keep the end tag as written for code shown in <pre>.
        end = self.rawdata.find(">", i)
        self._raw_end_tag = self.rawdata[i : end + 1] if end != -1 else ""
        return super().parse_endtag(i)

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
            flow.push(Frame("list", ordered=tag == "ol", counter=_start_number(attributes),
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
        elif tag in _INLINE_OPEN:
            self._inline_mark(tag, opening=True)
        elif tag == "table":
            flow.flush()
            if len(self.tables) < MAX_TABLE_DEPTH:
                self.tables.append(TableBuilder(flow))
            else:
                self.table_overflow += 1
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

    def _start_skip(self, tag: str, *, hidden: bool) -> None:
        self.skip_tag = tag
        self.skip_depth = 1
        self.skip_hidden = hidden

    # ---- end tags

    def _end(self, tag: str) -> None:
        flow = self.flow
        if tag in styles.INLINE:
            self._pop_style(tag)
        if self.pre_depth and tag in BLOCK and tag != "pre":
            return
        if tag == "a":
            self._end_anchor()
        elif tag in _INLINE_OPEN:
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
            if self.tables and self.table_overflow == 0:
                self._end_table()
            elif self.table_overflow:
                self.table_overflow -= 1
        elif tag in ("tr", "td", "th") and self.tables:
            self._close_cell()
        elif tag in BLOCK:
            flow.flush()

    # ---- inline styles

    def _push_style(self, tag: str, style: str) -> None:
        if len(self.style_stack) >= MAX_DEPTH:
            return  # absurd nesting (<b> a hundred thousand times) must not cost quadratic time
        self.style_stack.append((tag, style))
        self._restyle()

    def _pop_style(self, tag: str) -> None:
        # Only the innermost element of that name ends: mis-nested <b><i></b></i> stays readable.
        for index in range(len(self.style_stack) - 1, -1, -1):
            if self.style_stack[index][0] == tag:
                del self.style_stack[index]
                self._restyle()
                return

    def _restyle(self) -> None:
        names = dict.fromkeys(" ".join(style for _, style in self.style_stack).split())
        self.style = " ".join(names)

    def _inline_mark(self, tag: str, *, opening: bool) -> None:
        """What a browser draws around <q> (quotation marks) and <rt> (ruby text, here in
        parentheses after its base, unless the page gives its own <rp> parentheses)."""
        if tag == "ruby":
            self.ruby_parens = opening
        elif tag == "rp":
            self.ruby_parens = False
        elif tag == "q" or self.ruby_parens:
            mark = ("“" if opening else "”") if tag == "q" else ("(" if opening else ")")
            self.flow.add_text(mark, self.style)

    def _text_literal(self, text: str) -> None:
        """Text shown as written: unknown tags inside <pre> are code samples (XML), not HTML."""
        self.flow.add_text(preformatted(clean_body_text(text)), self.style)

    # ---- links, images, embedded content

    def _start_anchor(self, attributes: dict[str, str]) -> None:
        self._end_anchor()
        self.anchor = _Anchor(attributes.get("href", ""), self.flow)
        self._push_style("a", styles.LINK)

    def _end_anchor(self) -> None:
        anchor, self.anchor = self.anchor, None
        if anchor is None:
            return
        self._pop_style("a")
        text = one_line("".join(anchor.text))
        if not text and not anchor.image:
            return  # nothing was shown for it, so nothing to number
        number = self.links.add(anchor.href, text or anchor.image, "link")
        if number is not None:
            anchor.flow.add_marker(f"[{number}]", styles.LINK_NUMBER)

    def _image(self, attributes: dict[str, str]) -> None:
        if _is_pixel(attributes):
            return
        src = _image_source(attributes)
        alt = one_line(attributes.get("alt", ""))
        if "emoji" in attributes.get("class", "").lower() and alt:
            self.flow.add_text(alt, self.style)  # custom emoji: its name, like text
            return
        label = alt or one_line(attributes.get("title", "")) or file_name(src) or "image"
        number = self.links.add(src, label, "image") if src else None
        if not self.saw_text and self.first_image is None:
            self.first_image = self.links.links[number - 1].url if number else ""
        self._placeholder(f"[image: {label}]", number)
        self.caption_break = self.figure_depth > 0
        if self.anchor is not None and not self.anchor.image:
            self.anchor.image = label

    def _embed(self, tag: str, attributes: dict[str, str]) -> None:
        src = attributes.get("src", "")
        if not src or src.startswith("data:"):
            return
        kind = {"video": "video", "audio": "audio"}.get(tag, "embedded")
        label = one_line(attributes.get("title", "")) or _short_address(src)
        self._placeholder(f"[{kind}: {label}]", self.links.add(src, label, "link"))

    def _placeholder(self, label: str, number: int | None) -> None:
        flow = self.flow
        flow.add_marker(label, styles.PLACEHOLDER, spaced=True)
        if number is not None:
            flow.add_marker(f"[{number}]", styles.LINK_NUMBER)
        self.saw_text = True

    # ---- tables

    def _table_start(self, tag: str) -> None:
        table = self.tables[-1]
        self._close_cell()
        if tag == "tr":
            table.new_row()
            return
        cell = table.new_cell(header=tag == "th")
        self.flows.append(cell)

    def _close_cell(self) -> None:
        table = self.tables[-1]
        if table.cell is not None:
            table.cell.flush()
            if self.flows[-1] is table.cell:
                self.flows.pop()
            table.cell = None
            self._pop_style("th")

    def _end_table(self) -> None:
        self._close_cell()
        table = self.tables.pop()
        table.emit()


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
    # A `<` that cannot start a tag is text to a browser; written as `&lt;` the parser takes it
    # in one run of text instead of stopping at each one (a page of `<` took seconds).
    html = _LONE_LT.sub("&lt;", _drop_unclosed_comment(html))
    converter.pre_line = _STRUCTURE.search(html) is None
    converter.feed(html)
    converter.close()
    return converter


def _drop_unclosed_comment(html: str) -> str:
    """A comment never closed hides the rest of the page in a browser; the parser would show it."""
    last_close = html.rfind("-->")
    start = html.find("<!--", last_close + 3 if last_close != -1 else 0)
    return html if start == -1 else html[:start]


def _start_number(attributes: dict[str, str]) -> int:
    try:
        return int(attributes.get("start", "1")) - 1
    except ValueError:
        return 0


def _is_hidden(attributes: dict[str, str]) -> bool:
    return "hidden" in attributes or bool(_HIDDEN_STYLE.search(attributes.get("style", "")))


def _is_pixel(attributes: dict[str, str]) -> bool:
    """Tracking pixels and hidden images: 0 or 1 pixel wide or high, or not displayed."""
    for name in ("width", "height"):
        value = attributes.get(name, "").strip().lower().removesuffix("px").strip()
        if value in ("0", "1"):
            return True
    style = attributes.get("style", "")
    return bool(_PIXEL_STYLE.search(style) or _HIDDEN_STYLE.search(style))


def _image_source(attributes: dict[str, str]) -> str:
    src = attributes.get("src", "").strip()
    if not src or src.startswith("data:"):
        for name in _LAZY_SOURCES:
            if lazy := attributes.get(name, "").strip():
                return lazy
    return "" if src.startswith("data:") else src


def file_name(url: str) -> str:
    """The last part of an address's path, decoded, for an image's label."""
    try:
        path = urlsplit(url).path
    except ValueError:
        return ""
    return one_line(unquote(path.rstrip("/").rpartition("/")[2]), 80)


def _short_address(url: str) -> str:
    try:
        parts = urlsplit(url)
    except ValueError:
        return one_line(url, 60)
    return one_line(f"{parts.netloc}{parts.path}", 60) or one_line(url, 60)


def plain_block(text: str) -> Text:
    """A paragraph of the renderer's own words (notes), styled as such."""
    return Text(text, styles.NOTE)
