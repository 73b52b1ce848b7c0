"""The index finds exactly what a plain scan of the same text finds: no article missed, none extra.

`naive_match` below is the reference: it reads each article's fields and checks every term with a
substring test (CJK) or a regular expression over the normalized text (words, prefixes, phrases).
Synthetic libraries use a small alphabet so that queries hit often, miss often and overlap.
"""

from __future__ import annotations

import dataclasses
import random
import re
import sqlite3
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tui_reader.core.library.library import Library
from tui_reader.core.library.model import Article
from tui_reader.core.search.htmltext import html_to_text
from tui_reader.core.search.index import SearchIndex
from tui_reader.core.search.query import And, Filter, Node, Not, Or, Phrase, Substring, Word, parse
from tui_reader.core.search.tokens import BREAK, CJK_CHAR, WORD_CHARS, normalize, tokens

HAN = "北约峰会中国制裁芯片的"
WORDS = ["grace", "cpu", "graceful", "nvidia", "new", "york", "mail", "e", "Grace", "CPU"]
GLUE = [" ", " ", "，", ", ", "<b>", "</b>", "<p>", "</p>", "-", "。", " &amp; ", "\n", "_"]
AUTHORS = ["cnBeta", "Al Jazeera", "cnbeta.COM", ""]
CATS = [("新媒体", "cnBeta", "最新"), ("新媒体", "cnBeta"), ("News",), ("新媒体", "其他"),
        ("cnBeta", "新媒体")]  # fmt: skip
TAGS = ["x", "芯片", "Tech", "tech news"]
SEP = r"[\W_]+"  # what may stand between two words of a phrase


# --- the reference ---------------------------------------------------------------------------


class Plain:
    """One article's searchable fields, normalized, read straight from its file."""

    def __init__(self, article: Article, body_html: str) -> None:
        self.article = article
        meta = [article.author, *(n for p in article.categories for n in p), *article.tags]
        self.fields = [normalize(article.title), normalize(html_to_text(body_html))]
        self.fields += [normalize(part) for part in meta]


def naive_match(node: Node, plain: Plain, read: set[str], marked: set[str]) -> bool:
    if isinstance(node, And):
        return all(naive_match(n, plain, read, marked) for n in node.nodes)
    if isinstance(node, Or):
        return any(naive_match(n, plain, read, marked) for n in node.nodes)
    if isinstance(node, Not):
        return not naive_match(node.node, plain, read, marked)
    if isinstance(node, Substring):
        return any(node.text in field for field in plain.fields)
    if isinstance(node, Word):
        pattern = rf"(?<!{WORD_CHARS}){re.escape(node.text)}" + (
            "" if node.prefix else rf"(?!{WORD_CHARS})"
        )
        return any(re.search(pattern, field) for field in plain.fields)
    if isinstance(node, Phrase):
        return any(_phrase_in(node, field) for field in plain.fields)
    assert isinstance(node, Filter)
    return _filter(node, plain.article, read, marked)


def _phrase_in(node: Phrase, field: str) -> bool:
    if all(not CJK_CHAR.search(t) and t != BREAK for t in node.tokens):  # words: a regex
        body = SEP.join(re.escape(t) for t in node.tokens)
        end = "" if node.prefix else rf"(?!{WORD_CHARS})"
        return re.search(rf"(?<!{WORD_CHARS}){body}{end}", field) is not None
    stream, want = tokens(field), list(node.tokens)  # CJK in a phrase: the token stream
    for start in range(len(stream) - len(want) + 1):
        window = stream[start : start + len(want)]
        if window[:-1] == want[:-1] and (
            window[-1] == want[-1] or (node.prefix and window[-1].startswith(want[-1]))
        ):
            return True
    return False


def _filter(node: Filter, article: Article, read: set[str], marked: set[str]) -> bool:
    value = normalize(node.value)
    if node.key == "author":
        return value in normalize(article.author)
    if node.key == "cat":
        want = [normalize(n).strip() for n in value.split("/") if n.strip()]
        paths = [[normalize(n) for n in p] for p in article.categories]
        return any(p[at : at + len(want)] == want for p in paths for at in range(len(p)))
    if node.key == "tag":
        return any(normalize(t) == value for t in article.tags)
    if node.key == "is":
        if value == "bookmarked":
            return article.id in marked
        return (article.id in read) == (value == "read")
    start = datetime.combine(node.day, time()).astimezone()  # type: ignore[arg-type]
    if article.date is None or article.date_from_file:  # a file's time is no date to filter on
        return False
    return article.date >= start if node.key == "after" else article.date < start


# --- synthetic libraries ---------------------------------------------------------------------


