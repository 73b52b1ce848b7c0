"""The head of a long list newest first (`Rows.head`): its first lines exactly as the whole
list's, with their day headers, found without a sort key per article, so a list of a million
shows its first screen before the whole sort; in the reader the head comes first, the whole list
after it, and keys for the list wait for the whole."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from ui_support import running, until

from tui_reader.core.library.model import Article
from tui_reader.ui.model import river
from tui_reader.ui.model.river import Order, Rows
from tui_reader.ui.screens import river_rows
from tui_reader.ui.screens.river_rows import RowsBuilt
from tui_reader.ui.widgets.article_list import ArticleList

START = datetime(2022, 6, 16, 10, 0, tzinfo=UTC)
SHANGHAI = timezone(timedelta(hours=8))


def generated(
    size: int, seed: int, *, undated: float = 0.1, ordered: bool = False
) -> list[Article]:
    """Articles with ties (equal minutes, equal titles), a share of them undated or dated by
    their file, in two time zones; shuffled, or newest first as a library's model holds them."""
    rng = random.Random(seed)
    made = []
    for n in range(size):
        moment = START - timedelta(minutes=rng.randrange(size // 3 + 1))
        if rng.random() < 0.5:
            moment = moment.astimezone(SHANGHAI)
        odd = rng.random() < undated
        made.append(
            Article(
                id=f"id{n}", path=f"s/{n}.md", title=rng.choice(["Same", f"T{n % 97}"]),
                categories=(("新媒体", rng.choice(["a", "b"])),),
                date=None if odd and n % 2 else moment, date_from_file=odd and not n % 2,
            )
        )  # fmt: skip
    return sorted(made, key=river._KEYS[Order.NEWEST]) if ordered else made


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
@pytest.mark.parametrize("days", [False, True])
def test_the_head_is_the_whole_lists_first_lines(seed: int, days: bool) -> None:
    for ordered in (False, True):
        given = generated(6_000, seed, ordered=ordered)
        whole = Rows(given, days=days, now=START)
        for lines in (1, 7, 200):
            head = Rows.head(given, lines, days=days, now=START)
            assert head is not None
            assert head.articles == whole.articles[:lines]
            assert list(head) == list(whole)[: len(head)]
            assert head.partial and not whole.partial
            assert head.total == len(given) == whole.total
            assert head.mixed_sources == whole.mixed_sources


def test_the_head_calls_no_sort_key_per_article(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = 0
    key = river._newest_key

    def counting(article: Article) -> tuple[object, ...]:
        nonlocal calls
        calls += 1
        return key(article)

    monkeypatch.setattr(river, "_newest_key", counting)
    for ordered in (False, True):  # in no order, or newest first as the library's model
        given = generated(50_000, 5, undated=0.02, ordered=ordered)
        calls = 0
        head = Rows.head(given, 50)
        assert head is not None and len(head.articles) == 50
        assert calls < len(given) / 8, (ordered, calls)


def test_articles_dated_by_their_files_do_not_stop_the_head() -> None:
    """A library's model lists its articles by their dates, their files' for those without a
    date of their own: copied today, tens of thousands of them come first and are newer than
    every article's own date. None of them can be in the head (they come last)."""
    given = generated(40_000, 6, undated=0)
    copied = START + timedelta(days=900)
    for n, article in enumerate(given[::33]):  # 3% dated by their files, today (as at 1M)
        article.date, article.date_from_file = copied + timedelta(seconds=n), True
    by_any_date = sorted(given, key=lambda a: a.date.timestamp(), reverse=True)  # type: ignore[union-attr]
    head = Rows.head(by_any_date, 200)
    assert head is not None
    assert head.articles == Rows(by_any_date).articles[:200]


def test_no_head_where_it_cannot_be_had_cheaply() -> None:
    assert Rows.head(generated(100, 1), 60) is None  # shorter than two heads
    assert Rows.head(generated(5_000, 1, undated=0.9), 50) is None  # mostly undated
    naive = [Article(id=f"n{i}", path=f"{i}.md", title="t", date=datetime(2022, 1, 1, 0, i % 60))
             for i in range(300)]  # fmt: skip
    mixed = generated(300, 2, undated=0) + naive
    assert Rows.head(mixed, 10) is None  # dates with and without a time zone


async def test_the_reader_shows_the_head_first_and_keys_wait_for_the_whole(
    library: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(river_rows, "HEAD_FROM", 10)
    monkeypatch.setattr(river_rows, "HEAD_LINES", 3)
    posted: list[Rows] = []
    made = RowsBuilt.__init__

    def recording(message: RowsBuilt, spec, rows, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        if spec.kind == "unread" and rows.total:  # (not a list of a tree of counts alone)
            posted.append(rows)
        made(message, spec, rows, *args, **kwargs)

    monkeypatch.setattr(RowsBuilt, "__init__", recording)
    async with running(library, size=(200, 50), layout="river") as (app, pilot):
        article_list = app.main_screen.query_one(ArticleList)
        # (a second build may start before the first one's whole list: heads may come twice)
        await until(pilot, lambda: any(not rows.partial for rows in posted), "the whole")
        head, whole = posted[0], next(rows for rows in posted if not rows.partial)
        assert head.partial and len(whole.articles) > 3
        assert head.articles == whole.articles[:3] and head.total == whole.total
        # (the list may be built again meanwhile, when the stories come: the newest shown)
        await until(pilot, lambda: article_list.rows is posted[-1], "the whole list shown")
        await until(pilot, lambda: not app.main_screen.river.building(), "nothing on its way")
        assert app.main_screen.river.ready()
        # while only a head is shown, the list is not ready: A, b, t and keys for it wait
        article_list.show(head, "unread:")
        assert not app.main_screen.river.ready() and app.main_screen.river.building()
        assert app.main_screen.river.source() is None
