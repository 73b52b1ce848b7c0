"""An article whose date is only its file's time (no usable date in its front matter: "Invalid
Date", none at all) has no date of its own in the article list's orders, as in the search index,
Today and Last 7 days: newest and oldest first, it comes after every dated article, and with
day headers it is under "No date", not under the day its file was copied."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from tui_reader.core.library.model import Article
from tui_reader.ui.model.river import NO_DATE, DayHeader, Order, Rows

NOW = datetime(2022, 6, 16, 10, 0, tzinfo=UTC)


def article(name: str, *, days_ago: float, from_file: bool = False) -> Article:
    return Article(
        id=name, path=f"src/{name}.md", title=name, categories=(("新媒体", "src"),),
        date=NOW - timedelta(days=days_ago), date_from_file=from_file,
    )  # fmt: skip


ARTICLES = [
    article("copied today", days_ago=0, from_file=True),
    article("new", days_ago=1),
    article("old", days_ago=300),
    article("copied last week", days_ago=7, from_file=True),
    article("middle", days_ago=30),
]


def titles(rows: Rows) -> list[str]:
    return [a.title if isinstance(a, Article) else f"[{a.label}]" for a in rows]


@pytest.mark.parametrize(
    ("order", "dated"),
    [(Order.NEWEST, ["new", "middle", "old"]), (Order.OLDEST, ["old", "middle", "new"])],
)
def test_file_dated_articles_come_after_the_dated(order: Order, dated: list[str]) -> None:
    rows = Rows(ARTICLES, order)
    assert titles(rows) == [*dated, "copied today", "copied last week"]  # newest file first


def test_file_dated_articles_are_under_no_date_with_day_headers() -> None:
    rows = Rows(ARTICLES, Order.NEWEST, days=True, now=NOW)
    lines = titles(rows)
    assert lines[-3:] == [f"[{NO_DATE}]", "copied today", "copied last week"]
    assert "[Today]" not in lines
    assert sum(isinstance(item, DayHeader) for item in rows) == 4


@pytest.mark.parametrize("order", [Order.SOURCE, Order.TITLE])
def test_other_orders_keep_every_article(order: Order) -> None:
    assert sorted(titles(Rows(ARTICLES, order))) == sorted(a.title for a in ARTICLES)
