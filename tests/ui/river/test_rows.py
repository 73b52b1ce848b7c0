"""The rows of an article list (ui.model.river): orders, folding copies of a story, day headers
in local time, finding lines, and the cost of building a list of 100k rows."""

from __future__ import annotations

import gc
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest

from tui_reader.core.library.model import Article
from tui_reader.ui.model import river
from tui_reader.ui.model.river import DayHeader, Order, Rows, day_label, source_of

NOW = datetime(2022, 6, 16, 10, 0, tzinfo=UTC)


def make(
    n: int,
    title: str = "",
    *,
    hours_ago: float = 0,
    source: str = "cnBeta",
    dated: bool = True,
    now: datetime = NOW,
) -> Article:
    return Article(
        id=f"id{n}",
        path=f"{source}/{n}.md",
        title=title or f"Title {n}",
        categories=(("新媒体", source, "最新"),),
        date=now - timedelta(hours=hours_ago) if dated else None,
    )


def titles(rows: Rows) -> list[str]:
    return [item.title if isinstance(item, Article) else f"[{item.label}]" for item in rows]


def test_source_is_the_second_part_of_the_first_category() -> None:
    assert source_of(make(1)) == "cnBeta"
    single = Article(id="x", path="x.md", title="x", categories=(("English",), ("新媒体", "b")))
    assert source_of(single) == "English"
    assert source_of(Article(id="y", path="y.md", title="y", categories=())) == ""


def test_orders() -> None:
    a = make(1, "banana", hours_ago=5, source="Zeit")
    b = make(2, "Apple", hours_ago=1, source="BBC")
    c = make(3, "cherry", hours_ago=3, source="abc")
    undated = make(4, "undated", dated=False, source="BBC")
    given = [a, undated, b, c]
    assert Rows(given).articles == [b, c, a, undated]
    assert Rows(given, Order.OLDEST).articles == [a, c, b, undated]  # undated last both ways
    assert Rows(given, Order.TITLE).articles == [b, a, c, undated]  # case is ignored
    assert Rows(given, Order.SOURCE).articles == [c, b, undated, a]  # abc, BBC (newest), Zeit
    assert Rows(given, Order.RELEVANCE).articles == given


def test_ties_are_broken_by_title_then_path_so_the_order_is_stable() -> None:
    same = [make(n, "same" if n % 2 else f"t{n}") for n in (5, 3, 4, 1, 2)]
    first = Rows(same).articles
    assert [a.id for a in first] == ["id1", "id3", "id5", "id2", "id4"]
    assert Rows(list(reversed(same))).articles == first


def test_rows_keep_the_articles_given_not_copies() -> None:
    given = [make(n, hours_ago=n) for n in range(5)]
    rows = Rows(given)
    assert all(shown is original for shown, original in zip(rows.articles, given, strict=True))
    assert rows[0] is given[0]


def test_folding_keeps_the_first_article_of_each_story_in_the_order_shown() -> None:
    given = [make(n, hours_ago=n) for n in range(6)]
    story = {"id0": "s", "id2": "s", "id3": "t", "id5": "t"}
    rows = Rows(given, story_of=lambda i: story.get(i, i))
    assert [a.id for a in rows.articles] == ["id0", "id1", "id3", "id4"]
    oldest = Rows(given, Order.OLDEST, story_of=lambda i: story.get(i, i))
    assert [a.id for a in oldest.articles] == ["id5", "id4", "id2", "id1"]


def test_day_headers_today_yesterday_and_dates() -> None:
    given = [
        make(1, "now", hours_ago=0),
        make(2, "this morning", hours_ago=9),
        make(3, "last night", hours_ago=11),
        make(4, "two days ago", hours_ago=40),
        make(5, "long ago", hours_ago=24 * 365),
        make(6, "undated", dated=False),
    ]
    rows = Rows(given, days=True, now=NOW)
    assert titles(rows) == [
        "[Today]", "now", "this morning",
        "[Yesterday]", "last night",
        "[2022-06-14]", "two days ago",
        "[2021-06-16]", "long ago",
        "[No date]", "undated",
    ]  # fmt: skip
    assert rows.articles == given  # the headers are lines, not articles
    assert len(rows) == 11
    oldest = Rows(given, Order.OLDEST, days=True, now=NOW)
    assert titles(oldest)[:2] == ["[2021-06-16]", "long ago"]
    assert titles(oldest)[-2:] == ["[No date]", "undated"]


def test_day_headers_only_where_dates_are_in_order() -> None:
    given = [make(n, hours_ago=30 * n) for n in range(4)]
    for order in (Order.TITLE, Order.SOURCE, Order.RELEVANCE):
        rows = Rows(given, order, days=True, now=NOW)
        assert not any(isinstance(item, DayHeader) for item in rows), order
        assert len(rows) == 4


def test_days_are_local_days(zone: Callable[[str], None]) -> None:
    zone("Asia/Shanghai")  # UTC+8
    now = datetime(2022, 6, 16, 1, 0, tzinfo=UTC)  # 09:00 on the 16th in Shanghai
    given = [
        make(1, "16 in Shanghai", now=now),
        make(2, "still 16 in Shanghai", hours_ago=8.5, now=now),  # 00:30 on the 16th there
        make(3, "15 in Shanghai", hours_ago=9.5, now=now),  # in UTC both are the 15th
    ]
    assert titles(Rows(given, days=True, now=now)) == [
        "[Today]", "16 in Shanghai", "still 16 in Shanghai", "[Yesterday]", "15 in Shanghai",
    ]  # fmt: skip


