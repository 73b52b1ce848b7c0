"""Front matter built to break the parser: numbers too long for Python, values of the wrong shape,
old Mac line endings, repeated byte order marks. The file is always kept (or reported with a
reason), and `show`, `list` and the reader split it at the same place."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from tui_reader.cli import main
from tui_reader.core import frontmatter_split
from tui_reader.core.library import Library
from tui_reader.core.model import Article, ParseResult
from tui_reader.core.parse import INTERNAL_ERROR, parse_bytes

MTIME_NS = 1_700_000_000 * 10**9
HUGE = "9" * 5000


def parsed(text: str) -> ParseResult:
    data = text.encode()
    return parse_bytes(data, "a.md", MTIME_NS, len(data))


def kept(text: str) -> Article:
    result = parsed(text)
    assert result.article is not None, result.problems
    assert not any(INTERNAL_ERROR in problem.reason for problem in result.problems)
    return result.article


# --- values that Python or the date layer refuse ------------------------------------------------


@pytest.mark.parametrize(
    "title",
    [HUGE, f"-{HUGE}", f"+{HUGE}", "1" + "_0" * 3000, "0x" + "f" * 5000, "0o" + "7" * 6000],
)
def test_a_huge_integer_title_is_kept_as_written(title: str) -> None:
    article = kept(f"---\ntitle: {title}\ndate: 2022-01-01\n---\nbody\n")
    assert article.title == title
    assert not article.date_from_file


@pytest.mark.parametrize(
    "title", ["1.0e+99999", "-1.5e99999", f"{HUGE}.5", f"1{':30' * 3000}", f"!!int {HUGE}"]
)
def test_huge_floats_sexagesimals_and_tagged_numbers_are_kept_as_written(title: str) -> None:
    article = kept(f"---\ntitle: {title}\ndate: 2022-01-01\n---\nbody\n")
    assert article.title == title.removeprefix("!!int ")
    assert not article.date_from_file


@pytest.mark.parametrize(
    "date", [HUGE, f"-{HUGE}", "1.0e+99999", ".inf", "-.nan", f"{HUGE}.0", "[2022, 1]", "{a: 1}"]
)
def test_a_date_of_no_use_falls_back_to_the_file_time(date: str) -> None:
    article = kept(f"---\ntitle: t\ndate: {date}\n---\nbody\n")
    assert article.title == "t"
    assert article.date_from_file
    assert article.date is not None and article.date.timestamp() == MTIME_NS / 1e9


@pytest.mark.parametrize(
    "front",
    [
        f"author: {HUGE}",
        f"tags: [{HUGE}, news]",
        f"tags:\n  - {HUGE}\n  - news",
        f"categories: [{HUGE}]",
        f"categories: {{{HUGE}: news}}",
        f"{HUGE}: key",
        f"link: {HUGE}",
        f"updated: {HUGE}",
    ],
)
def test_huge_integers_anywhere_keep_the_file(front: str) -> None:
    article = kept(f"---\ntitle: t\n{front}\n---\nbody\n")
    assert article.title == "t"


@pytest.mark.parametrize(
    ("front", "title"),
    [
        ("title: {a: [1, 2]}", "a"),  # a mapping is no title: the file name stands in
        ("title: [one, two]", "a"),
        ("title: !!binary aGVsbG8=", "b'hello'"),
        ("title: !!set {x}", "{'x'}"),
        ("title: !!omap [x: 1]", "a"),
        ("title: 2022-01-01", "2022-01-01"),
        ("title: true", "True"),
        ("title: ~", "a"),
    ],
)
def test_titles_of_any_shape(front: str, title: str) -> None:
    assert kept(f"---\n{front}\n---\nbody\n").title == title


@pytest.mark.parametrize(
    ("front", "tags"),
    [
        ("tags: {x: 1, y: [2]}", ()),
        ("tags: [[a, b], c, {d: e}]", ("c",)),
        ("tags: !!set {x}", ("{'x'}",)),
        ("tags: 7", ("7",)),
    ],
)
def test_tags_of_any_shape(front: str, tags: tuple[str, ...]) -> None:
    assert kept(f"---\ntitle: t\n{front}\n---\nbody\n").tags == tags


# --- one split for the scan, the reader and `show` ----------------------------------------------

FRONT = "---\ntitle: 同一个标题\ndate: 2022-01-11 02:11:30\n---\n"
BODY = "<p>正文第一段。</p>\n<p>second</p>\n"
BOM = b"\xef\xbb\xbf"
LINE_ENDINGS = {
    "cr only": lambda t: t.replace("\n", "\r").encode(),
    "crlf": lambda t: t.replace("\n", "\r\n").encode(),
    "double bom": lambda t: BOM + BOM + t.encode(),
    "triple bom and cr": lambda t: BOM * 3 + t.replace("\n", "\r").encode(),
    "bom after blank lines": lambda t: b"\n\n" + BOM + t.encode(),
    "utf-16 and cr": lambda t: t.replace("\n", "\r").encode("utf-16"),
    "mixed endings": lambda t: t.replace("\n", "\r", 2).replace("\n", "\r\n", 3).encode(),
}


@pytest.mark.parametrize("encode", LINE_ENDINGS.values(), ids=LINE_ENDINGS.keys())
def test_show_list_and_reader_split_the_same_way(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], encode
) -> None:
    root = tmp_path / "library"
    root.mkdir()
    (root / "a.md").write_bytes(encode(FRONT + BODY))

    assert main(["list", str(root), "--json"]) == 0
    (line,) = capsys.readouterr().out.splitlines()
    listed = json.loads(line)
    assert listed["title"] == "同一个标题"
    assert listed["date"].startswith("2022-01-11")

    assert main(["show", str(root / "a.md"), "--width", "80"]) == 0
    shown = capsys.readouterr().out
    assert shown.startswith("同一个标题\n")
    assert "正文第一段。" in shown
    assert "title:" not in shown and "---" not in shown

    library = Library(root)
    article = library.scan().by_path["a.md"]
    assert article.title == "同一个标题"
    assert library.body(article).replace("\ufeff", "") == BODY


def test_read_document_is_what_the_scanner_reads() -> None:
    data = BOM + BOM + (FRONT + BODY).replace("\n", "\r").encode()
    document = frontmatter_split.read_document(data)
    assert document.front == "title: 同一个标题\ndate: 2022-01-11 02:11:30\n"
    assert document.body == BODY
    result = parse_bytes(data, "a.md", MTIME_NS, len(data))
    assert result.article is not None and result.article.title == "同一个标题"


# --- cost -----------------------------------------------------------------------------------------


def _cost(text: str) -> float:
    data = text.encode()
    best = float("inf")
    for _ in range(5):
        start = time.perf_counter()
        parse_bytes(data, "a.md", MTIME_NS, len(data))
        best = min(best, time.perf_counter() - start)
    return best


SHAPES = {
    # trailing-space runs once made the fast reader retry the rest of the line at every space
    "spaces in a value": lambda n: f"---\ntitle: a{' ' * n}b\n---\nx",
    "spaces in a list item": lambda n: f"---\ntags:\n  - a{' ' * n}b\n---\nx",
    "many long numbers": lambda n: (
        "---\n" + "".join(f"k{i}: {'7' * 90}\n" for i in range(n // 95)) + "---\nx"
    ),
    "many huge numbers": lambda n: (
        "---\n" + "".join(f"k{i}: [{'7' * 5000}]\n" for i in range(n // 5008)) + "---\nx"
    ),
}


@pytest.mark.parametrize("make", SHAPES.values(), ids=SHAPES.keys())
def test_cost_is_linear_in_size(make) -> None:
    small, large = _cost(make(1_000_000)), _cost(make(8_000_000))
    assert large / small < 32  # linear is 8 (up to about 20 on a loaded machine); quadratic 64
