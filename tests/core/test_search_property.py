"""The index finds exactly what a plain scan of the same text finds: no article missed, none extra.

The reference (`naive_match`) and the synthetic libraries are in search_support.py.
"""

from __future__ import annotations

import dataclasses
import random
import re
import sqlite3
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from search_support import HAN, Fixture, Plain, naive_match, queries, write_library

from tui_reader.core.library.library import Library
from tui_reader.core.search.index import SearchIndex
from tui_reader.core.search.query import Filter, parse


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Fixture:
    folder = tmp_path_factory.mktemp("library")
    write_library(folder, 300, seed=7)
    return Fixture(folder, tmp_path_factory.mktemp("cache") / "search.sqlite3")


@pytest.fixture(scope="module")
def updated(tmp_path_factory: pytest.TempPathFactory) -> Fixture:
    """Indexed in steps: later files with earlier dates (misplaced rows), rewritten files
    (orphan rows), deleted files."""
    staging = tmp_path_factory.mktemp("staging")
    write_library(staging, 240, seed=5)
    folder = tmp_path_factory.mktemp("library")
    files = sorted(staging.iterdir())
    for path in files[:120]:
        path.rename(folder / path.name)
    fixture = Fixture(folder, tmp_path_factory.mktemp("cache") / "search.sqlite3")
    for path in files[120:]:
        path.rename(folder / path.name)
    for path in sorted(folder.iterdir())[:100:7]:
        path.write_text(path.read_text(encoding="utf-8").replace("<div>", "<div>芯片 new "))
    for path in sorted(folder.iterdir())[5:200:11]:
        path.unlink()
    fixture.refresh()
    return fixture


