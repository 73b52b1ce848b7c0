"""The river: the lines one article list shows, in order, with optional day separators.

Plain Python, no Textual: the article list widget draws `Rows` a line at a time, and the main
screen builds them for a category, a smart list, a saved search or search results. A list may
hold every article of the library (a million), so all the work here is one pass or one sort: sort
keys are computed once per article (Python's `key=` never calls the key per comparison), with the
cyclic collector paused while they exist (they are many and short-lived). Folding the copies of a
story looks only at the articles that have copies when the stories are given as a mapping, and
whether a list mixes sources is asked of its distinct category paths, both found by builtins
(`map`, `itertools.compress`, `dict.fromkeys`) rather than a Python call per article. A list
without day separators shows the sorted list of articles itself, so its only cost per row is a
reference to an `Article` that already exists. The index from id to line is built on the first
`line_of`, not before.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from itertools import compress, islice, repeat
from operator import attrgetter, is_not, le, not_

from tui_reader.core.gcpause import collector_paused
from tui_reader.core.library.api import Article, CategoryPath

NO_DATE = "No date"
INF = float("inf")
FIRST_LOOK = 64  # rows compared one by one for `mixed_sources` before the distinct paths
_ID = attrgetter("id")
_CATEGORIES = attrgetter("categories")
_DATE = attrgetter("date")
_FROM_FILE = attrgetter("date_from_file")
# The head of a list newest first (`Rows.head`): its first lines are found among the articles
# dated no earlier than the last of them in a sample (the list's first articles: HEAD_SAMPLE
# times as many, or a HEAD_SHARE-th of the list, a fair sample when it is in no order), given up
# when more than HEAD_CANDIDATES times as many come (many undated, a list oldest first).
HEAD_SAMPLE = 4
HEAD_SHARE = 16
HEAD_CANDIDATES = 64


class Order(StrEnum):
    NEWEST = "newest"
    OLDEST = "oldest"
    SOURCE = "source"
    TITLE = "title"
    RELEVANCE = "relevance"  # the order given (a search's rank)


@dataclass(frozen=True, slots=True)
class DayHeader:
    """A separator line above the articles of one day: "Today", "Yesterday", "2022-06-14"."""

    label: str


def source_of(article: Article) -> str:
    """Where an article comes from: the second element of its first category path
    ("新媒体 / cnBeta / 最新" -> "cnBeta"), else the first ("" without categories)."""
    return _source(article.categories)


def own_timestamp(article: Article) -> float:
    """The time of an article's own date: -inf when it has none, also when the library shows
    its file's time (`date_from_file`), as the search index, Today and Last 7 days take it: a
    file copied today says nothing of when its article was written."""
    return float("-inf") if article.date_from_file else article.timestamp


def _newest_key(article: Article) -> tuple[float, float, str, str]:
    # without a date of its own: last, the newest file first (one timestamp: the own one is
    # the same, or -inf)
    moment = article.date
    if moment is None:
        return (INF, INF, article.title, article.path)
    stamp = -moment.timestamp()
    return (INF if article.date_from_file else stamp, stamp, article.title, article.path)


def _oldest_key(article: Article) -> tuple[bool, float, str, str]:
    # without a date of its own: last, the newest file first (as newest first)
    dated = article.date is not None and not article.date_from_file
    return (not dated, article.timestamp if dated else -article.timestamp, article.title,
            article.path)  # fmt: skip


def _source_key(article: Article) -> tuple[str, float, str, str]:
    return (source_of(article).casefold(), -own_timestamp(article), article.title, article.path)


def _title_key(article: Article) -> tuple[str, float, str]:
    return (article.title.casefold(), -own_timestamp(article), article.path)


_KEYS: dict[Order, Callable[[Article], tuple[object, ...]]] = {
    Order.NEWEST: _newest_key,
    Order.OLDEST: _oldest_key,
    Order.SOURCE: _source_key,
    Order.TITLE: _title_key,
}


def _local_day(moment: datetime | None) -> date | None:
    if moment is None:
        return None
    try:
        return moment.astimezone().date()
    except (OverflowError, OSError, ValueError):
        return moment.date()


def day_label(day: date | None, today: date) -> str:
    if day is None:
        return NO_DATE
    if day == today:
        return "Today"
    if day == today - timedelta(days=1):
        return "Yesterday"
    return day.isoformat()


def _folded(
    articles: list[Article], story_of: Callable[[str], str] | Mapping[str, str]
) -> list[Article]:
    """The first article of each story, in order. `story_of` gives each article's story, or
    maps the articles that have copies to their story (the others are stories of their own:
    only the mapped ones are looked at, found by builtins)."""
    if not isinstance(story_of, Mapping):
        seen: set[str] = set()
        kept = []
        for article in articles:
            story = story_of(article.id)
            if story not in seen:
                seen.add(story)
                kept.append(article)
        return kept
    ids = list(map(_ID, articles))
    copies = compress(range(len(ids)), map(story_of.__contains__, ids))
    stories: set[str] = set()
    dropped = []
    for line in copies:
        story = story_of[ids[line]]
        if story in stories:
            dropped.append(line)
        stories.add(story)
    if not dropped:
        return articles
    keep = [True] * len(articles)
    for line in dropped:
        keep[line] = False
    return list(compress(articles, keep))


def _day_span(day: date | None) -> tuple[float, float]:
    """The local day as [start, end) in seconds since the epoch (23 or 25 hours across a change
    of summer time); an empty span when it cannot be had."""
    if day is None:
        return 0.0, 0.0
    try:
        start = datetime.combine(day, time()).timestamp()  # a naive time is local
        return start, datetime.combine(day + timedelta(days=1), time()).timestamp()
    except (OverflowError, OSError, ValueError):
        return 0.0, 0.0


def _with_days(articles: list[Article], now: datetime) -> list[Article | DayHeader]:
    """`articles` with a `DayHeader` before the first article of each local day. The articles
    are in date order, so an article within the span of the day before it is of that day: one
    comparison instead of a conversion to local time per article (at 100k, 44 ms instead of
    110)."""
    today = now.astimezone().date()
    lines: list[Article | DayHeader] = []
    last: object = ()  # no day: the first article always opens one
    start, end = 0.0, 0.0
    for article in articles:
        if not start <= own_timestamp(article) < end:  # (never for an undated one: -inf)
            day = None if article.date_from_file else _local_day(article.date)
            if day != last:
                lines.append(DayHeader(day_label(day, today)))
                last = day
                start, end = _day_span(day)
        lines.append(article)
    return lines


class Rows:
    """What one list shows: articles in order, and the day headers between them when asked for.
    Immutable once built."""

    __slots__ = ("_ids", "_lines", "articles", "days", "mixed_sources", "order", "partial", "total")

    def __init__(
        self,
        articles: Sequence[Article],
        order: Order = Order.NEWEST,
        *,
        days: bool = False,
        now: datetime | None = None,
        story_of: Callable[[str], str] | Mapping[str, str] | None = None,
    ) -> None:
        """`story_of` folds the copies of a story into its first article: a function giving
        each article's story, or a mapping of the articles with copies to their story."""
        self.order = order
        self.days = days and order in (Order.NEWEST, Order.OLDEST)
        # The sort keys are 100k short-lived tuples: without the pause, the collector scans the
        # whole heap (the library's model and all) while they are made, 0.4 s in a running app.
        with collector_paused():
            key = _KEYS.get(order)
            shown = sorted(articles, key=key) if key else list(articles)
            if story_of is not None:
                shown = _folded(shown, story_of)
            self._lines: list[Article] | list[Article | DayHeader] = (
                _with_days(shown, now or datetime.now().astimezone()) if self.days else shown
            )
        self.articles: list[Article] = shown
        self.mixed_sources = _mixed_sources(shown)
        self._ids: dict[str, int] | None = None
        self.total = len(shown)  # the articles of the whole list (`head`: more than shown)
        self.partial = False  # only the head of the list (see `head`)

    @classmethod
    def head(
        cls, articles: Sequence[Article], lines: int, *, days: bool = False,
        now: datetime | None = None,
    ) -> Rows | None:  # fmt: skip
        """The first `lines` articles of `Rows(articles)` (newest first, with its day headers
        when `days`), found without sorting them all: a list of a million shows its first
        screen before the whole sort. `total` is the length of the whole list and `partial` is
        set. None when the head cannot be had cheaply (fewer articles than twice `lines`, few
        with dates of their own, dates with and without a time zone)."""
        if len(articles) < 2 * lines or lines <= 0:
            return None
        size = max(HEAD_SAMPLE * lines, len(articles) // HEAD_SHARE)
        sample = sorted(islice(articles, size), key=_newest_key)[lines - 1]
        limit = sample.date
        if limit is None or sample.date_from_file:
            return None  # the sample's head is undated: so may the list's be
        # Every article the head can hold has a date of its own (the sample's has), no earlier
        # than the sample's: the others are left out by builtins, not a Python line each (and
        # those dated by their files from the few that are not earlier).
        dates = list(map(_DATE, articles))
        listed: Iterable[Article] = articles
        if None in dates:
            dated = list(map(is_not, dates, repeat(None)))
            listed, dates = compress(articles, dated), list(compress(dates, dated))
        try:
            later = list(compress(listed, map(le, repeat(limit), dates)))
        except TypeError:  # naive and aware dates
            return None
        candidates = list(compress(later, map(not_, map(_FROM_FILE, later))))
        if len(candidates) > HEAD_CANDIDATES * lines:  # (the list is oldest first, say)
            return None
        with collector_paused():
            first = cls(sorted(candidates, key=_newest_key)[:lines], days=days, now=now)
        first.total = len(articles)
        first.partial = True
        first.mixed_sources = _mixed_sources(articles)  # of the whole list
        return first

    def __len__(self) -> int:
        return len(self._lines)

    def __getitem__(self, line: int) -> Article | DayHeader:
        return self._lines[line]

    def line_of(self, article_id: str) -> int | None:
        """The line of the article with this id, if listed (the first built index from id to
        line is kept: one pass, then a look-up per call)."""
        if self._ids is None:
            self._ids = {}
            for line, item in enumerate(self._lines):
                if isinstance(item, Article):
                    self._ids.setdefault(item.id, line)
        return self._ids.get(article_id)

    def article_line(self, line: int, step: int) -> int | None:
        """The nearest article line after `line` (`step` > 0) or before it (`step` < 0), skipping
        day headers; None past either end. `step` is the direction, not a distance."""
        lines = self._lines
        direction = 1 if step > 0 else -1
        line += direction
        while 0 <= line < len(lines):
            if not isinstance(lines[line], DayHeader):
                return line
            line += direction
        return None


def _mixed_sources(articles: Sequence[Article]) -> bool:
    """Whether the articles come from more than one source: asked of each distinct tuple of
    category paths once (a few hundred in a library), found by builtins."""
    if not articles:
        return False
    first = source_of(articles[0])
    if any(source_of(article) != first for article in articles[:FIRST_LOOK]):
        return True  # (most lists: decided by their first rows)
    distinct = dict.fromkeys(map(_CATEGORIES, articles))
    return any(_source(categories) != first for categories in distinct)


def _source(categories: tuple[CategoryPath, ...]) -> str:
    """`source_of` an article filed under `categories`."""
    if not categories:
        return ""
    path = categories[0]
    if len(path) > 1:
        return path[1]
    return path[0] if path else ""
