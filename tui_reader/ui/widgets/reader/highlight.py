"""Highlight matches in an article's rendered blocks, and find the line each match lands on.

Used by the reading pane for the terms of the search an article was opened from and for find in
the article. Matching runs on each block's plain text, the very characters the reader sees, so a
highlight never changes the text: blocks holding a match are copied and only styled. Every match
is tagged with its number in the style's meta, so rendering the marked blocks at the pane's width
tells exactly which line each match is on (wrapping, list prefixes and tables included), with no
guessing.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from rich.console import Console, RenderableType
from rich.style import Style
from rich.text import Text

from tui_reader.render.block_texts import map_texts

if TYPE_CHECKING:
    from tui_reader.core.search.api import TextNode

META_KEY = "tui_reader_match"
MAX_MATCHES = 10_000  # past this, more highlights only cost time: nobody steps through them
# (matches past it are still counted: finding them is already done, so the count is the truth)


def search_pattern(terms: list[TextNode]) -> re.Pattern[str] | None:
    """The pattern of a search's terms (whole words, prefixes, CJK substrings, any case)."""
    from tui_reader.core.search.api import term_pattern  # the search modules load on use

    return term_pattern(terms)


def find_pattern(needle: str) -> re.Pattern[str] | None:
    """A literal pattern for find in the article, found in any case, Chinese in either script,
    letters and digits in full or half width (as search finds them); None when empty."""
    if not needle.strip():
        return None
    from tui_reader.core.search.api import either_script  # the script tables load on use

    return re.compile(either_script(needle), re.IGNORECASE)


@dataclass(slots=True)
class Marks:
    """What to highlight: the search terms, the find text, and which find match is current."""

    search: re.Pattern[str] | None = None
    find: re.Pattern[str] | None = None
    current: int = -1  # number of the current find match, -1 for none
    search_style: Style = field(default_factory=lambda: Style(bold=True, reverse=True))
    find_style: Style = field(default_factory=lambda: Style(reverse=True))
    current_style: Style = field(default_factory=lambda: Style(bold=True, underline=True))

    @property
    def active(self) -> bool:
        return self.search is not None or self.find is not None


@dataclass(slots=True)
class Marked:
    """Blocks with highlights, and how many find matches they hold: `find_count` marked (and
    numbered, at most `MAX_MATCHES`), `find_total` in all."""

    blocks: list[RenderableType]
    find_count: int = 0
    find_total: int = 0


def mark(blocks: list[RenderableType], marks: Marks) -> Marked:
    """`blocks` with search terms and find matches styled: the blocks holding one are copies
    (originals untouched), the others are the originals."""
    counter = [0, 0]  # find matches marked, found

    def mark_text(text: Text) -> Text:
        return _mark_text(text, marks, counter)

    marked = [map_texts(block, mark_text) for block in blocks]
    return Marked(marked, counter[0], counter[1])


def mark_header(header: Text, marks: Marks) -> Text:
    """The header with the search terms styled (find works on the body only)."""
    if marks.search is None:
        return header
    return _mark_text(header, Marks(search=marks.search, search_style=marks.search_style), [0, 0])


def _mark_text(text: Text, marks: Marks, counter: list[int]) -> Text:
    """`text` with its matches styled; `counter` holds the find matches [marked, found]."""
    plain = text.plain
    search = _spans(marks.search, plain)
    found = _spans(marks.find, plain)
    if not search and not found:
        return text
    copy = type(text)(text.plain, style=text.style, justify=text.justify,
                      overflow=text.overflow, no_wrap=text.no_wrap, end=text.end,
                      tab_size=text.tab_size)  # fmt: skip
    copy.copy_styles(text)
    for start, end in search:
        copy.stylize(marks.search_style, start, end)
    counter[1] += len(found)
    for start, end in found:
        if counter[0] >= MAX_MATCHES:
            break
        number = counter[0]
        counter[0] += 1
        style = marks.find_style + Style(meta={META_KEY: number})
        if number == marks.current:
            style = style + marks.current_style
        copy.stylize(style, start, end)
    return copy


def _spans(pattern: re.Pattern[str] | None, plain: str) -> list[tuple[int, int]]:
    if pattern is None:
        return []
    return [m.span() for m in pattern.finditer(plain) if m.end() > m.start()]


def match_lines(renderable: RenderableType, width: int) -> dict[int, int]:
    """The line (from 0) on which each tagged find match starts, at `width` columns."""
    console = Console(width=max(1, width), file=io.StringIO(), force_terminal=True,
                      legacy_windows=False)  # fmt: skip
    lines = console.render_lines(renderable, console.options.update(height=None), pad=False)
    found: dict[int, int] = {}
    for number, line in enumerate(lines):
        for segment in line:
            style = segment.style
            if style is None:
                continue
            match = style.meta.get(META_KEY)  # decoded only for the few styles that have meta
            if isinstance(match, int) and match not in found:
                found[match] = number
    return found