@settings(
    max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(query=queries)
def test_index_equals_naive_scan(synthetic: Fixture, query: str) -> None:
    synthetic.check(query)


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(query=queries)
def test_updated_index_equals_naive_scan(updated: Fixture, query: str) -> None:
    updated.check(query)


def test_updated_index_has_misplaced_and_orphan_rows(updated: Fixture) -> None:
    with sqlite3.connect(updated.index.path) as connection:
        misplaced = connection.execute("SELECT count(*) FROM misplaced").fetchone()[0]
        orphans = connection.execute("SELECT value FROM meta WHERE key='orphans'").fetchone()
    assert misplaced > 10 and int(orphans[0]) > 10  # so the test above covers both


@pytest.mark.parametrize(
    "query",
    ["北", "约", "的", "北约", "芯片", "中国", "北约峰", "中国制裁", "峰会中国", "grace", "Grace",
     "gra*", "graceful", "cpu", "e", "\"new york\"", "\"grace cpu\"", "-grace", "-北", "北 -约",
     "grace OR 北约", "(grace OR 芯片) -cpu", "author:cnbeta 北约", "cat:新媒体 -is:read",
     "is:unread after:2022-01-01 芯片", "-(cpu OR 芯片)", "\"北约 芯片\"", "\"中国的 grace\"",
     "tag:x OR tag:tech", "author:cnbeta OR cat:新媒体", "(tag:x OR cat:news) -is:read",
     "is:unread -tag:x", "-author:cnbeta -cat:news after:2022-01-01", "is:bookmarked tag:x",
     "cat:cnbeta", "cat:最新 OR cat:cnBeta/新媒体", "-cat:cnbeta/最新", "cat:其他 OR tag:x 芯片"],
)  # fmt: skip
def test_named_queries_equal_naive_scan(synthetic: Fixture, query: str) -> None:
    synthetic.check(query)


def test_each_kind_of_query_finds_something_and_not_everything(synthetic: Fixture) -> None:
    # the comparison above is only meaningful when the queries split the library
    total = len(synthetic.plain)
    runs = [r for p in synthetic.plain for r in re.findall(f"[{HAN}]{{4,}}", p.fields[1])]
    three, four = runs[0][:3], runs[1][:4]  # taken from the text: found at least once
    for query in ["北", "北约", three, four, "grace", "gr*", '"new york"', "author:cnbeta",
                  "cat:新媒体/cnBeta", "cat:cnBeta", "cat:最新", "cat:cnbeta/新媒体", "tag:x",
                  "is:read", "after:2022-01-01"]:  # fmt: skip
        found = synthetic.index.search(query, limit=None, read_ids=synthetic.read).total
        assert 0 < found < total, query


def test_incremental_update_still_equals_naive_scan(tmp_path: Path) -> None:
    folder = tmp_path / "lib"
    folder.mkdir()
    write_library(folder, 80, seed=11)
    fixture = Fixture(folder, tmp_path / "search.sqlite3")
    rng = random.Random(3)
    files = sorted(folder.iterdir())
    for path in files[:10]:
        path.unlink()
    for path in files[10:20]:  # rewrite with new text: the old tokens must be gone
        path.write_text(path.read_text(encoding="utf-8").replace("<div>", "<div>北约芯片 "))
    write_library_extra = tmp_path / "extra"
    write_library_extra.mkdir()
    write_library(write_library_extra, 15, seed=rng.randint(0, 1000))
    for path in write_library_extra.iterdir():
        path.rename(folder / f"new-{path.name}")
    fixture.refresh()
    assert fixture.index.size() == len(fixture.plain) == 85
    for query in [
        "北约芯片",
        "北",
        "芯片",
        "grace",
        "cat:news",
        "-北约",
        "gr*",
        "after:2022-01-01",
    ]:
        fixture.check(query)


@settings(max_examples=15, deadline=None)
@given(seed=st.integers(0, 10_000), queries=st.lists(queries, min_size=3, max_size=6))
def test_random_small_libraries(tmp_path_factory: pytest.TempPathFactory, seed: int,
                                queries: list[str]) -> None:  # fmt: skip
    folder = tmp_path_factory.mktemp("small")
    write_library(folder, 25, seed)
    fixture = Fixture(folder, tmp_path_factory.mktemp("cache") / "search.sqlite3")
    for query in queries:
        fixture.check(query)


def test_day_filters_use_local_midnight() -> None:
    node = parse("after:2022-01-31")
    assert isinstance(node, Filter) and node.day == date(2022, 1, 31)


@pytest.mark.parametrize("file_time", [False, True])
def test_undated_articles_match_no_date_filter(tmp_path: Path, file_time: bool) -> None:
    # Undated articles get the lowest keys; `before:` must not take them in with its key range.
    # Dated by their file's time (`file_time`, the library's `~` dates) they are undated too.
    folder = tmp_path / "lib"
    folder.mkdir()
    write_library(folder, 60, seed=13)
    library = Library(folder, tmp_path / "library.sqlite3")
    undated = {"date_from_file": True} if file_time else {"date": None}
    articles = [
        dataclasses.replace(a, **undated) if number % 4 == 0 else a  # type: ignore[arg-type]
        for number, a in enumerate(library.scan(workers=1).articles)
    ]
    index = SearchIndex(tmp_path / "search.sqlite3")
    index.sync(folder, articles, workers=1)
    plain = [Plain(a, library.body(a)) for a in articles]
    queries = ["before:2022-03", "before:2022-03 tag:x", "cat:news before:2030-01-01",
               "-before:2022-03", "after:2021-07-01 author:cnbeta", "before:2030"]  # fmt: skip
    for query in queries:
        node = parse(query)
        assert node is not None
        expected = {p.article.id for p in plain if naive_match(node, p, set(), set())}
        result = index.search(node, limit=None)
        assert {hit.article.id for hit in result.hits} == expected, query
        assert result.total == index.count_matches(node) == len(expected), query
    assert index.count_matches("before:2030-01-01") == len(articles) - len(articles[::4])
    if file_time:  # newest first lists them last, below every article with a date of its own
        listed = [hit.article for hit in index.search("-tag:none", limit=None).hits]
        assert len(listed) == len(articles)
        assert [a.date_from_file for a in listed] == sorted(a.date_from_file for a in listed)
