"""One file to one article: broken YAML, no front matter, encodings, line endings, and the files
that are skipped (empty, binary, oversize, unreadable), each with a reason."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tui_reader.core.library import parse
from tui_reader.core.library.identity import text_id
from tui_reader.core.library.model import Article, ParseResult
from tui_reader.core.library.parse import parse_bytes, parse_file, read_body

FRONT = (
    "\n---\ntitle: '芯片新闻'\ncategories:\n - 新媒体\n - cnBeta\ndate: 2022-01-11 02:11:30\n---\n"
)
BODY = "<div>\n<p>第一段，芯片。</p>\n<p>second paragraph</p>\n</div>\n"


def parsed(data: bytes, rel: str = "folder/a.md") -> ParseResult:
    return parse_bytes(data, rel, 1_700_000_000 * 10**9, len(data))


def article_of(data: bytes, rel: str = "folder/a.md") -> Article:
    result = parsed(data, rel)
    assert result.article is not None, result.problems
    return result.article


def assert_skipped(result: ParseResult, words: str) -> None:
    assert result.article is None
    assert len(result.problems) == 1
    assert result.problems[0].skipped
    assert words in result.problems[0].reason


# --- broken YAML: recovered, reported, never skipped ------------------------------------------


@pytest.mark.parametrize(
    ("front", "title"),
    [
        ("title: 'It's broken'\n", "It's broken"),  # unescaped quote in a quoted scalar
        ("title: 标题: 副标题\n", "标题: 副标题"),  # a colon where YAML wants none
        ('title: "半个引号\ndate: [oops\n', "半个引号"),  # unterminated quotes and brackets
        ("title: 正常\n\tbad: tab\n", "正常"),  # a tab where YAML forbids one
    ],
)
def test_broken_yaml_still_gives_the_title_and_a_problem(front: str, title: str) -> None:
    result = parsed(f"\n---\n{front}categories:\n - 新媒体\n - cnBeta\n---\n{BODY}".encode())
    assert result.article is not None
    assert result.article.title == title
    assert result.article.categories == (("新媒体", "cnBeta"),)
    assert len(result.problems) == 1
    assert not result.problems[0].skipped
    assert "broken front matter" in result.problems[0].reason
    assert result.problems[0].path == "folder/a.md"


def test_impossible_timestamp_keeps_the_title_and_falls_back_to_mtime() -> None:
    # PyYAML refuses to build this timestamp (a problem is then reported); a reader that keeps
    # it as a string reports none. Either way: the title stays and the date is the file's.
    result = parsed(f"---\ntitle: 正常\ndate: 2022-13-45 25:61:00\n---\n{BODY}".encode())
    assert result.article is not None
    assert result.article.title == "正常"
    assert result.article.date_from_file
    assert all(not problem.skipped for problem in result.problems)


@pytest.mark.parametrize("front", ["- just\n- a list\n", "a plain string\n", "42\n"])
def test_front_matter_that_is_not_a_mapping_is_reported(front: str) -> None:
    result = parsed(f"---\n{front}---\n# Heading here\n".encode())
    assert result.article is not None
    assert result.article.title == "Heading here"
    assert "not a mapping" in result.problems[0].reason


# --- no front matter --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("# 一级标题\n\n正文。\n", "一级标题"),
        ("intro line\n\n## Second level ##\ntext\n", "Second level"),
        ("<div><h2 class='x'>Hello <b>world</b></h2><p>x</p></div>", "Hello world"),
        ("just some text without a heading\n", "a"),  # the file name's stem
        ("---\ntitle: never closed\n\nbody\n", "a"),  # an unclosed block is not front matter
    ],
)
def test_no_front_matter_title_from_heading_or_file_name(text: str, title: str) -> None:
    result = parsed(text.encode())
    assert result.problems == []
    assert result.article is not None
    assert result.article.title == title
    assert result.article.date_from_file
    assert result.article.categories == (("Uncategorized",),)


def test_empty_title_falls_back_to_heading() -> None:
    assert article_of(b"---\ntitle: ''\n---\n<h1>From the body</h1>").title == "From the body"
    assert article_of(b"---\ntitle:\n---\nno heading", "x/Some Name.md").title == "Some Name"


# --- encodings and line endings ---------------------------------------------------------------


def check_sample_article(article: Article) -> None:
    assert article.title == "芯片新闻"
    assert article.categories == (("新媒体", "cnBeta"),)
    assert not article.date_from_file


def test_utf8_with_bom() -> None:
    check_sample_article(article_of(b"\xef\xbb\xbf" + (FRONT + BODY).encode()))


def test_bom_right_before_the_dashes() -> None:
    check_sample_article(article_of(b"\xef\xbb\xbf" + (FRONT + BODY).lstrip("\n").encode()))


def test_crlf(tmp_path: Path) -> None:
    data = (FRONT + BODY).replace("\n", "\r\n").encode()
    check_sample_article(article_of(data))
    (tmp_path / "a.md").write_bytes(data)
    assert "\r" not in read_body(tmp_path / "a.md")
    assert read_body(tmp_path / "a.md") == BODY


def test_gb18030() -> None:
    check_sample_article(article_of((FRONT + BODY).encode("gb18030")))


def test_utf16_with_bom() -> None:
    check_sample_article(article_of((FRONT + BODY).encode("utf-16")))


def test_undecodable_bytes_become_replacement_characters() -> None:
    article = article_of((FRONT + BODY).encode() + b"\x80\xff\x80 tail")
    check_sample_article(article)


def test_title_is_sanitized() -> None:
    data = b'---\ntitle: "evil\\e]0;owned\\a title\\e[2J \\u202Ereversed"\n---\nx'
    assert article_of(data).title == "evil title reversed"


# --- skipped files ----------------------------------------------------------------------------


@pytest.mark.parametrize("data", [b"", b"   \n\r\n\t  "])
def test_empty_file_is_skipped(data: bytes) -> None:
    assert_skipped(parsed(data), "empty")


def test_binary_file_is_skipped() -> None:
    assert_skipped(parsed(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))), "binary")


def test_huge_file_is_skipped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parse, "MAX_FILE_BYTES", 1000)
    big = tmp_path / "big.md"
    big.write_text(FRONT + BODY * 100, encoding="utf-8")
    assert_skipped(parse_file(big, tmp_path), "too large")
    assert_skipped(parsed((FRONT + BODY * 100).encode()), "too large")
    small = tmp_path / "small.md"
    small.write_text(FRONT, encoding="utf-8")
    assert parse_file(small, tmp_path).article is not None


@pytest.mark.parametrize("stat_size", [0, 5, 4096, 10**6])
def test_a_file_is_read_to_its_end_whatever_its_stat_said(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, stat_size: int
) -> None:
    """A file that grows or shrinks between its stat and its read is read whole: without front
    matter, its id is made from all of its text."""
    path = tmp_path / "a.md"
    text = "没有前言的文章\n" + BODY * 300  # ~30 KB: more than one read of the stat's size
    path.write_text(text, encoding="utf-8")
    real = parse.os.fstat

    def fstat(fd: int) -> os.stat_result:
        stat = real(fd)
        values = list(stat)
        values[6] = stat_size  # st_size
        return os.stat_result(values, {"st_mtime_ns": stat.st_mtime_ns})

    monkeypatch.setattr(parse.os, "fstat", fstat)
    article = parse_file(path, tmp_path).article
    assert article is not None and article.id == text_id(text)


def test_unreadable_file_is_skipped(tmp_path: Path) -> None:
    (tmp_path / "folder.md").mkdir()  # reading a folder fails like an unreadable file
    assert_skipped(parse_file(tmp_path / "folder.md", tmp_path), "cannot read")


def test_vanished_file_is_neither_article_nor_problem(tmp_path: Path) -> None:
    result = parse_file(tmp_path / "gone.md", tmp_path)
    assert result.article is None and result.problems == []


def test_deeply_nested_yaml_does_not_crash() -> None:
    result = parsed(b"---\ntitle: " + b"[" * 50_000 + b"\n---\nbody")
    assert result.article is not None or result.problems


# --- the article model ------------------------------------------------------------------------


def test_parse_file_records_path_mtime_and_size(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "a.md"
    path.parent.mkdir()
    path.write_text(FRONT + BODY, encoding="utf-8")
    article = parse_file(path, tmp_path).article
    assert article is not None
    assert article.path == "sub/a.md"
    assert article.mtime_ns == path.stat().st_mtime_ns
    assert article.size == path.stat().st_size
    assert read_body(path) == BODY


def test_body_is_not_kept_in_the_model() -> None:
    article = article_of((FRONT + BODY).encode())
    assert all("第一段" not in str(value) for value in vars_of(article))


def vars_of(article: Article) -> list[object]:
    return [getattr(article, name) for name in article.__slots__]


@pytest.mark.parametrize("line", ["", "author:\n", "author: ~\n", "author: [a, b]\n"])
def test_missing_or_empty_author_is_empty(line: str) -> None:
    assert article_of(f"---\ntitle: t\n{line}---\nbody".encode()).author == ""


def test_category_alias_bomb_is_cheap_and_bounded() -> None:
    # Each line repeats the previous list nine times by reference: walking the last one naively
    # means 9**9 (387 million) names.
    lines = ['a0: &a0 ["x", "y", "z", "w", "v", "u", "t", "s", "r"]']
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 9)]
    front = "\n".join(lines) + "\ncategories: *a8\ntags: *a8\ndate: *a8\nauthor: *a8\ntitle: bomb\n"
    article = article_of(f"---\n{front}---\nbody".encode())
    assert article.title == "bomb"
    assert len(article.categories) == 1
    assert 3 <= len(article.categories[0]) <= 64
    assert article.categories[0][:3] == ("x", "y", "z")


def test_self_referencing_categories_do_not_crash() -> None:
    result = parsed(b"---\ntitle: loop\ncategories: &a [news, *a]\n---\nbody")
    assert result.article is not None
    assert result.article.categories[0][0] == "news"


def test_an_unexpected_parser_error_costs_one_file(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*_args: object) -> None:
        raise KeyError("a bug")

    monkeypatch.setattr(parse, "parse_date", broken)
    assert_skipped(parsed((FRONT + BODY).encode()), "internal error")


def test_title_from_a_heading_after_thousands_of_unclosed_ones() -> None:
    # Unclosed headings once made the heading search quadratic; the bounded search still finds
    # the real one.
    assert article_of(b"<div>" + b"<h1>" * 3000 + b"<h2>Real</h2>").title == "Real"
    assert article_of(b"<h3 class='t'>\n  Spans\n  lines\n</h3>").title == "Spans lines"
