"""How a row of the article list reads (article_list/row.py): exact widths at any terminal width
and with Chinese text, dates, sources, marks, reading time, and hostile text made harmless."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, date, datetime

import pytest
from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style

from tui_reader.core.library.model import Article
from tui_reader.ui.widgets.article_list.row import (
    STYLE_NAMES,
    Marks,
    day_segments,
    header_segments,
    reading_time,
    row_segments,
)

TODAY = date(2022, 6, 16)
STYLES = {name: Style(color=f"color({n + 1})") for n, name in enumerate(STYLE_NAMES)}
STYLES["title"] = Style(bold=True)
STYLES["read"] = Style(color="grey50")
STYLES["highlight"] = Style(underline=True)
# What must never reach the terminal: C0 but nothing, DEL, C1, bidi controls, line separators.
UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def make(
    title: str = "A title",
    when: datetime | None = datetime(2022, 6, 15, 8, 30, tzinfo=UTC),
    *,
    source: str = "cnBeta",
    size: int = 6000,
    from_file: bool = False,
) -> Article:
    return Article(
        id="a1", path="a1.md", title=title, categories=(("新媒体", source, "最新"),),
        date=when, size=size, date_from_file=from_file,
    )  # fmt: skip


def text_of(segments: list[Segment]) -> str:
    return "".join(segment.text for segment in segments)


NO_MARKS = Marks()


def row(article: Article, width: int, marks: Marks = NO_MARKS, mixed: bool = False) -> str:
    return text_of(row_segments(article, marks, width, STYLES, mixed_sources=mixed, today=TODAY))


LONG_CHINESE = "美俄会谈在日内瓦落幕与北约的分歧依旧" * 6
TITLES = ["A title", "An English title that goes on " * 8, LONG_CHINESE, "混合 mixed 标题 " * 9, ""]


@pytest.mark.parametrize("width", [1, 10, 30, 39, 40, 59, 60, 80, 120, 200])
@pytest.mark.parametrize("title", TITLES)
def test_every_row_is_exactly_the_width(width: int, title: str) -> None:
    marks = Marks(read=False, bookmarked=True, tags=("长期", "work"), also="also in IT之家 (+2)")
    for mixed in (False, True):
        for shown_marks in (Marks(), marks):
            text = row(make(title), width, shown_marks, mixed)
            assert cell_len(text) == width, (width, text)
            assert "\n" not in text


@pytest.mark.parametrize("width", [80, 120, 200])
def test_a_long_title_is_cut_with_an_ellipsis_and_uses_the_width(width: int) -> None:
    for title in (LONG_CHINESE, "An English title that goes on " * 8):
        text = row(make(title), width, mixed=True)
        assert "…" in text
        shown = text[text.index("cnBeta") + len("cnBeta") :].strip()
        assert shown.endswith("3 min")
        visible_title = shown.removesuffix("3 min").strip()
        # the title takes the rest: marks and date 15 cells, source 14, time 7 (and a wide
        # character that does not fit leaves a cell blank)
        assert cell_len(visible_title) >= width - 36 - 1, visible_title


def test_a_short_title_is_shown_whole() -> None:
    assert "美俄会谈 " in row(make("美俄会谈"), 80)
    assert "…" not in row(make("美俄会谈"), 80)


def test_dates_have_the_year_and_today_the_time() -> None:
    assert " 2022-06-15  " in row(make(), 80)
    assert " 14:05 " in row(make(when=datetime(2022, 6, 16, 14, 5, tzinfo=UTC)), 80)
    assert "2022-06-16" not in row(make(when=datetime(2022, 6, 16, 14, 5, tzinfo=UTC)), 80)
    undated = row(make(when=None), 80)
    assert re.match(r"^● {14}A title", undated), undated
    assert "~2022-06-15" in row(make(from_file=True), 80)  # a file's date stands in


def test_dates_are_local(zone: Callable[[str], None]) -> None:
    zone("Asia/Shanghai")  # UTC+8
    late = make(when=datetime(2022, 6, 15, 20, 0, tzinfo=UTC))  # 04:00 on the 16th there
    assert " 04:00 " in row(late, 80)
    assert " 2022-06-15 " in row(make(when=datetime(2022, 6, 14, 20, 0, tzinfo=UTC)), 80)


def test_the_source_shows_only_in_lists_that_mix_sources() -> None:
    assert "cnBeta" not in row(make(), 120)
    assert "cnBeta" in row(make(), 120, mixed=True)
    assert "cnBeta" not in row(make(), 50, mixed=True)  # too narrow: the title keeps the room
    long_source = row(make(source="The Very Long Source Name"), 120, mixed=True)
    assert "The Very Lo…" in long_source


def test_marks() -> None:
    assert row(make(), 80).startswith("● ")
    assert row(make(), 80, Marks(read=True)).startswith("  ")
    assert row(make(), 80, Marks(read=True, bookmarked=True)).startswith(" ★")
    tagged = row(make(), 120, Marks(tags=("work", "长期"), also="also in IT之家 · 快科技 (+2)"))
    assert "A title  #work #长期 · also in IT之家 · 快科技 (+2)" in tagged


def test_tags_and_also_give_way_to_the_title() -> None:
    title = "An English title that goes on " * 3
    text = row(make(title), 80, Marks(tags=("t",) * 30, also="also in " + "x" * 200))
    assert title[:28] in text  # half the room of the title: the width less 22 cells
    assert cell_len(text) == 80


def styles_of(segments: list[Segment], piece: str) -> Style:
    return next(s.style for s in segments if piece in s.text and s.style is not None)


def test_unread_bold_read_dim_highlighted_underlined() -> None:
    def segments(marks: Marks) -> list[Segment]:
        return row_segments(make(), marks, 80, STYLES, today=TODAY)

    assert styles_of(segments(Marks()), "A title").bold
    read = styles_of(segments(Marks(read=True)), "A title")
    assert not read.bold and read.color == STYLES["read"].color
    assert styles_of(segments(Marks(highlighted=True)), "A title").underline
    assert styles_of(segments(Marks(read=True, highlighted=True)), "A title").underline


def test_reading_time() -> None:
    assert reading_time(0) == ""
    assert reading_time(300) == "1 min"
    assert reading_time(10_000) == "5 min"
    assert reading_time(150_000) == "75 min"
    assert reading_time(500_000) == "4 h"
    assert row(make(size=10_000), 80).endswith(" 5 min")
    assert row(make(size=0), 80).endswith("A title" + " " * (80 - 15 - 7))


HOSTILE = [
    "\x1b]0;owned\x07Title",
    "\x1b]52;c;Y29weQ==\x1b\\Title",
    "\x1b[2J\x1b[31mTitle",
    "\x9b31mTitle\x9d8;;http://x\x9c",
    "\u202eeltiT\u202c",
    "Line one\nline two\r\n\tand tab",
    "\x00\x07\x08\x7f" + "x" * 5,
]


@pytest.mark.parametrize("hostile", HOSTILE)
def test_hostile_text_never_reaches_the_terminal(hostile: str) -> None:
    article = make(hostile, source=hostile)
    marks = Marks(tags=(hostile,), also=hostile)
    for width in (40, 80, 120):
        segments = row_segments(article, marks, width, STYLES, mixed_sources=True, today=TODAY)
        text = text_of(segments)
        assert not UNSAFE.search(text), repr(text)
        assert cell_len(text) == width
    for segments in (
        header_segments(hostile, 3, 80, STYLES),
        day_segments(hostile, 80, STYLES),
    ):
        assert not UNSAFE.search(text_of(segments))


def test_header_and_day_lines() -> None:
    header = text_of(header_segments("新媒体 / cnBeta", 10_000, 60, STYLES))
    assert header.startswith(" 新媒体 / cnBeta") and header.endswith("10,000 articles ")
    assert cell_len(header) == 60
    assert text_of(header_segments("x", 1, 30, STYLES)).endswith(" 1 article ")
    narrow = text_of(header_segments("A long list title", 10_000, 12, STYLES))
    assert cell_len(narrow) == 12
    day = text_of(day_segments("Yesterday", 40, STYLES))
    assert day.startswith("── Yesterday ──") and cell_len(day) == 40
