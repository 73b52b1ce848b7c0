"""Snippets and highlight spans for results, and the recent/saved searches file."""

from __future__ import annotations

from pathlib import Path

from tui_reader.core.search.history import MAX_RECENT, SearchHistory, history_path
from tui_reader.core.search.query import parse, terms
from tui_reader.core.search.snippet import find_spans, make_snippet


def _terms(query: str) -> list:  # type: ignore[type-arg]
    return terms(parse(query))


def _marked(text: str, query: str) -> list[str]:
    return [text[a:b] for a, b in find_spans(text, _terms(query))]


def test_spans_follow_the_index_rules() -> None:
    text = "Grace graceful GRACE 北约峰会，北约。e-mail"
    assert _marked(text, "grace") == ["Grace", "GRACE"]  # whole words, any case
    assert _marked(text, "grace*") == ["Grace", "graceful", "GRACE"]
    assert _marked(text, "北约") == ["北约", "北约"]
    assert _marked(text, "北约峰会 北约") == ["北约峰会", "北约"]  # longest wins
    assert _marked(text, '"e mail"') == ["e-mail"]
    assert _marked(text, '"北约 e"') == ["北约", "北约", "e"]
    assert _marked(text, "-grace author:x") == []  # excluded terms and filters mark nothing


def test_snippet_centres_on_the_first_match_and_maps_spans() -> None:
    text = ("开头 " * 100) + "这里提到北约的会议\n下一行 " + ("结尾 " * 100)
    snippet = make_snippet(text, _terms("北约"), width=60)
    assert snippet.text.startswith("…") and snippet.text.endswith("…")
    assert "\n" not in snippet.text and len(snippet.text) <= 62
    assert [snippet.text[a:b] for a, b in snippet.spans] == ["北约"]
    assert snippet.matches == 1


def test_snippet_without_match_is_the_start() -> None:
    snippet = make_snippet("short text", _terms("author:x"))
    assert snippet == type(snippet)("short text", (), 0)


def test_history_remembers_recent_searches_newest_first(tmp_path: Path) -> None:
    history = SearchHistory.load()
    assert history.recent == [] and history.path == history_path()
    for query in ["a", "b", "a", "  ", "c\x1b[2J"]:
        history.remember(query)
    again = SearchHistory.load()
    assert again.recent == ["c", "a", "b"]
    for number in range(MAX_RECENT + 5):
        again.remember(str(number))
    assert len(SearchHistory.load().recent) == MAX_RECENT


def test_saved_searches(tmp_path: Path) -> None:
    history = SearchHistory.load(tmp_path / "h.json")
    history.save_search("Chips", "芯片 -author:x")
    assert SearchHistory.load(tmp_path / "h.json").saved == {"Chips": "芯片 -author:x"}
    history.forget_search("Chips")
    assert SearchHistory.load(tmp_path / "h.json").saved == {}


def test_unreadable_history_is_empty(tmp_path: Path) -> None:
    path = tmp_path / "h.json"
    for content in ["not json", "[1, 2]", '{"recent": "x", "saved": []}']:
        path.write_text(content, encoding="utf-8")
        history = SearchHistory.load(path)
        assert history.saved == {} and all(isinstance(q, str) for q in history.recent)
