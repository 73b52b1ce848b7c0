"""Body text cleaning for display: terminal-safe, then free of characters a browser never shows.

Entities are decoded before this runs (the HTML parser does it), so `&#27;` has already become a
real ESC here and is removed like any other control character.
"""

from __future__ import annotations

import re

from tui_reader.core.sanitize import clean_text

# Soft hyphens and BOMs are invisible in a browser but some terminals draw them; lone surrogates
# (from broken decoding) cannot even be encoded for output.
_INVISIBLE = re.compile("[\u00ad\ufeff\ud800-\udfff]")
# Browsers collapse runs of white space (including non-breaking and ideographic spaces, which
# articles use for indentation) into one space outside <pre>.
_WHITESPACE = re.compile(r"\s+")
_LINE_SEPARATORS = re.compile("[\u2028\u2029\x85]")


def clean_body_text(text: str) -> str:
    """`clean_text` plus removal of invisible characters; white space is kept as it is."""
    text = clean_text(text)
    if _INVISIBLE.search(text):
        text = _INVISIBLE.sub("", text)
    return text


def collapse_whitespace(text: str) -> str:
    """Every run of white space to one space, as a browser shows flowing text."""
    return _WHITESPACE.sub(" ", text)


def preformatted(text: str) -> str:
    """Text inside <pre>: line separators become newlines and tabs expand, each line kept whole."""
    text = _LINE_SEPARATORS.sub("\n", text)
    if "\t" in text:
        text = "\n".join(line.expandtabs(4) for line in text.split("\n"))
    return text


def one_line(text: str, limit: int = 200) -> str:
    """Attribute text shown on one line (alt, title): cleaned, collapsed, shortened."""
    text = collapse_whitespace(clean_body_text(text)).strip()
    return text if len(text) <= limit else text[: limit - 1] + "…"
