"""The search language parser: every construct, and a clear message for every malformed query."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tui_reader.core.search.query import (
    And,
    Filter,
    Not,
    Or,
    Phrase,
    QueryError,
    Substring,
    Word,
    parse,
    terms,
    uses_reading_state,
)
from tui_reader.core.search.tokens import BREAK


@pytest.mark.parametrize(
    ("query", "tree"),
    [
        ("grace", Word("grace")),
        ("GRACE", Word("grace")),
        ("Ｇｒａｃｅ", Word("grace")),  # full-width letters fold (NFKC)
        ("gra*", Word("gra", prefix=True)),
        ("北约", Substring("北约")),
        ("北", Substring("北")),
        ("人工智能", Substring("人工智能")),
        ("grace cpu", And((Word("grace"), Word("cpu")))),
        ('"grace cpu"', Phrase(("grace", "cpu"))),
        ('"new yo"*', Phrase(("new", "yo"), prefix=True)),
        ('"北约"', Substring("北约")),
        ('"北约 峰会"', Phrase(("北约", BREAK, "峰会"))),
        ("e-mail", Phrase(("e", "mail"))),
        ("3.5", Phrase(("3", "5"))),
        ("iPhone手机", And((Word("iphone"), Substring("手机")))),
        ("-grace", Not(Word("grace"))),
        ("-北约", Not(Substring("北约"))),
        ('-"grace cpu"', Not(Phrase(("grace", "cpu")))),
        ("a OR b", Or((Word("a"), Word("b")))),
        ("a OR b c", And((Or((Word("a"), Word("b"))), Word("c")))),
        ("(a OR b) -(c d)", And((Or((Word("a"), Word("b"))), Not(And((Word("c"), Word("d"))))))),
        ("or", Word("or")),  # only upper-case OR is the operator
        ("ORACLE", Word("oracle")),
        ("author:cnBeta", Filter("author", "cnBeta")),
        ('author:"New York Times"', Filter("author", "New York Times")),
        ("cat:新媒体/cnBeta", Filter("cat", "新媒体/cnBeta")),
        ("category:News", Filter("cat", "News")),
        ("tag:x", Filter("tag", "x")),
        ("is:unread", Filter("is", "unread")),
        ("IS:Read", Filter("is", "read")),
        ("is:bookmarked", Filter("is", "bookmarked")),
        ("after:2022-01-31", Filter("after", "2022-01-31", date(2022, 1, 31))),
        ("before:2022-02", Filter("before", "2022-02", date(2022, 2, 1))),
        ("after:2021", Filter("after", "2021", date(2021, 1, 1))),
        ("-author:x", Not(Filter("author", "x"))),
        ("http://x.com", Phrase(("http", "x", "com"))),  # not a filter key: text
        ("  grace  ", Word("grace")),
        ("grace -", Word("grace")),  # a lone dash is punctuation
    ],
)
def test_parse(query: str, tree: object) -> None:
    assert parse(query) == tree


@pytest.mark.parametrize("query", ["", "   ", "\t"])
def test_empty_query_is_none(query: str) -> None:
    assert parse(query) is None


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("(grace", "missing ')'"),
        ("grace)", "unexpected ')'"),
        ("()", "empty parentheses"),
        ('"grace', "missing closing quote"),
        ("OR grace", "OR needs a term before it"),
        ("grace OR", "OR needs a term after it"),
        ("grace OR OR cpu", "OR needs a term after it"),
        ("author:", "author: needs a value"),
        ("is:new", "is:new is unknown"),
        ("after:yesterday", "after: expects a date"),
        ("before:2022-02-30", "not a real date"),
        ("cat:/", "cat: needs a category name"),
        ("!!!", "nothing to search for"),
    ],
)
def test_malformed_queries_say_what_is_wrong(query: str, message: str) -> None:
    with pytest.raises(QueryError, match=message.replace("(", r"\(").replace(")", r"\)")):
        parse(query)


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet='ab 北约()"-*:OR\\isautho', max_size=30))
def test_any_input_parses_or_raises_query_error(text: str) -> None:
    try:
        parse(text)
    except QueryError as error:
        assert str(error)


def test_terms_are_the_positive_text_terms() -> None:
    node = parse('grace -cpu (北约 OR "new york") author:x -(a OR b)')
    assert terms(node) == [Word("grace"), Substring("北约"), Phrase(("new", "york"))]
    assert terms(None) == []


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("is:unread", True),
        ("IS:Read grace", True),
        ("-is:bookmarked", True),
        ("grace (cpu OR is:read)", True),
        ('author:x -(a OR "b c" is:unread)', True),
        ('"what is: this"', False),
        ('"is:read"', False),
        ("this is: not a filter", False),  # `is:` alone is malformed: nothing is filtered on
        ("author:isaac tag:is", False),
        ("grace cpu", False),
        ("", False),
    ],
)
def test_uses_reading_state(query: str, expected: bool) -> None:
    assert uses_reading_state(query) is expected
    if expected:
        assert uses_reading_state(parse(query)) is True


_QUERY_TEXT = st.text(alphabet='ab 北约()"-*:OR\\isautho', max_size=30)


@settings(max_examples=300, deadline=None)
@given(_QUERY_TEXT)
def test_reading_state_of_text_and_tree_agree(text: str) -> None:
    try:
        node = parse(text)
    except QueryError:
        assert uses_reading_state(text) is False
        return
    assert uses_reading_state(text) is uses_reading_state(node)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab 北约()-*:OR\\isautho", max_size=30))
def test_a_phrase_never_filters_on_reading_state(inside: str) -> None:
    assert uses_reading_state(f'"{inside}"') is False


@settings(max_examples=300, deadline=None)
@given(_QUERY_TEXT, st.sampled_from(["is:read", "-is:unread", "(x OR is:bookmarked)"]))
def test_an_is_filter_anywhere_is_found(text: str, state: str) -> None:
    try:
        parse(text)
    except QueryError:
        return
    assert uses_reading_state(f"{text} {state}")
    assert uses_reading_state(f"{state} {text}")
