"""A flow of blocks being built: the article body, or one table cell.

A flow holds the paragraph being assembled (inline text with its styles) and the stack of frames it
is nested in (block quotes, list items, indented definitions). Each finished block is wrapped in the
prefix its frames draw (quote bars, bullets, indentation) and appended with the blank line that
separates it from the previous block, except between the items of a list.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rich.console import RenderableType
from rich.text import Text

from tui_reader.render import styles
from tui_reader.render.blocks import Prefixed, Preformatted
from tui_reader.render.wrap import Paragraph

QUOTE_BAR = "▌ "
MAX_FRAMES = 16
BULLETS = ("• ", "◦ ", "▪ ")


@dataclass(slots=True)
class Frame:
    """One level of nesting: "quote", "list" (a ul/ol) or "indent" (a dd)."""

    kind: str
    ordered: bool = False
    counter: int = 0
    marker: str = ""
    pending: bool = False  # the item's marker is still to be drawn on its first line
    depth: int = 0  # list depth, for the bullet shape

    def next_item(self) -> None:
        self.counter += 1
        self.marker = f"{self.counter}. " if self.ordered else BULLETS[self.depth % len(BULLETS)]
        self.pending = True


@dataclass(slots=True)
class Flow:
    blocks: list[RenderableType] = field(default_factory=list)
    plain: list[str] = field(default_factory=list)
    frames: list[Frame] = field(default_factory=list)
    inline: Text = field(default_factory=Paragraph)
    empty: bool = True  # the block being built shows nothing yet
    space: bool = False  # a space is owed before the next word (never left trailing)
    tight: bool = False  # the next block continues the previous one after a <br>
    pre: bool = False  # the block being built is preformatted
    last_in_list: bool = False
    last_quotes: int = 0

    # ---- inline text
    # The paragraph's text is only ever appended to: reading `Text.plain` or stripping it here
    # would make a paragraph with many links or breaks cost quadratic time.

    def add_text(self, text: str, style: str) -> None:
        """Append text; outside <pre> its white space is already collapsed to single spaces."""
        if self.pre:
            self.inline.append(text, style or None)
            self.empty = self.empty and not text.strip()
            return
        if text.startswith(" "):
            text = text[1:]
            self.space = not self.empty
        if not text:
            return
        trailing = text.endswith(" ")
        if trailing:
            text = text[:-1]
            if not text:
                self.space = not self.empty
                return
        if self.space:
            self.inline.append(" ")
        self.inline.append(text, style or None)
        self.empty = False
        self.space = trailing

    def add_marker(self, text: str, style: str, *, spaced: bool = False) -> None:
        """A link number (attached to the word before it) or, `spaced`, a placeholder."""
        if spaced and not self.empty:
            self.inline.append(" ")
            self.space = False
        self.inline.append(text, style)
        self.empty = False

    def line_break(self) -> None:
        """`<br>`: the text goes on in a new line; a second break in a row ends the paragraph,
        so `<br><br>` separates paragraphs without piling up blank lines. Each line is a block
        of its own, so a page of a hundred thousand <br> stays linear to lay out."""
        if self.pre:
            self.inline.append("\n")
        elif not self.empty:
            self.flush(tight=True)
        elif self.tight:
            self.tight = False  # second break: the next text starts a new paragraph

    # ---- blocks

    def flush(self, *, tight: bool = False) -> None:
        """End the block being built, if it shows anything. `tight`: the next block follows
        on the next line, without a blank line between."""
        text, self.inline = self.inline, Paragraph()
        empty, self.empty, self.space = self.empty, True, False
        if not empty:
            if self.pre:
                text.rstrip()
                while text.plain.startswith("\n"):
                    text = text[1:]
                self.add_block(Preformatted(text), text.plain)
            else:
                self.add_block(text, text.plain)
        self.tight = tight

    def add_block(self, block: RenderableType, plain: str | None) -> None:
        """Append a finished block (and the blank line before it); `plain` is its text for
        find-in-article, None when the caller accounts for it."""
        in_list = any(frame.kind == "list" for frame in self.frames)
        quotes = sum(1 for frame in self.frames if frame.kind == "quote")
        tight = self.tight and bool(self.blocks)
        if plain is not None:
            self.add_plain(plain, tight=tight)
        if self.blocks and not tight and not (in_list and self.last_in_list):
            # The blank line keeps the quote bars both neighbours share, no more.
            bars = QUOTE_BAR * min(quotes, self.last_quotes)
            self.blocks.append(Text(bars.rstrip(), styles.PREFIX))
        self.last_in_list = in_list
        self.last_quotes = quotes
        self._append(block, first=True)

    def add_plain(self, plain: str, *, tight: bool = False) -> None:
        """Record a block's text; each entry carries its separator, so joining stays linear."""
        if self.plain:
            plain = ("\n" if tight else "\n\n") + plain
        self.plain.append(plain)

    def plain_text(self) -> str:
        return "".join(self.plain)

    def extend(self, other: Flow) -> None:
        """Splice another flow's blocks into this one (a layout table's cell into the page)."""
        self.flush()
        if not other.blocks:
            return
        self.add_block(other.blocks[0], None)
        for block in other.blocks[1:]:
            self._append(block, first=False)
        self.add_plain(other.plain_text())

    def _append(self, block: RenderableType, *, first: bool) -> None:
        if self.frames:
            block = Prefixed(block, self._prefix(first=first), self._prefix(first=False))
        self.blocks.append(block)

    def _prefix(self, *, first: bool) -> Text:
        parts: list[str] = []
        for frame in self.frames:
            if frame.kind == "quote":
                parts.append(QUOTE_BAR)
            elif frame.kind == "indent":
                parts.append("  ")
            elif first and frame.pending:
                parts.append(frame.marker)
                frame.pending = False
            else:
                parts.append(" " * len(frame.marker or "  "))
        return Text("".join(parts), styles.PREFIX)

    # ---- frames

    def push(self, frame: Frame) -> None:
        self.flush()
        if len(self.frames) < MAX_FRAMES:  # deeper nesting shows flat rather than costing n²
            self.frames.append(frame)

    def pop(self, kind: str) -> None:
        """Close the innermost frame of `kind` (and any left open inside it); a stray end tag
        with no such frame is ignored, as unbalanced HTML is common."""
        for index in range(len(self.frames) - 1, -1, -1):
            if self.frames[index].kind == kind:
                self.flush()
                del self.frames[index:]
                return

    def list_depth(self) -> int:
        return sum(1 for frame in self.frames if frame.kind == "list")

    def innermost_list(self) -> Frame | None:
        for frame in reversed(self.frames):
            if frame.kind == "list":
                return frame
        return None
