"""Tree labels: read and bookmark marks, the date (with `~` when the file's date stands in)."""

from __future__ import annotations

from datetime import UTC, datetime

from rich.style import Style

from tui_reader.core.library.model import Article
from tui_reader.ui.widgets.sidebar.labels import article_label

STYLES = {name: Style() for name in ("unread", "bookmark", "date", "read", "title")}


def make(date_from_file: bool) -> Article:
    moment = datetime(2024, 5, 6, 7, 8, tzinfo=UTC)
    return Article("id1", "a.md", "Title", (("News",),), "", moment, date_from_file, (), "", "")


def test_a_file_date_is_marked_approximate() -> None:
    assert article_label(make(True), False, False, STYLES).plain.endswith("~24-05-06 Title")
    assert article_label(make(False), False, False, STYLES).plain.endswith(" 24-05-06 Title")


def test_labels_line_up_either_way() -> None:
    a = article_label(make(True), True, True, STYLES).plain
    b = article_label(make(False), True, True, STYLES).plain
    assert len(a) == len(b) and a.index("Title") == b.index("Title")
