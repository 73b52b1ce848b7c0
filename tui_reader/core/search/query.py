"""The search language: text to a small tree of terms and filters, or a QueryError saying why not.

    grace cpu            both words (whole words, any case); `gra*` is a prefix
    北约 / 制裁 / 北      Chinese (and Japanese, Korean): any substring, one character or more
    "new york"           a phrase: these words in this order
    -word  -author:x     exclude; `NOT word` is the same
    a OR b, (a OR b) c   either; OR binds tighter than the implied AND; parentheses group
    author:cnBeta        a filter (`FILTERS` below): `key:value`, `key:"two words"`; any case

The filters are the rows of `FILTERS`: the parser, the SQL (`core.search.sql.FILTER_SQL` holds
each key's), the help screen, the search bar's placeholder, `tui-reader search --help` and the
README's table (scripts/readme_filters.py) are made from it. Any other `word:value` is a
QueryError naming them, so `title:x` or `on:2022-06-15` does not quietly find nothing. Text with
a colon stays searchable where it cannot be a filter: times (`12:30`, the key is letters only),
addresses (`https://…`, the value starts with `//`), and anything in quotes (`"re:zero"`).

A query may nest parentheses and `NOT`/`-` at most `MAX_DEPTH` deep and hold at most `MAX_TERMS`
terms; beyond that it is a QueryError. This bounds the parser's recursion and the SQL built from
the tree: SQLite's parser overflowed from 34 such levels (measured), and SQLite refuses expression
trees over 1,000 deep and compound SELECTs over 500 terms.

The parser is pure: it knows nothing of the index. `core.search.sql` turns the tree into SQL.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from tui_reader.core.search.tokens import normalize, segments, tokens


class QueryError(ValueError):
    """A query that cannot be understood; the message is for the user, shown as is."""


@dataclass(frozen=True, slots=True)
class Word:
    """A whole word, or any word starting with `text` when `prefix`."""

    text: str
    prefix: bool = False


@dataclass(frozen=True, slots=True)
class Substring:
    """A run of CJK characters found anywhere in the text."""

    text: str


@dataclass(frozen=True, slots=True)
class Phrase:
    """Tokens (see `core.search.tokens.tokens`) next to each other, in order, within one field."""

    tokens: tuple[str, ...]
    prefix: bool = False


@dataclass(frozen=True, slots=True)
class Filter:
    """`key:value` on the article's metadata or reading state; dates already checked."""

    key: str  # the key of one of FILTERS
    value: str
    day: date | None = None


@dataclass(frozen=True, slots=True)
class Not:
    node: Node


@dataclass(frozen=True, slots=True)
class And:
    nodes: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Or:
    nodes: tuple[Node, ...]


Node = Word | Substring | Phrase | Filter | Not | And | Or
TextNode = Word | Substring | Phrase

STATES = ("read", "unread", "bookmarked", "hidden", "copy", "story")
STORY_STATES = ("copy", "story")  # from the index's stories (core.search.stories), not the marks
_KEY = re.compile(r"([A-Za-z]+):(.*)", re.S)
_DAY_KEYS = {"date", "on", "day", "in", "during", "since", "until"}  # answered with a date hint
_DATE = re.compile(r"(\d{4})(?:[-/.](\d{1,2})(?:[-/.](\d{1,2}))?)?")
_STOP = ' \t\r\n()"'
MAX_DEPTH = 16  # parentheses and NOT/- inside each other
MAX_TERMS = 200  # words, phrases, CJK runs and filters in one query


@dataclass(frozen=True, slots=True)
class FilterKind:
    """One filter of the language, `key:value`: its names, how it is shown, how its value is
    checked (`check`: (key, value) to a Filter, or a QueryError saying why not; None takes any
    value). What it finds in the index is its entry in `core.search.sql.FILTER_SQL`."""

    key: str
    aliases: tuple[str, ...]  # other names it is typed as (`category:` for `cat:`)
    examples: tuple[str, ...]  # as typed, the most common first
    help: str  # what it finds, in a few words (lower case: the help screen capitalizes)
    check: Callable[[str, str], Filter] | None = None


