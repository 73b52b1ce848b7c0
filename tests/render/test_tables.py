"""Data tables at any width: boxed where they fit, records where they do not, no cell lost."""

from __future__ import annotations

import html
import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich import box
from rich.cells import cell_len
from rich.console import Console, Group, RenderableType
from rich.table import Column, Table
from rich.text import Text
from textual.app import App, ComposeResult
from textual.containers import VerticalScroll

from tui_reader.core.library.model import Article
from tui_reader.render.article import render_article
from tui_reader.render.block_texts import iter_texts
from tui_reader.render.table_box import BoxedTable
from tui_reader.render.tables import FittedTable
from tui_reader.render.wrap import Paragraph
from tui_reader.ui.widgets.reader.highlight import Marks, find_pattern, mark, match_lines
from tui_reader.ui.widgets.reader.lines import ArticleLines, _is_large

ARTICLE = Article(id="x", path="x.md", title="T")
HEADS = ["Date", "Ticker", "Price", "Change", "Volume", "Open", "High", "Low", "Sector", "Cap",
         "Yield", "Risk"]  # fmt: skip
VALUES = ["2024-01-02", "AAPL", "189.2", "+1.2%", "N/A", "188", "190", "187", "Tech", "Big",
          "0.5%", "Low"]  # fmt: skip


def show(body: str, width: int) -> str:
    rendered = render_article(ARTICLE, body)
    output = io.StringIO()
    Console(file=output, width=width, color_system=None).print(Group(*rendered.body))
    return "\n".join(line.rstrip() for line in output.getvalue().splitlines())


def table_html(rows: list[list[str]], *, header: bool) -> str:
    def row(cells: list[str], tag: str) -> str:
        return "<tr>" + "".join(f"<{tag}>{html.escape(c)}</{tag}>" for c in cells) + "</tr>"

    parts = [
        row(cells, "th" if header and index == 0 else "td") for index, cells in enumerate(rows)
    ]
    return "<table>" + "".join(parts) + "</table>"


def squeeze(text: str) -> str:
    return "".join(text.split())


def column_texts(output: str) -> list[str]:
    """A boxed table's columns, each as its cells' text top to bottom (wrapped lines joined)."""
    columns: list[list[str]] = []
    for line in output.splitlines():
        if line.startswith("│"):
            for index, part in enumerate(line.split("│")[1:-1]):
                if index == len(columns):
                    columns.append([])
                columns[index].append(part)
    return [squeeze("".join(parts)) for parts in columns]


def test_twelve_narrow_columns_at_width_45_keep_every_cell_as_records() -> None:
    out = show(table_html([HEADS, VALUES, VALUES], header=True), width=45)
    assert "┌" not in out  # a boxed table would need 63 cells: shown as records
    for head, value in zip(HEADS, VALUES, strict=True):
        assert out.count(f"{head}: {value}") == 2
    assert out.count("─" * 45) == 3  # before, between and after the two records


def test_the_same_table_stays_a_table_where_it_fits() -> None:
    out = show(table_html([HEADS, VALUES], header=True), width=110)
    assert "│ Date       │ Ticker │" in out
    assert "│ 2024-01-02 │ AAPL   │ 189.2 │" in out


def test_no_column_is_cut_into_fragments() -> None:
    """At 70 columns rich drew `Dat` / `e`: every word must stay whole, in either layout."""
    out = show(table_html([HEADS, VALUES], header=True), width=70)
    words = set(out.replace("│", " ").replace(":", " ").split())
    assert set(HEADS) <= words and set(VALUES) <= words


def test_a_large_table_is_all_there() -> None:
    rows = [[f"H{c}" for c in range(40)]] + [[f"r{r}c{c}" for c in range(40)] for r in range(60)]
    out = show(table_html(rows, header=True), width=80)
    assert "H39: r59c39" in out and out.count("H0: r") == 60


def test_rows_without_a_header_are_listed_without_labels() -> None:
    rows = [[f"value{r}x{c}" for c in range(12)] for r in range(2)]
    out = show(table_html(rows, header=False), width=40)
    assert ":" not in out
    assert [line for line in out.splitlines() if line.startswith("value")] == [
        cell for row in rows for cell in row
    ]


def test_a_cell_of_several_blocks_goes_under_its_label() -> None:
    body = (
        "<table><tr>" + "".join(f"<th>Head{c}</th>" for c in range(12)) + "</tr><tr>"
        "<td><p>first para</p><p>second para</p></td>" + "<td>x</td>" * 11 + "</tr></table>"
    )
    out = show(body, width=30).splitlines()
    start = out.index("Head0:")
    assert out[start + 1 : start + 4] == ["  first para", "", "  second para"]


def test_chinese_cells_break_between_characters_and_stay_a_table() -> None:
    rows = [["名称", "说明"], ["内存地址", "这是一个很长的中文说明，没有空格也可以在字之间换行"]]
    out = show(table_html(rows, header=True), width=30)
    assert "┌" in out and "│ 内存地址 │" in out
    assert squeeze(rows[1][1]) in column_texts(out)[1]


def test_the_layout_follows_the_width_it_is_given() -> None:
    """One renderable, laid out at two widths (a resized pane): a table, then records."""
    table = render_article(ARTICLE, table_html([HEADS, VALUES], header=True)).body[0]
    assert isinstance(table, FittedTable)
    for width, boxed in ((120, True), (40, False)):
        output = io.StringIO()
        Console(file=output, width=width, color_system=None).print(table)
        assert ("┌" in output.getvalue()) is boxed


_CELL_TEXT = st.text(
    alphabet=st.sampled_from(
        list("abcdefghijklmnopqrstuvwxyzABC0123456789.,%-+/ ") + list("数据表格内存地址中文測試")
    ),
    max_size=30,
)


