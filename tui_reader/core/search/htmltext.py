"""HTML to the plain text a reader sees, fast enough to index a hundred thousand articles.

Search indexes what the reading pane shows, not markup: tag names, attributes, URLs, scripts and
styles are dropped, entities are decoded. Regular expressions (run in C) do the work instead of
a full parser because this runs on every article of the library; inline tags vanish without a
trace so that `<b>北</b>约` still reads `北约`, block tags become line breaks. An image is its
label (`alt`, else `title`), which the pane shows as `[image: label]`: find in the article counts
those, and a search's match count must agree with it.

Linear in the size of any body: a pattern ending in `[^>]*>` can only fail where no `>` follows,
so the tag patterns run on the text up to its last `>` (the rest, tags without an end, is text), and
raw-text elements opened after it are written `&lt;` first (they could not end; unescaped later).
"""

from __future__ import annotations

import html
import re

from tui_reader.core.sanitize import clean_text

# Content that is never shown: comments, scripts, styles, templates, CDATA, <head>.
_HIDDEN = re.compile(
    r"<!--.*?(?:-->|\Z)"
    r"|<!\[CDATA\[.*?(?:\]\]>|\Z)"
    r"|<(script|style|noscript|template|head|title)\b[^>]*>.*?(?:</\1\s*>|\Z)",
    re.S | re.I,
)
_BLOCK = (
    "address|article|aside|blockquote|br|caption|dd|details|div|dl|dt|figcaption|figure|footer|"
    "h[1-6]|header|hr|li|main|nav|ol|p|pre|section|summary|table|tbody|td|tfoot|th|thead|tr|ul"
)
_BLOCK_TAG = re.compile(rf"</?(?:{_BLOCK})\b[^>]*>", re.I)
# Any other tag or declaration. A `<` not followed by a letter, `/` or `!` is text ("a < b").
_TAG = re.compile(r"</?[a-zA-Z][^>]*>|<![^>]*>|<\?[^>]*>")
_IMAGE = re.compile(r"<img\b([^>]*)>", re.I)
_LABEL = re.compile(r"""(?<![\w-])(alt|title)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""", re.I)
# Every run of white space but newlines (not only spaces: `\s*\n\s*` below would backtrack over a
# long run of other white space, such as U+2000, in quadratic time).
_SPACES = re.compile(r"[^\S\n]+")
_BLANK_LINES = re.compile(r"\s*\n\s*")
_RAW_OPEN = re.compile(r"<(?=(?:script|style|noscript|template|head|title)\b)", re.I)
# A decimal character reference with more than 7 digits (after leading zeros) is past U+10FFFF;
# `html.unescape` turns one of more than 4300 digits into an int and raises ValueError.
_LONG_CHARREF = re.compile(r"&#([0-9]{8,})")


def html_to_text(markup: str) -> str:
    """The visible text of an HTML (or plain text) body: one line per block, sanitized."""
    text = _HIDDEN.sub("", _unopenable_raw_text(markup))
    last = text.rfind(">") + 1
    text, tail = text[:last], text[last:]
    if "<img" in text or "<IMG" in text:
        text = _IMAGE.sub(_image_label, text)
    text = _BLOCK_TAG.sub("\n", text)
    text = _TAG.sub("", text) + tail
    if "&" in text:
        text = html.unescape(tame_charrefs(text))
    text = clean_text(text)
    text = _SPACES.sub(" ", text)
    return _BLANK_LINES.sub("\n", text).strip()


def _unopenable_raw_text(markup: str) -> str:
    """`markup` with `<script` (and the other hidden elements) after the last `>` written `&lt;`:
    such a tag cannot end, and `_HIDDEN` would look for its `>` to the end from each one."""
    last = markup.rfind(">") + 1
    if "<" not in markup[last:]:
        return markup
    return markup[:last] + _RAW_OPEN.sub("&lt;", markup[last:])


def tame_charrefs(text: str) -> str:
    """`text` with decimal character references of 8 digits or more written short: the same
    character (U+FFFD past U+10FFFF, as `html.unescape` and browsers say) in a reference that
    `html.unescape` decodes without converting thousands of digits."""
    if "&#" not in text:
        return text
    return _LONG_CHARREF.sub(_short_charref, text)


def _short_charref(match: re.Match[str]) -> str:
    digits = match[1].lstrip("0")
    return f"&#{digits or '0'}" if len(digits) <= 7 else "&#65533"


def _image_label(image: re.Match[str]) -> str:
    labels = {m[1].lower(): m[2] or m[3] or m[4] or "" for m in _LABEL.finditer(image[1])}
    label = (labels.get("alt") or labels.get("title") or "").strip()
    return f" {label} " if label else ""
