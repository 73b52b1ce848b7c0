"""How sidebar entries read: the text of category, article, bookmark and special labels.

Kept apart from the widget so the wording and layout of a label can be tested without an app.
Every string comes from the index or the state store, where it was cleaned for display; it is
only ever appended to a `Text` as plain text, so brackets in a title cannot restyle anything.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from rich.style import Style
from rich.text import Text

from tui_reader.core.model import Article
from tui_reader.core.state_merge import Bookmark
from tui_reader.ui.category_tree import Category

UNREAD_MARK = "●"
BOOKMARK_MARK = "★"
DATE_FORMAT = "%y-%m-%d"

Styles = Mapping[str, Style]


def short_date(moment: datetime | None) -> str:
    """The date in the reader's local time, compact enough for a narrow sidebar."""
    if moment is None:
        return "--------"
    try:
        return moment.astimezone().strftime(DATE_FORMAT)
    except (OverflowError, OSError, ValueError):
        return moment.strftime(DATE_FORMAT)


def category_label(category: Category, styles: Styles) -> Text:
    text = Text(category.name or "(unnamed)", styles["name"])
    text.append(" (")
    text.append(str(category.unread), styles["count"] if category.unread else styles["dim"])
    text.append(f"/{category.total})", styles["dim"])
    return text


def article_label(article: Article, read: bool, bookmarked: bool, styles: Styles) -> Text:
    text = Text()
    text.append(" " if read else UNREAD_MARK, styles["unread"])
    text.append(BOOKMARK_MARK if bookmarked else " ", styles["bookmark"])
    # `~`: the file's modification date stands in for a missing or unusable one (as in `list`).
    approximate = "~" if article.date_from_file else " "
    text.append(approximate + short_date(article.date) + " ", styles["date"])
    text.append(article.title or "(untitled)", styles["read"] if read else styles["title"])
    return text


def bookmark_label(bookmark: Bookmark, article: Article | None, read: bool, styles: Styles) -> Text:
    if article is not None:
        return article_label(article, read, True, styles)
    text = Text()
    text.append(" " + BOOKMARK_MARK, styles["bookmark"])
    date = bookmark.date_iso[2:10].replace("-", "-") if bookmark.date_iso else "--------"
    text.append(f" {date} ", styles["date"])
    # The marker goes first: a long title is cut at the tree's edge, and the marker with it.
    text.append("(missing) ", styles["missing"])
    text.append(bookmark.title or "(untitled)", styles["missing"])
    return text


def special_label(icon: str, name: str, count: int, styles: Styles) -> Text:
    text = Text(f"{icon} ", styles["special"])
    text.append(name, styles["special"])
    text.append(f" ({count})", styles["dim"])
    return text


def more_label(remaining: int, styles: Styles) -> Text:
    return Text(f"… {remaining:,} more (enter to show)", styles["dim"])
