"""What the HTML converter keeps track of while it reads a body, in one place.

The converter is one `HTMLParser` (made linear on any body: `linear_parser.py`) put together from
parts that each handle some elements (inline styles, links and images, table cells; see
`convert.py`). They share this state: the flows being built (the body, or the innermost table
cell), the styles open, what is being skipped, and what has been seen so far.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tui_reader.render.flow import Flow
from tui_reader.render.linkset import LinkSet
from tui_reader.render.tables import TableBuilder
from tui_reader.render.visible import VisibleParser


@dataclass(slots=True)
class Anchor:
    """An `<a>` being read: where it goes, the flow it is in, and the text it shows."""

    href: str
    flow: Flow
    text: list[str] = field(default_factory=list)
    image: str = ""  # label of an image inside the anchor, when it has no text


class ParseState(VisibleParser):
    """The state of one conversion (the parser's callbacks are the converter's)."""

    def __init__(self, links: LinkSet, *, skipped: frozenset[str], honour_hidden: bool) -> None:
        super().__init__(skipped=skipped, honour_hidden=honour_hidden)
        self.links = links
        self.body = Flow()
        self.flows = [self.body]
        self.tables: list[TableBuilder] = []
        self.style_stack: list[tuple[str, str]] = []
        self.style = ""
        self.figure_depth = 0
        self.caption_break = False
        self.ruby_parens = False  # <rt> gets parentheses (no <rp> seen in this <ruby>)
        self.table_overflow = 0  # tables opened past MAX_TABLE_DEPTH, shown as plain blocks
        self.pre_line = False
        self.anchor: Anchor | None = None
        self.saw_text = False
        self.first_image: str | None = None

    @property
    def flow(self) -> Flow:
        """The flow text goes to now: the body, or the table cell being read."""
        return self.flows[-1]
