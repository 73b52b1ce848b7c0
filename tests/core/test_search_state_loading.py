"""The reading state a search is handed (read, bookmarked, hidden ids, personal tags) is looked at
only for the filters that need it, and kept in the index's temporary tables between searches:

- a query touches only the sets it filters on: `is:bookmarked` reads the bookmarks, never the
  read ids (a library read for years holds hundreds of thousands), `tag:` neither;
- the same frozenset again is not read at all; another collection is compared with what is
  held and only the difference is written;
- whatever the sequence of changes (marks added and taken away, the same set changed in place,
  the index updated in between), the results are those of an index handed the state afresh,
  and those of a plain scan.
"""

from __future__ import annotations

import random
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from search_support import Fixture, naive_match, write_library

from tui_reader.core.search.index import SearchIndex
from tui_reader.core.search.query import parse


class Counted:
    """Ids that count how many of them were read (each pass over them, each id)."""

    def __init__(self, ids: set[str]) -> None:
        self.ids = ids
        self.taken = 0

    def __iter__(self) -> Iterator[str]:
        for ident in self.ids:
            self.taken += 1
            yield ident


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> Fixture:
    folder = tmp_path_factory.mktemp("library")
    write_library(folder, 200, seed=3)
    return Fixture(folder, tmp_path_factory.mktemp("cache") / "search.sqlite3")


def _ids(library: Fixture) -> list[str]:
    return sorted(plain.article.id for plain in library.plain)


@pytest.mark.parametrize(
    ("query", "looked_at"),
    [
        ("is:bookmarked", {"marked"}),
        ("-is:bookmarked 北", {"marked"}),
        ("is:unread", {"read"}),
        ("cat:新媒体 -is:read", {"read"}),
        ("tag:x", {"tags"}),
        ("-tag:x after:2022-01-01", {"tags"}),
        ("author:cnbeta OR tag:x", {"tags"}),
        ("北约 cat:news", set()),
        ("is:read OR is:bookmarked", {"read", "marked"}),
        ("is:hidden", {"hidden"}),
    ],
)
def test_a_search_reads_only_the_state_it_filters_on(
    library: Fixture, query: str, looked_at: set[str]
) -> None:
    ids = _ids(library)
    # 3 bookmarks beside 100 read ids: `is:bookmarked` reads 3 ids, not 100
    given = {
        "read": Counted(set(ids[::2])),
        "marked": Counted(set(ids[:3])),
        "hidden": Counted(set(ids[5:9])),
        "tags": Counted(set(ids[10:14])),
    }
    index = SearchIndex(library.index.path)
    for _ in range(2):
        index.search(
            query,
            limit=5,
            read_ids=given["read"],
            bookmarked_ids=given["marked"],
            user_tags={"x": given["tags"]},
        )
        index.count_matches(
            query,
            read_ids=given["read"],
            bookmarked_ids=given["marked"],
            hidden_ids=given["hidden"] if query == "is:hidden" else (),
            user_tags={"x": given["tags"]},
        )
    index.close()
    for name, ids_given in given.items():
        if name in looked_at or (name == "hidden" and query == "is:hidden"):
            assert ids_given.taken <= 4 * len(ids_given.ids), (query, name)
        else:
            assert ids_given.taken == 0, (query, name)


def test_the_same_frozenset_again_is_not_written_again(library: Fixture) -> None:
    ids = _ids(library)
    index = SearchIndex(library.index.path)
    read = frozenset(ids[::2])
    index.count_matches("is:unread", read_ids=read)
    connection = index._connection()
    before = connection.total_changes
    assert index.count_matches("is:unread", read_ids=read) == len(ids) - len(read)
    assert connection.total_changes == before
    # one more mark: its key written, nothing else
    more = read | {ids[1]}
    assert index.count_matches("is:unread", read_ids=more) == len(ids) - len(more)
    assert connection.total_changes == before + 1
    # one mark taken back: its key deleted, nothing else
    assert index.count_matches("is:unread", read_ids=read) == len(ids) - len(read)
    assert connection.total_changes == before + 2
    index.close()


@pytest.fixture(scope="module")
def changing(tmp_path_factory: pytest.TempPathFactory) -> Fixture:
    folder = tmp_path_factory.mktemp("changing")
    write_library(folder, 60, seed=9)
    return Fixture(folder, tmp_path_factory.mktemp("cache") / "search.sqlite3")


QUERIES = ["is:unread", "is:read 北", "is:bookmarked", "-is:bookmarked cat:新媒体",
           "is:unread OR is:bookmarked", "tag:x", "-tag:x", "tag:x OR author:cnbeta",
           "is:hidden", "芯片 -is:read after:2022-01-01"]  # fmt: skip
steps = st.lists(
    st.tuples(
        st.sampled_from(["read", "marked", "hidden", "tags", "rewrite"]),
        st.lists(st.integers(0, 59), max_size=8),  # ids to flip
        st.booleans(),  # hand over a frozenset (True) or the same set changed in place
        st.sampled_from(QUERIES),
    ),
    min_size=1,
    max_size=12,
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(steps=steps)
def test_any_sequence_of_changes_gives_the_results_of_a_fresh_index(
    changing: Fixture, steps: list[tuple[str, list[int], bool, str]]
) -> None:
    ids = _ids(changing)
    state: dict[str, set[str]] = {"read": set(ids[::3]), "marked": set(ids[::7]),
                                  "hidden": set(ids[1::9]), "tags": set(ids[2::5])}  # fmt: skip
    frozen = {name: False for name in state}
    index = SearchIndex(changing.index.path)
    rng = random.Random(len(steps))
    for name, flips, as_frozenset, query in steps:
        if name == "rewrite":  # the index updated in between: keys move
            path = rng.choice(sorted(changing.library.root.iterdir()))
            text = path.read_text(encoding="utf-8")
            path.write_text(text.replace("<div>", "<div>北 ", 1), encoding="utf-8")
            changing.refresh()
        else:
            for number in flips:
                state[name] ^= {ids[number]}  # in place: the same set object
            frozen[name] = as_frozenset
        given = {k: frozenset(v) if frozen[k] else v for k, v in state.items()}
        options = {"read_ids": given["read"], "bookmarked_ids": given["marked"],
                   "hidden_ids": given["hidden"], "user_tags": {"x": given["tags"]}}  # fmt: skip
        fresh = SearchIndex(changing.index.path)
        found = index.search(query, limit=None, **options)  # type: ignore[arg-type]
        expected = fresh.search(query, limit=None, **options)  # type: ignore[arg-type]
        assert [h.article.id for h in found.hits] == [h.article.id for h in expected.hits], query
        assert index.count_matches(query, **options) == expected.total, query  # type: ignore[arg-type]
        first = index.search(query, limit=3, **options)  # type: ignore[arg-type]
        assert [h.article.id for h in first.hits] == [h.article.id for h in expected.hits][:3]
        fresh.close()
        if "tag" not in query and "hidden" not in query:  # what the plain scan knows of
            node = parse(query)
            assert node is not None
            plain = {
                p.article.id
                for p in changing.plain
                if naive_match(node, p, state["read"], state["marked"])
            }
            assert {h.article.id for h in found.hits} == plain - state["hidden"], query
    index.close()