def reference_days(articles: list[Article], now: datetime) -> list[str]:
    """Day headers and ids as a list with headers reads, each article's day found on its own."""
    today = now.astimezone().date()
    out: list[str] = []
    last: object = ()
    for article in articles:
        day = article.date.astimezone().date() if article.date else None
        if day != last:
            out.append(f"[{day_label(day, today)}]")
            last = day
        out.append(article.id)
    return out


@pytest.mark.parametrize(
    "where", ["UTC", "Asia/Shanghai", "Europe/Berlin", "America/Sao_Paulo", "Australia/Lord_Howe"]
)
def test_day_headers_across_changes_of_summer_time(where: str, zone: Callable[[str], None]) -> None:
    """Every hour (and a few odd minutes) over days where clocks change: in spring and autumn in
    Berlin, at midnight in São Paulo (2018: the day of 4 November had no midnight), by half an
    hour on Lord Howe Island."""
    zone(where)
    moments = []
    for first in ("2018-03-24", "2018-10-27", "2018-11-03", "2018-02-16", "2018-04-01"):
        start = datetime.fromisoformat(first + "T00:00:00+00:00")
        moments += [start + timedelta(minutes=37 * n) for n in range(3 * 24 * 60 // 37)]
    given = [
        Article(id=f"m{n}", path=f"{n}.md", title="t", date=moment)
        for n, moment in enumerate(moments)
    ] + [make(0, dated=False)]
    now = datetime(2018, 11, 4, 12, tzinfo=UTC)
    for order in (Order.NEWEST, Order.OLDEST):
        rows = Rows(given, order, days=True, now=now)
        shown = [f"[{item.label}]" if isinstance(item, DayHeader) else item.id for item in rows]
        assert shown == reference_days(rows.articles, now), (where, order)


def test_line_of_and_article_line_skip_headers() -> None:
    given = [make(1, hours_ago=1), make(2, hours_ago=2), make(3, hours_ago=30)]
    rows = Rows(given, days=True, now=NOW)
    # [Today] id1 id2 [Yesterday] id3
    assert [rows.line_of(f"id{n}") for n in (1, 2, 3)] == [1, 2, 4]
    assert rows.line_of("missing") is None
    assert rows.article_line(-1, 1) == 1
    assert rows.article_line(2, 1) == 4
    assert rows.article_line(4, -1) == 2
    assert rows.article_line(1, -1) is None
    assert rows.article_line(4, 1) is None
    assert rows.article_line(0, 5) == 1  # a direction, not a distance
    empty = Rows([])
    assert len(empty) == 0 and empty.article_line(-1, 1) is None and not empty.mixed_sources


def test_mixed_sources() -> None:
    assert not Rows([make(1), make(2)]).mixed_sources
    assert Rows([make(1), make(2, source="IT之家")]).mixed_sources


def library(size: int) -> list[Article]:
    sources = [f"source {n}" for n in range(40)]
    return [
        make(
            n, f"Title {n * 7919 % size}", hours_ago=(n * 104729 % size) / 7, source=sources[n % 40]
        )  # fmt: skip
        for n in range(size)
    ]


def test_sort_keys_are_computed_once_per_article(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = 0
    for order, key in list(river._KEYS.items()):

        def counting(article: Article, key=key) -> tuple[object, ...]:  # type: ignore[no-untyped-def]
            nonlocal calls
            calls += 1
            return key(article)

        monkeypatch.setitem(river._KEYS, order, counting)
    given = library(20_000)
    for order in (Order.NEWEST, Order.OLDEST, Order.SOURCE, Order.TITLE):
        calls = 0
        Rows(given, order, days=True, now=NOW)
        assert calls == len(given), order


def test_story_of_is_asked_once_per_article() -> None:
    asked: list[str] = []

    def story_of(article_id: str) -> str:
        asked.append(article_id)
        return article_id[:-1]

    given = library(20_000)
    rows = Rows(given, story_of=story_of)
    assert len(asked) == len(given)
    assert len(rows.articles) == len({a.id[:-1] for a in given})


def test_the_collector_does_not_run_while_the_rows_are_built() -> None:
    """100k sort keys are short-lived tuples: each run of the collector meanwhile would scan the
    heap (at times the whole of it, the library's model and all) for nothing. Once resumed, it may
    run once, over what the build left."""
    given = library(100_000)
    collections: list[int] = []

    def count(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            collections.append(info["generation"])

    orders = (Order.NEWEST, Order.OLDEST, Order.SOURCE, Order.TITLE)
    gc.collect()
    gc.callbacks.append(count)
    try:
        for order in orders:
            Rows(given, order, days=True, now=NOW, story_of=lambda i: i)
    finally:
        gc.callbacks.remove(count)
    assert len(collections) <= len(orders), collections
    assert gc.isenabled()


def best_of_three(articles: list[Article]) -> float:
    times = []
    for _ in range(3):
        start = time.process_time()
        rows = Rows(articles, days=True, now=NOW, story_of=lambda i: i)
        rows.line_of("id0")
        times.append(time.process_time() - start)
    return min(times)


def test_building_grows_about_linearly() -> None:
    """12.5k then 100k articles (8x): n log n gives ~9x, quadratic 64x."""
    small, large = library(12_500), library(100_000)
    ratio = best_of_three(large) / best_of_three(small)
    assert ratio < 20, ratio