def _state(key: str, value: str) -> Filter:
    state = value.lower()
    if state not in STATES:
        raise QueryError(
            f"is:{value} is unknown; use is:read, is:unread, is:bookmarked, is:hidden, is:copy "
            "or is:story"
        )
    return Filter(key, state)


def _dated(key: str, value: str) -> Filter:
    """`after:` (on or after) and `before:` (strictly before) a day, a month or a year, from
    local midnight."""
    return Filter(key, value, _day(key, value))


def _category(key: str, value: str) -> Filter:
    """`cat:` names one below the other (`新媒体/cnBeta`), from any level."""
    if not value.strip("/ "):
        raise QueryError("cat: needs a category name, like cat:新媒体/cnBeta")
    return Filter(key, value)


def _one_name(key: str, value: str) -> Filter:
    if "/" in value:
        raise QueryError(f"{key}: takes one name; for names one below the other: cat:新媒体/cnBeta")
    return Filter(key, value)


UNDATED = "articles with a date of their own"
FILTERS: tuple[FilterKind, ...] = (
    FilterKind("author", (), ("author:cnBeta",), "author contains"),
    FilterKind("cat", ("category",), ("cat:cnBeta", "cat:新媒体/cnBeta"),
               "in a category of that name (or names, parent first), at any level", _category),
    FilterKind("source", (), ("source:cnBeta",),
               "second in its category path (新媒体 / cnBeta / 最新 is from cnBeta)", _one_name),
    FilterKind("tag", (), ("tag:x",),
               "has the tag: its own (front matter tags) or one of yours (personal tags, key t)"),
    FilterKind("is", (), ("is:unread", "is:read", "is:bookmarked", "is:hidden", "is:copy",
                          "is:story"),
               "reading state; is:hidden: hidden by a rule; is:copy: has copies; is:story: "
               "one per story", _state),
    FilterKind("after", (), ("after:2022-01-31",),
               f"on or after a day, a month or a year ({UNDATED})", _dated),
    FilterKind("before", (), ("before:2022-02",),
               f"before a day, a month or a year ({UNDATED})", _dated),
)  # fmt: skip
FILTER_KEYS = {name: kind.key for kind in FILTERS for name in (kind.key, *kind.aliases)}
_KINDS = {kind.key: kind for kind in FILTERS}
KNOWN = " ".join(f"{kind.key}:" for kind in FILTERS)


def parse(text: str) -> Node | None:
    """The tree of a query, None when it is empty; raises QueryError when it is malformed."""
    parser = _Parser(text)
    node = parser.sequence(top=True)
    return node


def terms(node: Node | None, negated: bool = False) -> list[TextNode]:
    """The text terms a result matched (those not excluded), for highlighting."""
    if node is None:
        return []
    if isinstance(node, Word | Substring | Phrase):
        return [] if negated else [node]
    if isinstance(node, Not):
        return terms(node.node, not negated)
    if isinstance(node, And | Or):
        return [term for child in node.nodes for term in terms(child, negated)]
    return []


def uses_reading_state(query: str | Node | None) -> bool:
    """Whether a query (its text, or its parsed tree) filters on the reading state: `is:read`,
    `is:unread`, `is:bookmarked`, anywhere in it, excluded or not. Its results change when marks
    do, and only such a query needs the marks loaded. `"what is: this"` is a phrase, not a
    filter; a query that cannot be parsed filters on nothing."""
    return any(value not in STORY_STATES for value in filter_values(query, "is"))


def uses_tags(query: str | Node | None) -> bool:
    """Whether a query filters on tags (`tag:`), whose results change with personal tags."""
    return bool(filter_values(query, "tag"))


def filter_values(query: str | Node | None, key: str) -> list[str]:
    """The values of the query's filters of one key, anywhere in it, excluded or not (none when
    it cannot be parsed)."""
    if isinstance(query, str):
        try:
            query = parse(query)
        except QueryError:
            return []
    if isinstance(query, Filter):
        return [query.value] if query.key == key else []
    if isinstance(query, Not):
        return filter_values(query.node, key)
    if isinstance(query, And | Or):
        return [value for child in query.nodes for value in filter_values(child, key)]
    return []


