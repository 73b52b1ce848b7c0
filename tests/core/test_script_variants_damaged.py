"""A script-variants cache file damaged on disk (characters other than CJK in a line) is made
again: its lines become classes of a regular expression (find in the article, highlights) and the
folding of the search index's text, so a stray `]` or `\\` failed to compile and a stray letter
was folded into a Chinese character."""

from __future__ import annotations

import re

import pytest

from tui_reader.core.paths import cache_dir
from tui_reader.core.search import scripts

LINE = re.compile("^[^\n]*劇[^\n]*$", re.MULTILINE)  # the class of 剧 and 劇


@pytest.mark.parametrize("damage", ["\\", "]", "a", "-", " "])
def test_a_damaged_cache_file_is_made_again(damage: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(scripts, "_tables", None)
    scripts.load_tables()  # made from OpenCC, or read from the cache file, and saved
    (path,) = cache_dir().glob("script-variants-*.txt")
    text = path.read_text(encoding="utf-8")
    assert (line := LINE.search(text)) is not None and "剧" in line[0]
    path.write_text(LINE.sub(lambda m: m[0] + damage, text, count=1), encoding="utf-8")
    monkeypatch.setattr(scripts, "_tables", None)
    pattern = re.compile(scripts.either_script("剧场版"))
    assert pattern.fullmatch("劇场版") and pattern.fullmatch("剧场版")
    assert not pattern.search(damage + "场版")
    assert scripts.fold(f"劇 {damage}") == f"剧 {damage}"
    assert path.read_text(encoding="utf-8") == text  # made again
