"""How one line of the article list reads: a pure function of an article, its marks and a width.

    ●★ 2022-06-15  cnBeta        The title, cut with … when it does not fit  #tag · also in …  3 min

Unread and bookmark marks, the date with the year (the time for today, local time), the source
when the list mixes sources, the title in the rest of the width, personal tags and where else the
story is, and the reading time at the right. Every line is exactly `width` cells (a Chinese
character takes two), so the cursor's background covers the row and nothing wraps.

Titles, sources, tags and `also` come from article files: they go through `clean_line` here, so
no control character, escape sequence or bidi override reaches the terminal whatever the caller
hands in, and they are only ever segment text, so brackets in a title restyle nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style

from tui_reader.core.library.api import Article
from tui_reader.core.sanitize import clean_line
from tui_reader.ui.model.river import source_of

UNREAD_MARK = "●"
BOOKMARK_MARK = "★"
TAG_MARK = "#"
ELLIPSIS = "…"
DATE_WIDTH = 10  # "2022-06-15"
SOURCE_WIDTH = 12
TIME_WIDTH = 7  # " 12 min"
# A file is about half markup; its text reads at about 1,000 bytes a minute (230 English words of
# six bytes with the space, or 330 Chinese characters of three bytes), so a minute per 2,000 bytes.
BYTES_PER_MINUTE = 2000
# Below these widths the source, then the reading time, are left out for the title's sake.
SOURCE_FROM = 60
TIME_FROM = 40

# Style names a `Styles` mapping must hold (the widget takes them from its component classes).
STYLE_NAMES = (
    "unread", "bookmark", "date", "source", "title", "read", "highlight", "dim", "time",
    "header", "day",
)  # fmt: skip
Styles = Mapping[str, Style]


@dataclass(frozen=True, slots=True)
class Marks:
    """What the reader's state says of one article, for its row."""

    read: bool = False
    bookmarked: bool = False
    highlighted: bool = False
    tags: tuple[str, ...] = ()
    also: str = ""


def reading_minutes(size: int) -> int:
    """Minutes to read an article of `size` bytes (the file's size), at least 1; 0 when the size
    is unknown. See BYTES_PER_MINUTE for the rate."""
    if size <= 0:
        return 0
    return max(1, round(size / BYTES_PER_MINUTE))


def reading_time(size: int) -> str:
    minutes = reading_minutes(size)
    if not minutes:
        return ""
    if minutes < 100:
        return f"{minutes} min"
    return f"{round(minutes / 60)} h"


def row_date(moment: datetime | None, today: date) -> str:
    """`2022-06-15`, or `14:05` for today, in local time; blank when undated."""
    if moment is None:
        return ""
    try:
        local = moment.astimezone()
    except (OverflowError, OSError, ValueError):
        local = moment
    if local.date() == today:
        return local.strftime("%H:%M")
    return local.strftime("%Y-%m-%d")


def fit(text: str, width: int) -> str:
    """`text` in exactly `width` cells: cut with an ellipsis, or padded with spaces."""
    if width <= 0:
        return ""
    # a character takes two cells at most: most texts need no measuring
    if 2 * len(text) <= width:
        return text + " " * (width - len(text)) if text.isascii() else _pad(text, width)
    length = cell_len(text)
    if length <= width:
        return text + " " * (width - length)
    # set_cell_size pads with a space where a wide character would be split in half
    return set_cell_size(set_cell_size(text, width - 1).rstrip(" ") + ELLIPSIS, width)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - cell_len(text))


def row_segments(
    article: Article,
    marks: Marks,
    width: int,
    styles: Styles,
    *,
    mixed_sources: bool = False,
    today: date,
) -> list[Segment]:
    """The row of `article` in exactly `width` cells."""
    if width <= 0:
        return []
    title_style = styles["read"] if marks.read else styles["title"]
    if marks.highlighted:
        title_style = title_style + styles["highlight"]
    # `~`: the file's modification date stands in for a missing or unusable one (as in `list`)
    approximate = "~" if article.date_from_file else " "
    shown_date = approximate + fit(row_date(article.date, today), DATE_WIDTH) + "  "
    head = [
        Segment(" " if marks.read else UNREAD_MARK, styles["unread"]),
        Segment(BOOKMARK_MARK if marks.bookmarked else " ", styles["bookmark"]),
        Segment(shown_date, styles["date"]),
    ]
    used = 2 + 1 + DATE_WIDTH + 2
    if mixed_sources and width >= SOURCE_FROM:
        source = fit(clean_line(source_of(article)), SOURCE_WIDTH) + "  "
        head.append(Segment(source, styles["source"]))
        used += SOURCE_WIDTH + 2
    time_text = reading_time(article.size).rjust(TIME_WIDTH) if width >= TIME_FROM else ""
    room = width - used - len(time_text)
    title = clean_line(article.title) or "(untitled)"
    tail = _tail(marks, room, cell_len(title))
    segments = head
    if tail:  # right after the title, then the padding
        tail_length = cell_len(tail)
        shown = fit(title, room - tail_length).rstrip(" ")
        segments.append(Segment(shown, title_style))
        segments.append(Segment(fit(tail, room - cell_len(shown)), styles["dim"]))
    else:
        segments.append(Segment(fit(title, room), title_style))
    if time_text:
        segments.append(Segment(time_text, styles["time"]))
    return _exactly(segments, width)


def _tail(marks: Marks, room: int, title_length: int) -> str:
    """Tags, then `· also in …`, after the title; the title keeps half the room (or all it needs)
    and the tail is cut, or left out, first."""
    parts = [f"{TAG_MARK}{clean_line(tag)}" for tag in marks.tags]
    if marks.also:
        parts.append("· " + clean_line(marks.also))
    if not parts:
        return ""
    tail = "  " + " ".join(parts)
    keep = room - min(title_length, max(room // 2, 12))
    if keep < 6:
        return ""
    if cell_len(tail) > keep:
        return fit(tail, keep)
    return tail


def _exactly(segments: list[Segment], width: int) -> list[Segment]:
    """`segments` cut or padded to `width` cells (a row narrower than its fixed columns)."""
    length = sum(segment.cell_length for segment in segments)
    if length == width:
        return segments
    if length < width:
        return [*segments, Segment(" " * (width - length))]
    return Segment.adjust_line_length(segments, width)


def header_segments(title: str, count: int, width: int, styles: Styles) -> list[Segment]:
    """The top line of the list: its title, and "N articles" at the right."""
    counted = f"{count:,} article{'' if count == 1 else 's'} "
    room = width - 1 - len(counted) - 1
    if room < 4:  # too narrow for both: the count alone
        return _exactly([Segment(fit(" " + counted, width), styles["header"])], width)
    name = fit(clean_line(title), room)
    return [Segment(" " + name + " " + counted, styles["header"])]


def day_segments(label: str, width: int, styles: Styles) -> list[Segment]:
    """A day separator: `── Yesterday ─────…`."""
    text = "── " + clean_line(label) + " "
    return [Segment(fit(text + "─" * max(width - len(text), 0), width), styles["day"])]
