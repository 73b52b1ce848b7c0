"""Markdown files: a `README.md` is rendered as Markdown, archived HTML in `.md` files stays HTML.

The rule (core.markdown_body): a `.md`/`.markdown` body with a heading, a code fence or a table
rule, and no line outside code starting with an HTML block tag, is Markdown. HTML written inside
it (a Hexo post's links, images and `<!-- more -->`) is read as in any HTML body; scripts stay
hidden and unsafe links stay text.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from rich.console import Console, Group

from tui_reader.cli import main
from tui_reader.core.library.model import Article
from tui_reader.core.markdown_body import MAX_MARKDOWN_CHARS, body_html, is_markdown
from tui_reader.core.search.htmltext import html_to_text
from tui_reader.render.article import RenderedArticle, render_article

README = """# Project

Some `<table>` text, **bold** and a [link](https://example.org/x).

| key | does |
|---|---|
| `j` | down |
| `<b>` | bold tag |

```sh
echo "<p>not a tag</p>"
```
"""


def render(path: str, body: str) -> RenderedArticle:
    return render_article(Article(id="x", path=path, title="t"), body)


def laid_out(rendered: RenderedArticle) -> str:
    console = Console(width=80, file=io.StringIO(), force_terminal=False)
    with console.capture() as capture:
        console.print(Group(*rendered.body))
    return capture.get()


def test_a_readme_renders_its_table_as_a_table_and_keeps_tags_in_backticks() -> None:
    rendered = render("README.md", README)
    text = laid_out(rendered)
    assert "Some <table> text, bold and a link[1]." in text
    assert "│ <b> │ bold tag │" in text  # a table with its rows apart, the tag as written
    assert 'echo "<p>not a tag</p>"' in text
    assert "# Project" not in text and "|---|" not in text
    assert [link.url for link in rendered.links] == ["https://example.org/x"]


def test_scripts_and_unsafe_links_in_markdown_do_nothing() -> None:
    body = "# T\n\nText <script>alert(1)</script>\n\n[x](javascript:alert(1)) &#27;[2J\n"
    rendered = render("notes.markdown", body)
    assert "Text" in rendered.plain_text and "alert(1)</script>" not in rendered.plain_text
    assert "[x](javascript:alert(1))" in rendered.plain_text
    assert "\x1b" not in rendered.plain_text and not rendered.links


# A Hexo source post: Markdown with HTML inside its lines, none at the start of a line but a
# comment (`<!-- more -->` marks the end of the excerpt).
HEXO_POST = """Intro with <a href="https://example.org/a">a link</a> and a note<sup>1</sup>.

<!-- more -->

## Section

An image <img src="https://example.org/p.png" alt="a picture"> and <em>a word</em>.
"""


@pytest.mark.parametrize("path", ["post.md", "post.markdown"])
def test_html_inside_a_markdown_post_is_read_as_html(path: str) -> None:
    assert is_markdown(path, HEXO_POST)
    rendered = render(path, HEXO_POST)
    text = laid_out(rendered)
    for tag in ("<a ", "</a>", "<sup>", "<!--", "more -->", "<img", "<em>", "## Section"):
        assert tag not in text, tag
    assert "Intro with a link[1] and a note1." in text and "[image: a picture][2]" in text
    assert [link.url for link in rendered.links] == [
        "https://example.org/a",
        "https://example.org/p.png",
    ]
    searched = html_to_text(body_html(path, HEXO_POST))
    assert "<a " not in searched and "more -->" not in searched and "a picture" in searched


@pytest.mark.parametrize(
    ("path", "body"),
    [
        pytest.param("post.md", "<p>A Hexo post.</p>\n# not a heading\n", id="html block line"),
        pytest.param("post.md", "<div># heading inside html</div>\n", id="html on one line"),
        pytest.param("post.md", "Plain lines\nof a post\n", id="plain text"),
        pytest.param("page.html", "# Title\n\ntext\n", id="not a Markdown file"),
        pytest.param("notes.txt", "| a |\n|---|\n", id="text file"),
        pytest.param("big.md", "# T\n" + "x" * MAX_MARKDOWN_CHARS, id="too large"),
    ],
)
def test_bodies_that_are_not_clearly_markdown_are_read_as_before(path: str, body: str) -> None:
    assert not is_markdown(path, body)
    assert body_html(path, body) == body


def test_html_inside_a_code_fence_does_not_make_a_readme_html() -> None:
    assert is_markdown("README.md", "# Setup\n\n```html\n<div>example</div>\n```\n")
    assert is_markdown("Guide.MARKDOWN", "Intro\n\n~~~\n<p>x</p>\n~~~\n")


def test_search_reads_a_markdown_file_as_shown(tmp_path: Path) -> None:
    text = html_to_text(body_html("README.md", README))
    assert "Some <table> text, bold and a link." in text and "|---|" not in text


def test_show_prints_a_readme_without_front_matter_as_markdown(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    library = tmp_path / "library"
    library.mkdir()
    (library / "README.md").write_text(README, encoding="utf-8")
    assert main(["show", str(library / "README.md"), str(library), "--width", "60"]) == 0
    out = capsys.readouterr().out
    assert "│ <b> │ bold tag │" in out and "Some <table> text" in out
