"""The read ids and bookmarks a search is handed come from the state store as the same frozensets
until they change (`StateStore.search_marks`, via `core.search.reading.reading_state`): the
search index then has nothing to read again, where a fresh copy for each search cost a pass over
every mark (333k read ids: ~30 ms of Python, twice a search). Any change shows at once: marks
set and taken back, undo, bookmarks, another device's log merged."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tui_reader.core.library.model import Article
from tui_reader.core.search.reading import reading_state
from tui_reader.core.state.store import StateStore


def _article(ident: str) -> Article:
    return Article(id=ident, path=f"{ident}.md", title=ident, date=datetime(2024, 1, 2, tzinfo=UTC))


def test_the_same_sets_until_a_change(tmp_path: Path) -> None:
    store = StateStore.open(tmp_path)
    store.set_read(["a", "b"], True)
    store.set_bookmark(_article("m"), True)
    read, marked = reading_state("is:unread", store)
    assert (read, marked) == ({"a", "b"}, {"m"})
    again = reading_state("is:bookmarked", store)
    assert again[0] is read and again[1] is marked  # nothing changed: the same objects

    store.set_read(["a"], True)  # already read: no change
    assert reading_state("is:read", store)[0] is read
    store.set_read(["c"], True)
    read2, marked2 = reading_state("is:read", store)
    assert read2 == {"a", "b", "c"} and marked2 is marked  # the bookmarks did not change
    store.set_bookmark(_article("n"), True)
    read3, marked3 = reading_state("is:read", store)
    assert read3 is read2 and marked3 == {"m", "n"}
    store.set_bookmark(_article("n"), False)
    assert reading_state("is:read", store)[1] == {"m"}
    store.undo()  # the read mark of c taken back
    assert reading_state("is:read", store)[0] == {"a", "b"}
    store.set_read(["b"], False)
    assert reading_state("is:read", store)[0] == {"a"}
    store.close()


def test_another_devices_marks_merged_show(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    mine, theirs = tmp_path / "mine", tmp_path / "theirs"
    store = StateStore.open(mine)
    store.set_read(["a"], True)
    read, marked = reading_state("is:read", store)
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "other-device"))  # another device id
    other = StateStore.open(theirs)
    other.set_read(["z"], True)
    other.set_bookmark(_article("q"), True)
    other.close()
    for log in theirs.glob("*.jsonl"):
        shutil.copy2(log, mine / log.name)
    assert store.refresh()
    read2, marked2 = reading_state("is:read", store)
    assert read2 == {"a", "z"} and marked2 == {"q"}
    assert read2 is not read and marked2 is not marked
    store.close()
    # reopened from the cache: the same marks
    again = StateStore.open(mine)
    assert reading_state("is:read", again) == ({"a", "z"}, {"q"})
    again.close()
