"""An article body as a small, sanitised element tree, for the export writers.

The body is read exactly as the reading pane reads it: Markdown files become HTML first
(`core.markdown_body`), then the same tolerant parser, made linear on any body
(`render.linear_parser`), sees the same prepared text (`render.convert.prepared_body`), hides
what the pane hides (scripts, styles, `hidden` and `display:none` elements, tracking pixels) and
cleans text the same way (`render.textclean`: no ESC, C1 or bidi controls survive).

Rather than translate the pane's rich blocks back (they keep no heading levels, links or table
structure, only how they look), the parser's events build a tree of a fixed, small set of
elements with a fixed set of attributes: nothing of the article's markup passes through
unchecked, so every writer (HTML, XHTML for EPUB, Markdown) only has to escape text. Links keep
only addresses the reader itself would open (`core.links.check_url`: http, https, mailto),
resolved against the article's own address as the pane resolves them; images keep only http(s)
addresses. The tree's depth is bounded, so writing it back cannot recurse without limit.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tui_reader.core.links import check_url
from tui_reader.render.attributes import (
    file_name,
    image_source,
    is_pixel,
    short_address,
    start_number,
)
from tui_reader.render.linkset import normalize_url
from tui_reader.render.tags import BLOCK, RAW_TEXT, SKIPPED
from tui_reader.render.textclean import clean_body_text, one_line, preformatted
from tui_reader.render.visible import VisibleParser

MAX_DEPTH = 48  # elements nested deeper keep their text, not their element

# Input element -> output element; anything else keeps its text but not its element.
RENAMED = {
    "b": "strong", "strong": "strong", "i": "em", "em": "em", "cite": "em", "dfn": "em",
    "var": "em", "code": "code", "kbd": "code", "samp": "code", "tt": "code", "s": "del",
    "strike": "del", "del": "del", "sub": "sub", "sup": "sup", "mark": "mark", "q": "q",
    "ruby": "ruby", "rt": "rt", "rp": "rp", "p": "p", "ul": "ul", "ol": "ol", "menu": "ul",
    "dir": "ul", "li": "li", "blockquote": "blockquote", "pre": "pre", "hr": "hr", "br": "br",
    "table": "table", "caption": "caption", "thead": "thead", "tbody": "tbody",
    "tfoot": "tfoot", "tr": "tr", "td": "td", "th": "th", "dl": "dl", "dt": "dt", "dd": "dd",
    "figure": "figure", "figcaption": "figcaption", "a": "a",
    **{f"h{level}": f"h{level}" for level in range(1, 7)},
}  # fmt: skip
# Output elements that are blocks (the writers start a new block for them).
BLOCKS = frozenset(
    "p ul ol li blockquote pre hr table caption thead tbody tfoot tr td th dl dt dd figure "
    "figcaption div h1 h2 h3 h4 h5 h6".split()
)
# An open <p> ends where one of these starts (as HTML says), but not past one of the scopes.
_ENDS_PARAGRAPH = BLOCKS - {"li", "dt", "dd", "td", "th", "tr", "caption", "figcaption"}
_SCOPES = frozenset("li dt dd td th blockquote div figure table ul ol dl".split())
_TABLE_PARTS = frozenset(("tr", "td", "th", "thead", "tbody", "tfoot", "caption"))


@dataclass(slots=True)
class Element:
    """One element of the sanitised tree; children are elements and strings of text."""

    tag: str
    attrs: dict[str, str] = field(default_factory=dict)
    children: list[Element | str] = field(default_factory=list)


def safe_link(url: str, base: str = "") -> str:
    """`url` resolved against `base` when the reader would open it (http, https, mailto), else
    "" (javascript:, data:, file:, relative addresses with no base…)."""
    url = normalize_url(url, base)
    return url if url and check_url(url) is None else ""


def safe_image(url: str, base: str = "") -> str:
    """An image address an export may load: http or https only."""
    url = safe_link(url, base)
    return url if url.lower().startswith(("http://", "https://")) else ""


class _Builder(VisibleParser):
    """Parser callbacks that build the tree (see the module's docstring)."""

    def __init__(self, base: str, *, skipped: frozenset[str], honour_hidden: bool) -> None:
        super().__init__(skipped=skipped, honour_hidden=honour_hidden)
        self.base = base
        self.root = Element("div")
        self.stack = [self.root]
        self.overflow: dict[str, int] = {}  # elements past MAX_DEPTH still open, by name
        self.pre_line = False

    # ---- the tree

    @property
    def top(self) -> Element:
        return self.stack[-1]

    def _open(self, tag: str, attrs: dict[str, str] | None = None) -> None:
        element = Element(tag, attrs or {})
        if len(self.stack) >= MAX_DEPTH:
            self.overflow[tag] = self.overflow.get(tag, 0) + 1
            return
        self.top.children.append(element)
        self.stack.append(element)

    def _leaf(self, tag: str, attrs: dict[str, str] | None = None) -> None:
        self.top.children.append(Element(tag, attrs or {}))

    def _close(self, tag: str, *, scopes: frozenset[str] = frozenset()) -> bool:
        """Close the innermost open `tag` and everything inside it, unless one of `scopes`
        comes first; whether it was open."""
        for index in range(len(self.stack) - 1, 0, -1):
            name = self.stack[index].tag
            if name == tag:
                self._truncate(index)
                return True
            if name in scopes:
                return False
        return False

    def _truncate(self, index: int) -> None:
        removed = self.stack[index:]
        del self.stack[index:]
        if self.pre_depth and any(element.tag == "pre" for element in removed):
            self.pre_depth = sum(1 for element in self.stack if element.tag == "pre")

    def _inside(self, tag: str, *, scopes: frozenset[str]) -> bool:
        for element in reversed(self.stack):
            if element.tag == tag:
                return True
            if element.tag in scopes:
                return False
        return False

    def text(self, text: str) -> None:
        if not text:
            return
        children = self.top.children
        if children and isinstance(children[-1], str):
            children[-1] += text
        else:
            children.append(text)

    # ---- parser callbacks (see `VisibleParser`)

    def _text_literal(self, text: str) -> None:
        self.text(preformatted(clean_body_text(text)))

    def _end(self, tag: str) -> None:
        if self.pre_depth and tag in BLOCK and tag != "pre":
            return
        name = RENAMED.get(tag, "div" if tag in BLOCK else "")
        if not name:
            return
        if self.overflow.get(name):
            self.overflow[name] -= 1
            return
        if name in BLOCKS:
            self._close(name)
        else:  # an inline element ends only inside the block it began in
            self._close(name, scopes=BLOCKS)

    def handle_data(self, data: str) -> None:
        if self.skip_tag:
            return
        text = clean_body_text(data)
        if self.pre_depth:
            self.text(preformatted(text))
        elif self.pre_line and "\n" in text:
            for index, line in enumerate(text.split("\n")):
                if index:
                    self._leaf("br")
                self.text(line)
        else:
            self.text(text)

    # ---- start tags

    def _start(self, tag: str, attributes: dict[str, str]) -> None:
        if self.pre_depth and tag in BLOCK:
            return
        if tag == "img":
            self._image(attributes)
            return
        if tag in ("embed", "iframe", "video", "audio"):
            self._embed(tag, attributes)
            return
        name = RENAMED.get(tag, "div" if tag in BLOCK else "")
        if not name:
            return
        if name in _ENDS_PARAGRAPH:
            self._close("p", scopes=_SCOPES)
        if name in ("h1", "h2", "h3", "h4", "h5", "h6"):
            for level in range(1, 7):
                self._close(f"h{level}", scopes=_SCOPES)
        if name == "a":
            self._close("a", scopes=BLOCKS)  # links do not nest
        if name in ("br", "hr"):
            self._leaf(name)
        elif name == "li":
            self._item()
        elif name in ("dt", "dd"):
            self._close("dt", scopes=_SCOPES)
            self._close("dd", scopes=_SCOPES)
            self._open(name)
        elif name in _TABLE_PARTS:
            self._table_part(name, attributes)
        elif name == "a":
            href = safe_link(attributes.get("href", ""), self.base)
            self._open("a", {"href": href} if href else {})
        elif name == "ol":
            start = start_number(attributes) + 1
            self._open("ol", {"start": str(start)} if start != 1 else {})
        else:
            self._open(name)
            if name == "pre" and self.top.tag == "pre":
                self.pre_depth += 1

    def _item(self) -> None:
        if not self._inside("ul", scopes=frozenset()) and not self._inside(
            "ol", scopes=frozenset()
        ):
            self._open("ul")  # an <li> outside any list is an item all the same
        self._close("li", scopes=frozenset(("ul", "ol")))
        self._open("li")

    def _table_part(self, name: str, attributes: dict[str, str]) -> None:
        if not self._inside("table", scopes=frozenset(("td", "th"))):
            return  # table parts outside a table keep only their text
        if name in ("td", "th"):
            if not self._inside("tr", scopes=frozenset(("table",))):
                self._open("tr")
            self._close("td", scopes=frozenset(("tr",)))
            self._close("th", scopes=frozenset(("tr",)))
            spans = {
                key: value
                for key in ("colspan", "rowspan")
                if (value := attributes.get(key, "").strip()).isdigit() and 1 < int(value) < 100
            }
            self._open(name, spans)
        elif name == "tr":
            self._close("tr", scopes=frozenset(("table",)))
            self._open("tr")
        else:
            self._open(name)

    def _image(self, attributes: dict[str, str]) -> None:
        if is_pixel(attributes):
            return
        src = safe_image(image_source(attributes), self.base)
        alt = one_line(attributes.get("alt", ""))
        if "emoji" in attributes.get("class", "").lower() and alt:
            self.text(alt)
            return
        label = alt or one_line(attributes.get("title", "")) or file_name(src) or "image"
        self._leaf("img", {"src": src, "alt": label})

    def _embed(self, tag: str, attributes: dict[str, str]) -> None:
        src = safe_link(attributes.get("src", ""), self.base)
        if not src:
            return
        kind = {"video": "video", "audio": "audio"}.get(tag, "embedded")
        label = one_line(attributes.get("title", "")) or short_address(src)
        if self._inside("a", scopes=BLOCKS):  # links do not nest: the label alone
            self.text(f"[{kind}: {label}]")
        else:
            self.top.children.append(Element("a", {"href": src}, [f"[{kind}: {label}]"]))


def body_tree(html: str, base: str = "") -> Element:
    """The sanitised tree of a body (already HTML, see `core.markdown_body.body_html`); `base`
    is the article's own address, against which relative links are resolved."""
    from tui_reader.render.convert import prepared_body  # imports rich: only when exporting

    prepared, pre_line = prepared_body(html)
    builder = _build(prepared, pre_line, base, skipped=SKIPPED, honour_hidden=True)
    if builder.skip_tag and builder.skip_tag not in RAW_TEXT:
        # an unclosed element that would hide the rest: shown, as the reading pane shows it
        builder = _build(prepared, pre_line, base, skipped=RAW_TEXT, honour_hidden=False)
    return builder.root


def _build(
    html: str, pre_line: bool, base: str, *, skipped: frozenset[str], honour_hidden: bool
) -> _Builder:
    builder = _Builder(base, skipped=skipped, honour_hidden=honour_hidden)
    builder.pre_line = pre_line
    builder.feed(html)
    builder.close()
    return builder


def plain_text(element: Element) -> str:
    """The text of a tree, without markup (for a language guess), iteratively."""
    parts: list[str] = []
    pending: list[Element | str] = [element]
    while pending:
        node = pending.pop()
        if isinstance(node, str):
            parts.append(node)
        else:
            pending.extend(reversed(node.children))
    return "".join(parts)
