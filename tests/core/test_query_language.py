"""The query language at its edges: an unknown `word:` filter is explained instead of finding
nothing, times and addresses stay text, and `NOT x` excludes like `-x`."""

from __future__ import annotations

import shutil
import string
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from search_support import Fixture, atom, write_library

from tui_reader.core.library.library import Library
from tui_reader.core.search.index import SearchIndex
from tui_reader.core.search.query import FILTER_KEYS, QueryError, parse

SAMPLES = Path(__file__).parent.parent / "samples"


@pytest.mark.parametrize(
    ("query", "said"),
    [
        ("title:微软", "title: is not a filter (filters: author: cat:"),
        ("微软 title:微软", 'put it in quotes: "title:微软"'),
        ("date:2022-06", "use after:2022-06 before:2022-07"),
        ("on:2022-06-15", "use after:2022-06-15 before:2022-06-16"),
        ("on:2022-12-31", "use after:2022-12-31 before:2023-01-01"),
        ("date:2022", "use after:2022 before:2023"),
        ("on:2022-02-30", "on:2022-02-30 is not a real date"),
        ("on:yesterday", "on: is not a filter (filters:"),
        ("(a OR Foo:bar)", "Foo: is not a filter"),
        ("NOT", "NOT needs a term after it"),
        ("a NOT", "NOT needs a term after it"),
        ("(NOT) a", "NOT needs a term after it"),
        ("NOT OR b", "NOT needs a term after it"),
    ],
)
def test_unknown_filters_and_a_lone_not_are_explained(query: str, said: str) -> None:
    with pytest.raises(QueryError) as raised:
        parse(query)
    assert said in str(raised.value)


@pytest.mark.parametrize(
    ("query", "same_as"),
    [
        ("12:30", '"12 30"'),
        ("https://www.cnbeta.com/articles/1", '"https www cnbeta com articles 1"'),
        ('"title:微软"', '"title 微软"'),
        ("NOT 微软", "-微软"),
        ("a NOT (b OR c)", "a -(b OR c)"),
        ("NOT author:cnBeta", "-author:cnBeta"),
        ("not", '"not"'),  # only the capitals are the operator, as with OR
        ("NOTE", '"note"'),
    ],
)
def test_text_with_a_colon_and_not(query: str, same_as: str) -> None:
    assert parse(query) == parse(same_as)


@given(
    key=st.text(string.ascii_letters, min_size=1, max_size=8).filter(
        lambda k: k.lower() not in FILTER_KEYS
    ),
    value=st.text(string.ascii_letters + string.digits + "-./中文", max_size=8).filter(
        lambda v: not v.startswith("//")
    ),
)
def test_every_unknown_key_is_refused(key: str, value: str) -> None:
    with pytest.raises(QueryError, match=f"^{key}: is not a filter"):
        parse(f"{key}:{value}")


@given(
    hours=st.integers(0, 99), minutes=st.integers(0, 99), scheme=st.sampled_from(["http", "ftp"])
)
def test_times_and_addresses_are_text(hours: int, minutes: int, scheme: str) -> None:
    assert parse(f"{hours}:{minutes:02d}") is not None
    assert parse(f"{scheme}://example.org/{hours}") is not None


@given(term=atom)
def test_not_is_the_same_as_a_minus(term: str) -> None:
    assert parse(f"NOT {term}") == parse(f"-{term}")


def test_not_finds_what_a_plain_scan_finds(tmp_path: Path) -> None:
    folder = tmp_path / "library"
    folder.mkdir()
    write_library(folder, 60, seed=21)
    fixture = Fixture(folder, tmp_path / "search.sqlite3")
    for query in ["NOT 北约", "grace NOT (cpu OR 芯片)", "NOT cat:news", "NOT is:read 芯片"]:
        fixture.check(query)


def test_a_feed_name_finds_its_category_at_any_level(tmp_path: Path) -> None:
    folder = tmp_path / "library"
    shutil.copytree(SAMPLES, folder)
    library = Library(folder, tmp_path / "library.sqlite3")
    index = SearchIndex(tmp_path / "search.sqlite3")
    index.sync(folder, library.scan(workers=1).articles, workers=1)

    def ids(query: str) -> set[str]:
        return {hit.article.id for hit in index.search(query, limit=None).hits}

    below = ids("cat:新媒体/cnBeta")
    assert below and ids("cat:cnBeta") == ids("cat:CNBETA") == below  # a feed's name, in any case
    assert ids("cat:cnBeta/最新") <= below
    assert ids("cat:cnBe") == set()  # whole names, not a text prefix
    assert index.count_matches("cat:cnbeta") == len(below)