def uses_state(node: Node | None, state: str) -> bool:
    """Whether a parsed query has `is:<state>` anywhere in it, excluded or not."""
    if isinstance(node, Filter):
        return node.key == "is" and node.value == state
    if isinstance(node, Not):
        return uses_state(node.node, state)
    if isinstance(node, And | Or):
        return any(uses_state(child, state) for child in node.nodes)
    return False


def without_hidden(node: Node) -> Node:
    """The query with hidden articles left out (`-is:hidden` added), unless it asks for
    them itself with `is:hidden`."""
    if uses_state(node, "hidden"):
        return node
    hidden = Not(Filter("is", "hidden"))
    return And((*node.nodes, hidden)) if isinstance(node, And) else And((node, hidden))


class _Parser:
    """Recursive descent over the raw string; `pos` moves forward only."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0
        self.depth = 0
        self.terms = 0

    def _deeper(self) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            levels = f"at most {MAX_DEPTH} levels of parentheses and NOT"
            raise QueryError(f"the query is nested too deeply ({levels})")

    def _count(self, node: Node | None) -> Node | None:
        self.terms += len(node.nodes) if isinstance(node, And) else node is not None
        if self.terms > MAX_TERMS:
            raise QueryError(f"the query has too many terms (at most {MAX_TERMS})")
        return node

    def sequence(self, top: bool) -> Node | None:
        items: list[Node] = []
        while True:
            self._skip_space()
            if self.pos >= len(self.text):
                if not top:
                    raise QueryError("missing ')'")
                break
            if self.text[self.pos] == ")":
                if top:
                    raise QueryError("unexpected ')' without a matching '('")
                self.pos += 1
                break
            node = self._or()
            if node is not None:
                items.append(node)
        if not items:
            if not top:
                raise QueryError("empty parentheses '()'")
            if self.text.strip():
                raise QueryError("nothing to search for: use words, phrases or filters")
            return None
        return items[0] if len(items) == 1 else And(tuple(items))

    def _or(self) -> Node | None:
        if self._at_or():
            raise QueryError("OR needs a term before it")
        choices = [self._unary()]
        while self._at_or():
            self.pos += 2
            self._skip_space()
            if self.pos >= len(self.text) or self.text[self.pos] == ")" or self._at_or():
                raise QueryError("OR needs a term after it")
            choices.append(self._unary())
        present = [c for c in choices if c is not None]
        if not present:
            return None
        return present[0] if len(present) == 1 else Or(tuple(present))

    def _at_or(self) -> bool:
        return self._at_keyword("OR")

    def _at_keyword(self, word: str) -> bool:
        """At `word` (upper case, as typed) standing alone: `OR`, `NOT`; `ORE`, `or` are text."""
        self._skip_space()
        end = self.pos + len(word)
        return self.text[self.pos : end] == word and (
            end >= len(self.text) or self.text[end] in _STOP
        )

    def _unary(self) -> Node | None:
        if self._at_keyword("NOT"):
            self.pos += 3
            self._skip_space()
            if self.pos >= len(self.text) or self.text[self.pos] == ")" or self._at_or():
                raise QueryError("NOT needs a term after it")
            return self._negated()
        if self.text[self.pos] == "-" and self.pos + 1 < len(self.text):
            if self.text[self.pos + 1] not in " \t\r\n)":
                self.pos += 1
                return self._negated()
        return self._atom()

    def _negated(self) -> Node | None:
        self._deeper()
        inner = self._unary()
        self.depth -= 1
        return None if inner is None else Not(inner)

    def _atom(self) -> Node | None:
        char = self.text[self.pos]
        if char == "(":
            self.pos += 1
            self._deeper()
            node = self.sequence(top=False)
            self.depth -= 1
            return node
        if char == '"':
            return self._count(self._phrase(self._quoted()))
        start = self.pos
        while self.pos < len(self.text) and self.text[self.pos] not in _STOP:
            self.pos += 1
        chunk = self.text[start : self.pos]
        if match := _KEY.fullmatch(chunk):
            key = FILTER_KEYS.get(match[1].lower())
            if key is not None:
                value = match[2]
                if not value and self.pos < len(self.text) and self.text[self.pos] == '"':
                    value = self._quoted()
                return self._count(_filter(key, value))
            if not match[2].startswith("//"):  # `https://…` is an address, searched as text
                raise QueryError(_unknown_filter(match[1], match[2]))
        return self._count(_bare(chunk))

    def _quoted(self) -> str:
        end = self.text.find('"', self.pos + 1)
        if end < 0:
            raise QueryError('missing closing quote "')
        value = self.text[self.pos + 1 : end]
        self.pos = end + 1
        return value

    def _phrase(self, value: str) -> Node | None:
        prefix = self.text.startswith("*", self.pos)
        if prefix:
            self.pos += 1
        normalized = normalize(value)
        parts = segments(normalized)
        if len(parts) == 1:
            cjk, part = parts[0]
            return Substring(part) if cjk else Word(part, prefix)
        found = tuple(tokens(normalized))
        if not found:
            return None
        return Phrase(found, prefix and not parts[-1][0])

    def _skip_space(self) -> None:
        while self.pos < len(self.text) and self.text[self.pos] in " \t\r\n":
            self.pos += 1


def _bare(chunk: str) -> Node | None:
    """A bare chunk: its CJK runs are substrings; neighbouring words (`e-mail`, `3.5`) a phrase."""
    prefix = chunk.endswith("*")
    groups: list[Node] = []
    words: list[str] = []
    for cjk, part in segments(normalize(chunk.rstrip("*"))):
        if cjk:
            groups.extend(_words(words, False))
            words = []
            groups.append(Substring(part))
        else:
            words.append(part)
    groups.extend(_words(words, prefix))
    if not groups:
        return None
    return groups[0] if len(groups) == 1 else And(tuple(groups))


def _words(words: list[str], prefix: bool) -> list[Node]:
    if not words:
        return []
    if len(words) == 1:
        return [Word(words[0], prefix)]
    return [Phrase(tuple(words), prefix)]


def _filter(key: str, value: str) -> Filter:
    value = value.strip()
    if not value:
        raise QueryError(f"{key}: needs a value")
    check = _KINDS[key].check
    return Filter(key, value) if check is None else check(key, value)


def _unknown_filter(key: str, value: str) -> str:
    """Why `key:value` is refused, and what to type instead."""
    text = f"{key}:{value}" if value else f"{key}:…"
    if key.lower() in _DAY_KEYS and (match := _DATE.fullmatch(value)):
        start = _day(key, value)
        end = _next(start, bool(match[2]), bool(match[3]))
        before = f" before:{end}" if end else ""  # none after the calendar's last day
        return f"{key}: is not a filter; for that date use after:{value}{before}"
    return (
        f"{key}: is not a filter (filters: {KNOWN}); "
        f'to search for the text, put it in quotes: "{text}"'
    )


def _next(start: date, month: bool, day: bool) -> str | None:
    """The first day after the day, month or year starting at `start`, written as precisely;
    None when that is past the calendar's last day (9999-12-31)."""
    if day:
        return (start + timedelta(days=1)).isoformat() if start < date.max else None
    if month:
        year, month_number = divmod(start.month, 12)
        next_year = start.year + year
        return f"{next_year:04d}-{month_number + 1:02d}" if next_year <= 9999 else None
    return f"{start.year + 1:04d}" if start.year < 9999 else None


def _day(key: str, value: str) -> date:
    match = _DATE.fullmatch(value)
    if match is None:
        raise QueryError(f"{key}: expects a date like 2022-01-31, 2022-01 or 2022, not {value!r}")
    year, month, day = int(match[1]), int(match[2] or 1), int(match[3] or 1)
    try:
        return date(year, month, day)
    except ValueError:
        raise QueryError(f"{key}:{value} is not a real date") from None
