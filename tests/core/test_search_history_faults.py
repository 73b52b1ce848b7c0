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
from tui_reader.ui.model.saved_store import forget_search, save_search, saved_queries


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


def test_a_file_that_failed_to_be_read_is_never_written_over(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A read that fails (too many open files, an I/O error) says nothing of what the file
    holds: it may be whole, so it is neither set aside nor replaced."""
    assert save_search("grace")[0]
    before = history_path().read_bytes()
    read_text = Path.read_text

    def failing(path: Path, *args: object, **kwargs: object) -> str:
        if path.name == "search-history.json":
            raise OSError(errno.EMFILE, os.strerror(errno.EMFILE))
        return read_text(path, *args, **kwargs)  # type: ignore[arg-type]

    with monkeypatch.context() as patched:
        patched.setattr(Path, "read_text", failing)
        history = SearchHistory.load()
        history.remember("cpu")
        message = history.save_search("nvidia", "nvidia")
    assert message.startswith("cannot read search-history.json (")
    assert history_path().read_bytes() == before
    assert _files(history_path().parent) == ["search-history.json"]
    assert saved_queries() == ["grace"]


def test_a_link_to_a_file_that_is_no_search_history_is_left_alone(tmp_path: Path) -> None:
    other = tmp_path / "notes.txt"
    other.write_text("my own notes, not JSON\n", encoding="utf-8")
    path = history_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.symlink_to(other)
    history = SearchHistory.load()
    history.remember("grace")
    assert history.save_search("cpu", "cpu").endswith("is not a search history: left as it is")
    assert other.read_text(encoding="utf-8") == "my own notes, not JSON\n"
    assert path.is_symlink() and [p.name for p in tmp_path.iterdir()] == ["notes.txt"]


def test_a_delete_that_cannot_be_written_says_so_and_keeps_the_search(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert save_search("grace")[0]
    full = OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    def refused(*args: object) -> None:
        raise full

    with monkeypatch.context() as patched:
        patched.setattr(os, "replace", refused)
        message = forget_search("grace")
    assert message == f"Not deleted: cannot write search-history.json: {full.strerror}"
    assert saved_queries() == ["grace"]
    assert forget_search("grace") == "" and saved_queries() == []
