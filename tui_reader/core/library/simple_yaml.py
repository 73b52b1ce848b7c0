"""A fast reader for the regular front matter that RSS archivers write, with YAML as the fallback.

Nearly every archived post has front matter of one shape: `key: 'single quoted'`, `key: plain
text`, and `key:` followed by ` - item` lines. Reading that shape line by line is several times
faster than PyYAML (whose C loader still builds every object in Python), and the cold scan of a
large library is mostly that. Anything outside the shape — a multi-line or escaped string, a
nested list, a flow collection (but for a list item that is a one-line flow list of
single-quoted names, as several category paths are written), an anchor, a value YAML would read
as a number, boolean or null — makes `read` return None, and the caller parses the whole block
with YAML as before. So the fast path only ever gives what YAML would give for the same text (as
strings; dates stay strings and `core.library.dates` reads them the same way).
"""

from __future__ import annotations

import re
from datetime import date

# Matched against lines without their trailing spaces: a lazy group before ` *$` retried the rest
# of the line at every space (a line of 40,000 spaces took 8 s).
_KEY = re.compile(r"([A-Za-z_][\w-]*):(?: +(.*))?")
_ITEM = re.compile(r" *- +(.*)")
_SINGLE = re.compile(r"'((?:[^']|'')*)'")
_DOUBLE = re.compile(r'"([^"\\]*)"')
# Plain scalars YAML reads as something other than a string. Booleans, null and plain integers
# (`comments: false` is in every archived post) are resolved here as PyYAML's resolver would;
# other numbers, sexagesimals and dates alone on a line go to YAML.
_TRUE = frozenset({"true", "True", "TRUE", "yes", "Yes", "YES", "on", "On", "ON"})
_FALSE = frozenset({"false", "False", "FALSE", "no", "No", "NO", "off", "Off", "OFF"})
_NULL = frozenset({"~", "null", "Null", "NULL"})
_INTEGER = re.compile(r"[-+]?(?:0|[1-9][0-9]*)")
# Longer integers stay text, here and in the YAML loader (frontmatter_split): no count or time is
# this long, and Python will not turn an int of more than 4300 digits back into text.
MAX_NUMBER_CHARS = 100
_NUMBER_LIKE = re.compile(
    r"[-+.0-9_:eExXoObB]*|[-+]?0x[0-9a-fA-F_]+|[-+]?\.(?:inf|Inf|INF|nan|NaN|NAN)"
)
_TIMESTAMP_LIKE = re.compile(r"[0-9]{4}-[0-9]")  # YAML may make a date of it
# A day alone (`date: 2018-01-24`): YAML makes a date of it, which core.library.dates reads to the
# moment it reads the text at; a day that does not exist is YAML's error to report.
_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
# A list item that is a flow list of single-quoted names (` - ['新媒体', 'cnBeta', '最新']`, one
# category path among several): read as YAML reads it, a list of the names.
_QUOTED = r"'(?:[^']|'')*'"
_FLOW_OF_QUOTED = re.compile(rf"\[ *{_QUOTED} *(?:, *{_QUOTED} *)*\]")
_QUOTED_IN_FLOW = re.compile(r"'((?:[^']|'')*)'")
_QUOTED_LINE = re.compile(r"([A-Za-z_][\w-]*): +'((?:[^']|'')*)'")
# What `_scalar` takes as it is, from a first character beyond ASCII: no tab, no `: ` or ` #`,
# no `:` at the end.
_PLAIN_ITEM = re.compile(r" *- +([^\x00-\x7f](?:[^\t: ]|:(?! )| (?!#))*(?<!:))")
# Keys whose value core.library.dates reads: for them a date stays text, read to the same moment.
_DATE_KEYS = frozenset({"date", "updated"})
_FALLBACK = object()
_INDICATORS = frozenset("-?:,[]{}#&*!|>'\"%@`")


def read(front: str) -> dict[str, object] | None:
    """The front matter as YAML would read it (strings, lists of strings, booleans, null,
    integers), or None to let YAML decide."""
    result: dict[str, object] = {}
    items: list[object] | None = None
    for line in front.split("\n"):
        line = line.rstrip(" ")
        # The two commonest lines first, each by one pattern: `key: 'quoted'`, and an item
        # that starts with a character beyond ASCII (no number, boolean, null, date or YAML
        # indicator starts so), with nothing in it that YAML reads otherwise.
        if quoted := _QUOTED_LINE.fullmatch(line):
            key = quoted.group(1)
            if key in result:
                return None  # duplicate keys: leave the rule to YAML
            text = quoted.group(2)
            result[key] = text.replace("''", "'") if "''" in text else text
            items = None
            continue
        if (plain := _PLAIN_ITEM.fullmatch(line)) and items is not None:
            items.append(plain.group(1))
            continue
        if not line.strip() or line.startswith("#"):
            continue
        if line[0] in " \t-":
            item = _ITEM.fullmatch(line)
            if item is None or items is None:
                return None
            text = item.group(1)
            if text[:1] == "[" and _FLOW_OF_QUOTED.fullmatch(text):
                items.append([name.replace("''", "'") for name in _QUOTED_IN_FLOW.findall(text)])
                continue
            if _typed(text) or _TIMESTAMP_LIKE.match(text):
                return None  # a list item that may not be a string: YAML's call
            value = _scalar(text)
            if value is None:
                return None
            items.append(value)
            continue
        key_line = _KEY.fullmatch(line)
        if key_line is None:
            return None
        key, raw = key_line.group(1), key_line.group(2)
        if key in result:
            return None  # duplicate keys: leave the rule to YAML
        if not raw:
            items = []
            result[key] = items
            continue
        if key not in _DATE_KEYS and _TIMESTAMP_LIKE.match(raw):
            return None
        if key in _DATE_KEYS and _DAY.fullmatch(raw):
            if not _is_day(raw):
                return None
            result[key] = raw
            items = None
            continue
        parsed = _value(raw)
        if parsed is _FALLBACK:
            return None
        result[key] = parsed
        items = None
    # `key:` with no items is null in YAML
    return {key: (None if value == [] else value) for key, value in result.items()}


def _value(raw: str) -> object:
    """A top-level value: a string, or the bool, null or int YAML would make of it."""
    if raw in _TRUE:
        return True
    if raw in _FALSE:
        return False
    if raw in _NULL:
        return None
    if _INTEGER.fullmatch(raw):
        return int(raw) if len(raw) <= MAX_NUMBER_CHARS else raw
    if _NUMBER_LIKE.fullmatch(raw):
        return _FALLBACK
    value = _scalar(raw)
    return _FALLBACK if value is None else value


def _is_day(text: str) -> bool:
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True


def _typed(text: str) -> bool:
    return bool(text in _TRUE or text in _FALSE or text in _NULL or _NUMBER_LIKE.fullmatch(text))


def _scalar(raw: str) -> str | None:
    first = raw[0]
    if first == "'":
        match = _SINGLE.fullmatch(raw)
        return match.group(1).replace("''", "'") if match else None
    if first == '"':
        match = _DOUBLE.fullmatch(raw)
        return match.group(1) if match else None
    if first in _INDICATORS or ": " in raw or " #" in raw or "\t" in raw or raw.endswith(":"):
        return None
    return raw