def _text(rng: random.Random, pieces: int) -> str:
    out: list[str] = []
    last = ""
    for _ in range(pieces):
        roll = rng.random()
        if roll < 0.5:
            run = "".join(rng.choice(HAN) for _ in range(rng.randint(1, 6)))
            if last and rng.random() < 0.5:  # `北约，约峰`: a bigram phrase must not span the comma
                run = last[-1] + run
            out.append(run)
            last = run
        elif roll < 0.8:
            out.append(rng.choice(WORDS))
            last = ""
        out.append(rng.choice(GLUE))
    return "".join(out)


def write_library(folder: Path, count: int, seed: int) -> None:
    rng = random.Random(seed)
    start = datetime(2021, 6, 1, tzinfo=UTC)
    for number in range(count):
        when = start + timedelta(hours=rng.randint(0, 24 * 500))
        categories = "\n".join(f"  - {name}" for name in rng.choice(CATS))
        tags = rng.sample(TAGS, rng.randint(0, 2))
        tag_lines = "".join(f"\n  - '{t}'" for t in tags)
        text = (
            f"---\ntitle: '{_text(rng, 3).replace(chr(10), ' ').replace(chr(39), '')} {number}'\n"
            f"categories:\n{categories}\nauthor: '{rng.choice(AUTHORS)}'\n"
            f"date: {when.strftime('%Y-%m-%d %H:%M:%S')}\ntags:{tag_lines or ' []'}\n---\n"
            f"<div>{_text(rng, rng.randint(0, 40))}</div>\n"
        )
        (folder / f"a{number:04d}.md").write_text(text, encoding="utf-8")


class Fixture:
    def __init__(self, folder: Path, index_path: Path) -> None:
        self.library = Library(folder, index_path.with_name("library.sqlite3"))
        self.index = SearchIndex(index_path)
        self.refresh()

    def refresh(self) -> None:
        snapshot = self.library.scan(workers=1)
        self.index.sync(self.library.root, snapshot.articles, workers=1)
        self.plain = [Plain(a, self.library.body(a)) for a in snapshot.articles]
        ids = sorted(a.id for a in snapshot.articles)
        self.read, self.marked = set(ids[::3]), set(ids[::5])

    def check(self, query: str) -> None:
        node = parse(query)
        assert node is not None
        result = self.index.search(node, limit=None, read_ids=self.read, bookmarked_ids=self.marked)
        found = [hit.article.id for hit in result.hits]
        expected = {
            p.article.id for p in self.plain if naive_match(node, p, self.read, self.marked)
        }
        assert set(found) == expected, query
        assert len(found) == len(expected) == result.total, query
        dates = [hit.article.timestamp for hit in result.hits]
        assert dates == sorted(dates, reverse=True), query  # newest first
        first = self.index.search(node, limit=7, read_ids=self.read, bookmarked_ids=self.marked)
        assert first.total == len(expected), query  # counted, not only listed
        counted = self.index.count_matches(node, read_ids=self.read, bookmarked_ids=self.marked)
        assert counted == len(expected), query
        assert [h.article.timestamp for h in first.hits] == dates[:7], query
        assert {h.article.id for h in first.hits} <= expected, query


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


# --- queries ---------------------------------------------------------------------------------

han = st.text(alphabet=HAN, min_size=1, max_size=4)
word = st.sampled_from(WORDS)
prefix = st.sampled_from(["gr*", "grac*", "c*", "ny*", "Ne*", "e*"])
phrase = st.lists(st.sampled_from(WORDS + ["北约", "芯片", "中国的"]), min_size=2, max_size=3).map(
    lambda words: '"' + " ".join(words) + '"'
)
glued = st.sampled_from(["e-mail", "grace,cpu", "grace芯片", "cpu北", "new_york"])
filters = st.sampled_from(
    ["author:cnbeta", "author:jazeera", "cat:新媒体", "cat:新媒体/cnBeta", "cat:新媒体/cnbeta/最新",
     "cat:news", "cat:cnbeta", "cat:CNBETA/最新", "cat:其他", "cat:最新/", "cat:cnbeta/新媒体",
     "tag:x", "tag:tech", 'tag:"tech news"', "is:read", "is:unread", "is:bookmarked",
     "after:2022-01-01", "before:2022-03", "after:2022-06-15", "before:2021-07-01"]
)  # fmt: skip
atom = st.one_of(han, word, prefix, phrase, glued, filters)
negatable = st.one_of(atom, atom.map(lambda a: "-" + a))
clause = st.one_of(negatable, st.tuples(negatable, negatable).map(lambda t: f"{t[0]} OR {t[1]}"))
queries = (
    st.lists(clause, min_size=1, max_size=3)
    .map(" ".join)
    .filter(lambda q: not all(part.startswith("-") for part in q.split()))
)


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
