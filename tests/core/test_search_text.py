"""HTML to visible text, and how search splits text into tokens (CJK bigrams, words, breaks)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tui_reader.core.library.parse import read_body
from tui_reader.core.search.htmltext import html_to_text
from tui_reader.core.search.tokens import (
    BREAK,
    cjk_tokens,
    normalize,
    parts_string,
    token_string,
    tokens,
    unigrams,
)

SAMPLES = Path(__file__).parent.parent / "samples"


@pytest.mark.parametrize(
    ("markup", "text"),
    [
        ("<p>Hello <b>world</b></p>", "Hello world"),
        ("<b>北</b>约", "北约"),  # inline tags leave no gap
        ("<p>one</p><p>two</p>", "one\ntwo"),
        ("a<br>b<br/>c", "a\nb\nc"),
        ("<script>var x = '<p>';</script>shown", "shown"),
        ("<style>p { color: red }</style>shown", "shown"),
        ("<!-- hidden -->shown", "shown"),
        ("AT&amp;T &lt;tag&gt; &#21271;&#32422; &nbsp;x", "AT&T <tag> 北约 x"),
        ("a < b and c > d", "a < b and c > d"),
        ('<a href="https://x.com/secret">link</a>', "link"),
        ("text\x1b]0;evil\x07 after", "text after"),  # escape sequences never reach the index
        ("<p>\n\n\n  spaced   out \n\n</p>", "spaced out"),
        ("<SCRIPT>x</SCRIPT>ok", "ok"),
        ("<script>never closed", ""),
        ('<p>a<img src="x.png" alt="北约 map">b</p>', "a 北约 map b"),  # shown as [image: …]
        ("<IMG title='t' src=x>c", "t c"),  # no alt: the title
        ('<img data-alt="no" src="x.png">d', "d"),
        ('<img alt="" title="" src="x.png">e', "e"),
        ('<img alt="AT&amp;T">', "AT&T"),
    ],
)
def test_html_to_text(markup: str, text: str) -> None:
    assert html_to_text(markup) == text


def test_html_to_text_on_samples_drops_markup_and_keeps_words() -> None:
    body = html_to_text(read_body(SAMPLES / "cnbeta-blockquotes.md"))
    assert "英伟达详细介绍了该公司的 Grace CPU 设计" in body
    assert "<" not in body and "href" not in body and "cnbetacdn" not in body
    juejin = html_to_text(read_body(SAMPLES / "juejin-long-style-tables.md"))
    assert "markdown-body{" not in juejin.replace(" ", "")  # the <style> block is gone
    assert "NSLog" in juejin  # code blocks are text
    for sample in sorted(SAMPLES.iterdir()):
        text = html_to_text(read_body(sample))
        assert "\x1b" not in text and "\n\n" not in text


def test_cjk_runs_become_bigrams() -> None:
    assert cjk_tokens("北约峰会") == ["北约", "约峰", "峰会"]
    assert cjk_tokens("北") == ["北"]


def test_token_stream() -> None:
    text = normalize("Grace CPU：北约，峰会 iPhone15手机 e-mail 的")
    assert tokens(text) == [
        "grace", "cpu", "北约", BREAK, "峰会", "iphone15", "手机", "e", "mail", "的",
    ]  # fmt: skip


def test_token_string_is_the_token_stream_joined() -> None:
    for sample in sorted(SAMPLES.iterdir()):
        text = normalize(html_to_text(read_body(sample)))
        assert token_string(text) == " ".join(tokens(text))


def test_break_only_between_cjk_runs() -> None:
    assert tokens("北约 grace 峰会") == ["北约", "grace", "峰会"]
    assert tokens("北约。峰会") == ["北约", BREAK, "峰会"]


def test_parts_string_separates_fields() -> None:
    assert parts_string(["cnBeta", "新媒体", ""]) == f"cnbeta {BREAK} 新媒 媒体"


def test_unigrams_are_distinct_cjk_characters() -> None:
    assert unigrams(["北约北约 grace", "约会"]) == "会 北 约"


def test_japanese_and_korean_are_cjk() -> None:
    assert tokens(normalize("幼女戦記")) == ["幼女", "女戦", "戦记"]  # 記 folds to 记
    assert tokens(normalize("ﾃｽﾄ")) == ["テス", "スト"]  # half-width katakana fold
    assert tokens("한국어") == ["한국", "국어"]
