"""EPUB digests pass W3C's EPUBCheck, the validator e-book stores and readers go by: from the
sample articles (Chinese and English), from hostile titles and bodies, and a book long enough
for its contents to come in parts. EPUBCheck is Java (Debian's `epubcheck`, which .ci/run
installs); where it is not installed these tests skip and say so."""

from __future__ import annotations

import shutil
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tui_reader.core.library.api import Article, Library
from tui_reader.render.export.digest import write_digest

pytest.importorskip("ebooklib")  # the `epub` extra, in the `test` extra

ROOT = Path(__file__).resolve().parents[2]
JARS = (Path("/usr/share/java/epubcheck.jar"),)  # Debian's; its /usr/bin/epubcheck is the jar
HOSTILE_BODY = (
    '<p onclick="x()">中文正文 \x1b[2J and \x9b C1</p><script>alert(1)</script>'
    '<a href="javascript:alert(2)">js</a><svg onload="alert(3)"><a>svg</a></svg>'
    '<iframe src="https://evil.example"></iframe><form action="https://evil.example"></form>'
    "<table><tr><td>a|b</td><td>]]&gt; &amp;nbsp; &#0; &#x1F;</td></tr></table>"
    '<pre>code ``` ]]></pre><img src="https://img.example/x.png" onerror="y()">'
)


def epubcheck() -> list[str]:
    java = shutil.which("java")
    jar = next((path for path in JARS if path.is_file()), None)
    if java is None or jar is None:
        pytest.skip("EPUBCheck is not installed (Debian: apt-get install epubcheck)")
    return [java, "-jar", str(jar)]


def assert_valid(book: Path) -> None:
    result = subprocess.run(
        [*epubcheck(), str(book)], capture_output=True, text=True, timeout=300, check=False
    )
    said = result.stdout + result.stderr
    assert result.returncode == 0 and "No errors or warnings detected" in said, said


@pytest.mark.parametrize(
    "folder", [ROOT / "tui_reader" / "sample_library", ROOT / "tests" / "samples"],
    ids=["sample_library", "samples"],
)  # fmt: skip
def test_the_samples_make_a_valid_book(folder: Path, tmp_path: Path) -> None:
    library = Library(folder)
    articles = sorted(library.scan().articles, key=lambda a: (-a.timestamp, a.path))
    book = tmp_path / "samples.epub"
    write_digest(articles, library.body, "epub", book, title="样本 & <samples>")
    assert_valid(book)


def test_hostile_titles_and_bodies_make_a_valid_book(tmp_path: Path) -> None:
    hostile = Article(
        id="hostile",
        path="hostile.html",
        title='Evil \x1b]0;owned\x07 <script>x</script> ]]> -- "#" \u202e 中文',
        categories=(("Feeds", "Bad <b>source</b> &"),),
        author="<img src=x onerror=alert(1)>",
        date=datetime(2024, 1, 2, tzinfo=UTC),
        link="javascript:alert('link')",
    )
    book = tmp_path / "hostile.epub"
    write_digest([hostile], lambda a: HOSTILE_BODY, "epub", book, title="\x01 <T> &")
    assert_valid(book)


def test_a_book_with_its_contents_in_parts_is_valid(tmp_path: Path) -> None:
    start = datetime(2024, 1, 1, tzinfo=UTC)
    listed = [
        Article(id=f"a{n}", path=f"a/{n}.html", title=f"标题 {n}", date=start) for n in range(250)
    ]
    book = tmp_path / "long.epub"
    write_digest(listed, lambda a: "<p>正文 text</p>", "epub", book, title="Long")
    assert_valid(book)