@settings(max_examples=150, deadline=None)
@given(
    columns=st.integers(min_value=2, max_value=10),
    data=st.data(),
    header=st.booleans(),
    width=st.integers(min_value=20, max_value=160),
)
def test_every_cell_is_shown_at_any_width(
    columns: int, data: st.DataObject, header: bool, width: int
) -> None:
    row = st.lists(_CELL_TEXT, min_size=1, max_size=columns)
    rows = data.draw(st.lists(row, min_size=1, max_size=8))
    rows[0] = rows[0] + ["x"] * (columns - len(rows[0]))  # the table has `columns` columns
    out = show(table_html(rows, header=header), width)
    assert max((cell_len(line) for line in out.splitlines()), default=0) <= width
    everything = squeeze(out)
    boxed = column_texts(out)
    for cells in rows:
        for index, cell in enumerate(cells):
            text = squeeze(cell)
            if boxed:
                assert text in boxed[index], (cell, out)
            else:
                assert text in everything, (cell, out)
            if boxed:  # a boxed table never folds a word
                for word in cell.split():
                    if word.isascii():
                        assert any(word in line for line in out.splitlines()), (word, out)


_WORDS = st.sampled_from(["a", "bb", "ccc", "数据", "表格内存", "x.y", "long-word-here", "+1.2%"])


@st.composite
def _cells(draw: st.DrawFn) -> RenderableType:
    text = Paragraph()
    for index, word in enumerate(draw(st.lists(_WORDS, max_size=4))):
        text.append((" " if index else "") + word, draw(st.sampled_from([None, "bold"])))
    return Group(text, Text(""), Paragraph("second")) if draw(st.booleans()) else text


def _styled_cells(renderable: RenderableType) -> list[tuple[str, str]]:
    console = Console(file=io.StringIO(), width=200, color_system="truecolor")
    lines = console.render_lines(renderable, console.options, pad=False)
    return [
        (char, str(segment.style) if segment.style else "none")
        for line in lines
        for segment in line
        for char in segment.text
    ]


@settings(max_examples=100, deadline=None)
@given(data=st.data(), columns=st.integers(2, 5), header=st.booleans(), lines=st.booleans())
def test_boxed_table_draws_what_rich_draws(
    data: st.DataObject, columns: int, header: bool, lines: bool
) -> None:
    """The hand-drawn box (fast for big tables) matches rich's `Table` cell for cell and style
    for style, at the same column widths."""
    widths = data.draw(st.lists(st.integers(3, 12), min_size=columns, max_size=columns))
    heads = data.draw(st.lists(_cells(), min_size=columns, max_size=columns)) if header else None
    rows = data.draw(st.lists(st.lists(_cells(), min_size=1, max_size=columns), max_size=4))
    table = Table(
        *(
            Column(heads[i] if heads else "", width=w, overflow="fold")
            for i, w in enumerate(widths)
        ),
        box=box.SQUARE,
        show_header=header,
        show_lines=lines,
    )
    for row in rows:
        table.add_row(*row, *[Text("")] * (columns - len(row)))
    boxed = BoxedTable(heads, rows, widths, show_lines=lines)
    assert _styled_cells(boxed) == _styled_cells(table)


@pytest.mark.parametrize("width", [45, 120])
def test_find_marks_cells_and_headers_in_either_layout(width: int) -> None:
    """Find-in-article walks the table's cells (ui/widgets/reader/highlight.py): each match is
    counted, and each is drawn where a jump can find its line, header labels of records included."""
    blocks = render_article(ARTICLE, table_html([HEADS, VALUES, VALUES], header=True)).body
    for needle, count in (("AAPL", 2), ("Ticker", 1)):
        marked = mark(blocks, Marks(find=find_pattern(needle)))
        assert marked.find_count == count
        lines = match_lines(Group(*marked.blocks), width)
        assert sorted(lines) == list(range(count))
        assert len(set(lines.values())) == count


def test_a_big_table_counts_as_a_big_body_for_the_reading_pane() -> None:
    """The pane lays out big bodies in a worker; a table counted as 200 characters whatever its
    size, so a resize laid a 2000-row table out on the UI thread."""
    rows = [[f"H{c}" for c in range(10)]] + [
        [f"row{r}col{c}" for c in range(10)] for r in range(300)
    ]
    rendered = render_article(ARTICLE, table_html(rows, header=True))
    table = rendered.body[0]
    assert isinstance(table, FittedTable)
    assert sum(map(len, iter_texts(table))) == sum(len(cell) for row in rows for cell in row)
    assert _is_large(rendered.body_view())
    assert not _is_large(render_article(ARTICLE, table_html(rows[:3], header=True)).body_view())


class _PaneApp(App[None]):
    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield ArticleLines(id="body")


async def test_the_reading_pane_switches_layout_when_resized() -> None:
    """In the reading pane: records in a narrow pane, a boxed table once it is wide enough."""
    rendered = render_article(ARTICLE, table_html([HEADS, VALUES], header=True))
    app = _PaneApp()
    async with app.run_test(size=(60, 40)) as pilot:
        body = app.query_one(ArticleLines)
        body.update(rendered.body_view())
        await pilot.pause()
        text = [body.render_line(y).text for y in range(body.line_count)]
        assert "Sector: Tech" in "\n".join(text) and "┌" not in "\n".join(text)
        await pilot.resize_terminal(130, 40)
        await pilot.pause()
        await pilot.pause()
        text = [body.render_line(y).text for y in range(body.line_count)]
        assert any(line.startswith("│ Date ") for line in text)
        assert any("│ Tech   │ Big │" in line for line in text)
