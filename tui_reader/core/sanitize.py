"""Remove everything from untrusted text that could drive a terminal.

Article files are untrusted. Rich and Textual pass ESC, C1 controls and most C0 controls straight to
the terminal, so a title could clear the screen, set the window title (OSC 0/2), write the clipboard
(OSC 52) or forge a hyperlink (OSC 8). Every string taken from a file goes through `clean_text`
before it is stored or shown.

File names are untrusted too, and may not even be text (bytes that are not UTF-8 arrive as lone
surrogates, Python's `surrogateescape`). They are kept as they are, so that the file can be opened,
and shown through `visible_name`, which spells every such character out instead of dropping it.
JSON written for other programs goes through `json_text`.

Every pattern here is linear in the length of the text: no part of one can match what another part
next to it matches, so a failed attempt never makes the engine try the same characters again.
"""

from __future__ import annotations

import json
import re
from typing import Any

# Introducers of the control strings (OSC, DCS, SOS, PM, APC), 8-bit forms; their 7-bit forms are
# ESC followed by ] P X ^ _. The body of a string never contains one of them, nor ESC: a string cut
# short by the next introducer ends there, and the scan of a body stops at the next introducer, so
# a run of them costs one step each instead of a scan of the text after every one.
_STRING_STARTS = "\x90\x98\x9d\x9e\x9f"
# Whole escape sequences first (so their parameters do not survive as visible junk):
# CSI (ESC [ … final), OSC/DCS/SOS/PM/APC strings up to BEL or ST, and two-byte ESC sequences.
# The 8-bit forms (0x9b CSI, 0x9d OSC, 0x90 DCS …) are matched too.
_ESCAPE_SEQUENCE = re.compile(
    rf"""
    (?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]?              # CSI
  | (?:\x1b[\]P^_X]|[{_STRING_STARTS}])            # OSC, DCS, SOS, PM, APC …
    [^\x07\x1b\x9c{_STRING_STARTS}]{{0,4096}}       # … up to BEL or ST (an unterminated one
    (?:\x07|\x1b\\|\x9c)                            # loses only its introducer, not the text)
  | \x1b[ -/]*[0-~]?                                # other ESC sequences
    """,
    re.VERBOSE,
)
# The bidi controls that can make text display in a different order than it is stored (Trojan
# Source).
BIDI_CONTROLS = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"  # as a regex class body
# Remaining controls: C0 except tab and newline, DEL, C1, the bidi controls, and lone surrogates
# (they cannot be encoded, so they cannot be stored or printed).
_CONTROL = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f{BIDI_CONTROLS}\ud800-\udfff]")
# What `visible_name` spells out: every control (tab and newline too: a name is one line), the bidi
# controls, the line and paragraph separators, and the undecodable bytes of a name.
_NAME_UNSAFE = re.compile(f"[\x00-\x1f\x7f-\x9f{BIDI_CONTROLS}\u2028\u2029\ud800-\udfff]")
_NAME_ESCAPES = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}
# The undecodable bytes of a name (see `name_as_text`).
_UNDECODED = re.compile("[\udc80-\udcff]")
# json.dumps given an argument of its own builds an encoder at every call: a third of the time
# `list --json` took to write 100k articles went to that (0.94 s, 0.64 s with one encoder)
_JSON_ENCODER = json.JSONEncoder(ensure_ascii=False)
# What `json_text` escapes beyond what `json.dumps` does (it escapes C0 itself).
_JSON_UNSAFE = re.compile(f"[\x7f-\x9f{BIDI_CONTROLS}\u2028\u2029\ud800-\udfff]")


def clean_text(text: str) -> str:
    """Return `text` without escape sequences, control characters (but tab and newline), bidi
    overrides or lone surrogates. CR is dropped too, so CRLF becomes LF."""
    if not _CONTROL.search(text):
        return text  # the common case: nothing to do, no copy
    return _CONTROL.sub("", _ESCAPE_SEQUENCE.sub("", text))


def clean_line(text: str) -> str:
    """`clean_text`, then fold all whitespace runs (newlines included) to one space: for titles,
    authors and other one-line fields."""
    return " ".join(clean_text(text).split())


def visible_name(name: str) -> str:
    """A file name or path (or a message quoting one) as it is safe to show: on one line, every
    control character, bidi control and undecodable byte written out as an escape: ESC as `\\x1b`,
    the byte 0xE9 of a name that is not UTF-8 as `\\xe9`, U+202E as `\\u202e`. Nothing is dropped,
    so two names never look the same because their differences were removed."""
    if not _NAME_UNSAFE.search(name):
        return name
    return _NAME_UNSAFE.sub(_spelled_out, name)


def name_as_text(name: str) -> str:
    """A file name as text, to be cleaned like article text (a title taken from it): only its
    undecodable bytes are written out (`caf\\xe9`, as `visible_name` writes them), so that
    `clean_line` keeps them; its controls and white space are left for the cleaning, which makes
    the same title of it as of any other text (and so the same id, where the title makes it)."""
    if name.isascii():
        return name
    return _UNDECODED.sub(_spelled_out, name)


def _spelled_out(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    if char in _NAME_ESCAPES:
        return _NAME_ESCAPES[char]
    if code < 0x80:
        return f"\\x{code:02x}"
    if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8, kept by surrogateescape
        return f"\\x{code - 0xDC00:02x}"
    return f"\\u{code:04x}"


def json_text(value: Any, separators: tuple[str, str] | None = None) -> str:
    """`json.dumps(value, ensure_ascii=False)`, with C1 and bidi controls, line separators and lone
    surrogates written as `\\u` escapes: text other programs may print, always encodable. A file
    name that is not UTF-8 keeps its bytes as `\\udcXX` (Python's `json.loads` and
    `os.fsencode` give them back)."""
    if separators is None:
        text = _JSON_ENCODER.encode(value)
    else:
        text = json.dumps(value, ensure_ascii=False, separators=separators)
    return json_escaped(text)


def json_unsafe(text: str) -> bool:
    """Whether `json_text` would write some of `text` as escapes that `json.dumps` does not."""
    return _JSON_UNSAFE.search(text) is not None


def json_escaped(text: str) -> str:
    """JSON text from `json.dumps(…, ensure_ascii=False)` as `json_text` makes it safe (for text
    put together from pieces: each string encoded by `json.encoder.encode_basestring`)."""
    if _JSON_UNSAFE.search(text):
        text = _JSON_UNSAFE.sub(_unicode_escape, text)
    return text


def _unicode_escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"
