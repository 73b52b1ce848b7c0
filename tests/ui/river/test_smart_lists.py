"""The river's smart lists and list specs as plain Python: which articles All unread, Today and
Last 7 days hold, a category's articles with its sub-categories', each article once, and the
counts the sidebar shows for them."""

from __future__ import annotations

import time as time_module
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone, tzinfo

import pytest

from tui_reader.core.library.model import Article
from tui_reader.ui.model.category_tree import CategoryTree
from tui_reader.ui.model.smart_lists import (
    ListSpec,
    SmartCounts,
    category_articles,
    day_bounds,
    smart_articles,
)

TOKYO = timezone(timedelta(hours=9))
NOW = datetime(2024, 6, 15, 10, 30, tzinfo=TOKYO)  # Saturday morning in Tokyo


def make(
    id: str, moment: datetime | None, *paths: tuple[str, ...], from_file: bool = False
) -> Article:
    return Article(id=id, path=f"{id}.md", title=id, categories=paths or (("Misc",),),
                   date=moment, date_from_file=from_file)  # fmt: skip


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2024, 6, day, hour, minute, tzinfo=TOKYO)


ARTICLES = [  # newest first, as snapshots give them
    make("future", at(16, 0, 5), ("News",)),  # tomorrow in Tokyo: in neither
    make("now", at(15, 10), ("News", "World")),
    make("twice", at(15, 0, 1), ("News", "World"), ("Tech",)),  # filed in two categories
    make("utc-late", datetime(2024, 6, 14, 15, 30, tzinfo=UTC), ("Tech",)),  # 00:30 the 15th
    make("utc-early", datetime(2024, 6, 14, 14, 59, tzinfo=UTC), ("Tech",)),  # 23:59 the 14th
    make("six", at(9, 0, 0), ("News",)),  # first minute of the week's first day
    make("seven", at(8, 23, 59), ("News",)),  # one minute too old
    make("mtime", at(15, 9), ("News",), from_file=True),  # no date of its own
    make("undated", None, ("News", "World")),
]


def ids(articles: list[Article]) -> list[str]:
    return [a.id for a in articles]


def test_today_and_the_week_are_local_days_of_now_and_skip_undated_articles() -> None:
    model = CategoryTree(ARTICLES)
    assert ids(smart_articles(model, "today", NOW)) == ["now", "twice", "utc-late"]
    week = ids(smart_articles(model, "week", NOW))
    assert week == ["now", "twice", "utc-late", "utc-early", "six"]
    late = NOW.replace(hour=23, minute=59)  # the same day all day long
    assert ids(smart_articles(model, "today", late)) == ["now", "twice", "utc-late"]
    next_day = NOW + timedelta(days=1)
    assert ids(smart_articles(model, "today", next_day)) == ["future"]
    assert "six" not in ids(smart_articles(model, "week", next_day))


def test_dates_far_east_and_far_west_of_now_are_placed_by_the_moment_they_name() -> None:
    east, west = timezone(timedelta(hours=14)), timezone(timedelta(hours=-12))
    articles = [
        make("east", datetime(2024, 6, 16, 0, 30, tzinfo=east)),  # 19:30 the 15th in Tokyo
        make("west", datetime(2024, 6, 14, 23, 0, tzinfo=west)),  # 20:00 the 15th in Tokyo
        make("west-early", datetime(2024, 6, 14, 2, 59, tzinfo=west)),  # 23:59 the 14th
        make("east-late", datetime(2024, 6, 17, 0, 0, tzinfo=east)),  # 19:00 the 16th
    ]
    model = CategoryTree(articles)
    assert ids(smart_articles(model, "today", NOW)) == ["east", "west"]
    assert ids(smart_articles(model, "week", NOW)) == ["east", "west", "west-early"]


class CountedZone(tzinfo):
    """+08:00, counting how often its offset is asked for (each comparison with a date of
    another zone asks)."""

    def __init__(self) -> None:
        self.asked = 0

    def utcoffset(self, dt: datetime | None) -> timedelta:
        self.asked += 1
        return timedelta(hours=8)

    def dst(self, dt: datetime | None) -> timedelta:
        return timedelta(0)


