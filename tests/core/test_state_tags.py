"""Personal tags in the reading state: stored in each device's log like read marks, merged
latest-wins per (article, tag), synced, surviving kill -9, checked when they come from a synced log,
and undone as whole actions."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tui_reader.core.library.model import Article
from tui_reader.core.state import log as state_log
from tui_reader.core.state import store as state_store
from tui_reader.core.state import sync as state_sync
from tui_reader.core.state.cache import default_cache_path
from tui_reader.core.state.log import FIELDS, MAX_TAG_LENGTH, decode, tag_name
from tui_reader.core.state.store import StateStore

ROOT = Path(__file__).resolve().parents[2]


def log_of(store: StateStore) -> Path:
    return store.state_dir / f"device-{store.device}.jsonl"


def open_as(home: Path, monkeypatch: pytest.MonkeyPatch) -> StateStore:
    """A store of another machine (its own XDG folders: its own device id and cache)."""
    for name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        folder = home / name.lower()
        folder.mkdir(parents=True, exist_ok=True)
        monkeypatch.setenv(name, str(folder))
    return StateStore.open(home / "state")


def sync(*folders: Path) -> None:
    """What a sync tool does: each device's log copied whole to every folder (a device only
    appends to its own, so the longest copy is the newest)."""
    newest: dict[str, Path] = {}
    for log in (log for folder in folders for log in folder.glob("*.jsonl")):
        if log.name not in newest or log.stat().st_size > newest[log.name].stat().st_size:
            newest[log.name] = log
    for name, log in newest.items():
        for folder in folders:
            if folder != log.parent:
                shutil.copy2(log, folder / name)


@pytest.mark.parametrize(
    ("typed", "name"),
    [
        ("later", "later"),
        ("Later", "later"),
        ("  to read  ", "to-read"),
        ("to\tread now", "to-read-now"),
        ("ＡＢＣ", "abc"),  # NFKC: full-width letters are the ASCII ones
        ("芯片", "芯片"),
        ("c++", "c++"),
        ("a-b", "a-b"),
        ("x" * MAX_TAG_LENGTH, "x" * MAX_TAG_LENGTH),
        ("#later", "later"),  # as lists show it
        ("＃Later", "later"),
        ("##later", "later"),
        ("c#", "c#"),
    ],
)
def test_tag_names_have_one_canonical_form(typed: str, name: str) -> None:
    assert tag_name(typed) == name


@pytest.mark.parametrize(
    "typed",
    ["", "   ", "-later", "#", "#-later", "x" * (MAX_TAG_LENGTH + 1), "a\u202eb", "a\x1bb",
     "a\x00", 'a"b', "a(b", "a,b", "a\u2066b", "a\ud800"],
)  # fmt: skip
def test_names_that_cannot_be_tags_are_refused(typed: str, tmp_path: Path) -> None:
    assert tag_name(typed) is None
    store = StateStore.open(tmp_path)
    with pytest.raises(ValueError, match="cannot be a tag"):
        store.set_tags(["a"], typed, True)
    assert store.all_tags() == {}


def test_tags_are_set_counted_and_kept_across_restarts(tmp_path: Path) -> None:
    store = StateStore.open(tmp_path)
    assert store.set_tags(["a", "b", "c"], "Later", True) == ["a", "b", "c"]
    assert store.set_tags(["b", "d"], "later", True) == ["d"]  # b has it already
    assert store.set_tags(["a"], "芯片", True) == ["a"]
    assert store.set_tags(["c", "x"], "later", False) == ["c"]
    expected = {"later": 3, "芯片": 1}
    assert store.all_tags() == expected
    assert store.tags_of("a") == ("later", "芯片")
    assert store.tagged("LATER") == {"a", "b", "d"}
    assert not store.read_ids()  # a tag is no read mark
    store.close()
    again = StateStore.open(tmp_path)  # from the cache
    assert again.all_tags() == expected and again.tags_of("a") == ("later", "芯片")
    again.close()
    default_cache_path(tmp_path).unlink()  # from the logs alone
    third = StateStore.open(tmp_path)
    assert third.all_tags() == expected and third.tagged("later") == {"a", "b", "d"}
    assert third.warnings == []


def test_undo_takes_back_a_whole_tag_or_bookmark_action(tmp_path: Path) -> None:
    store = StateStore.open(tmp_path)
    store.set_tags(["a"], "keep", True)
    store.edit_tags(["a", "b", "c"], add=["new"], remove=["keep"])
    assert store.all_tags() == {"new": 3}
    assert sorted(store.undo() or []) == ["a", "b", "c"]
    assert store.all_tags() == {"keep": 1}
    dated = datetime(2024, 1, 2, tzinfo=UTC)
    articles = [Article(id=i, path=f"{i}.md", title=f"T {i}", date=dated) for i in "pqr"]
    store.set_bookmark(articles[0], True)
    first = store.bookmarks()[0]
    assert store.set_bookmarks(articles, True) == ["q", "r"]
    store.set_read(["p"], True)
    assert store.undo() == ["p"] and not store.is_read("p")
    assert store.undo() == ["q", "r"]
    assert store.bookmarks() == [first]  # p kept its own bookmark, untouched
    assert store.set_bookmarks(articles, False) == ["p"]
    store.undo()
    (back,) = store.bookmarks()
    assert back[:4] == first[:4]  # title, path and date as they were
    store.close()
    assert [b[:4] for b in StateStore.open(tmp_path).bookmarks()] == [first[:4]]


def test_a_bulk_change_is_written_in_few_writes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = StateStore.open(tmp_path)
    writes: list[int] = []
    real = os.write

    def counting(fd: int, data: bytes) -> int:
        writes.append(len(data))
        return real(fd, data)

    monkeypatch.setattr(state_log.os, "write", counting)
    ids = [f"{n:040x}" for n in range(20_000)]
    store.set_tags(ids, "bulk", True)
    size = log_of(store).stat().st_size
    # whole lines, each write up to 64 KB: the fewest writes that can hold them
    assert len(writes) <= size // 60_000 + 1
    writes.clear()
    store.set_read(ids, True)
    assert 0 < len(writes) <= (log_of(store).stat().st_size - size) // 60_000 + 1
    assert len(store.tagged("bulk")) == len(store.read_ids()) == 20_000


def test_concurrent_add_and_remove_of_a_tag_on_two_devices(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    laptop = open_as(tmp_path / "laptop", monkeypatch)
    desktop = open_as(tmp_path / "desktop", monkeypatch)
    assert laptop.device != desktop.device
    laptop.set_tags(["both", "only-a"], "work", True)
    desktop.set_tags(["both", "only-b"], "work", True)
    time.sleep(0.002)
    desktop.set_tags(["both"], "work", False)  # later than the laptop's add: removal wins
    laptop.set_tags(["flip"], "x", False)
    desktop.set_tags(["flip"], "x", True)
    time.sleep(0.002)
    laptop.set_tags(["flip"], "x", True)
    laptop.set_tags(["flip"], "x", False)  # later than the desktop's add: removal wins
    desktop.set_tags(["kept"], "y", True)
    sync(laptop.state_dir, desktop.state_dir)
    assert laptop.refresh() and desktop.refresh()
    for store in (laptop, desktop):
        assert store.tagged("work") == {"only-a", "only-b"}
        assert store.tagged("x") == set() and store.tagged("y") == {"kept"}
        assert store.all_tags() == {"work": 2, "y": 1}
    # A sync tool's conflict copy of a log holds the same lines: merging it changes nothing.
    log = log_of(laptop)
    shutil.copy(log, log.with_name(log.stem + ".sync-conflict-20241126-120000-ABC.jsonl"))
    laptop.set_tags(["kept"], "y", False)
    assert not laptop.refresh()
    assert laptop.tagged("y") == set() and laptop.tagged("work") == {"only-a", "only-b"}
    laptop.close()
    again = open_as(tmp_path / "laptop", monkeypatch)
    assert again.all_tags() == {"work": 2} and again.warnings == []


WRITER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from tui_reader.core.state.store import StateStore
    store = StateStore.open(Path(sys.argv[1]))
    for i in range(1_000_000):
        store.set_tags([f"k{i}", f"k{i}-2"], "kept", True)
        print(i, flush=True)  # reported as done only once set_tags has returned
    """
)


