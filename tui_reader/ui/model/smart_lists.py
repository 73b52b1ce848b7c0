"""The lists the sidebar offers in the river layout, as plain Python: which list an entry names
(`ListSpec`), the articles of a category with its sub-categories, and the smart lists — All
unread, Today, Last 7 days — with the counts their entries show.

Every function here is linear in the articles it looks at and lists each article once, even one
filed in two categories. "Today" and "Last 7 days" are days of the reader's clock: from local
midnight of `now`'s day (and of six days before it) to the next midnight. Articles without a
date of their own (no date in the front matter: their date is the file's, `date_from_file`, or
none) are in neither: a file copied today would otherwise look like today's news.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Literal

from tui_reader.core.library.api import Article, CategoryPath
from tui_reader.ui.model.category_tree import Category, CategoryTree

ListKind = Literal["category", "bookmarks", "saved", "tag", "unread", "today", "week", "search"]
SmartKind = Literal["unread", "today", "week"]
SMART_KINDS: tuple[SmartKind, ...] = ("unread", "today", "week")
SMART_TITLES: dict[SmartKind, str] = {
    "unread": "All unread",
    "today": "Today",
    "week": "Last 7 days",
}
WEEK_DAYS = 7  # today and the six days before it


@dataclass(frozen=True, slots=True)
class ListSpec:
    """Which list a sidebar entry stands for: what the main screen shows when it is chosen.

    `key` is the category path joined by "/", the query, or the tag name ("" for the others);
    a category's path is also kept whole in `path` (a name may itself hold a "/")."""

    kind: ListKind
    key: str
    title: str  # shown above the list: "新媒体 / cnBeta", "All unread", "Search: foo"
    path: CategoryPath = ()  # the category's path, for kind "category"

    @property
    def list_key(self) -> str:
        return f"{self.kind}:{self.key}"

    @classmethod
    def category(cls, category: Category) -> ListSpec:
        return cls("category", "/".join(category.path), category.label, category.path)

    @classmethod
    def smart(cls, kind: SmartKind) -> ListSpec:
        return cls(kind, "", SMART_TITLES[kind])

    @classmethod
    def bookmarks(cls) -> ListSpec:
        return cls("bookmarks", "", "Bookmarks")

    @classmethod
    def saved(cls, query: str) -> ListSpec:
        return cls("saved", query, f"Saved search: {query}")

    @classmethod
    def tag(cls, name: str) -> ListSpec:
        return cls("tag", name, f"#{name}")

    @classmethod
    def search(cls, query: str) -> ListSpec:
        return cls("search", query, f"Search: {query}")


def category_articles(category: Category) -> list[Article]:
    """The articles of `category` and all its sub-categories, each once: depth first, as the
    tree lists them (sub-categories, sorted, before the category's own articles)."""
    found: dict[str, Article] = {}
    stack = [category]
    order: list[Category] = []
    while stack:  # no recursion: a hostile library may nest categories thousands deep
        node = stack.pop()
        order.append(node)
        stack.extend(reversed(node.subcategories()))
    for node in order:
        for article in node.articles:
            found.setdefault(article.id, article)
    return list(found.values())


def day_bounds(now: datetime, days: int) -> tuple[datetime, datetime]:
    """From local midnight `days - 1` days before `now`'s day to the midnight after it. A naive
    `now` is the system's local time; an aware one counts days in its own time zone."""
    if now.tzinfo is None:
        today = now.date()
        return _midnight(today - timedelta(days=days - 1)), _midnight(today + timedelta(days=1))
    today, zone = now.date(), now.tzinfo
    start = datetime.combine(today - timedelta(days=days - 1), time(), tzinfo=zone)
    return start, datetime.combine(today + timedelta(days=1), time(), tzinfo=zone)


def _midnight(day: date) -> datetime:
    """Local midnight of `day` with the offset that held then (summer time changes)."""
    try:
        return datetime.combine(day, time()).astimezone()
    except (OverflowError, OSError, ValueError):
        return datetime.combine(day, time()).astimezone(datetime.now().astimezone().tzinfo)


def dated_within(article: Article, start: datetime, end: datetime) -> bool:
    """Whether `article` has a date of its own in [start, end)."""
    moment = article.date
    return moment is not None and not article.date_from_file and start <= moment < end


