"""The standard library's tolerant HTML parser, made linear in the size of any body.

`html.parser.HTMLParser` (CPython 3.11) calls a construct whose end it cannot see "incomplete":
`<a href='x` with no closing quote, `</p` or `<?x` or `<!x` with no `>`, `<![CDATA[` with no `]]>`.
It stops there, and when the input ends it shows the construct's first characters as text and
starts again at the next `<`, searching to the end of the body once more. A body made of such
constructs costs quadratic time (1 MB: minutes). Some marked sections (`<![ x`, `<![foo[`) even
raise AssertionError (decimal character references too long for `html.unescape` are written
short before parsing: `core.search.htmltext.tame_charrefs`).

`LinearHTMLParser` is fed a whole body at once (`feed` once, then `close`), so an incomplete
construct is known to be unterminated the first time it is met. Its construct parsers answer at
once what the standard parser answers at the end of the input (the construct's text up to the next
`>`, or else all the rest, is text), and every search for a closing delimiter is remembered: the
parser only moves forward, so the next search starts from the last answer; whether any `>` follows
a start or end tag (most of a body's constructs) is one comparison with the position of the body's
last `>`. A start tag found unterminated after its pattern read past `>`s (in quoted attribute
values) leaves what it read as text, so no character is read by the start-tag pattern twice.
Well-formed HTML, and everything that ends, is parsed exactly as by the standard parser.
"""

from __future__ import annotations

import html.parser
import re
from html import unescape

_COMMENT_CLOSE = re.compile(r"--\s*>")
_MARKED_NAME = re.compile(r"[a-zA-Z][-_.a-zA-Z0-9]*\s*")
_MARKED_CLOSE = re.compile(r"]\s*]\s*>")  # <![CDATA[ … ]]>
_OFFICE_CLOSE = re.compile(r"]\s*>")  # Microsoft Office's <![if …]> … <![endif]>
_MARKED_KINDS = {name: _MARKED_CLOSE for name in ("temp", "cdata", "ignore", "include", "rcdata")}
_MARKED_KINDS.update({name: _OFFICE_CLOSE for name in ("if", "else", "endif")})
# The standard parser's start-tag pattern, read again only for a tag found unterminated (to know
# how far it read). Absent from Python versions whose parser handles the end of input itself.
_START_TAG_END: re.Pattern[str] | None = getattr(html.parser, "locatestarttagend_tolerant", None)
# The standard parser's tag parsers, called directly: they run for every tag of every body.
_parse_starttag = html.parser.HTMLParser.parse_starttag
_parse_endtag = html.parser.HTMLParser.parse_endtag


class LinearHTMLParser(html.parser.HTMLParser):
    """An `HTMLParser` for a whole document at once: `feed` it one string, then `close`."""

    def reset(self) -> None:
        super().reset()
        self._memo_text: str | None = None
        self._searches: dict[re.Pattern[str], tuple[int, re.Match[str] | None]] = {}
        self._gt_from = 0
        self._gt_at = -2  # -2: not searched yet
        self._last_gt = -1  # where the text's last `>` is: no construct after it ends
        self._read_to = 0  # start tags before this were read by a start tag found unterminated

    # ---- forward-only searches

    def _same_text(self) -> str:
        text = self.rawdata
        if text is not self._memo_text:  # the parser kept only its tail: positions moved
            self._memo_text = text
            self._searches = {}
            self._gt_from, self._gt_at, self._read_to = 0, -2, 0
            self._last_gt = text.rfind(">")
        return text

    def next_gt(self, pos: int) -> int:
        """Index of the first `>` at or after `pos` in `rawdata`, or -1."""
        text = self._same_text()
        if self._gt_at != -2 and self._gt_from <= pos and (self._gt_at == -1 or pos <= self._gt_at):
            return self._gt_at
        self._gt_from, self._gt_at = pos, text.find(">", pos)
        return self._gt_at

    def _search(self, pattern: re.Pattern[str], pos: int) -> re.Match[str] | None:
        text = self._same_text()
        known = self._searches.get(pattern)
        if known is not None:
            start, found = known
            if start <= pos and (found is None or found.start() >= pos):
                return found
        found = pattern.search(text, pos)
        self._searches[pattern] = (pos, found)
        return found

    def _unterminated(self, i: int) -> int:
        """The standard parser's answer at the end of input for a construct at `i` that does not
        end: its text up to the next `>` (included) is text."""
        rawdata = self.rawdata
        gt = self.next_gt(i + 1)
        # With no `>` after it, nothing after it can end either: the rest is text (the standard
        # parser shows it piece by piece, from one `<` to the next; entities never hold a `<`).
        end = gt + 1 if gt >= 0 else len(rawdata)
        text = rawdata[i:end]
        self.handle_data(unescape(text) if self.convert_charrefs and not self.cdata_elem else text)
        return end

    # ---- the construct parsers (each returns where parsing goes on, never -1)

    def parse_starttag(self, i: int) -> int:
        if self.rawdata is not self._memo_text:
            self._same_text()
        if i < self._read_to or i > self._last_gt:
            return self._unterminated(i)
        end = _parse_starttag(self, i)
        if end >= 0:
            return end
        if _START_TAG_END is not None and (match := _START_TAG_END.match(self.rawdata, i)):
            self._read_to = match.end()
        return self._unterminated(i)

    def parse_endtag(self, i: int) -> int:
        if self.rawdata is not self._memo_text:
            self._same_text()
        if i >= self._last_gt:  # no `>` after the `/`
            return self._unterminated(i)
        end = _parse_endtag(self, i)
        return end if end >= 0 else self._unterminated(i)

    def parse_pi(self, i: int) -> int:
        if self.next_gt(i + 2) < 0:
            return self._unterminated(i)
        return super().parse_pi(i)

    def parse_comment(self, i: int, report: int = 1) -> int:
        close = self._search(_COMMENT_CLOSE, i + 4)
        if close is None:
            return self._unterminated(i)
        if report:
            self.handle_comment(self.rawdata[i + 4 : close.start()])
        return close.end()

    def parse_html_declaration(self, i: int) -> int:
        rawdata = self.rawdata
        if rawdata.startswith("<!--", i):
            return self.parse_comment(i)
        if rawdata.startswith("<![", i):
            return self._marked_section(i)
        if self.next_gt(i + 2) < 0:
            return self._unterminated(i)
        end = super().parse_html_declaration(i)
        return end if end >= 0 else self._unterminated(i)

    def _marked_section(self, i: int) -> int:
        """`<![CDATA[…]]>`, `<![if …]>`: hidden to their end. Any other `<![` (the standard parser
        raises AssertionError) is what browsers make of it, a bogus comment up to the next `>`."""
        rawdata = self.rawdata
        name = _MARKED_NAME.match(rawdata, i + 3)
        closing = _MARKED_KINDS.get(name[0].strip().lower()) if name else None
        if closing is None:
            gt = self.next_gt(i + 3)
            return gt + 1 if gt >= 0 else self._unterminated(i)
        close = self._search(closing, i + 3)
        if close is None:
            return self._unterminated(i)
        self.unknown_decl(rawdata[i + 3 : close.start()])
        return close.end()
