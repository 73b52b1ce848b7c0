"""The work of indexing an article: its body made into visible text once and normalized once,
shared by the search text and the story signature (links aside: their text is marked first, so
that lines made only of link text are left out of the story)."""

from __future__ import annotations

from pathlib import Path

import pytest
from search_support import write_library

from tui_reader.core.library.library import Library
from tui_reader.core.library.parse import read_body
from tui_reader.core.markdown_body import body_html
from tui_reader.core.search import documents, stories
from tui_reader.core.search.htmltext import html_to_text
from tui_reader.core.search.tokens import normalize

LINKED = """---
title: 带链接的文章
date: 2024-05-01 10:00:00
---
<p>第一段的内容相当长，讲述了一件事情的经过和各方的回应，以及接下来可能发生的变化。</p>
<p>第二段继续说明背景，包括时间、地点和涉及的公司，还有分析人士的看法和市场的反应。</p>
<p><a href="https://example.com/1">相关阅读：另一篇完全不同的文章标题</a></p>
"""
# NFKC, lower case with Greek final sigma, full-width letters, a line without a word
GREEK = """---
title: ΟΔΟΣ ＡＢＣ ﬁne
date: 2024-05-02 10:00:00
---
<p>ΣΑΣ ΟΔΟΣ ｆｕｌｌ ｗｉｄｔｈ ﬁve ΣΟΦΙΑ 劇場版 多羅羅 the road is long and the night is dark and
full of words that make a story of forty shingles at the very least, we hope, yes it is so</p>
<p>— · —</p>
<p>ＰΣ again: the end of the text. ΑΣ</p>
"""


def test_each_body_is_made_into_text_once_and_signatures_are_unchanged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_library(tmp_path, 30, seed=3)
    (tmp_path / "linked.md").write_text(LINKED, encoding="utf-8")
    (tmp_path / "greek.md").write_text(GREEK, encoding="utf-8")
    articles = Library(tmp_path).scan(workers=1).articles
    expected = {}
    for article in articles:
        markup = body_html(article.path, read_body(tmp_path / article.path))
        expected[article.id] = stories.story_text(article.title, markup)
    calls: list[str] = []
    normalized: list[str] = []

    def counted(markup: str) -> str:
        calls.append(markup)
        return html_to_text(markup)

    def normalize_counted(text: str) -> str:
        normalized.append(text)
        return normalize(text)

    with monkeypatch.context() as patch:
        patch.setattr(documents, "html_to_text", counted)
        patch.setattr(stories, "html_to_text", counted)
        patch.setattr(stories, "normalize", normalize_counted)
        patch.setattr(documents, "normalize", normalize_counted)
        prepared = documents.prepare_chunk(documents.Job(str(tmp_path)), articles)
    assert len(calls) == len(articles) + 1  # the linked one twice: links marked for the story
    # each title and body once; the story text apart only where links make it differ; the
    # author once more, for the `docs` row (a field of its own, not tokens)
    authors = [normalize(article.author) for article in articles]
    assert len(normalized) == 3 * len(articles) + 1
    assert [row.author for row in prepared] == authors
    signatures = {row.article.id: row.columns[4] for row in prepared}
    assert signatures == {
        ident: stories.signature(stories.shingles(story)) for ident, story in expected.items()
    }
    assert sum(sig is not None for sig in signatures.values()) >= 10
    assert signatures[next(a.id for a in articles if a.path == "greek.md")] is not None
    assert "相关阅读" not in expected[next(a.id for a in articles if a.path == "linked.md")]
