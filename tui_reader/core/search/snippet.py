"""Where a query's terms occur in a text, and a short snippet around the first occurrence.

Used for the results list and for highlighting in the reading pane. The spans follow the same
rules as the index (whole words any case and width, prefixes, CJK substrings in either script),
matched on the text as shown, so a highlight sits on the very characters the reader sees.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tui_reader.core.search.query import Phrase, Substring, TextNode, Word
from tui_reader.core.search.scripts import either_script
from tui_reader.core.search.tokens import BREAK, CJK_CHAR, WORD_CHARS

Span = tuple[int, int]


@dataclass(frozen=True, slots=True)
class Snippet:
    """A piece of text (one line) and the spans of the matches in it."""

    text: str
    spans: tuple[Span, ...]
    matches: int  # in the whole text, not only the snippet


def term_pattern(terms: list[TextNode]) -> re.Pattern[str] | None:
    """One regular expression that finds every term (None when there are none)."""
    parts: list[str] = []
    for term in terms:
        if isinstance(term, Word):
            parts.append(_word(term.text, term.prefix))
        elif isinstance(term, Substring):
            parts.append(either_script(term.text))
        elif isinstance(term, Phrase) and not any(CJK_CHAR.match(t) for t in term.tokens):
            words = r"[\W_]+".join(either_script(t) for t in term.tokens)  # the whole phrase
            end = rf"{WORD_CHARS}*" if term.prefix else rf"(?!{WORD_CHARS})"
            parts.append(rf"(?<!{WORD_CHARS}){words}{end}")
        elif isinstance(term, Phrase):  # with CJK: each word and run on its own
            parts.extend(
                either_script(p) if CJK_CHAR.match(p) else _word(p, False)
                for p in _pieces(term.tokens)
            )
    if not parts:
        return None
    parts.sort(key=len, reverse=True)  # longest first, so `北约峰会` wins over `北约`
    return re.compile("|".join(parts), re.IGNORECASE)


def _word(text: str, prefix: bool) -> str:
    end = rf"{WORD_CHARS}*" if prefix else rf"(?!{WORD_CHARS})"
    return rf"(?<!{WORD_CHARS}){either_script(text)}{end}"


def _pieces(tokens: tuple[str, ...]) -> list[str]:
    """A phrase's words and CJK runs (bigrams joined back), each highlighted on its own."""
    pieces: list[str] = []
    run = ""
    for token in tokens:
        if CJK_CHAR.match(token):
            run = token if not run else run + token[-1]
            continue
        if run:
            pieces.append(run)
            run = ""
        if token != BREAK:
            pieces.append(token)
    if run:
        pieces.append(run)
    return pieces


def find_spans(text: str, terms: list[TextNode]) -> list[Span]:
    pattern = term_pattern(terms)
    if pattern is None:
        return []
    return [match.span() for match in pattern.finditer(text) if match.end() > match.start()]


def make_snippet(text: str, terms: list[TextNode], width: int = 100) -> Snippet:
    """About `width` characters of `text` on one line, around the first match (else the start)."""
    line = " ".join(text.split())
    spans = find_spans(line, terms)
    start = max(0, spans[0][0] - width // 4) if spans else 0  # some context before the match
    end = min(len(line), start + width)
    piece = line[start:end]
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(line) else ""
    shift = len(prefix) - start
    inside = tuple(
        (max(a, start) + shift, min(b, end) + shift) for a, b in spans if a < end and b > start
    )
    return Snippet(prefix + piece + suffix, inside, len(spans))
