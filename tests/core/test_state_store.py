"""StateStore basics: read marks, undo, bookmarks, positions, persistence across restarts."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

from tui_reader.core.library.model import Article
from tui_reader.core.paths import data_dir
from tui_reader.core.state.device import device_id, device_id_file
from tui_reader.core.state.store import StateStore


def article(article_id: str, title: str = "A title", path: str = "a/b.md") -> Article:
    return Article(
        id=article_id, path=path, title=title, date=datetime(2024, 11, 26, 8, 0, tzinfo=UTC)
    )


def test_default_folder_is_in_user_data_dir() -> None:
    store = StateStore.open()
    store.set_read(["x"], True)
    store.close()
    assert store.state_dir == data_dir() / "state"
    assert list((data_dir() / "state").glob("device-*.jsonl"))


def test_read_marks_survive_restart(tmp_path: Path) -> None:
    store = StateStore.open(tmp_path)
    store.set_read(["a", "b", "c"], True)
    store.set_read(["b"], False)
    assert store.read_ids() == {"a", "c"}
    assert store.is_read("a") and not store.is_read("b")
    store.close()
    again = StateStore.open(tmp_path)
    assert again.read_ids() == {"a", "c"}
    assert again.warnings == []


def test_changes_are_on_disk_before_close(tmp_path: Path) -> None:
    store = StateStore.open(tmp_path)
    store.set_read(["a"], True)
    # No close(): a second store (another process, or a restart after a crash) sees it.
    assert StateStore.open(tmp_path).is_read("a")


def test_undo_restores_each_previous_state(tmp_path: Path) -> None:
    store = StateStore.open(tmp_path)
    store.set_read(["a"], True)
    store.set_read(["a", "b", "c"], True)  # only b and c change
    assert store.undo() == ["b", "c"]
    assert store.read_ids() == {"a"}
    assert store.undo() == ["a"]
    assert store.read_ids() == set()
    assert store.undo() is None
    store.close()
    assert StateStore.open(tmp_path).read_ids() == set()


def test_setting_the_same_state_writes_nothing_and_is_not_undone(tmp_path: Path) -> None:
    store = StateStore.open(tmp_path)
    store.set_read(["a"], True)
    size = store_log(tmp_path).stat().st_size
    store.set_read(["a"], True)
    assert store_log(tmp_path).stat().st_size == size
    assert store.undo() == ["a"]


def test_bookmarks_newest_first_and_keep_title(tmp_path: Path) -> None:
    store = StateStore.open(tmp_path)
    store.set_bookmark(article("one", "First"), True)
    store.set_bookmark(article("two", "Second", "x/two.md"), True)
    store.set_bookmark(article("one", "First"), True)  # already: keeps its place
    assert [b.id for b in store.bookmarks()] == ["two", "one"]
    store.close()
    again = StateStore.open(tmp_path)
    marks = again.bookmarks()
    assert [(b.id, b.title, b.path) for b in marks] == [
        ("two", "Second", "x/two.md"),
        ("one", "First", "a/b.md"),
    ]
    assert marks[0].date_iso == "2024-11-26T08:00:00+00:00"
    assert marks[0].when >= marks[1].when
    again.set_bookmark(article("two"), False)
    assert not again.is_bookmarked("two") and again.is_bookmarked("one")
    again.close()
    assert [b.id for b in StateStore.open(tmp_path).bookmarks()] == ["one"]


def test_bookmark_title_is_cleaned_of_escape_sequences(tmp_path: Path) -> None:
    store = StateStore.open(tmp_path)
    store.set_bookmark(article("e", "Bad \x1b]0;owned\x07title\x1b[2J"), True)
    assert store.bookmarks()[0].title == "Bad title"


def test_position_round_trip_and_clamped(tmp_path: Path) -> None:
    store = StateStore.open(tmp_path)
    assert store.position("a") is None
    store.set_position("a", 0.25)
    store.set_position("b", 7)
    store.close()
    again = StateStore.open(tmp_path)
    assert again.position("a") == 0.25
    assert again.position("b") == 1.0


def test_refresh_sees_another_process(tmp_path: Path) -> None:
    first = StateStore.open(tmp_path)
    second = StateStore.open(tmp_path)
    second.set_read(["z"], True)
    assert not first.is_read("z")
    assert first.refresh() is True
    assert first.is_read("z")
    assert first.refresh() is False


def test_own_change_wins_over_a_device_clock_running_ahead(tmp_path: Path) -> None:
    future = "9999999999.0"
    (tmp_path / "device-feedfeedfeedfeed.jsonl").write_text(
        f'{{"t":{future},"id":"a","f":"read","v":true}}\n'
    )
    store = StateStore.open(tmp_path)
    assert store.is_read("a")
    store.set_read(["a"], False)
    store.close()
    assert not StateStore.open(tmp_path).is_read("a")


def store_log(folder: Path) -> Path:
    (log,) = folder.glob("device-*.jsonl")
    return log


def test_device_id_is_kept_outside_the_state_folder(tmp_path: Path) -> None:
    first = StateStore.open(tmp_path / "state")
    second = StateStore.open(tmp_path / "state")
    assert first.device == second.device  # one device, one log, for every process
    kept = device_id_file()
    assert kept.read_text().strip() == first.device
    assert os.environ["XDG_STATE_HOME"] in str(kept)
    assert not list((tmp_path / "state").rglob("device-id"))
    assert not any(
        first.device in p.read_text() for p in (tmp_path / "state").rglob("*") if p.is_file()
    )


def test_a_damaged_device_id_is_replaced(tmp_path: Path) -> None:
    kept = device_id_file()
    kept.parent.mkdir(parents=True, exist_ok=True)
    kept.write_text("not an id\n")
    device, problem = device_id()
    assert problem is None and len(device) == 16
    assert device_id() == (device, None)


def test_a_change_after_close_is_still_saved(tmp_path: Path) -> None:
    store = StateStore.open(tmp_path)
    store.set_read(["a"], True)
    store.close()
    store.set_position("a", 0.7)  # e.g. a screen saving its place while the app shuts down
    store.set_read(["b"], True)
    assert store.warnings == [] and not store.read_only
    again = StateStore.open(tmp_path)
    assert again.position("a") == 0.7 and again.read_ids() == {"a", "b"}
