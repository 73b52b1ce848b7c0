"""What of an HTML body a browser shows, as parser events: the base of the body's readers.

The reading pane's converter (`convert.py`) and the exports' tree builder
(`export/document.py`) read bodies alike through this parser: the content of scripts, styles and
the other `SKIPPED` elements, and of elements hidden by `hidden` or `display:none`, never
reaches them (an iframe, video or audio leaves an `_embed` call for its address), and inside
`<pre>` a tag that is no HTML element is text, as written (`<dependency>` in Maven XML).
Subclasses handle `_start`, `_end`, `_embed` and `_text_literal`.
"""

from __future__ import annotations

from tui_reader.render.attributes import is_hidden
from tui_reader.render.linear_parser import LinearHTMLParser
from tui_reader.render.tags import KNOWN, VOID


class VisibleParser(LinearHTMLParser):
    """Start and end tags of what is shown, and skipped elements' content dropped."""

    def __init__(self, *, skipped: frozenset[str], honour_hidden: bool) -> None:
        super().__init__(convert_charrefs=True)
        self.skipped = skipped
        self.honour_hidden = honour_hidden
        self.skip_tag = ""  # content of this element is not shown
        self.skip_depth = 0
        self.skip_hidden = False  # the skip comes from `hidden` / display:none
        self.pre_depth = 0
        self._raw_end_tag = ""

    # ---- for subclasses

    def _start(self, tag: str, attributes: dict[str, str]) -> None:
        raise NotImplementedError

    def _end(self, tag: str) -> None:
        raise NotImplementedError

    def _embed(self, tag: str, attributes: dict[str, str]) -> None:
        raise NotImplementedError

    def _text_literal(self, text: str) -> None:
        raise NotImplementedError

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
            self.honour_hidden and tag not in VOID and is_hidden(attributes)
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
        end = self.next_gt(i)
        self._raw_end_tag = self.rawdata[i : end + 1] if end != -1 else ""
        return super().parse_endtag(i)

    def _start_skip(self, tag: str, *, hidden: bool) -> None:
        self.skip_tag = tag
        self.skip_depth = 1
        self.skip_hidden = hidden
