"""Remove everything from untrusted text that could drive a terminal.

Article files are untrusted. Rich and Textual pass ESC, C1 controls and most C0 controls straight to
the terminal, so a title could clear the screen, set the window title (OSC 0/2), write the clipboard
(OSC 52) or forge a hyperlink (OSC 8). Every string taken from a file goes through `clean_text`
before it is stored or shown.
"""

from __future__ import annotations

import re

# Whole escape sequences first (so their parameters do not survive as visible junk):
# CSI (ESC [ … final), OSC/DCS/SOS/PM/APC strings up to BEL or ST, and two-byte ESC sequences.
# The 8-bit forms (0x9b CSI, 0x9d OSC, 0x90 DCS …) are matched too.
_ESCAPE_SEQUENCE = re.compile(
    r"""
    (?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]?              # CSI
  | (?:\x1b[\]P^_X]|[\x90\x98\x9d\x9e\x9f])        # OSC, DCS, SOS, PM, APC …
    [^\x07\x1b\x9c]{0,4096}(?:\x07|\x1b\\|\x9c)     # … up to BEL or ST (an unterminated one
                                                    # loses only its introducer, not the text)
  | \x1b[ -/]*[0-~]?                                # other ESC sequences
    """,
    re.VERBOSE,
)
# Remaining controls: C0 except tab and newline, DEL, C1, and the bidi controls that can make text
# display in a different order than it is stored (Trojan Source).
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def clean_text(text: str) -> str:
    """Return `text` without escape sequences, control characters (but tab and newline) or bidi
    overrides. CR is dropped too, so CRLF becomes LF."""
    if not _CONTROL.search(text):
        return text  # the common case: nothing to do, no copy
    return _CONTROL.sub("", _ESCAPE_SEQUENCE.sub("", text))


def clean_line(text: str) -> str:
    """`clean_text`, then fold all whitespace runs (newlines included) to one space: for titles,
    authors and other one-line fields."""
    return " ".join(clean_text(text).split())