def test_dates_weeks_away_are_left_out_without_comparing_moments() -> None:
    zone = CountedZone()
    old = [make(f"old{i}", datetime(2023, 1, 1 + i % 28, 12, tzinfo=zone)) for i in range(2000)]
    recent = [make(f"new{i}", datetime(2024, 6, 14, i, tzinfo=zone)) for i in range(3)]
    model = CategoryTree([*recent, *old])
    zone.asked = 0
    assert ids(smart_articles(model, "week", NOW)) == ["new0", "new1", "new2"]
    assert zone.asked <= 4 * len(recent)  # not once per article


def test_all_unread_lists_each_article_once_in_the_models_order() -> None:
    model = CategoryTree(ARTICLES, read_ids={"now", "seven"})
    unread = ids(smart_articles(model, "unread", NOW))
    assert unread == [a.id for a in ARTICLES if a.id not in {"now", "seven"}]
    assert unread.count("twice") == 1
    model.set_read(["twice"], True)
    assert "twice" not in ids(smart_articles(model, "unread", NOW))


def test_hidden_articles_are_in_no_smart_list() -> None:
    model = CategoryTree(ARTICLES, hidden=frozenset({"now"}))
    for kind in ("unread", "today", "week"):
        assert "now" not in ids(smart_articles(model, kind, NOW))


def test_an_unknown_kind_is_refused() -> None:
    with pytest.raises(ValueError, match="not a smart list"):
        smart_articles(CategoryTree(ARTICLES), "bookmarks", NOW)


