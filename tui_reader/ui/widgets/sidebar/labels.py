"""How sidebar entries read: the text of category, article, bookmark and special labels.

Kept apart from the widget so the wording and layout of a label can be tested without an app.
Every string comes from the index or the state store, where it was cleaned for display; it is
only ever appended to a `Text` as plain text, so brackets in a title cannot restyle anything.

Given the `width` the tree has for it, a label too long is cut with an ellipsis, by cell width
(a Chinese character takes two cells): in the title or the name only, so the marks and the date
before a title, and the counts after a name, stay visible.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from rich.cells import cell_len, set_cell_size
from rich.style import Style
from rich.text import Text

from tui_reader.core.library.api import Article
from tui_reader.core.state.api import Bookmark
from tui_reader.ui.model.category_tree import Category

UNREAD_MARK = "●"
BOOKMARK_MARK = "★"
TAG_MARK = "#"  # before each personal tag at the end of an article's label
DATE_FORMAT = "%y-%m-%d"

Styles = Mapping[str, Style]
ELLIPSIS = "…"


def fitted(head: Text, name: str, style: Style, tail: Text | None, width: int | None) -> Text:
    """`head` (extended in place), then `name` in `style`, then `tail`, in `width` cells (None:
    no limit): the name alone is cut, ending in an ellipsis, when all of it does not fit."""
    if width is not None:
        room = max(width - head.cell_len - (tail.cell_len if tail else 0), 1)
        # a character takes two cells at most: most names need no measuring (a tree repaints
        # hundreds of labels at a time)
        if 2 * len(name) > room and cell_len(name) > room:
            # set_cell_size pads with a space where a wide character would be split in half
            name = set_cell_size(name, room - 1).rstrip(" ") + ELLIPSIS
    head.append(name, style)
    if tail:
        head.append_text(tail)
    return head


def short_date(moment: datetime | None) -> str:
    """The date in the reader's local time, compact enough for a narrow sidebar."""
    if moment is None:
        return "--------"
    try:
        return moment.astimezone().strftime(DATE_FORMAT)
    except (OverflowError, OSError, ValueError):
        return moment.strftime(DATE_FORMAT)


def category_label(category: Category, styles: Styles, width: int | None = None) -> Text:
    counts = Text(" (")
    unread = category.unread_stories
    counts.append(str(unread), styles["count"] if unread else styles["dim"])
    counts.append(f"/{category.stories})", styles["dim"])
    head = Text(style=styles["name"])  # the whole label's base, as before counts were kept
    return fitted(head, category.name or "(unnamed)", styles["name"], counts, width)


def article_label(
    article: Article,
    read: bool,
    bookmarked: bool,
    styles: Styles,
    width: int | None = None,
    *,
    highlighted: bool = False,
    tags: tuple[str, ...] = (),
    also: str = "",
) -> Text:
    """Unread and bookmark marks, the date, the title (in the `highlight` style when a rule
    highlights the article), then its personal tags and where else its story is (`also`: "also in
    IT之家 · 快科技 (+2)"), if any (they stay when the title is cut)."""
    text = Text()
    text.append(" " if read else UNREAD_MARK, styles["unread"])
    text.append(BOOKMARK_MARK if bookmarked else " ", styles["bookmark"])
    # `~`: the file's modification date stands in for a missing or unusable one (as in `list`).
    approximate = "~" if article.date_from_file else " "
    text.append(approximate + short_date(article.date) + " ", styles["date"])
    title_style = styles["read"] if read else styles["title"]
    if highlighted:
        title_style = title_style + styles["highlight"]
    title = article.title or "(untitled)"
    tail = Text(" " + " ".join(f"{TAG_MARK}{tag}" for tag in tags), styles["dim"]) if tags else None
    if also and width is not None:  # the title keeps room: `also` is cut, or left out, first
        room = width - text.cell_len - (tail.cell_len if tail else 0)
        keep = room - min(cell_len(title), max(room // 2, 12)) - 3  # after " · "
        if keep < 6:
            also = ""
        elif cell_len(also) > keep:
            also = set_cell_size(also, keep - 1).rstrip(" ") + ELLIPSIS
    if also:
        tail = tail or Text()
        tail.append(" · " + also, styles["dim"])
    return fitted(text, title, title_style, tail, width)


def bookmark_label(
    bookmark: Bookmark,
    article: Article | None,
    read: bool,
    styles: Styles,
    width: int | None = None,
    *,
    highlighted: bool = False,
    tags: tuple[str, ...] = (),
) -> Text:
    if article is not None:
        return article_label(article, read, True, styles, width, highlighted=highlighted,
                             tags=tags)  # fmt: skip
    text = Text()
    text.append(" " + BOOKMARK_MARK, styles["bookmark"])
    date = bookmark.date_iso[2:10].replace("-", "-") if bookmark.date_iso else "--------"
    text.append(f" {date} ", styles["date"])
    # The marker goes first: a long title is cut, the marker stays.
    text.append("(missing) ", styles["missing"])
    return fitted(text, bookmark.title or "(untitled)", styles["missing"], None, width)


def special_label(
    icon: str, name: str, count: int, styles: Styles, width: int | None = None
) -> Text:
    head = Text(f"{icon} ", styles["special"])
    return fitted(head, name, styles["special"], Text(f" ({count})", styles["dim"]), width)


def smart_label(
    icon: str,
    name: str,
    counts: tuple[int, int] | None,
    styles: Styles,
    width: int | None = None,
) -> Text:
    """A smart list's entry: its icon and name in the special entries' style, then its unread
    and total counts as a category shows them ("…" while they are not known yet)."""
    head = Text(f"{icon} ", styles["special"])
    if counts is None:
        return fitted(head, name, styles["special"], Text(" (…)", styles["dim"]), width)
    unread, total = counts
    tail = Text(" (")
    tail.append(str(unread), styles["count"] if unread else styles["dim"])
    tail.append(f"/{total})", styles["dim"])
    return fitted(head, name, styles["special"], tail, width)


def more_label(remaining: int, styles: Styles, width: int | None = None) -> Text:
    return fitted(Text(), f"… {remaining:,} more (enter to show)", styles["dim"], None, width)
