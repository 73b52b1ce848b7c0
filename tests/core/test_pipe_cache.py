"""The cache of pipe outputs: by article, command and the text sent; in memory and on disk,
bounded, and cleaned when read back."""

from __future__ import annotations

import os
from pathlib import Path

from tui_reader.core.pipe import cache as cache_module
from tui_reader.core.pipe.api import PipeCache, PipeCommand, cache_key
from tui_reader.core.pipe.cache import pipe_cache_dir, prune

CAT = PipeCommand("cat", ("cat",))


def test_the_key_follows_article_command_and_text() -> None:
    key = cache_key("id-1", CAT, "text")
    assert key == cache_key("id-1", CAT, "text")
    others = {
        cache_key("id-2", CAT, "text"),
        cache_key("id-1", CAT, "text, edited"),
        cache_key("id-1", PipeCommand("cat", ("cat", "-n")), "text"),
        cache_key("id-1", PipeCommand("cat", ("cat",), "html"), "text"),
        cache_key("id-1", PipeCommand("dog", ("cat",)), "text"),
    }
    assert key not in others and len(others) == 5


def test_an_output_is_found_again_in_another_session() -> None:
    key = cache_key("id", CAT, "text")
    PipeCache().put(key, "译文")
    assert (pipe_cache_dir() / f"{key}.txt").exists()
    assert PipeCache().get(key) == "译文"
    assert PipeCache().get(cache_key("id", CAT, "other")) is None


def test_a_cache_folder_that_cannot_be_written_still_serves_from_memory(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    cache = PipeCache(blocker / "pipe")
    cache.put("k", "output")
    assert cache.get("k") == "output"


def test_what_is_read_back_is_cleaned(tmp_path: Path) -> None:
    (tmp_path / "k.txt").write_text("a\x1b]52;c;aGk=\x07b\x1b[2Jc", encoding="utf-8")
    assert PipeCache(tmp_path).get("k") == "abc"


def test_the_disk_keeps_the_most_recently_used(tmp_path: Path) -> None:
    for n in range(5):
        path = tmp_path / f"{n}.txt"
        path.write_text("x" * 100)
        os.utime(path, (1000 + n, 1000 + n))
    os.utime(tmp_path / "0.txt")  # used just now
    prune(tmp_path, max_total=250)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["0.txt", "4.txt"]


def test_memory_is_bounded(monkeypatch, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(cache_module, "MEMORY_CHARS", 250)
    (tmp_path / "file").write_text("")
    cache = PipeCache(tmp_path / "file" / "pipe")  # memory only: the folder cannot be made
    for n in range(5):
        cache.put(str(n), "x" * 100)
    assert [k for k in map(str, range(5)) if cache.get(k) is not None] == ["3", "4"]
