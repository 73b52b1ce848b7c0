"""The rich `Text`s inside rendered article blocks, in reading order: one walk for every reader.

The renderer builds a body from a few kinds of block (`Text`, `Prefixed`, `Preformatted`, `Group`,
`FittedTable`, nested in one another). Code that works on the words the reader sees, such as find
and search highlights, image placeholders and the reading pane's size estimate, needs those Texts;
`_parts` is the one place that knows how each kind holds them, so a new kind of block is taught
here once. List bullets and quote bars (a `Prefixed`'s prefixes) are not the article's text and
are not walked; other blocks (rules, image slots) hold no text to walk.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING

from rich.console import Group, RenderableType
from rich.text import Text

from tui_reader.render.blocks import Prefixed, Preformatted

if TYPE_CHECKING:
    from tui_reader.render.tables import FittedTable

# Not imported here: the reading pane imports this module before its first frame, and the tables
# module brings the whole line-wrapping machinery (~10 ms of imports). A FittedTable can only
# exist once that module is loaded, so `_parts` looks it up in sys.modules.
_TABLES = "tui_reader.render.tables"

_Rebuild = Callable[[list[RenderableType]], RenderableType]


def iter_texts(block: RenderableType) -> Iterator[Text]:
    """Every `Text` of the article inside `block`, in reading order (a table's header row first,
    then its rows, each left to right)."""
    if isinstance(block, Text):
        yield block
        return
    parts = _parts(block)
    if parts is not None:
        for child in parts[0]:
            yield from iter_texts(child)


def map_texts(block: RenderableType, change: Callable[[Text], Text]) -> RenderableType:
    """`block` with `change` applied to each of its Texts (as `iter_texts` finds them). Only the
    blocks around a changed Text are rebuilt; everything else, and `block` itself when nothing
    changed, is returned as is (never modified)."""
    if isinstance(block, Text):
        return change(block)
    parts = _parts(block)
    if parts is None:
        return block
    children, rebuild = parts
    changed = [map_texts(child, change) for child in children]
    if all(new is old for new, old in zip(changed, children, strict=True)):
        return block
    return rebuild(changed)


def _parts(block: RenderableType) -> tuple[Sequence[RenderableType], _Rebuild] | None:
    """The blocks (or Texts) `block` holds, in reading order, and how to make a copy of `block`
    holding others in their place; None for a block without text inside."""
    if isinstance(block, Prefixed):
        return [block.renderable], lambda new: Prefixed(new[0], block.first, block.rest)
    if isinstance(block, Preformatted):
        return [block.text], lambda new: Preformatted(_as_text(new[0]))
    if isinstance(block, Group):
        return block.renderables, lambda new: Group(*new)
    tables = sys.modules.get(_TABLES)
    if tables is not None and isinstance(block, tables.FittedTable):
        table: FittedTable = block
        return list(table.cells()), lambda new: _table_with(table, new)
    return None


def _table_with(table: FittedTable, cells: list[RenderableType]) -> FittedTable:
    """A copy of `table` holding `cells` (in `FittedTable.cells` order) instead of its own."""
    replacements = iter(cells)
    return table.map_cells(lambda _cell: next(replacements))


def _as_text(block: RenderableType) -> Text:
    assert isinstance(block, Text)  # a Preformatted's part is its Text, and `change` gives Texts
    return block
