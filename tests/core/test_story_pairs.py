"""Story folding on the labelled pairs of tests/stories/pairs: no non-copy is ever folded, and
copies are found above a stated floor (figures in BENCHMARKS.md, "Story folding")."""

from __future__ import annotations

from pathlib import Path

import pytest

from tui_reader.core.library.parse import parse_bytes, read_body
from tui_reader.core.markdown_body import body_html
from tui_reader.core.search import stories

PAIRS = Path(__file__).resolve().parent.parent / "stories" / "pairs"
RECALL_FLOOR = 0.9


def _signature(path: Path) -> bytes | None:
    article = parse_bytes(path.read_bytes(), path.name, 0, 0).article
    assert article is not None
    return stories.text_signature(article.title, body_html(path.name, read_body(path)))


def _score(pair: Path) -> float:
    a, b = _signature(pair / "a.md"), _signature(pair / "b.md")
    return 0.0 if a is None or b is None else stories.similarity(a, b)


COPIES = sorted(p for p in PAIRS.iterdir() if p.name.startswith("copy-"))
DISTINCT = sorted(p for p in PAIRS.iterdir() if p.name.startswith("distinct-"))


def test_the_labelled_set_is_large_enough() -> None:
    assert len(COPIES) >= 20 and len(DISTINCT) >= 20
    kinds = {p.name.split("-")[1] for p in DISTINCT}
    assert {"column", "episode", "windows", "manual"} <= kinds


@pytest.mark.parametrize("pair", DISTINCT, ids=lambda p: p.name)
def test_no_non_copy_is_folded(pair: Path) -> None:
    assert _score(pair) < stories.THRESHOLD


def test_recall_above_the_floor() -> None:
    found = [pair.name for pair in COPIES if _score(pair) >= stories.THRESHOLD]
    assert len(found) / len(COPIES) >= RECALL_FLOOR, sorted({p.name for p in COPIES} - set(found))


def test_a_copy_in_the_other_script_is_the_same_story() -> None:
    traditional = [p for p in COPIES if "們" in (p / "b.md").read_text("utf-8")]
    assert traditional, "the set holds a traditional-script repost"
    assert all(_score(pair) >= stories.THRESHOLD for pair in traditional)


def test_link_only_lines_weigh_nothing() -> None:
    body = "<p>正文第一段，讲的是一件事。</p><p><a href='x'>相关文章：另一件事</a></p>"
    text = stories.story_text("标题", body)
    assert "正文第一段" in text and "相关文章" not in text
    # a link inside a sentence is text of the sentence
    assert "另一件事" in stories.story_text("t", "<p>据 <a href='y'>另一件事</a> 报道</p>")


def test_an_unclosed_link_keeps_the_text() -> None:
    text = stories.story_text("t", "<p>前文 <a href='x'>没有结束的链接文字")
    assert "前文" in text


def test_a_short_text_has_no_signature() -> None:
    assert stories.text_signature("图片", "<p><img src='a.jpg'></p>") is None
