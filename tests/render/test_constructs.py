"""Each HTML construct, crafted, rendered as plain text: what a reader sees."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import pytest
from rich.console import Console, Group

from tui_reader.core.library.model import Article
from tui_reader.render.article import MAX_BODY_CHARS, render_article, render_header
from tui_reader.render.reading import reading_minutes

ARTICLE = Article(id="x", path="x.md", title="T", link="https://news.example/2022/story.html")


def show(html: str, width: int = 60) -> str:
    rendered = render_article(ARTICLE, html)
    output = io.StringIO()
    Console(file=output, width=width, color_system=None).print(Group(*rendered.body))
    return "\n".join(line.rstrip() for line in output.getvalue().splitlines())


def test_paragraphs_are_separated_by_one_blank_line() -> None:
    assert show("<p>one</p>\n\n<p></p><p>&nbsp;</p><div><p>two</p></div>") == "one\n\ntwo"


def test_white_space_collapses_outside_pre() -> None:
    assert show("<p>  a \n\t b&nbsp;&nbsp;c </p>") == "a b c"


def test_headings_bold_italic_code_keep_their_text() -> None:
    assert show("<h2>Title</h2><p><b>bold</b> <i>it</i> <code>x&lt;y</code></p>") == (
        "Title\n\nbold it x<y"
    )


def test_inline_styles_are_applied() -> None:
    rendered = render_article(ARTICLE, "<p><strong>B</strong><em>I</em><a href='/x'>L</a></p>")
    paragraph = rendered.body[0]
    styles = {paragraph.plain[span.start : span.end]: str(span.style) for span in paragraph.spans}
    assert styles["B"] == "bold" and styles["I"] == "italic" and styles["L"] == "underline"


def test_links_keep_text_and_show_their_number() -> None:
    out = show('<p>Read <a href="https://a.example/">the story</a> now.</p>')
    assert out == "Read the story[2] now."  # [1] is the article's own page


def test_relative_links_resolve_against_the_article_address() -> None:
    rendered = render_article(ARTICLE, '<a href="../img/a.png">a</a>')
    assert rendered.links[1].url == "https://news.example/img/a.png"


def test_quotations_and_ruby_as_a_browser_draws_them() -> None:
    assert show("<p>He said <q>yes</q>.</p>") == "He said “yes”."
    assert show("<p><ruby>漢字<rt>かんじ</rt></ruby>です</p>") == "漢字(かんじ)です"
    assert show("<p><ruby>漢<rp>（</rp><rt>かん</rt><rp>）</rp></ruby></p>") == "漢（かん）"


def test_line_breaks_and_runs_of_breaks() -> None:
    assert show("<p>a<br>b<br><br><br><br>c<br></p>") == "a\nb\n\nc"


def test_nested_lists() -> None:
    html = "<ul><li>one<ul><li>a</li><li>b<ol start='3'><li>c</li></ol></li></ul></li><li>two"
    assert show(html) == "• one\n  ◦ a\n  ◦ b\n    3. c\n• two"


def test_list_items_wrap_under_their_text() -> None:
    out = show("<ol><li>" + "word " * 20 + "</li></ol>", width=30)
    lines = out.splitlines()
    assert lines[0].startswith("1. word") and all(line.startswith("   word") for line in lines[1:])


def test_blockquotes_nest() -> None:
    html = "<p>x</p><blockquote><p>q1</p><blockquote>q2</blockquote></blockquote>"
    assert show(html) == "x\n\n▌ q1\n▌\n▌ ▌ q2"


def test_tables_keep_every_cell() -> None:
    html = (
        "<table><thead><tr><th>Name</th><th>Value</th></tr></thead>"
        "<tbody><tr><td>a</td><td>1</td></tr><tr><td>b</td></tr></tbody></table>"
    )
    out = show(html)
    assert "│ Name │ Value │" in out and "│ a    │ 1     │" in out and "│ b    │       │" in out


def test_layout_table_of_one_column_is_not_boxed() -> None:
    assert show("<table><tr><td><p>one</p><p>two</p></td></tr></table>") == "one\n\ntwo"


def test_nested_table_inside_a_cell() -> None:
    html = "<table><tr><td>outer</td><td><table><tr><td>in1</td><td>in2</td></tr></table></td></tr>"
    out = show(html, width=80)
    assert "outer" in out and "in1" in out and "in2" in out


def test_pre_keeps_lines_and_indentation() -> None:
    html = "<pre>\ndef f():\n\treturn 1\n\n    # done</pre>"
    assert show(html) == "def f():\n    return 1\n\n    # done"


def test_pre_folds_long_lines_without_losing_characters() -> None:
    out = show("<pre>" + "x" * 25 + " y</pre>", width=10)
    assert out.splitlines() == ["x" * 10, "x" * 10, "xxxxx y"]


def test_unknown_tags_in_pre_are_code() -> None:
    assert show("<pre><code><Dependency a='1'>x</Dependency></code></pre>") == (
        "<Dependency a='1'>x</Dependency>"
    )


def test_figure_with_caption() -> None:
    html = '<figure><img src="/p/photo.jpg" alt=""><figcaption>A caption</figcaption></figure>'
    assert show(html) == "[image: photo.jpg][2]\n\nA caption"


def test_text_beside_a_figure_image_is_its_caption() -> None:
    html = '<figure><img src="/p/a.jpg" alt>Who and where (agency)</figure><p>next</p>'
    assert show(html) == "[image: a.jpg][2]\nWho and where (agency)\n\nnext"
    caption = render_article(ARTICLE, html).body[1]
    assert all(str(span.style) == "italic" for span in caption.spans)


def test_image_placeholders_use_alt_then_file_name() -> None:
    assert show('<img src="a.png" alt="A [b]cat[/b]">') == "[image: A [b]cat[/b]][2]"
    assert show('<img src="https://x.example/dir/%E5%9B%BE.png?w=1">') == "[image: 图.png][2]"


def test_lazy_images_use_their_real_source() -> None:
    rendered = render_article(ARTICLE, '<img src="data:image/gif;base64,R0l" data-src="/r.jpg">')
    assert rendered.links[1].url == "https://news.example/r.jpg"


@pytest.mark.parametrize(
    "pixel",
    [
        '<img src="t.gif" width="1" height="1">',
        '<img src="t.gif" height="0">',
        '<img src="t.gif" style="width:1px;height:1px">',
        '<img src="t.gif" style="display:none">',
    ],
)
def test_tracking_pixels_are_dropped(pixel: str) -> None:
    rendered = render_article(ARTICLE, f"<p>text{pixel}</p>")
    assert show(f"<p>text{pixel}</p>") == "text"
    assert len(rendered.links) == 1


def test_emoji_images_show_their_text() -> None:
    assert show('<p>hi <img class="emoji" alt=":wave:" src="w.png"></p>') == "hi :wave:"


def test_scripts_styles_and_hidden_content_never_show() -> None:
    html = (
        "<script>var a = '<p>x</p>';</script><style>p{color:red}</style><noscript>NS</noscript>"
        "<template>T</template><div style='display: none'>H1</div><p hidden>H2</p><p>shown</p>"
    )
    assert show(html) == "shown"


def test_an_unclosed_hiding_element_does_not_swallow_the_article() -> None:
    assert show("<noscript><p>a</p><p>b</p>") == "a\n\nb"
    assert show("<div style='display:none'><p>rest</p>") == "rest"


def test_an_unclosed_comment_hides_the_rest_as_in_a_browser() -> None:
    assert show("<p>a</p><!-- x --><p>b</p><!-- never closed <p>c</p>") == "a\n\nb"


def test_iframes_become_numbered_placeholders() -> None:
    out = show('<iframe src="https://www.youtube.com/embed/abc">fallback</iframe>')
    assert out == "[embedded: www.youtube.com/embed/abc][2]"


def test_entities_are_decoded_and_markup_characters_are_text() -> None:
    assert show("<p>&lt;b&gt; &amp; &quot;q&quot; &#20013; [red]x[/red] \\*</p>") == (
        '<b> & "q" 中 [red]x[/red] \\*'
    )


def test_plain_text_bodies_keep_their_lines() -> None:
    assert show("<div>line one\nline two\n\n\nline three</div>") == (
        "line one\nline two\n\nline three"
    )


def test_chinese_wraps_between_characters_and_keeps_punctuation_attached() -> None:
    text = "这是一个很长的中文句子，用来测试换行。" * 3
    out = show(f"<p>{text}</p>", width=20)
    lines = out.splitlines()
    assert "".join(lines) == text
    assert all(not line.startswith(("，", "。")) for line in lines)
    assert all(len(line) * 2 <= 20 for line in lines)
    assert sum(len(line) * 2 >= 18 for line in lines) >= len(lines) - 1  # lines are full


def test_mixed_latin_words_are_not_split() -> None:
    out = show("<p>最近 SpringFox 3.0.0 发布了，距离上一次大版本足足有两年多时间了。</p>", width=20)
    assert any("SpringFox" in line for line in out.splitlines())


def test_head_image_is_first_unless_the_body_opens_with_it() -> None:
    article = Article(id="x", path="x.md", title="T", image="https://i.example/h.jpg")
    top = render_article(article, "<p>text</p>")
    assert top.plain_text.endswith("text") and top.body[0].plain == "[head image: h.jpg][1]"
    same = render_article(article, '<img src="https://i.example/h.jpg"><p>text</p>')
    assert same.body[0].plain == "[image: h.jpg][1]"


def test_oversized_bodies_are_cut_with_a_note() -> None:
    rendered = render_article(ARTICLE, "<p>" + "a " * (MAX_BODY_CHARS // 2 + 10) + "</p>")
    assert "The article is cut here" in rendered.body[-1].plain


def test_header_shows_metadata_in_local_time(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZ", "Asia/Shanghai")
    import time

    time.tzset()
    try:
        article = Article(
            id="x",
            path="x.md",
            title="标题 [bold]x[/bold]",
            author="作者",
            date=datetime(2022, 1, 11, 2, 11, tzinfo=UTC),
            categories=(("新媒体", "半岛网"), ("新闻",)),
            tags=("a", "b"),
        )
        header = render_header(article, 3).plain
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()
    assert header.splitlines() == [
        "标题 [bold]x[/bold]",
        "作者 · 2022-01-11 10:11 · 3 min read",
        "新媒体 / 半岛网 | 新闻",
        "Tags: a, b",
    ]


def test_file_dates_are_marked() -> None:
    article = Article(id="x", path="x.md", title="T", date=datetime.now(UTC), date_from_file=True)
    assert "(file date)" in render_header(article).plain


@pytest.mark.parametrize(
    ("text", "minutes"),
    [("", 1), ("中" * 400, 1), ("中" * 401, 2), ("word " * 440, 2), ("中" * 400 + " w" * 220, 2)],
    ids=["empty", "400-cjk", "401-cjk", "440-words", "mixed"],
)
def test_reading_minutes(text: str, minutes: int) -> None:
    assert reading_minutes(text) == minutes
