"""Line breaking that suits Chinese and Japanese as well as English.

Rich breaks lines only at white space, so a Chinese sentence (no spaces) is one "word": it is moved
whole to the next line, leaving the previous line short, and then cut at the margin wherever the
width runs out, splitting `SpringFox` into `Sprin` / `gFox` when Latin text touches it. Browsers
may break between any two CJK characters instead, keeping closing punctuation (`。，」`) off the
start of a line and opening brackets off its end (kinsoku). `Paragraph` is a `Text` that wraps
that way. A closing mark after a space (`大于 0 。`) or at the cut of a word folded at the margin
moves down with the character before it rather than start a line.
"""

from __future__ import annotations

import re

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, JustifyMethod, OverflowMethod
from rich.containers import Lines
from rich.measure import Measurement
from rich.text import Text

_CJK_CHARS = (
    "\u2e80-\u2fdf\u3000-\u303f\u3040-\u30ff\u3100-\u312f\u3190-\u31ff\u3400-\u4dbf"
    "\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef\U00020000-\U0003134f"
)
# Punctuation that must not start a line (it sticks to the character before) and brackets that
# must not end one (they stick to the character after).
_CLOSING = (
    "、。，．：；？！）」』】〕〉》〗〙〛｝］”’…‥・ー々ゝゞヽヾ"
    "ぁぃぅぇぉっゃゅょァィゥェォッャュョ,.;:!?)]}%"
)
_OPENING = "（「『【〔〈《〖〘〚｛［“‘([{"
_CLOSING_SET = frozenset(_CLOSING)
_CJK = re.compile(f"[{_CJK_CHARS}]")
_OPEN = re.escape(_OPENING)
_CLOSE = re.escape(_CLOSING)
# A break opportunity after each CJK character, and at white space as before. Every non-space
# character matches some alternative (the last one at worst), so no text is ever left unbroken.
# Closing punctuation after a space (`大于 0 。`) stays with the word before it: CJK marks always,
# Latin ones when they stand alone (not the `.` of ` .NET`).
# A word takes all the white space after it, so none starts inside white space (only at the start
# of the text): tried at each character of white space that ends the text, the pattern scanned the
# rest of it each time (cubic: 25 s for a line ending in 8000 spaces).
_CJK_CLOSE = re.escape("".join(char for char in _CLOSING if _CJK.match(char)))
_WORD = re.compile(
    rf"(?!(?<=\s)\s)\s*[{_OPEN}]*"
    rf"(?:[{_CJK_CHARS}](?<![{_OPEN}])|[^\s{_CJK_CHARS}]+?(?=[{_CJK_CHARS}]|\s|$)|\S)[{_CLOSE}]*"
    rf"(?:\s+(?:[{_CJK_CLOSE}][{_CLOSE}]*|[{_CLOSE}]+(?=\s|$|[{_CJK_CHARS}])))*\s*"
)


def has_cjk(text: str) -> bool:
    return _CJK.search(text) is not None


def break_offsets(text: str, width: int) -> list[int]:
    """Where to break `text` so each line fits `width` cells (rich's `divide_line`, with break
    opportunities between CJK characters; an over-long word is folded, never cropped)."""
    breaks: list[int] = []
    offset = 0  # cells used on the current line
    for match in _WORD.finditer(text):
        start, word = match.start(), match.group()
        length = cell_len(word.rstrip())
        if width - offset >= length:
            offset += cell_len(word)
        elif length > width:
            pieces = _fold(word, width)
            for index, piece in enumerate(pieces):
                if start:
                    breaks.append(start)
                if index == len(pieces) - 1:
                    offset = cell_len(piece)
                else:
                    start += len(piece)
        elif offset and start:
            breaks.append(start)
            offset = cell_len(word)
    return breaks


def _fold(word: str, width: int) -> list[str]:
    """`word` cut into pieces of at most `width` cells (trailing spaces stay on the last). A piece
    that would start with closing punctuation (after spaces, if any) takes the end of the piece
    before it, from its last character that is neither such a mark nor a space, when that fits."""
    body = word.rstrip()
    pieces = [""]
    cells = 0  # of the last piece
    for char in body:
        size = cell_len(char)
        if cells + size <= width or not pieces[-1]:
            pieces[-1] += char
            cells += size
        else:
            pieces.append(char)
            cells = size
    for index in range(1, len(pieces)):
        if pieces[index].lstrip()[:1] in _CLOSING_SET:
            before = pieces[index - 1]
            keep = _last_lendable(before)
            if keep > 0 and cell_len(before[keep:] + pieces[index]) <= width:
                pieces[index - 1], pieces[index] = before[:keep], before[keep:] + pieces[index]
    pieces[-1] += word[len(body) :]
    return pieces


def _last_lendable(piece: str) -> int:
    """The index of the last character of `piece` that is neither closing punctuation nor a
    space (a mark after a space, `0 。`, takes the `0` and the space with it); -1 if none."""
    index = len(piece) - 1
    while index >= 0 and (piece[index] in _CLOSING_SET or piece[index].isspace()):
        index -= 1
    return index


def min_width(text: str) -> int:
    """The narrowest width the text can wrap to without folding a word."""
    return max((cell_len(m.group().strip()) for m in _WORD.finditer(text)), default=0)


class Paragraph(Text):
    """A `Text` that breaks lines between CJK characters; Latin-only text wraps as rich does."""

    def wrap(
        self,
        console: Console,
        width: int,
        *,
        justify: JustifyMethod | None = None,
        overflow: OverflowMethod | None = None,
        tab_size: int = 8,
        no_wrap: bool | None = None,
    ) -> Lines:
        if no_wrap or self.no_wrap or not has_cjk(self.plain):
            return super().wrap(
                console, width, justify=justify, overflow=overflow, tab_size=tab_size,
                no_wrap=no_wrap,
            )  # fmt: skip
        justify = justify or self.justify or "default"
        overflow = overflow or self.overflow or "fold"
        lines = Lines()
        for line in self.split(allow_blank=True):
            if "\t" in line.plain:
                line.expand_tabs(tab_size)
            pieces = line.divide(break_offsets(line.plain, width))
            for piece in pieces:
                piece.rstrip_end(width)
            pieces.justify(console, width, justify=justify, overflow=overflow)
            for piece in pieces:
                piece.truncate(width, overflow=overflow)
            lines.extend(pieces)
        return lines

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        measurement = super().__rich_measure__(console, options)
        if not has_cjk(self.plain):
            return measurement
        return Measurement(min(min_width(self.plain), measurement.maximum), measurement.maximum)
