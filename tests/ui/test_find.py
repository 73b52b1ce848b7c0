"""Find in the article: the highlighting helpers on real rendered samples, and the find bar
driven with Pilot (count, stepping with scrolling, wrap-around, escape)."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
from rich.console import Group
from rich.style import Style
from rich.table import Table
from rich.text import Text
from textual.widgets import Input
from ui_support import SIZE, article, goto_category, make_app, make_library, running, settle, write

from tui_reader.core.library.library import Library
from tui_reader.core.search.query import parse, terms
from tui_reader.render.article import render_article
from tui_reader.render.blocks import Prefixed
from tui_reader.render.tables import FittedTable
from tui_reader.ui.widgets.reader.find_bar import FindBar
from tui_reader.ui.widgets.reader.highlight import (
    Marks,
    find_pattern,
    mark,
    match_lines,
    search_pattern,
)
from tui_reader.ui.widgets.reader.marks import LARGE

SAMPLES = Path(__file__).parent.parent / "samples"
FIND = Style(bgcolor="red")
CURRENT = Style(bgcolor="blue")


@pytest.fixture(autouse=True)
def utc(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()


def _texts(block: object) -> list[Text]:
    """Every Text inside a block, in order (as `highlight` walks them)."""
    if isinstance(block, Text):
        return [block]
    if isinstance(block, Prefixed):
        return _texts(block.renderable)
    if isinstance(block, Group):
        return [t for child in block.renderables for t in _texts(child)]
    if isinstance(block, Table):
        return [t for c in block.columns for cell in [c.header, *c.cells] for t in _texts(cell)]
    if isinstance(block, FittedTable):
        return [t for cell in block.cells() for t in _texts(cell)]
    inner = getattr(block, "text", None)
    return [inner] if isinstance(inner, Text) else []


def _rendered_samples() -> list[list[object]]:
    library = Library(SAMPLES)
    snapshot = library.scan(workers=1)
    return [render_article(a, library.body(a)).body for a in snapshot.articles]


@pytest.mark.parametrize("needle", ["的", "北约", "the", "a", "cnBeta", "。"])
def test_find_marks_every_occurrence_and_never_changes_the_text(needle: str) -> None:
    for blocks in _rendered_samples():
        before = [(t.plain, list(t.spans)) for b in blocks for t in _texts(b)]
        marked = mark(blocks, Marks(find=find_pattern(needle), find_style=FIND))
        texts = [t for b in marked.blocks for t in _texts(b)]
        expected = sum(len(re.findall(re.escape(needle), t.plain, re.I)) for t in texts)
        assert marked.find_count == min(expected, 10_000)
        assert [t.plain for t in texts] == [plain for plain, _ in before]
        # the originals keep their own styles: highlights go on copies
        assert [(t.plain, list(t.spans)) for b in blocks for t in _texts(b)] == before
        styled = sum(1 for t in texts for span in t.spans if span.style == FIND + _meta(span))
        assert styled == marked.find_count


def _meta(span: object) -> Style:
    style = span.style  # type: ignore[attr-defined]
    return Style(meta=style.meta) if isinstance(style, Style) and style.meta else Style()


def test_search_terms_follow_the_query_language() -> None:
    pattern = search_pattern(terms(parse('nato 北约 grac* -excluded "new york"')))
    assert pattern is not None
    text = Text("NATO and 北约 met in New York; Grace and gracious, not excluded, not nat.")
    marked = mark([text], Marks(search=pattern, search_style=FIND))
    found = [marked.blocks[0].plain[s.start : s.end] for s in marked.blocks[0].spans]
    assert found == ["NATO", "北约", "New York", "Grace", "gracious"]
    assert marked.find_count == 0  # search terms are not find matches


def test_match_lines_are_in_reading_order_and_inside_the_text() -> None:
    blocks = [Text(f"line {n} " + "word " * n) for n in range(1, 40)]
    marked = mark(blocks, Marks(find=find_pattern("line 3"), find_style=FIND))
    group = Group(*marked.blocks)
    lines = match_lines(group, 30)
    assert sorted(lines) == list(range(marked.find_count))
    assert marked.find_count == 11  # line 3, line 30 … line 39
    rendered = [Text.assemble(*(s.text for s in line)).plain for line in _lines(group, 30)]
    for line in lines.values():
        assert "line 3" in rendered[line]
    assert list(lines.values()) == sorted(lines.values())


def _lines(renderable: object, width: int) -> list[list[object]]:
    import io

    from rich.console import Console

    console = Console(width=width, file=io.StringIO(), force_terminal=True)
    return console.render_lines(renderable, console.options, pad=False)  # type: ignore[arg-type]


# -- the find bar in the app ----------------------------------------------------------------------


async def _open_long_article(pilot) -> None:  # type: ignore[no-untyped-def]
    await settle(pilot)
    await goto_category(pilot, "English", "Long")
    await pilot.press("j", "enter")
    await settle(pilot)
    assert pilot.app.main_screen.reader.article.title == "A long English article"


async def _find(pilot, text: str) -> None:  # type: ignore[no-untyped-def]
    await pilot.press("f")
    await pilot.pause()
    for char in text:
        await pilot.press("space" if char == " " else char)
    await pilot.pause()


def _count_label(app) -> str:  # type: ignore[no-untyped-def]
    return str(app.main_screen.reader.query_one("#find-count").render())


def _current_line(app) -> int | None:  # type: ignore[no-untyped-def]
    """The body line (from the pane's own drawing) showing the current match, if any."""
    reader = app.main_screen.reader
    body = reader.query_one("#article-body")
    colour = reader.get_component_rich_style("reader--find-current").bgcolor
    for y in range(body.line_count):
        if any(s.style is not None and s.style.bgcolor == colour for s in body.render_line(y)):
            return y
    return None


def _visible(app, line: int) -> bool:  # type: ignore[no-untyped-def]
    reader = app.main_screen.reader
    top = reader.query_one("#article-body").virtual_region.y + line
    return reader.scroll_y <= top < reader.scroll_y + reader.scrollable_content_region.height


async def test_find_counts_jumps_scrolls_wraps_and_closes(library: Path) -> None:
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await _open_long_article(pilot)
        reader = app.main_screen.reader
        await _find(pilot, "paragraph 7")
        bar = reader.query_one(FindBar)
        assert bar.is_open and isinstance(app.focused, Input)
        plain = reader.rendered.plain_text.split("\n", 2)[2].lower()  # the body, after the header
        expected = plain.count("paragraph 7")
        assert expected == 11 and reader.find.count == expected
        assert _count_label(app) == f"{expected} matches"
        assert _current_line(app) is None  # none chosen until enter

        lines = []
        for step in range(1, expected + 1):
            await pilot.press("enter")
            await pilot.pause()
            assert _count_label(app) == f"{step}/{expected}"
            line = _current_line(app)
            assert line is not None and _visible(app, line)
            lines.append(line)
        assert lines == sorted(lines) and len(set(lines)) == expected
        assert reader.scroll_y > 0  # the last matches are far down the article

        await pilot.press("enter")  # past the last: back to the first
        await pilot.pause()
        assert _count_label(app) == f"1/{expected}" and _current_line(app) == lines[0]
        assert _visible(app, lines[0])
        await pilot.press("shift+f3")  # and back to the last
        await pilot.pause()
        assert _count_label(app) == f"{expected}/{expected}" and _current_line(app) == lines[-1]

        await pilot.press("escape")
        await pilot.pause()
        assert not bar.is_open and reader.find.count == 0
        assert _current_line(app) is None and app.focused is reader


async def test_find_typing_updates_the_count_and_no_match_says_so(library: Path) -> None:
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await _open_long_article(pilot)
        await _find(pilot, "paragraph")
        reader = app.main_screen.reader
        assert reader.find.count == 80
        await pilot.press("space", "z", "z")
        await pilot.pause()
        assert reader.find.count == 0 and _count_label(app) == "no matches"
        await pilot.press("enter")  # nothing to go to: no error
        await pilot.pause()
        assert _count_label(app) == "no matches"


async def test_find_is_hidden_without_an_article_and_closes_on_another(library: Path) -> None:
    async with running(library) as (app, pilot):
        screen = app.main_screen
        assert screen.check_action("find", ()) is False
        await pilot.press("f")
        assert not screen.reader.query_one(FindBar).is_open
        await _open_long_article(pilot)
        assert screen.check_action("find", ()) is True
        await _find(pilot, "long")
        assert screen.reader.find.count > 0
        await pilot.press("escape")  # close the bar, back in the reader
        await pilot.press("tab", "j", "l", "j", "enter")  # English/Notes: its first article
        await settle(pilot)
        assert screen.reader.article.title != "A long English article"
        assert not screen.reader.query_one(FindBar).is_open and screen.reader.find.count == 0


async def test_find_in_a_large_article_places_matches_in_a_worker(tmp_path: Path) -> None:
    root = make_library(tmp_path / "library", samples=False)
    body = "\n".join(f"<p>Line {n}: filler words to make the article long. Needle {n}.</p>"
                     for n in range(600))  # fmt: skip
    write(root / "big/big.md", article("Big one", "2024-05-01 09:00:00 +0000", " - Big", body))
    async with running(root) as (app, pilot):
        await goto_category(pilot, "Big")
        await pilot.press("j", "enter")
        await settle(pilot)
        reader = app.main_screen.reader
        assert len(reader.rendered.plain_text) > LARGE
        await _find(pilot, "needle 59")
        await pilot.press("enter")  # before the debounce fired: searched at once, then placed
        await settle(pilot)
        assert reader.find.count == 11  # needle 59, needle 590 … needle 599
        assert _count_label(app) == "1/11"
        line = _current_line(app)
        assert line is not None and _visible(app, line) and reader.scroll_y > 0
        await pilot.press("up")
        await settle(pilot)
        assert _count_label(app) == "11/11"