@pytest.fixture
def berlin(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The system's local time is Berlin's (summer time from 2024-03-31 02:00)."""
    with monkeypatch.context() as patch:
        patch.setenv("TZ", "Europe/Berlin")
        time_module.tzset()
        yield
    time_module.tzset()  # the zone of before, back


@pytest.mark.usefixtures("berlin")
def test_a_naive_now_counts_local_days_with_the_offset_each_day_had() -> None:
    start, end = day_bounds(datetime(2024, 4, 2, 12, 0), 7)  # the week spans the change
    assert start == datetime(2024, 3, 27, tzinfo=timezone(timedelta(hours=1)))  # winter
    assert end == datetime(2024, 4, 3, tzinfo=timezone(timedelta(hours=2)))  # summer
    at_midnight = make("m", datetime(2024, 3, 26, 23, 0, tzinfo=UTC))  # 00:00 the 27th there
    before = make("b", datetime(2024, 3, 26, 22, 59, tzinfo=UTC))
    model = CategoryTree([at_midnight, before])
    assert ids(smart_articles(model, "week", datetime(2024, 4, 2, 12, 0))) == ["m"]


def test_a_category_lists_its_articles_and_its_subcategories_once_each() -> None:
    model = CategoryTree(ARTICLES)
    news = model.find(("News",))
    found = ids(category_articles(news))
    assert sorted(found) == sorted(["future", "now", "twice", "six", "seven", "mtime", "undated"])
    assert len(found) == len(set(found))
    assert sorted(ids(category_articles(model.find(("Tech",))))) == [
        "twice", "utc-early", "utc-late",
    ]  # fmt: skip
    both = make("both", at(1, 1), ("A", "B"), ("A", "B", "C"), ("A",))
    model = CategoryTree([both])
    assert ids(category_articles(model.find(("A",)))) == ["both"]
    assert ids(category_articles(model.root)) == ["both"]


def test_a_deep_category_chain_needs_no_recursion() -> None:
    path = tuple(f"c{i}" for i in range(3000))  # deeper than Python's recursion limit
    model = CategoryTree([make("deep", at(1, 1), path)])
    assert ids(category_articles(model.find(("c0",)))) == ["deep"]


def test_category_articles_touch_each_filed_article_once() -> None:
    """Linear: the articles looked at are those filed in the categories, no more."""
    articles = [make(f"a{i}", at(1, 1), ("Top", f"S{i % 50}"), ("Top",)) for i in range(5000)]
    model = CategoryTree(articles)
    top = model.find(("Top",))
    filed = sum(len(c.articles) for c in [top, *top.subcategories()])
    seen: list[int] = []

    class Counted(list[Article]):
        def __iter__(self) -> Iterator[Article]:
            for article in super().__iter__():
                seen.append(1)
                yield article

    for category in [top, *top.subcategories()]:
        category.articles = Counted(category.articles)
    assert len(category_articles(top)) == 5000
    assert len(seen) == filed == 10000


def test_list_specs_name_their_lists() -> None:
    model = CategoryTree([make("x", at(1, 1), ("新媒体", "cnBeta"))])
    spec = ListSpec.category(model.find(("新媒体", "cnBeta")))
    assert (spec.kind, spec.key, spec.title, spec.path) == (
        "category", "新媒体/cnBeta", "新媒体 / cnBeta", ("新媒体", "cnBeta"),
    )  # fmt: skip
    assert spec.list_key == "category:新媒体/cnBeta"
    assert ListSpec.smart("unread") == ListSpec("unread", "", "All unread")
    assert ListSpec.smart("week").title == "Last 7 days"
    assert ListSpec.saved("foo").list_key == "saved:foo"
    assert ListSpec.tag("later").list_key == "tag:later"
    assert ListSpec.search("foo").title == "Search: foo"
    assert ListSpec.bookmarks().list_key == "bookmarks:"


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def test_smart_counts_follow_marks_without_a_pass_over_the_library() -> None:
    model = CategoryTree(ARTICLES, read_ids={"now"})
    counts = SmartCounts(Clock(NOW))
    assert counts.counts(model, "today") == (2, 3)
    assert counts.counts(model, "week") == (4, 5)
    assert counts.counts(model, "unread") == (len(ARTICLES) - 1, len(ARTICLES))
    model.set_read(["twice", "utc-early"], True)
    counts.marks_changed()
    assert counts.counts(model, "today") == (1, 3)
    assert counts.counts(model, "week") == (2, 5)
    assert counts.counts(model, "unread") == (len(ARTICLES) - 3, len(ARTICLES))
    for _ in range(100):  # as many paints
        counts.counts(model, "week")
    assert counts.passes == 1


def test_smart_counts_move_to_a_new_day_and_a_new_model() -> None:
    model = CategoryTree(ARTICLES)
    clock = Clock(NOW)
    counts = SmartCounts(clock)
    assert counts.counts(model, "today") == (3, 3)
    clock.now = NOW + timedelta(days=1)
    assert counts.counts(model, "today") == (1, 1)  # "future" is today now
    other = CategoryTree(ARTICLES[:2])
    assert counts.counts(other, "week") == (2, 2)
    assert counts.passes == 3


def test_the_next_day_starts_at_local_midnight() -> None:
    assert SmartCounts(Clock(NOW)).seconds_to_next_day() == 13.5 * 3600
    naive = datetime(2024, 6, 15, 23, 59, 30)  # the system's local time
    assert SmartCounts(Clock(naive)).seconds_to_next_day() == 30


def test_smart_counts_count_the_copies_of_a_story_once() -> None:
    model = CategoryTree(ARTICLES)
    model.use_stories({"now": "s", "twice": "s", "utc-late": "s", "six": "t", "seven": "t"})
    counts = SmartCounts(Clock(NOW))
    stories = len(ARTICLES) - 3  # 9 articles, 6 stories
    assert counts.counts(model, "today") == (1, 1)
    assert counts.counts(model, "unread") == (stories, stories)
    model.set_read(["now", "twice"], True)
    counts.marks_changed()
    assert counts.counts(model, "today") == (1, 1)  # unread while one copy is
    assert counts.counts(model, "unread") == (stories, stories)
    model.set_read(["utc-late", "seven"], True)
    counts.marks_changed()
    assert counts.counts(model, "today") == (0, 1)
    assert counts.counts(model, "unread") == (stories - 1, stories)  # "t" still has "six"
    model.set_read(["six"], True)
    counts.marks_changed()
    assert counts.counts(model, "unread") == (stories - 2, stories)