def test_tags_survive_kill_9(tmp_path: Path) -> None:
    environment = {**os.environ, "PYTHONPATH": str(ROOT)}
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(tmp_path)], stdout=subprocess.PIPE, text=True,
        env=environment,
    )  # fmt: skip
    try:
        assert writer.stdout is not None
        done = -1
        while done < 200:
            done = int(writer.stdout.readline())
        writer.send_signal(signal.SIGKILL)
    finally:
        writer.kill()
        writer.wait(10)
    assert writer.returncode == -signal.SIGKILL
    store = StateStore.open(tmp_path)
    reported = {f"k{i}{suffix}" for i in range(done + 1) for suffix in ("", "-2")}
    assert reported <= store.tagged("kept")
    assert store.warnings == []


HOSTILE = [
    {"f": "tag:\u202eevil", "v": True},
    {"f": "tag:a\x1b[31mred", "v": True},
    {"f": "tag:" + "x" * 100_000, "v": True},
    {"f": "tag:", "v": True},
    {"f": "tag:-remove", "v": True},
    {"f": "tag:fine", "v": "yes"},
    {"f": "tag:fine", "v": 1},
    {"f": "tag:fine", "v": None},
    {"f": "tag", "v": True},
    {"f": "Tag:fine", "v": True},
    {"f": ["tag:fine"], "v": True},
]


