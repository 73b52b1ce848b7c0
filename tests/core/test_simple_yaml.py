"""The fast front matter reader gives exactly what YAML gives, whenever it answers at all."""

from __future__ import annotations

from datetime import date, datetime

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from tui_reader.core.library import simple_yaml
from tui_reader.core.library.dates import parse_date

KEYS = st.sampled_from(["title", "author", "date", "categories", "tags", "link", "comments", "x-y"])
TEXT = st.text(
    alphabet=st.sampled_from(list("abc XYZ019:-#'\"\\[]{},&*!|>%@`~.+_中文新闻😡\t")), max_size=12
)


def quoted(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


# a flow list of quoted names, as archives write one category path among several
FLOW = st.tuples(
    st.lists(TEXT.map(quoted), min_size=1, max_size=3),
    st.sampled_from([", ", ",", " , ", ",  "]),
    st.sampled_from(["", " "]),
).map(lambda parts: f"[{parts[2]}{parts[1].join(parts[0])}{parts[2]}]")

VALUES = st.one_of(
    TEXT,
    TEXT.map(quoted),
    FLOW,
    TEXT.map(lambda t: f'"{t}"'),
    st.sampled_from(["false", "True", "null", "~", "12", "-3", "0x1f", "1.5", "2021-11-26"]),
    st.sampled_from(["2021-02-29", "2024-02-29", "0000-01-01", "2021-1-26", "2021-11-26 # x"]),
    st.sampled_from(["2021-11-26 07:21:47", "Tue, 11 Jan 2022 02:11:30 GMT", "Invalid Date"]),
)


@st.composite
def front_matters(draw: st.DrawFn) -> str:
    lines = []
    for _ in range(draw(st.integers(0, 6))):
        key = draw(KEYS)
        if draw(st.booleans()):
            lines.append(f"{key}: {draw(VALUES)}")
        else:
            lines.append(f"{key}:" + draw(st.sampled_from(["", " "])))
            indent = draw(st.sampled_from([" ", "    ", ""]))
            for _ in range(draw(st.integers(0, 3))):
                lines.append(f"{indent}- {draw(VALUES)}")
        if draw(st.integers(0, 5)) == 0:
            lines.append("")
    return "\n".join(lines) + "\n"


def normalized(value: object) -> object:
    """YAML turns `2021-11-26 07:21:47` into a datetime; the fast reader keeps the text, which
    core.library.dates reads to the same moment."""
    if isinstance(value, datetime | date):
        return parse_date(value)
    if isinstance(value, list):
        return [normalized(v) for v in value]
    return value


@settings(max_examples=600, deadline=None)
@given(front_matters())
def test_fast_reader_agrees_with_yaml(front: str) -> None:
    fast = simple_yaml.read(front)
    if fast is None:
        return
    expected = yaml.safe_load(front) or {}
    assert set(fast) == set(expected)
    for key, value in expected.items():
        got = fast[key]
        if isinstance(value, datetime | date):
            assert parse_date(got) == parse_date(value)
        else:
            assert got == normalized(value), key


def test_the_archive_shape_takes_the_fast_path() -> None:
    front = (
        "title: '美俄会谈 ''引号'''\ncategories: \n - 新媒体\n - cnBeta\n\nauthor: cnBeta\n"
        "comments: false\ndate: Tue, 11 Jan 2022 02:11:30 GMT\n"
    )
    assert simple_yaml.read(front) == {
        "title": "美俄会谈 'å引号'".replace("å", ""),
        "categories": ["新媒体", "cnBeta"],
        "author": "cnBeta",
        "comments": False,
        "date": "Tue, 11 Jan 2022 02:11:30 GMT",
    }


def test_lists_of_quoted_names_and_days_take_the_fast_path() -> None:
    front = (
        "title: 'x'\ncategories:\n - ['新媒体', 'Aljazeera 半岛电视台', '新闻']\n"
        " - [ 'it''s' ,'b, c]' ]\ndate: 2018-01-24\n"
    )
    fast = simple_yaml.read(front)
    assert fast == {
        "title": "x",
        "categories": [["新媒体", "Aljazeera 半岛电视台", "新闻"], ["it's", "b, c]"]],
        "date": "2018-01-24",
    }
    assert yaml.safe_load(front)["categories"] == fast["categories"]


ITEMS_BEYOND_ASCII = [
    *("新闻: x", "新闻 #c", "新闻:", "新\t闻", "新闻:x"),
    *("新闻 x", "新闻#x", "é", "新闻 ", "😡'"),
]


@pytest.mark.parametrize("item", ITEMS_BEYOND_ASCII)
def test_items_beyond_ascii_read_as_yaml_reads_them(item: str) -> None:
    front = f"categories:\n - {item}\ntitle: 'a ''b'' c'\n"
    fast = simple_yaml.read(front)
    if fast is not None:
        assert fast == yaml.safe_load(front)


def test_anything_unusual_is_left_to_yaml() -> None:
    for front in (
        "title: 'two\n  lines'\n",  # multi-line quoted
        'title: "esc\\"aped"\n',  # escapes
        "categories:\n -  - news\n",  # nested list
        "tags: [a, b]\n",  # flow list
        "title: &anchor x\n",
        "title: 1.5\n",
        "title: a: b\n",
        "title: x\ntitle: y\n",  # duplicate key
        "title: 'x'\ntitle: 'y'\n",
        "tags:\n - 新闻: x\n",  # a mapping in a list
        "tags:\n - 新闻 # note\n",
        "categories:\n - ['a', ]\n",  # a flow list of another shape
        "categories:\n - ['a'] # note\n",
        "categories:\n - ['a',\n   'b']\n",  # over two lines
        "categories:\n - [a, 'b']\n",
        "date: 2021-02-29\n",  # no such day: YAML's error
        "date: 2021-1-26\n",
    ):
        assert simple_yaml.read(front) is None, front
