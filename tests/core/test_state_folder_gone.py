"""The state folder removed while the reader runs (by hand, by a sync tool): the next mark makes
it again and is saved there; where it cannot be made again, the marks are kept in memory and
said to be, and the log's descriptor is closed once only (closing it again could close a file
opened since, by any thread, under the same number)."""

from __future__ import annotations

import errno
import os
import shutil
from pathlib import Path

import pytest

from tui_reader.core.state import log as state_log
from tui_reader.core.state.store import StateStore


def test_a_removed_state_folder_is_made_again_by_the_next_mark(tmp_path: Path) -> None:
    folder = tmp_path / "state"
    store = StateStore.open(folder)
    store.set_read(["before"], True)
    shutil.rmtree(folder)
    store.set_read(["after"], True)
    store.set_position("after", 0.5)
    assert store.read_ids() == {"before", "after"} and store.position("after") == 0.5
    assert store.warnings == []
    store.close()
    again = StateStore.open(folder)  # what was in the removed folder went with it
    assert again.read_ids() == {"after"} and again.position("after") == 0.5


@pytest.mark.parametrize("blocked", ["read-only", "a file in its place"])
def test_a_state_folder_that_cannot_be_made_again_keeps_marks_in_memory(
    tmp_path: Path, blocked: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "state"
    store = StateStore.open(folder)
    store.set_read(["before"], True)
    shutil.rmtree(folder)
    real_open = os.open

    def read_only_open(path: str, flags: int, *args: int) -> int:
        if flags & (os.O_WRONLY | os.O_RDWR):
            raise OSError(errno.EROFS, os.strerror(errno.EROFS), path)
        return real_open(path, flags, *args)

    with monkeypatch.context() as patched:
        if blocked == "read-only":  # the folder is made again, its log cannot be
            patched.setattr(state_log.os, "open", read_only_open)
        else:
            folder.write_text("a file where the folder was")
        store.set_read(["after"], True)  # the log's descriptor is closed here, once
    unrelated = os.open(tmp_path / "unrelated", os.O_WRONLY | os.O_CREAT)  # may reuse its number
    try:
        store.set_read(["later"], True)
        assert store.read_ids() == {"before", "after", "later"}
        assert len(store.warnings) == 1 and "cannot be saved" in store.warnings[0]
        store.close()
        os.fstat(unrelated)  # still open
    finally:
        os.close(unrelated)
