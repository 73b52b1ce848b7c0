"""Bytes to text for article files of unknown encoding, the way a browser reads them.

UTF-8 (with or without a BOM) first; then GB18030, which old Chinese archives use and which is a
superset of GBK and GB2312. UTF-16 is taken when it starts with its BOM. A file valid in neither
is read in the encoding it fits best, with a replacement character only at its bad bytes, and
`Decoded.replaced` says how many there were, so that the repair can be reported:

- text that is mostly valid UTF-8 around its first bad byte (at least as many well-formed
  multi-byte characters as bad bytes) is UTF-8: GB18030 accepts most UTF-8 byte pairs as Chinese
  characters, so it would read such a file without complaint, as mojibake;
- otherwise GB18030, and if that fails too, the candidate with fewer bad bytes (a GBK file with
  a stray byte is GB18030; UTF-8 wins a tie). A stray high byte right before an ASCII letter
  in otherwise ASCII text is a valid GB18030 pair, and is read as one.

A UTF-8 BOM says UTF-8 also after the blank lines (and further BOMs) that may come before front
matter (see frontmatter_split), whatever bad bytes follow; so does white space beyond ASCII
(U+3000, U+00A0, ...) in UTF-8 right before the opening `---`. Read as GB18030, those bytes
would become characters and replacements in front of the opening, and the front matter would be
lost from the list, the reader and the search index alike.

Every step is a codec call in C over the data or a 64 KiB window (or a possessive pattern over
the leading white space), so the cost stays linear in the size (see the figures in the commit
that made it so).
"""

from __future__ import annotations

import codecs
import re
from typing import NamedTuple

_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
_ASCII = bytes(range(128))
# What the front matter's opening may follow: white space as `\s` matches it (ASCII, then the rest
# of Unicode's in UTF-8) and byte order marks. Matched from the start only, so bounded by it.
_LEAD = re.compile(
    rb"(?:[\t-\r\x1c- ]++|\xc2[\x85\xa0]|\xe1\x9a\x80|\xe2\x80[\x80-\x8a\xa8\xa9\xaf]|\xe2\x81\x9f"
    rb"|\xe3\x80\x80|\xef\xbb\xbf)*+"
)
_WINDOW = 32 * 1024  # either side of the first bad byte: enough to tell UTF-8 from GB18030
# U+FFFD as each encoding writes it: a replacement character that was in the file all along.
# (written out, so that importing this module does not load the GB18030 codec: 0.65 ms)
_REPLACEMENT_IN = {"utf-8": b"\xef\xbf\xbd", "gb18030": b"\x84\x31\xa4\x37"}


class Decoded(NamedTuple):
    text: str
    encoding: str
    replaced: int = 0  # bad bytes (or runs of them) read as U+FFFD


def looks_binary(data: bytes) -> bool:
    """True for data that is not text: a NUL byte in the first 8 KiB (UTF-16 aside)."""
    if data.startswith(_UTF16_BOMS):
        return False
    return b"\x00" in data[:8192]


def decode(data: bytes) -> Decoded:
    """The text of `data`, the encoding that read it, and how many bad bytes were replaced."""
    if data.startswith(codecs.BOM_UTF8):
        return _replacing(data[3:], "utf-8", "utf-8-sig")
    if _utf8_lead(data):
        return _replacing(data, "utf-8")  # the BOMs after blank lines stay in the text
    if data.startswith(_UTF16_BOMS):
        text = data.decode("utf-16", errors="replace")
        return Decoded(text, "utf-16", max(text.count("\ufffd") - _utf16_replacements(data), 0))
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError as error:
        first_bad = error.start
    if _mostly_utf8(data[max(first_bad - _WINDOW, 0) : first_bad + _WINDOW]):
        return _replacing(data, "utf-8")
    try:
        return Decoded(data.decode("gb18030"), "gb18030")
    except UnicodeDecodeError:
        pass
    gb18030, utf8 = _replacing(data, "gb18030"), _replacing(data, "utf-8")
    return gb18030 if gb18030.replaced < utf8.replaced else utf8


def _utf8_lead(data: bytes) -> bool:
    """The white space and BOMs `data` starts with are UTF-8 ones that only UTF-8 reads as such:
    a BOM, or white space beyond ASCII right before an opening `---`."""
    lead = _LEAD.match(data)
    if lead is None or lead.group().isascii():
        return False
    return codecs.BOM_UTF8 in lead.group() or data.startswith(b"---", lead.end())


def _mostly_utf8(sample: bytes) -> bool:
    """At least as many well-formed multi-byte UTF-8 characters as bad bytes in `sample`."""
    utf8 = _replacing(sample, "utf-8")
    ascii_chars = len(sample) - len(sample.translate(None, _ASCII))
    well_formed = len(utf8.text) - ascii_chars - utf8.replaced
    return well_formed >= utf8.replaced


def describe_repair(decoded: Decoded) -> str:
    """What the reader did to a file with bad bytes (empty when it had none)."""
    if not decoded.replaced:
        return ""
    count = decoded.replaced
    name = decoded.encoding.removesuffix("-sig").upper()
    bytes_word = "byte" if count == 1 else "bytes"
    return f"text repaired: {count} {bytes_word} not valid {name}, shown as \ufffd"


def _replacing(data: bytes, encoding: str, label: str = "") -> Decoded:
    text = data.decode(encoding, errors="replace")
    replaced = text.count("\ufffd") - data.count(_REPLACEMENT_IN[encoding])
    return Decoded(text, label or encoding, max(replaced, 0))


def _utf16_replacements(data: bytes) -> int:
    little = data.startswith(codecs.BOM_UTF16_LE)
    return data.count("\ufffd".encode("utf-16-le" if little else "utf-16-be"))
