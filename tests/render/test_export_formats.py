"""Digests as Markdown, HTML and EPUB (tui_reader/render/export): from the real sample articles
(Chinese and English) and from hostile bodies. HTML is checked by parsing it: no script, style,
frame or form, no event attribute, no link but http/https/mailto, no remote load without
`images`, no ESC, C1 or bidi control. EPUB is read back with ebooklib and checked as a zip;
Markdown is parsed with markdown-it and its titles, links and headings compared."""

from __future__ import annotations

import html.parser
import io
import re
import zipfile
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from tui_reader.core.library.api import Article, Library
from tui_reader.core.sanitize import BIDI_CONTROLS
from tui_reader.render.export.digest import article_tree, write_digest
from tui_reader.render.export.document import plain_text
from tui_reader.render.export.entry import guess_language

ebooklib = pytest.importorskip("ebooklib")  # the `epub` extra, in the `test` extra
from ebooklib import epub  # noqa: E402

SAMPLE_LIBRARY = Path(__file__).resolve().parents[2] / "tui_reader" / "sample_library"
SAMPLES = Path(__file__).resolve().parents[1] / "samples"
UNSAFE_TEXT = re.compile(f"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f{BIDI_CONTROLS}]")
ALLOWED_TAGS = set(
    "html head meta title style body h1 h2 h3 h4 h5 h6 nav ol ul li a span p article div "
    "strong em code del sub sup mark q ruby rt rp blockquote pre hr br table caption thead tbody "
    "tfoot tr td th dl dt dd figure figcaption img".split()
)


def scanned(folder: Path) -> tuple[Library, list[Article]]:
    library = Library(folder)
    articles = sorted(library.scan().articles, key=lambda a: (-a.timestamp, a.path))
    return library, articles