def test_hostile_tag_lines_in_a_synced_log_are_skipped(tmp_path: Path) -> None:
    lines = [{"t": 1_700_000_000.0 + n, "id": f"h{n}", **record} for n, record in
             enumerate(HOSTILE)]  # fmt: skip
    # lines that are sound once in canonical form, and one on an id that is no article's
    lines.append({"t": 1_700_000_100.0, "id": "ok", "f": "tag:To Read", "v": True})
    lines.append({"t": 1_700_000_101.0, "id": "ok2", "f": "tag:ＡＢＣ", "v": True})
    lines.append({"t": 1_700_000_102.0, "id": "ok2", "f": "read", "v": True})
    text = "".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines)
    (tmp_path / "device-0123456789abcdef.jsonl").write_text(text, encoding="utf-8")
    store = StateStore.open(tmp_path)
    assert store.all_tags() == {"abc": 1, "to-read": 1}
    assert store.tagged("to read") == {"ok"}
    assert store.read_ids() == {"ok2"}  # only the read line is a read mark
    # bad lines, but for the two of fields it does not know ("tag", "Tag:…"): a newer version's
    assert store._follower.skipped_lines == len(HOSTILE) - 2
    assert not any(tmp_path.glob("*.corrupt-*"))


def test_a_tag_line_is_never_a_read_mark(tmp_path: Path) -> None:
    for n, value in enumerate((True, False)):
        record = {"t": 1_700_000_000.0 + n, "id": "a", "f": "tag:read", "v": value}
        change = decode(json.dumps(record))
        assert change is not None and change.f == "tag:read"
    store = StateStore.open(tmp_path)
    store.set_tags(["a"], "read", True)
    store.set_tags(["b"], "unread", True)
    store.close()
    default_cache_path(tmp_path).unlink()
    again = StateStore.open(tmp_path)
    assert again.read_ids() == set() and again.all_tags() == {"read": 1, "unread": 1}


def test_a_log_with_tags_starts_with_a_line_older_versions_know(tmp_path: Path) -> None:
    """Older versions set aside a log holding no line they know; a log's first tag line comes
    after a line of a field they know (a position cleared, on no article)."""
    store = StateStore.open(tmp_path)
    store.set_tags(["a", "b"], "first", True)
    store.set_read(["a"], True)
    store.set_tags(["c"], "second", True)
    fields = [json.loads(line)["f"] for line in log_of(store).read_text().splitlines()]
    assert fields[0] in FIELDS
    assert fields.count(fields[0]) == 1 + (fields[0] == "read")  # once, not before every tag
    assert store.position("~") is None and store.tags_of("~") == ()
    # A log set aside by another process: the fresh log gets its own first line again.
    store.close()
    log_of(store).rename(tmp_path / "elsewhere")
    again = StateStore.open(tmp_path)
    again.set_tags(["d"], "third", True)
    first = json.loads(log_of(again).read_text().splitlines()[0])
    assert first["f"] in FIELDS and first["id"] == "~"


def test_a_log_of_fields_this_version_does_not_know_is_not_set_aside(tmp_path: Path) -> None:
    newer = "".join(
        json.dumps({"t": 1_700_000_000.0 + n, "id": f"a{n}", "f": "colour", "v": "red"}) + "\n"
        for n in range(5)
    )
    (tmp_path / "device-0123456789abcdef.jsonl").write_text(newer)
    (tmp_path / "device-fedcba9876543210.jsonl").write_text("not json\n")
    store = StateStore.open(tmp_path)
    assert (tmp_path / "device-0123456789abcdef.jsonl").exists()
    assert not (tmp_path / "device-fedcba9876543210.jsonl").exists()  # garbage is set aside
    assert len(store.warnings) == 1


def test_a_bulk_change_is_not_read_back_from_the_log(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What this process wrote is merged already: catching up skips it, unless another process
    wrote to the log in between (then the rest is read as usual)."""
    store = StateStore.open(tmp_path)
    reads: list[int] = []
    real = state_sync.read_from

    def recording(path: Path, offset: int) -> state_log.ReadResult:
        reads.append(offset)
        return real(path, offset)

    monkeypatch.setattr(state_sync, "read_from", recording)
    ids = [f"{n:040x}" for n in range(5000)]
    store.set_tags(ids, "bulk", True)
    store.set_read(ids[:10], True)
    assert not store.refresh()
    assert reads == []
    other = StateStore.open(tmp_path)  # another process of this device: the same log
    other.set_tags(["theirs"], "other", True)
    store.set_tags(["mine"], "other", True)
    assert store.refresh() and len(reads) == 1  # their line and ours after it, read once
    assert store.tagged("other") == {"theirs", "mine"} and len(store.tagged("bulk")) == 5000
    store.close()
    other.close()
    assert StateStore.open(tmp_path).tagged("other") == {"theirs", "mine"}


def test_undo_keeps_a_bounded_number_of_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(state_store, "UNDO_ENTRIES", 25)
    store = StateStore.open(tmp_path)
    for tag, count in (("a", 10), ("b", 10), ("c", 10), ("d", 40)):
        store.set_tags([f"{tag}{n}" for n in range(count)], tag, True)
        if tag == "c":
            assert [len(action) for action in store._undo] == [10, 10]  # a is forgotten
    assert [len(action) for action in store._undo] == [40]  # the newest stays, whatever it holds
    assert store.undo() is not None and store.undo() is None
    assert store.all_tags() == {"a": 10, "b": 10, "c": 10}
