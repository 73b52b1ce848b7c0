"""`is:copy` and `is:story`: the stories of the search index as filters, alone, combined with
text and excluded, in results and counts alike."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tui_reader.core.library.library import Library
from tui_reader.core.search.index import SearchIndex
from tui_reader.core.search.query import QueryError, parse, uses_reading_state

PAIRS = Path(__file__).resolve().parent.parent / "stories" / "pairs"
SAMPLES = Path(__file__).resolve().parent.parent / "samples"


@pytest.fixture
def indexed(tmp_path: Path) -> tuple[SearchIndex, dict[str, str]]:
    root = tmp_path / "library"
    root.mkdir()
    copies = PAIRS / "copy-cnbeta-blockquotes"
    shutil.copyfile(copies / "a.md", root / "first.md")
    shutil.copyfile(copies / "b.md", root / "second.md")
    shutil.copyfile(copies / "b.md", root / "third.md")
    for sample in ("aljazeera-figures.md", "leetcode-english-iframes.md"):
        shutil.copyfile(SAMPLES / sample, root / sample)
    library = Library(root)
    snapshot = library.scan(workers=1)
    index = SearchIndex.for_library(root)
    index.sync(library.root, snapshot.articles, workers=1)
    return index, {a.path: a.id for a in snapshot.articles}


def _paths(index: SearchIndex, ids: dict[str, str], query: str) -> set[str]:
    by_id = {v: k for k, v in ids.items()}
    result = index.search(query, limit=None)
    assert result.total == index.count_matches(query) == len(result.hits)
    return {by_id[hit.article.id] for hit in result.hits}


def test_copy_and_story(indexed: tuple[SearchIndex, dict[str, str]]) -> None:
    index, ids = indexed
    everything = set(ids)
    copies = {"first.md", "second.md", "third.md"}
    assert _paths(index, ids, "is:copy") == copies
    assert _paths(index, ids, "-is:copy") == everything - copies
    assert _paths(index, ids, "is:story") == everything - {"second.md", "third.md"}
    assert _paths(index, ids, "-is:story") == {"second.md", "third.md"}
    assert _paths(index, ids, "Grace is:story") == {"first.md"}
    assert _paths(index, ids, "Grace is:copy") == copies
    assert _paths(index, ids, "is:copy OR leetcode") == copies | {"leetcode-english-iframes.md"}
    assert _paths(index, ids, "IS:Copy") == copies


def test_story_filters_need_no_reading_state() -> None:
    assert not uses_reading_state("is:copy") and not uses_reading_state("-is:story")
    assert uses_reading_state("is:copy is:unread")
    with pytest.raises(QueryError, match="is:copy"):
        parse("is:copies")
