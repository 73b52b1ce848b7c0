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
    at_line_start: bool = True  # white space here is dropped, as a browser does
    pre: bool = False  # the block being built is preformatted
    last_in_list: bool = False
    last_quotes: int = 0

    # ---- inline text

    def add_text(self, text: str, style: str) -> None:
        if not self.pre:
            if self.at_line_start and text.startswith(" "):
                text = text[1:]
            if not text:
                return
            self.at_line_start = text.endswith(" ")
        self.inline.append(text, style or None)

    def line_break(self) -> None:
        """`<br>`: a new line; a second one in a row (after only white space) ends the paragraph,
        so `<br><br>` separates paragraphs without piling up blank lines."""
        if self.pre:
            self.inline.append("\n")
            return
        plain = self.inline.plain.rstrip(" ")
        if not plain.strip():
            return  # a break at the start of a block shows nothing
        if plain.endswith("\n"):
            self.flush()
            return
        self.inline.rstrip()
        self.inline.append("\n")
        self.at_line_start = True

    # ---- blocks

    def add_marker(self, text: str, style: str) -> None:
        """A link number or placeholder: attached to the word before it, never starting a line
        with a space."""
        if self.inline.plain.endswith(" "):
            self.inline.rstrip()
            self.inline.append(text, style)
            self.inline.append(" ")
        else:
            self.inline.append(text, style)
            self.at_line_start = False

    def flush(self) -> None:
        """End the paragraph being built, if it shows anything."""
        text, self.inline = self.inline, Paragraph()
        self.at_line_start = True
        if not text.plain.strip():
            return
        if self.pre:
            text.rstrip()
            while text.plain.startswith("\n"):
                text = text[1:]
            self.add_block(Preformatted(text), text.plain)
        else:
            text.rstrip()
            self.add_block(text, text.plain)

    def add_block(self, block: RenderableType, plain: str | None) -> None:
        """Append a finished block (and the blank line before it); `plain` is its text for
        find-in-article, None when the caller accounts for it."""
        in_list = any(frame.kind == "list" for frame in self.frames)
        quotes = sum(1 for frame in self.frames if frame.kind == "quote")
        if self.blocks and not (in_list and self.last_in_list):
            # The blank line keeps the quote bars both neighbours share, no more.
            bars = QUOTE_BAR * min(quotes, self.last_quotes)
            self.blocks.append(Text(bars.rstrip(), styles.PREFIX))
        self.last_in_list = in_list
        self.last_quotes = quotes
        self._append(block, first=True)
        if plain is not None:
            self.plain.append(plain)

    def extend(self, other: Flow) -> None:
        """Splice another flow's blocks into this one (a layout table's cell into the page)."""
        self.flush()
        if not other.blocks:
            return
        self.add_block(other.blocks[0], None)
        for block in other.blocks[1:]:
            self._append(block, first=False)
        self.plain.extend(other.plain)

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
