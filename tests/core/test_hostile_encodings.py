"""Files in a mix of encodings, with stray bytes: read the way a browser would (a replacement
character only at the bad bytes, in the encoding the file fits), and the repair is reported as a
warning while the article stays listed."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from tui_reader.core.library import decoding
from tui_reader.core.library.library import Library
from tui_reader.core.library.model import ParseResult
from tui_reader.core.library.parse import parse_bytes

TITLE = "中文 GBK 标题"
TEXT = f"---\ntitle: {TITLE}\ndate: 2022-01-11\n---\n<p>这是正文，第一段。</p>\n"


def parsed(data: bytes) -> ParseResult:
    return parse_bytes(data, "a.md", 1_700_000_000 * 10**9, len(data))


def with_stray(data: bytes, stray: bytes, at: int) -> bytes:
    return data[:at] + stray + data[at:]


GBK = TEXT.encode("gbk")
UTF8 = TEXT.encode("utf-8")
GBK_END = GBK.index(b"</p>")
UTF8_END = UTF8.index(b"</p>")
IN_TITLE = GBK.index(b"GBK")
SPOILT = "中文 ��GBK 标题"
BOM = b"\xef\xbb\xbf"

# data, the encoding reported, how many bad bytes, the title read
STRAYED = {
    "gbk, a stray byte in the body": (with_stray(GBK, b"\xff", GBK_END), "GB18030", 1, TITLE),
    "gbk, two in the title": (with_stray(GBK, b"\xff\xff", IN_TITLE), "GB18030", 2, SPOILT),
    "gbk, a truncated last character": (GBK + "中".encode("gbk")[:1], "GB18030", 1, TITLE),
    "utf-8, a stray byte": (with_stray(UTF8, b"\xff", UTF8_END), "UTF-8", 1, TITLE),
    # GB18030 reads all of this without complaint, as mojibake: the UTF-8 around it decides
    "utf-8, a stray byte GB18030 takes": (with_stray(UTF8, b"\xa1", UTF8_END), "UTF-8", 1, TITLE),
    "utf-8 with a bom": (BOM + with_stray(UTF8, b"\xc3", UTF8_END), "UTF-8", 1, TITLE),
}  # fmt: skip


@pytest.mark.parametrize(("data", "name", "count", "title"), STRAYED.values(), ids=STRAYED.keys())
def test_stray_bytes_are_replaced_where_they_are_and_reported(
    data: bytes, name: str, count: int, title: str
) -> None:
    result = parsed(data)
    assert result.article is not None
    assert result.article.title == title
    (problem,) = result.problems
    assert not problem.skipped  # a warning: the article is listed
    assert name in problem.reason and f"{count} byte" in problem.reason
    assert decoding.decode(data).text.count("\ufffd") == count


def test_utf16_with_a_lone_surrogate_is_reported() -> None:
    data = TEXT.encode("utf-16-le")
    data = b"\xff\xfe" + data[:-4] + b"\x00\xd8" + data[-4:]  # a high surrogate alone
    result = parsed(data)
    assert result.article is not None and result.article.title == TITLE
    assert [p.reason for p in result.problems] == [
        "text repaired: 1 byte not valid UTF-16, shown as \ufffd"
    ]


@pytest.mark.parametrize(
    "data",
    [GBK, UTF8, TEXT.encode("gb18030"), TEXT.encode("utf-16"), BOM + UTF8,
     TEXT.replace("正文", "\ufffd").encode()],  # a replacement character written by the author
)  # fmt: skip
def test_clean_text_is_not_reported(data: bytes) -> None:
    result = parsed(data)
    assert result.article is not None and result.article.title == TITLE
    assert result.problems == []


def test_the_repaired_article_is_listed_with_its_warning(tmp_path: Path) -> None:
    (tmp_path / "mixed.md").write_bytes(STRAYED["gbk, two in the title"][0])
    snapshot = Library(tmp_path).scan()
    assert [a.title for a in snapshot.articles] == [SPOILT]
    (problem,) = snapshot.problems
    assert problem.path == "mixed.md" and not problem.skipped
    assert "GB18030" in problem.reason


def test_the_reader_shows_the_same_repaired_body(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_bytes(with_stray(GBK, b"\xff", GBK_END))
    library = Library(tmp_path)
    body = library.body(library.scan().articles[0])
    assert body.startswith("<p>这是正文") and body.count("\ufffd") == 1


def _cost(data: bytes) -> float:
    best = float("inf")
    for _ in range(5):
        start = time.perf_counter()
        decoding.decode(data)
        best = min(best, time.perf_counter() - start)
    return best


@pytest.mark.parametrize("stray_every", [1000, 7])
def test_decoding_cost_is_linear(stray_every: int) -> None:
    def gbk_with_strays(size: int) -> bytes:
        chunk = ("中文正文" * 100).encode("gbk")[: stray_every - 1] + b"\xff"
        return (chunk * (size // len(chunk) + 1))[:size]

    small, large = _cost(gbk_with_strays(1_000_000)), _cost(gbk_with_strays(8_000_000))
    assert large / small < 32  # linear is 8 (up to about 20 on a loaded machine); quadratic 64
