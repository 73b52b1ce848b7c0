"""The bundled sample library reads cleanly, and the ids its pages quote are real."""

from __future__ import annotations

import re

from tui_reader.core.library.library import Library
from tui_reader.core.library.location import bundled_library


def test_bundled_library_has_no_problems_and_both_languages() -> None:
    snapshot = Library(bundled_library()).scan()
    assert snapshot.problems == []
    tops = {article.categories[0][0] for article in snapshot.articles}
    assert {"Guide", "指南"} <= tops
    assert any(a.path.endswith("000_0594c77cbcb85587.txt") for a in snapshot.articles)


def test_ids_quoted_in_the_guide_exist() -> None:
    root = bundled_library()
    snapshot = Library(root).scan()
    quoted = {
        match
        for path in root.rglob("*.md")
        for match in re.findall(r"tui-reader show ([0-9a-f]{16})\b", path.read_text("utf-8"))
    }
    assert quoted, "the command-line pages quote article ids"
    assert quoted <= set(snapshot.by_id)
