"""Building the rows of a long list without a Python call per article where builtins can do the
work: folding the copies of a story given as a mapping (only the articles with copies are looked
at), and asking whether the list mixes sources (of its distinct category paths). The newest
order's key takes one timestamp per article and sorts as before, to the last tie."""

from __future__ import annotations

import random
import sys
from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone
from types import FrameType
from typing import Any

import pytest

from tui_reader.core.library.model import Article
from tui_reader.ui.model.river import Order, Rows, own_timestamp

START = datetime(2022, 6, 16, 10, 0, tzinfo=UTC)
SHANGHAI = timezone(timedelta(hours=8))
ORDERS = (Order.NEWEST, Order.OLDEST, Order.TITLE, Order.SOURCE, Order.RELEVANCE)
SOURCES = ["cnBeta", "IT之家", "BBC", "abc"]


def generated(size: int, seed: int, *, plain: bool = False) -> list[Article]:
    """Articles with many ties (equal dates, titles differing only in case, equal titles), a
    few undated or dated by their file unless `plain`, in two time zones, shuffled."""
    rng = random.Random(seed)
    made = []
    for n in range(size):
        kind = "own" if plain else rng.choice(["own"] * 8 + ["file", "none"])
        moment = START - timedelta(minutes=rng.randrange(size // 4))
        if rng.random() < 0.5:
            moment = moment.astimezone(SHANGHAI)
        made.append(
            Article(
                id=f"id{n}",
                path=f"{rng.choice(SOURCES)}/{rng.randrange(size)}-{n}.md",
                title=rng.choice(["Same", "same", "SAME", f"Title {rng.randrange(size // 8)}"]),
                categories=(("新媒体", rng.choice(SOURCES)),),
                date=None if kind == "none" else moment,
                date_from_file=kind == "file",
            )
        )
    return made


def newest_by_definition(article: Article) -> tuple[float, float, str, str]:
    """Newest first; without a date of its own last, the newest file first; then title, path."""
    return (-own_timestamp(article), -article.timestamp, article.title, article.path)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_newest_order_is_its_definition_to_the_last_tie(seed: int) -> None:
    given = generated(5_000, seed)
    expected = sorted(given, key=newest_by_definition)
    assert Rows(given).articles == expected
    assert Rows(expected[::-1]).articles == expected


@pytest.mark.parametrize("plain", [False, True])
def test_folding_by_a_mapping_keeps_what_folding_by_a_function_keeps(plain: bool) -> None:
    given = generated(5_000, 7, plain=plain)
    story = {a.id: f"story{n % 300}" for n, a in enumerate(given) if n % 3 == 0}
    for order in ORDERS:
        by_function = Rows(given, order, story_of=lambda i: story.get(i, i)).articles
        assert Rows(given, order, story_of=story).articles == by_function
        assert len(by_function) == len(given) - len(story) + len(set(story.values()))
    assert Rows(given, story_of={}).articles == Rows(given).articles


def python_calls(build: Callable[[], Any]) -> int:
    """How many Python functions `build()` called (builtins and C methods not counted)."""
    calls = 0

    def profile(_frame: FrameType, event: str, _arg: object) -> None:
        nonlocal calls
        if event == "call":
            calls += 1

    sys.setprofile(profile)
    try:
        build()
    finally:
        sys.setprofile(None)
    return calls


@pytest.mark.parametrize("plain", [True, False])
def test_folding_and_sources_call_no_python_per_article(plain: bool) -> None:
    """In the order given (no sort key), a list of 20k articles folded by a mapping of stories,
    from one source or many, costs a bounded number of Python calls, whatever its length."""
    given = generated(20_000, 11, plain=plain)
    one_source = [a for a in given if a.categories == (("新媒体", "BBC"),)]  # all looked at
    story = {a.id: f"story{n % 50}" for n, a in enumerate(given) if n % 10 == 0}
    for listed in (given, one_source):
        rows = Rows(listed, Order.RELEVANCE, story_of=story)
        assert rows.mixed_sources == (listed is given)
        calls = python_calls(lambda listed=listed: Rows(listed, Order.RELEVANCE, story_of=story))
        assert calls < 400, (calls, len(listed))