class Elements(html.parser.HTMLParser):
    """Every start tag with its attributes, and all the text, of an HTML page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, {name: value or "" for name, value in attrs}))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parsed(page: str) -> Elements:
    elements = Elements()
    elements.feed(page)
    elements.close()
    return elements


def assert_safe_html(page: str, *, images: bool) -> Elements:
    assert not UNSAFE_TEXT.search(page)  # not in text, not in attributes, nowhere
    assert not re.search(r"<a [^>]*>(?:(?!</a>).)*<a ", page, re.S)  # no link inside a link
    elements = parsed(page)
    for tag, attrs in elements.tags:
        assert tag in ALLOWED_TAGS, tag
        for name in attrs:
            assert not name.startswith("on"), (tag, name)
            assert name in {"lang", "charset", "http-equiv", "content", "name", "href", "id",
                            "class", "aria-label", "src", "alt", "loading", "start", "colspan",
                            "rowspan"}, (tag, name)  # fmt: skip
        if tag == "a":
            href = attrs["href"]
            assert href.startswith(("http://", "https://", "mailto:", "#article-")), href
        if tag == "img":
            assert images and attrs["src"].startswith(("http://", "https://")), attrs
        if tag == "meta" and attrs.get("http-equiv"):
            policy = attrs["content"]
            assert "default-src 'none'" in policy and "script" not in policy
            assert ("img-src http: https:" if images else "img-src 'none'") in policy
    return elements


def digest(articles: list[Article], library: Library, form: str, **options: object) -> str:
    out = io.StringIO()
    write_digest(articles, library.body, form, out, title="Digest", **options)  # type: ignore[arg-type]
    return out.getvalue()


# ---- the sample articles


@pytest.mark.parametrize("folder", [SAMPLE_LIBRARY, SAMPLES], ids=["sample_library", "samples"])
@pytest.mark.parametrize("images", [False, True])
def test_html_digest_of_the_samples_is_safe_and_complete(folder: Path, images: bool) -> None:
    library, articles = scanned(folder)
    page = digest(articles, library, "html", images=images)
    elements = assert_safe_html(page, images=images)
    text = "".join(elements.text)
    contents = [attrs["href"] for tag, attrs in elements.tags if tag == "a"][: len(articles)]
    assert contents == [f"#article-{n}" for n in range(1, len(articles) + 1)]  # contents first
    anchors = [a["id"] for tag, a in elements.tags if tag == "article"]
    assert anchors == [f"article-{n}" for n in range(1, len(articles) + 1)]
    for article in articles:
        assert " ".join(article.title.split()) in text
    langs = [attrs["lang"] for tag, attrs in elements.tags if tag == "article"]
    assert "zh" in langs and "en" in langs


def test_html_keeps_the_structure_the_reader_shows() -> None:
    library, articles = scanned(SAMPLE_LIBRARY)
    welcome = [a for a in articles if a.title == "Welcome to tui-reader"]
    elements = parsed(digest(welcome, library, "html"))
    tags = [tag for tag, _ in elements.tags]
    assert "h4" in tags and "pre" in tags and "strong" in tags and "em" in tags  # h2 → h4


@pytest.mark.parametrize("folder", [SAMPLE_LIBRARY, SAMPLES], ids=["sample_library", "samples"])
def test_markdown_digest_parses_back_to_its_titles_and_links(folder: Path) -> None:
    library, articles = scanned(folder)
    text = digest(articles, library, "markdown")
    tokens = MarkdownIt("commonmark").parse(text)
    assert not [t for t in tokens if t.type in ("html_block", "html_inline")]
    inline = _inline(tokens)
    headings = [inline[i + 1] for i, t in enumerate(tokens) if t.type == "heading_open"]
    assert headings[0] == "Digest"
    titles = [
        inline[i + 1] for i, t in enumerate(tokens) if t.type == "heading_open" and t.tag == "h2"
    ]
    assert titles == [f"{n}. {' '.join(a.title.split())}" for n, a in enumerate(articles, 1)]
    links = [
        attrs["href"]
        for t in tokens
        for child in (t.children or [])
        if child.type == "link_open" and (attrs := dict(child.attrs))  # type: ignore[arg-type]
    ]
    assert links and all(str(h).startswith(("http://", "https://", "mailto:")) for h in links)
    for article in articles:
        if article.link.startswith("http"):
            assert article.link in links or any(article.link in str(h) for h in links)


def _inline(tokens: list) -> dict[int, str]:  # type: ignore[type-arg]
    """The text of each inline token, by position (link text included, markup not)."""
    return {
        i: "".join(c.content for c in (t.children or []) if c.type in ("text", "code_inline"))
        for i, t in enumerate(tokens)
        if t.type == "inline"
    }


@pytest.mark.parametrize("folder", [SAMPLE_LIBRARY, SAMPLES], ids=["sample_library", "samples"])
def test_epub_reads_back_as_a_valid_book(folder: Path, tmp_path: Path) -> None:
    library, articles = scanned(folder)
    target = tmp_path / "digest.epub"
    done = write_digest(articles, library.body, "epub", target, title="数字摘要")
    assert done.count == len(articles) and target.exists()
    with zipfile.ZipFile(target) as archive:
        first = archive.infolist()[0]
        assert first.filename == "mimetype" and first.compress_type == zipfile.ZIP_STORED
        assert archive.read("mimetype") == b"application/epub+zip"
        assert first.extra == b""  # readers find the type at byte 38
        names = archive.namelist()
        opf = archive.read(next(n for n in names if n.endswith(".opf"))).decode()
    assert 'version="3.0"' in opf
    book = epub.read_epub(str(target))
    chapters = [item for item in book.get_items_of_type(ebooklib.ITEM_DOCUMENT)
                if item.file_name.startswith("article-")]  # fmt: skip
    assert len(chapters) == len(articles)
    navs = list(book.get_items_of_type(ebooklib.ITEM_NAVIGATION))
    assert navs
    raw: dict[str, str] = {}
    with zipfile.ZipFile(target) as archive:  # as written (ebooklib rewrites what it reads)
        for name in archive.namelist():
            raw[name.rpartition("/")[2]] = archive.read(name).decode("utf-8", "replace")
    for chapter, article in zip(sorted(chapters, key=lambda c: c.file_name), articles, strict=True):
        content = raw[chapter.file_name]
        assert " ".join(article.title.split()) in _unescaped(content)
        tree = article_tree(article, library.body(article))
        expected = guess_language(f"{article.title} {plain_text(tree)}", "")
        if expected:  # else (no letters at all) the book's language
            assert f'lang="{expected}"' in content and f'xml:lang="{expected}"' in content
        assert "<script" not in content and not re.search(r"\son\w+=", content)
    from lxml import etree  # ebooklib's own dependency

    for name, text in raw.items():
        if name.endswith((".xhtml", ".opf", ".ncx")):
            etree.fromstring(text.encode("utf-8"))  # well-formed XML, as EPUB requires
    spine = re.findall(r'<itemref idref="([^"]+)"', raw["content.opf"])
    assert spine[0] == "nav" and len(spine) == len(articles) + 1  # contents first
    nav_links = re.findall(r'<a href="(article-\d+\.xhtml)"', raw["nav.xhtml"])
    assert nav_links == [f"article-{n:06d}.xhtml" for n in range(1, len(articles) + 1)]
    zh = [c for c in chapters if 'lang="zh"' in raw[c.file_name]]
    assert zh and len(zh) < len(chapters)  # Chinese chapters say so, English ones do not


def _unescaped(text: str) -> str:
    import html

    return html.unescape(text)


# ---- hostile bodies

HOSTILE_BODY = """
<p onclick="steal()">Hello <a href="javascript:alert(1)" onmouseover="x()">js link</a>
<a href=" JaVaScRiPt:alert(2)">spaced js</a> <a href="data:text/html,<script>x</script>">data</a>
<a href="vbscript:x">vb</a> <a href="file:///etc/passwd">file</a>
<a href="https://ok.example/a?b=1&c=<2>" title="t">good link</a>
<a href="mailto:me@example.com">mail</a> <a href="/relative">relative</a></p>
<img src="x" onerror="alert(3)"><img src="data:image/png;base64,AAAA" alt="data image">
<img src="https://img.example/p.png" alt="remote" style="width:100px">
<script>alert(4)</script><style>body{display:none}</style>
<iframe src="https://evil.example/frame"></iframe><object data="x.swf"></object>
<embed src="javascript:alert(5)"><form action="https://evil.example"><input name=a>
<button formaction="javascript:x">b</button></form>
<svg onload="alert(6)"><script>alert(7)</script></svg>
<math><mi xlink:href="javascript:alert(8)">x</mi></math>
<p style="background:url(https://track.example/p.gif)">styled</p>
<table background="https://track.example/t.gif"><tr><td>cell | pipe</td></tr></table>
<p>ESC \x1b[31mred\x1b[0m C1 \x9b31m bidi \u202eevil\u202c &#27;[2J &#x9b;</p>
<noscript><img src="https://track.example/n.gif"></noscript>
<a href="https://ok.example/x" onclick="y">x<img src="https://img.example/in-link.png">
<video src="https://video.example/v.mp4"></video></a>
<base href="https://evil.example/"><link rel=stylesheet href="https://evil.example/s.css">
<meta http-equiv="refresh" content="0;url=https://evil.example">
"""


def hostile_article(tmp_path: Path) -> tuple[list[Article], Callable[[Article], str]]:
    body = HOSTILE_BODY
    article = Article(
        id="hostile",
        path="hostile.html",
        title='Evil \x1b]0;owned\x07 <script>alert("t")</script> **bold** [x](javascript:y) #'
        " \u202e",
        categories=(("Feeds", "Bad <b>source</b>"),),
        author="<img src=x onerror=alert(1)>",
        date=datetime(2024, 1, 2, tzinfo=UTC),
        link="javascript:alert('link')",
        image="https://img.example/head.png",
    )
    other = replace(article, id="second", title="Fine", link="https://news.example/a/b.html")
    return [article, other], lambda a: body


@pytest.mark.parametrize("images", [False, True])
def test_html_from_hostile_bodies_is_sanitised(tmp_path: Path, images: bool) -> None:
    articles, body = hostile_article(tmp_path)
    out = io.StringIO()
    write_digest(articles, body, "html", out, title="Digest \x1b[2J", images=images)
    page = out.getvalue()
    elements = assert_safe_html(page, images=images)
    hrefs = {attrs["href"] for tag, attrs in elements.tags if tag == "a"}
    assert "https://ok.example/a?b=1&c=<2>" in hrefs and "mailto:me@example.com" in hrefs
    assert "https://news.example/relative" in hrefs  # resolved against the second article's link
    assert "https://evil.example/frame" in hrefs  # a frame is a link to it, as in the reader
    hrefs.discard("https://evil.example/frame")
    assert not any("track.example" in h or "evil.example" in h for h in hrefs)
    srcs = {attrs["src"] for tag, attrs in elements.tags if tag == "img"}
    assert srcs == (
        {
            "https://img.example/p.png",
            "https://img.example/in-link.png",
            "https://img.example/head.png",
            "https://news.example/a/x",
        }  # `x`, resolved
        if images
        else set()
    )
    text = "".join(elements.text)
    assert '<script>alert("t")</script>' in text  # the title, as text
    assert "red" in text and "evil" in text and "cell | pipe" in text


def test_epub_from_hostile_bodies_is_sanitised(tmp_path: Path) -> None:
    articles, body = hostile_article(tmp_path)
    target = tmp_path / "hostile.epub"
    write_digest(articles, body, "epub", target, title="Digest", images=True)
    from lxml import etree

    with zipfile.ZipFile(target) as archive:
        for name in archive.namelist():
            if name.endswith(".xhtml"):  # as written: well-formed, nothing unsafe
                text = archive.read(name).decode("utf-8")
                etree.fromstring(text.encode("utf-8"))
                assert "<script" not in text and not UNSAFE_TEXT.search(text)
    book = epub.read_epub(str(target))
    for item in book.get_items_of_type(ebooklib.ITEM_DOCUMENT):
        content = item.get_content().decode()
        assert not UNSAFE_TEXT.search(content)
        elements = parsed(content)
        for tag, attrs in elements.tags:
            assert tag not in ("script", "iframe", "object", "embed", "form", "img", "style")
            assert not any(name.startswith("on") for name in attrs)
            if tag == "a" and "href" in attrs:
                href = attrs["href"]
                assert href.startswith(("http://", "https://", "mailto:")) or not re.match(
                    r"[a-z]+:", href
                ), href


def test_markdown_escapes_what_an_article_says(tmp_path: Path) -> None:
    articles, body = hostile_article(tmp_path)
    out = io.StringIO()
    write_digest(articles, body, "markdown", out, title="Digest")
    text = out.getvalue()
    assert not UNSAFE_TEXT.search(text)
    tokens = MarkdownIt("commonmark").enable("table").parse(text)
    assert not [t for t in tokens if t.type in ("html_block", "html_inline")]
    inline = _inline(tokens)
    headings = [inline[i + 1] for i, t in enumerate(tokens) if t.type == "heading_open"]
    title = 'Evil <script>alert("t")</script> **bold** [x](javascript:y) #'  # OSC dropped
    assert f"1. {title}" in headings  # every metacharacter shown as itself
    hrefs = [
        dict(c.attrs)["href"]  # type: ignore[arg-type]
        for t in tokens
        for c in (t.children or [])
        if c.type == "link_open"
    ]
    assert hrefs and all(str(h).startswith(("https://", "mailto:")) for h in hrefs), hrefs
    assert not any(c.type == "image" for t in tokens for c in (t.children or []))
    assert any(t.type == "table_open" for t in tokens)


@pytest.mark.parametrize(
    "title",
    [
        "# not a heading", "- not a list", "1. not a list", "2024) neither", "> not a quote",
        "a *b* _c_ `d` <e> [f](g) ![h](i) &amp; \\ | ~~k~~", "+ plus", "===",
        "``` fence", "    four spaces", "<!-- comment -->", "**注意：**后文",
    ],
)  # fmt: skip
def test_markdown_metacharacters_in_titles_and_bodies_are_text(title: str) -> None:
    article = Article(id="t", path="t.html", title=title, date=datetime(2024, 1, 2, tzinfo=UTC))
    from html import escape

    body = f"<p>{escape(title)}</p><ul><li>{escape(title)}</li></ul><blockquote>{escape(title)}"
    out = io.StringIO()
    write_digest([article], lambda a: body, "markdown", out, title=title)
    tokens = MarkdownIt("commonmark").parse(out.getvalue())
    assert not [t for t in tokens if t.type in ("html_block", "html_inline", "code_block", "fence")]
    inline = _inline(tokens)
    shown = " ".join(title.split())
    texts = list(inline.values())
    assert texts[0] == shown  # the digest's title
    assert texts.count(shown) == 4  # and the paragraph, list item and quote, as written
    assert f"1. {shown}" in texts  # the article's heading


def test_markdown_keeps_code_and_emphasis() -> None:
    article = Article(id="c", path="c.html", title="Code", date=datetime(2024, 1, 2, tzinfo=UTC))
    body = (
        "<p>Use <code>a `tick` b</code> and <strong>bold</strong> and <em>it</em>.</p>"
        "<pre>line ``` one\n  <b>two</b>\n</pre><h2>Sub</h2><ol start=3><li>three</li></ol>"
    )
    out = io.StringIO()
    write_digest([article], lambda a: body, "markdown", out, title="T")
    tokens = MarkdownIt("commonmark").parse(out.getvalue())
    children = [c for t in tokens for c in (t.children or [])]
    assert [c.content for c in children if c.type == "code_inline"] == ["a `tick` b"]
    assert any(c.type == "strong_open" for c in children)
    assert any(c.type == "em_open" for c in children)
    fences = [t.content for t in tokens if t.type == "fence"]
    assert fences == ["line ``` one\n  two\n"]
    assert any(t.type == "heading_open" and t.tag == "h4" for t in tokens)  # h2 → h4
    ordered = [t for t in tokens if t.type == "ordered_list_open"][-1]  # after the contents
    assert ordered.attrGet("start") == 3


def test_language_guess() -> None:
    assert guess_language("美俄会谈在日内瓦落幕 NATO") == "zh"
    assert guess_language("The quick brown fox 的") == "en"
    assert guess_language("ひらがなと漢字") == "ja"
    assert guess_language("", "und") == "und"


def test_a_body_that_cannot_be_read_is_said_and_the_rest_exported(tmp_path: Path) -> None:
    library, articles = scanned(SAMPLE_LIBRARY)
    gone = articles[1]

    def body(article: Article) -> str:
        if article is gone:
            raise PermissionError(13, "Permission denied")
        return library.body(article)

    target = tmp_path / "d.html"
    done = write_digest(articles, body, "html", target, title="T")
    assert done.unreadable == [gone.path] and done.count == len(articles)
    assert "could not be read: Permission denied" in target.read_text(encoding="utf-8")


def test_a_failed_export_leaves_no_file_and_keeps_the_old_one(tmp_path: Path) -> None:
    library, articles = scanned(SAMPLE_LIBRARY)
    target = tmp_path / "d.md"
    target.write_text("old digest", encoding="utf-8")

    def failing(done: int, total: int) -> None:
        if done == 3:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        write_digest(articles, library.body, "markdown", target, title="T", progress=failing)
    assert target.read_text(encoding="utf-8") == "old digest"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["d.md"]  # no temporary file left


def test_a_long_epub_has_its_contents_in_parts(tmp_path: Path) -> None:
    """Past 100 chapters the contents come in parts of 100 ("1–100", "101–200", …): ebooklib's
    NCX writer looks through the entries before each new one, quadratic over a flat list."""
    start = datetime(2024, 1, 1, tzinfo=UTC)
    listed = [
        Article(id=f"a{n}", path=f"a/{n}.html", title=f"Title {n}", date=start) for n in range(250)
    ]
    target = tmp_path / "long.epub"
    write_digest(listed, lambda a: "<p>text</p>", "epub", target, title="Long")
    with zipfile.ZipFile(target) as archive:
        nav = archive.read("EPUB/nav.xhtml").decode("utf-8")
        ncx = archive.read("EPUB/toc.ncx").decode("utf-8")
    links = re.findall(r'<a href="(article-\d+\.xhtml)">', nav)
    expected = [f"article-{n:06d}.xhtml" for n in range(1, 251)]
    assert list(dict.fromkeys(links)) == expected  # every chapter, in order
    assert re.findall(r"<a href=\"[^\"]+\">(\d+–\d+)</a>", nav) == ["1–100", "101–200", "201–250"]
    navmap = ncx[ncx.index("<navMap>") :]
    assert navmap.count("<navPoint") == 253  # 3 parts and 250 chapters
