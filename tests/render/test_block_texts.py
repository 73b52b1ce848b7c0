"""The one walk over rendered blocks: every Text of the article, in reading order, and copies."""

from __future__ import annotations

from pathlib import Path

import frontmatter
import pytest
from rich.console import Group, RenderableType
from rich.rule import Rule
from rich.text import Text

from tui_reader.render.block_texts import iter_texts, map_texts
from tui_reader.render.blocks import Prefixed, Preformatted
from tui_reader.render.convert import convert
from tui_reader.render.linkset import LinkSet
from tui_reader.render.tables import FittedTable

SAMPLES = Path(__file__).parent.parent / "samples"
BAR = Text("▌ ")


def table(heads: list[RenderableType] | None, rows: list[list[RenderableType]]) -> FittedTable:
    labels = [head.plain for head in heads or [] if isinstance(head, Text)]
    return FittedTable(heads, rows, labels=labels, show_lines=False)


def nested() -> Group:
    """Every kind of block, nested: a quote holding a list item with code, a table holding a
    table and a group, a rule (no text)."""
    inner = table(None, [[Text("i1"), Text("i2")], [Text("i3"), Text("i4")]])
    cell = Group(Text("c1"), Prefixed(Text("c2"), BAR, BAR))
    return Group(
        Text("one"),
        Prefixed(Group(Text("two"), Prefixed(Preformatted(Text("three")), BAR, BAR)), BAR, BAR),
        Rule(),
        table([Text("h1"), Text("h2")], [[Text("a"), inner], [cell, Text("b")]]),
        Text("last"),
    )


def plains(block: RenderableType) -> list[str]:
    return [text.plain for text in iter_texts(block)]


def test_texts_come_in_reading_order_through_every_kind_of_block() -> None:
    assert plains(nested()) == [
        "one", "two", "three", "h1", "h2", "a", "i1", "i2", "i3", "i4", "c1", "c2", "b", "last",
    ]  # fmt: skip


def test_a_text_is_its_own_walk_and_a_block_without_text_has_none() -> None:
    text = Text("alone")
    assert list(iter_texts(text)) == [text]
    assert list(iter_texts(Rule())) == []
    assert list(iter_texts(Prefixed(Rule(), BAR, BAR))) == []  # the bar is not the article's


def test_map_changes_every_text_and_leaves_the_original_alone() -> None:
    block = nested()
    before = plains(block)
    changed = map_texts(block, lambda text: Text(text.plain.upper()))
    assert plains(changed) == [plain.upper() for plain in before]
    assert plains(block) == before


def test_map_rebuilds_only_around_a_changed_text() -> None:
    block = nested()
    assert map_texts(block, lambda text: text) is block
    changed = map_texts(block, lambda text: Text("I4") if text.plain == "i4" else text)
    assert isinstance(changed, Group) and changed is not block
    old, new = block.renderables, changed.renderables
    assert [n is o for n, o in zip(new, old, strict=True)] == [True, True, True, False, True]
    table_copy = new[3]
    assert isinstance(table_copy, FittedTable) and isinstance(old[3], FittedTable)
    assert table_copy.heads is not None and old[3].heads is not None
    assert table_copy.heads[0] is old[3].heads[0]  # untouched cells are shared, not copied
    assert plains(table_copy)[2:7] == ["a", "i1", "i2", "i3", "I4"]


def test_a_preformatted_block_stays_preformatted() -> None:
    code = Preformatted(Text("x = 1\ny = 2"))
    changed = map_texts(code, lambda text: Text(text.plain.replace("1", "9")))
    assert isinstance(changed, Preformatted) and changed.text.plain == "x = 9\ny = 2"


@pytest.mark.parametrize("path", sorted(SAMPLES.glob("*.md")), ids=lambda path: path.name)
def test_the_walk_finds_every_word_of_a_real_article(path: Path) -> None:
    """The renderer's own plain text (what search and the reading time read) has the same words,
    in the same order, as the Texts walked: nothing is missed, nothing comes twice."""
    converted = convert(frontmatter.load(path).content, LinkSet(""))
    walked = [
        word
        for block in converted.blocks
        for text in iter_texts(block)
        for word in text.plain.split()
        if word != "▌"  # the quote bars of the blank lines between quoted paragraphs
    ]
    assert walked == converted.plain.split()
