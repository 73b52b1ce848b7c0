"""A filter that selects few articles (a rare author, a personal tag on a few, three bookmarks)
is read first, each of its articles tested, for the first page and the count: the work is
bounded by what the filter selects, not by the library (nor by a common word's matches); a
filter selecting many is not read whole for the 50 newest (`is:read` walks the newest articles
and stops). Whichever set drives a search, its results are the plain scan's, and an article
under two of the names a `cat:` value selects counts once.

Work is counted in SQLite virtual machine steps (a progress handler called every 100), which
are the same on every run: a library 8 times larger may take at most about twice the steps.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from search_support import Fixture, queries, write_library

from tui_reader.core.library.library import Library
from tui_reader.core.search import run
from tui_reader.core.search.index import SearchIndex

RARE = 3  # articles by the rare author, bookmarked, under the personal tag


class Indexed:
    def __init__(self, folder: Path, count: int) -> None:
        folder.mkdir()
        write_library(folder, count, seed=4)
        files = sorted(folder.iterdir())
        for path in files[count // 2 : count // 2 + RARE]:
            text = path.read_text(encoding="utf-8")
            path.write_text(re.sub(r"author: '[^']*'", "author: 'Rare One'", text), "utf-8")
        library = Library(folder, folder.parent / f"library-{count}.sqlite3")
        snapshot = library.scan(workers=1)
        self.index = SearchIndex(folder.parent / f"search-{count}.sqlite3")
        self.index.sync(folder, snapshot.articles, workers=1)
        ids = sorted(article.id for article in snapshot.articles)
        middle = ids[count // 3 : count // 3 + RARE]
        self.state = {
            "read_ids": frozenset(ids[::3]),
            "bookmarked_ids": frozenset(middle),
            "user_tags": {"later": frozenset(middle)},
        }

    def steps(self, call: Callable[[SearchIndex], object]) -> int:
        """SQLite's steps (in hundreds) for `call`, after one unmeasured run (which loads the
        reading state into the index's temporary tables)."""
        call(self.index)
        connection = self.index._connection()
        ticks = [0]

        def tick() -> int:
            ticks[0] += 1
            return 0

        connection.set_progress_handler(tick, 100)
        try:
            call(self.index)
        finally:
            connection.set_progress_handler(None, 100)
        return ticks[0]


@pytest.fixture(scope="module")
def sizes(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Indexed, Indexed]]:
    folder = tmp_path_factory.mktemp("sizes")
    small, large = Indexed(folder / "small", 200), Indexed(folder / "large", 1600)
    yield small, large
    small.index.close()
    large.index.close()


def _page(query: str, state: dict[str, object]) -> Callable[[SearchIndex], object]:
    return lambda index: index.search(query, limit=50, count=False, **state)  # type: ignore[arg-type]


def _count(query: str, state: dict[str, object]) -> Callable[[SearchIndex], object]:
    return lambda index: index.count_matches(query, **state)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "query",
    ["tag:later", "author:rare", "is:bookmarked", "北 is:bookmarked", "北约 tag:later",
     "grace OR 北 author:rare", "is:read author:rare", "cat:新媒体 tag:later"],
)  # fmt: skip
@pytest.mark.parametrize("what", [_page, _count])
def test_a_few_articles_cost_the_same_in_any_library(
    sizes: tuple[Indexed, Indexed], query: str, what: Callable[..., Callable[[SearchIndex], object]]
) -> None:
    small, large = sizes
    assert small.index.count_matches(query, **small.state) <= RARE  # type: ignore[arg-type]
    few = small.steps(what(query, small.state))
    many = large.steps(what(query, large.state))
    assert many <= 2 * few + 20, (query, few, many)


def test_the_newest_of_a_broad_filter_are_not_all_read(
    sizes: tuple[Indexed, Indexed], monkeypatch: pytest.MonkeyPatch
) -> None:
    """`is:read` (a third of the library) walks the newest articles until it has 50, whatever
    the library's size, when the read articles are too many to read first."""
    monkeypatch.setattr(run, "SMALL", 20)
    small, large = sizes
    few = small.steps(_page("is:read", small.state))
    many = large.steps(_page("is:read", large.state))
    assert many <= 2 * few + 20, (few, many)


@pytest.mark.parametrize(
    ("query", "small_sets"),
    [("is:read author:rare", False), ("is:read -tag:later", True), ("is:read -author:rare", True)],
)
def test_a_count_is_driven_by_its_fewest_keys(
    sizes: tuple[Indexed, Indexed], monkeypatch: pytest.MonkeyPatch, query: str, small_sets: bool
) -> None:
    """With no set counted small (SMALL 0), the sizes decide: the rare author's keys are probed
    in the read ids (a third of the library, counted off their table's b-tree), not each read
    article for the author. An exclusion of a few articles is counted as a difference: the
    read ids alone (a plain count) minus those among the few."""
    if not small_sets:
        monkeypatch.setattr(run, "SMALL", 0)
    small, large = sizes
    few = small.steps(_count(query, small.state))
    many = large.steps(_count(query, large.state))
    assert many <= 2 * few + 20, (query, few, many)


# --- the same results whichever set drives ----------------------------------------------------


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> Fixture:
    """The synthetic library, with articles under two category paths: `cat:cnbeta` names a
    level of both `新媒体/cnBeta` and `cnBeta/新媒体`."""
    folder = tmp_path_factory.mktemp("library")
    write_library(folder, 120, seed=12)
    for number in range(6):
        paths = ["[新媒体, cnBeta]", "[cnBeta, 新媒体]", "[News]"][number % 3 :] + ["[cnBeta]"]
        listed = "".join(f"\n  - {path}" for path in paths)
        (folder / f"two-{number}.md").write_text(
            f"---\ntitle: 'two paths {number}'\ncategories:{listed}\nauthor: 'cnBeta'\n"
            f"date: 2022-0{number + 1}-03 10:00:00\ntags: [x]\n---\n<div>北约 grace</div>\n",
            encoding="utf-8",
        )
    return Fixture(folder, tmp_path_factory.mktemp("cache") / "search.sqlite3")


@pytest.mark.parametrize(
    "query",
    ["cat:cnbeta", "cat:新媒体", "cat:cnbeta 北约", "cat:cnbeta OR tag:x", "cat:新媒体 is:unread",
     "-cat:cnbeta", "北 cat:新媒体/cnbeta"],
)  # fmt: skip
@pytest.mark.parametrize("small", [0, 3, 2000])
def test_articles_under_two_names_count_once(
    library: Fixture, monkeypatch: pytest.MonkeyPatch, query: str, small: int
) -> None:
    monkeypatch.setattr(run, "SMALL", small)
    monkeypatch.setattr(run, "SMALL_BESIDE_TEXT", small)
    library.check(query)


@settings(
    max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(query=queries)
def test_any_driver_gives_the_plain_scan_results(
    library: Fixture, monkeypatch: pytest.MonkeyPatch, query: str
) -> None:
    for small in (0, 4, 40, 2000):
        monkeypatch.setattr(run, "SMALL", small)
        monkeypatch.setattr(run, "SMALL_BESIDE_TEXT", small)
        library.check(query)
