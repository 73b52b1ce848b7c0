"""Saved searches on a broken machine: a save that cannot be written says so (and the search is
not reported saved), leaves the file as it was and no temporary file beside it; a file that cannot
be read is set aside when the next change is written, never written over."""

from __future__ import annotations

import errno
import json
import os
from pathlib import Path

import pytest

from tui_reader.core.search.history import SearchHistory, history_path
from tui_reader.ui.model.saved_store import save_search, saved_queries


def _files(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.iterdir())


def test_a_data_folder_that_cannot_be_made_is_said_and_nothing_is_reported_saved() -> None:
    folder = history_path().parent
    folder.parent.mkdir(parents=True, exist_ok=True)
    folder.write_text("not a folder")  # where the data folder should be
    saved, message = save_search("grace cpu")
    assert not saved
    assert message.startswith("Not saved: cannot write search-history.json")
    assert saved_queries() == []


@pytest.mark.parametrize("failing", ["write", "rename"])
def test_a_full_disk_keeps_the_saved_searches_as_they_were(
    failing: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert save_search("grace") == (True, "Saved: “grace” is now in the tree.")
    before = history_path().read_bytes()
    full = OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
    write_text = Path.write_text

    def half_written(path: Path, text: str, *args: object, **kwargs: object) -> int:
        write_text(path, text[: len(text) // 2], encoding="utf-8")  # then the disk is full
        raise full

    def refused(*args: object) -> None:
        raise full

    with monkeypatch.context() as patched:
        if failing == "write":
            patched.setattr(Path, "write_text", half_written)
        else:
            patched.setattr(os, "replace", refused)
        saved, message = save_search("nvidia")
    assert not saved
    assert message == f"Not saved: cannot write search-history.json: {full.strerror}"
    assert history_path().read_bytes() == before
    assert _files(history_path().parent) == ["search-history.json"]  # no temporary file left
    assert saved_queries() == ["grace"]


@pytest.mark.parametrize(
    "damage",
    [b"{not json", b'{"recent": [], "saved": "a string"}', b"\xff\xfe garbage", b"[1, 2]"],
)
def test_an_unreadable_file_is_set_aside_not_written_over(damage: bytes) -> None:
    path = history_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(damage)
    history = SearchHistory.load()
    assert history.saved == {} and history.recent == []
    history.remember("grace")  # a recent search: the file is written again
    names = _files(path.parent)
    assert len(names) == 2 and "search-history.json" in names
    aside = path.parent / next(name for name in names if name != "search-history.json")
    assert aside.name.startswith("search-history.unreadable-") and aside.suffix == ".json"
    assert aside.read_bytes() == damage
    assert json.loads(path.read_text(encoding="utf-8"))["recent"] == ["grace"]
    SearchHistory.load().remember("cpu")  # a readable file is written over, as ever
    assert len(_files(path.parent)) == 2
