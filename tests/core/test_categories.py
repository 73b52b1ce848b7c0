"""Hexo's category rules: a list is one path, a list of lists several, a string one, none is
Uncategorized; indented lists and the broken ` -  - news` entry of real archives too."""

from __future__ import annotations

import pytest

from tui_reader.core.library import parse
from tui_reader.core.library.model import UNCATEGORIZED, Article
from tui_reader.core.library.parse import categories_from, parse_bytes


def article_with(front: str) -> Article:
    text = f"\n---\ntitle: 'A'\ndate: 2022-01-11 02:11:30\n{front}---\n<p>body</p>\n"
    result = parse_bytes(text.encode(), "a.md", 0, len(text))
    assert result.article is not None
    assert result.problems == []
    return result.article


@pytest.mark.parametrize(
    ("front", "expected"),
    [
        ("categories: \n - 新媒体\n - cnBeta\n - 最新\n", (("新媒体", "cnBeta", "最新"),)),
        ("categories: \n    - 二次元\n    - AcFun\n    - 番剧\n\n", (("二次元", "AcFun", "番剧"),)),
        ("categories: [新媒体, cnBeta]\n", (("新媒体", "cnBeta"),)),
        (
            "categories:\n - [新媒体, cnBeta]\n - [编程, 掘金, 热门]\n",
            (("新媒体", "cnBeta"), ("编程", "掘金", "热门")),
        ),
        (
            "categories:\n -\n  - 新媒体\n  - cnBeta\n -\n  - Tech\n",
            (("新媒体", "cnBeta"), ("Tech",)),
        ),
        ("categories: 科技\n", (("科技",),)),
        ("category: 科技\n", (("科技",),)),  # the singular key is read too
        ("categories: 2022\n", (("2022",),)),  # a number is a name
        ("", ((UNCATEGORIZED,),)),
        ("categories:\n", ((UNCATEGORIZED,),)),
        ("categories: []\n", ((UNCATEGORIZED,),)),
        ("categories: ''\n", ((UNCATEGORIZED,),)),
        # the real archive's broken entry: the nested name folds into the one path
        ("categories: \n - 二次元\n - Animen\n -  - news\n", (("二次元", "Animen", "news"),)),
    ],
)
def test_category_forms(front: str, expected: tuple[tuple[str, ...], ...]) -> None:
    assert article_with(front).categories == expected


def test_categories_from_direct_values() -> None:
    assert categories_from(None) == ((UNCATEGORIZED,),)
    assert categories_from(["a", None, "b"]) == (("a", "b"),)
    assert categories_from([["a"], ["a"]]) == (("a",),)  # repeated paths count once
    assert categories_from({"新媒体": "cnBeta"}) == (("新媒体", "cnBeta"),)
    assert categories_from([{"k": "v"}]) == ((UNCATEGORIZED,),)  # a mapping is no name


def test_category_names_are_sanitized_to_one_line() -> None:
    article = article_with('categories:\n - "新\\n媒\\u001b[31m体"\n - "x\\u202ey"\n')
    assert article.categories == (("新 媒体", "xy"),)


def test_tags_and_link() -> None:
    article = article_with(
        "tags:\n - 芯片\n - 芯片\n - AI\ntag: ignored\nlink: https://example.com/a\n"
    )
    assert article.tags == ("芯片", "AI")
    assert article.link == "https://example.com/a"
    assert article_with("tags: 单个\n").tags == ("单个",)
    assert article_with("url: https://example.com/u\n").link == "https://example.com/u"
    assert article_with("permalink: https://example.com/p\n").link == "https://example.com/p"
    assert article_with("").link == ""


CATEGORY_VALUES: list[object] = [
    "新媒体",
    " 新媒体 \n",
    "a\x1b[31mred",
    ["新媒体", "cnBeta", "最新"],
    ["新媒体", "", "  "],
    ["a", "a"],
    [["新媒体", "cnBeta"], ["二次元", "AcFun"]],
    [["a"], ["a"]],
    [["a"], []],
    [["x" * 300]],
    ["x" * 300],
    ["a", ["b", "c"]],  # a name and a nested list: one path, folded
    [1, "a"],
    [True],
    [],
    "",
]


@pytest.mark.parametrize("value", CATEGORY_VALUES, ids=range(len(CATEGORY_VALUES)))
def test_categories_read_once_are_the_same_when_looked_up(value: object) -> None:
    """The paths of a category list made of names are worked out once per process and looked
    up after: the same answer either way, and the lookup never grows without bound."""
    first = categories_from(value)
    assert categories_from(value) == first == parse._categories(value)
    for i in range(parse._CATEGORIES_KEPT + 10):
        assert categories_from([f"c{i}", "x"]) == ((f"c{i}", "x"),)
    assert len(parse._CATEGORIES) <= parse._CATEGORIES_KEPT
    assert categories_from(value) == first