def smart_articles(model: CategoryTree, kind: str, now: datetime) -> list[Article]:
    """The articles of smart list `kind` ("unread", "today" or "week") over the whole model,
    each once, in the model's order (newest first); hidden articles are not in the model."""
    articles: Iterable[Article] = model.articles.values()
    if kind == "unread":
        read = model.read
        return [a for a in articles if a.id not in read]
    if kind in ("today", "week"):
        start, end = day_bounds(now, 1 if kind == "today" else WEEK_DAYS)
        # Comparing dates of two time zones asks both for their offsets, slowly (56 ms for 100k
        # articles with their own +08:00); the day of a date in its own zone is at most one day
        # off its day in UTC, and most articles are weeks off: those are left out by that first.
        low, high = start.astimezone(UTC).toordinal() - 1, end.astimezone(UTC).toordinal() + 1
        return [a for a in articles if (d := a.date) is not None
                and low <= d.toordinal() <= high and start <= d < end
                and not a.date_from_file]  # fmt: skip
    raise ValueError(f"not a smart list: {kind!r}")


class SmartCounts:
    """The (unread, total) counts of the smart lists' entries, kept cheap to ask at every paint.

    The dated lists' articles are found once per model and day (a pass over the library); a
    change of marks (`marks_changed`) only makes the unread counts be taken again from those
    lists, at the next paint that asks — the articles of a week, not the library. All unread
    starts from the model's own counts, kept up to date by `CategoryTree.set_read`. Copies of
    one story count once, unread while one of them is, as the categories count them (for All
    unread only the articles with copies are looked at, once per change of marks)."""

    def __init__(self, clock: Callable[[], datetime] = datetime.now) -> None:
        self.clock = clock
        self._model: CategoryTree | None = None
        self._stories: dict[str, str] | None = None
        self._day: date | None = None
        self._members: dict[str, list[Article]] = {}
        self._counts: dict[str, tuple[int, int]] = {}
        self._folded = 0  # the library's copies beyond each story's first
        self.passes = 0  # passes over the whole library, for tests

    def marks_changed(self) -> None:
        self._counts.clear()

    def seconds_to_next_day(self) -> float:
        """How long until Today is another day (the entries' counts change then)."""
        now = self.clock()
        _start, end = day_bounds(now, 1)
        return (end - (now if now.tzinfo else now.astimezone())).total_seconds()

    def counts(self, model: CategoryTree, kind: SmartKind) -> tuple[int, int]:
        now = self.clock()
        day = now.date()
        if model is not self._model or model.story_of is not self._stories or day != self._day:
            self._collect(model, now, day)
        found = self._counts.get(kind)
        if found is None:
            if kind == "unread":
                found = _library_counts(model, self._folded)
            else:
                found = _story_counts(self._members[kind], model)
            self._counts[kind] = found
        return found

    def _collect(self, model: CategoryTree, now: datetime, day: date) -> None:
        self.passes += 1
        self._model, self._stories, self._day = model, model.story_of, day
        self._folded = len(model.story_of) - len(set(model.story_of.values()))
        week = smart_articles(model, "week", now)
        start, end = day_bounds(now, 1)
        self._members = {"week": week, "today": [a for a in week if dated_within(a, start, end)]}
        self._counts.clear()


def _library_counts(model: CategoryTree, folded: int) -> tuple[int, int]:
    """(unread stories, stories) of the whole library: the model's counts of articles, less the
    copies beyond each story's first (`folded` of them in all; the articles with copies, not
    the library, are looked at)."""
    story_of, read, root = model.story_of, model.read, model.root
    if not story_of:
        return root.unread, root.total
    unread_copies = [story for article_id, story in story_of.items() if article_id not in read]
    folded_unread = len(unread_copies) - len(set(unread_copies))
    return root.unread - folded_unread, root.total - folded


def _story_counts(articles: list[Article], model: CategoryTree) -> tuple[int, int]:
    """(unread stories, stories) among `articles`."""
    story_of, read = model.story_of, model.read
    if not story_of:
        return sum(1 for a in articles if a.id not in read), len(articles)
    stories = {story_of.get(a.id, a.id) for a in articles}
    unread = {story_of.get(a.id, a.id) for a in articles if a.id not in read}
    return len(unread), len(stories)
