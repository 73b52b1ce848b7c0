"""Faults the reading state must survive: kill -9, concurrent writers, corrupt and unreadable logs,
a folder that cannot be written, a torn last line, a broken cache.

Tests run as root, for whom chmod 0o555 does not stop writing, so "cannot be written" is made
real in two ways: a state folder whose parent is a regular file (mkdir fails with ENOTDIR), and
`os.open`/`os.write` of the log module patched to fail as a read-only file system would (EROFS,
ENOSPC). An "unreadable" log is a directory named like a log (reading it fails with EISDIR).
"""

from __future__ import annotations

import errno
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tui_reader.core.library.model import Article
from tui_reader.core.state import log as state_log
from tui_reader.core.state.cache import default_cache_path
from tui_reader.core.state.store import StateStore

ROOT = Path(__file__).resolve().parents[2]

WRITER = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from tui_reader.core.state.store import StateStore
    folder, prefix, count, start = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3]), sys.argv[4]
    store = StateStore.open(folder)
    print("ready", flush=True)
    deadline = time.monotonic() + 30  # never outlive a failed test
    while start != "-" and not Path(start).exists() and time.monotonic() < deadline:
        time.sleep(0.001)
    for i in range(count):
        store.set_read([f"{prefix}{i}"], True)
        if i % 3 == 0:
            store.set_position(f"{prefix}{i}", (i % 100) / 100)
        print(i, flush=True)  # reported as done only once set_read has returned
    """
)


def spawn(folder: Path, prefix: str, count: int, start: str = "-", **env: str) -> subprocess.Popen:
    environment = {**os.environ, "PYTHONPATH": str(ROOT), **env}
    return subprocess.Popen(
        [sys.executable, "-c", WRITER, str(folder), prefix, str(count), start],
        stdout=subprocess.PIPE,
        text=True,
        env=environment,
    )


def count_log_reads(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """From now on, the offset of every read of a log is appended to the returned list."""
    reads: list[int] = []
    real = state_log.read_from

    def counting(path: Path, offset: int) -> state_log.ReadResult:
        reads.append(offset)
        return real(path, offset)

    monkeypatch.setattr("tui_reader.core.state.sync.read_from", counting)
    return reads


def log_of(folder: Path) -> Path:
    (log,) = folder.glob("device-*.jsonl")
    return log


def test_kill_9_while_writing_loses_nothing_reported(tmp_path: Path) -> None:
    writer = spawn(tmp_path, "k", 1_000_000)
    try:
        assert writer.stdout is not None
        assert writer.stdout.readline().strip() == "ready"
        done = -1
        while done < 300:
            done = int(writer.stdout.readline())
        writer.send_signal(signal.SIGKILL)  # in the middle of its loop of writes
    finally:
        writer.kill()
        writer.wait(10)
    assert writer.returncode == -signal.SIGKILL
    store = StateStore.open(tmp_path)
    reported = {f"k{i}" for i in range(done + 1)}
    assert reported <= store.read_ids()
    assert store.warnings == []


def test_torn_last_line_is_ignored_and_fenced_off(tmp_path: Path) -> None:
    store = StateStore.open(tmp_path)
    store.set_read(["a", "b"], True)
    store.close()
    log = log_of(tmp_path)
    with open(log, "ab") as file:  # a power cut in the middle of a line
        file.write(b'{"t":1732590000.5,"id":"c","f":"re')
    again = StateStore.open(tmp_path)
    assert again.read_ids() == {"a", "b"}
    assert again.warnings == []
    again.set_read(["d"], True)  # appends after the fragment, on a line of its own
    again.close()
    third = StateStore.open(tmp_path)
    assert third.read_ids() == {"a", "b", "d"}
    assert third.warnings == []


def test_zero_bytes_left_by_a_crash_are_ignored(tmp_path: Path) -> None:
    store = StateStore.open(tmp_path)
    store.set_read(["a"], True)
    store.close()
    with open(log_of(tmp_path), "ab") as file:
        file.write(b"\0" * 4096)
    again = StateStore.open(tmp_path)
    again.set_read(["b"], True)
    assert StateStore.open(tmp_path).read_ids() == {"a", "b"}


@pytest.mark.parametrize("same_device", [True, False], ids=["one-log", "two-logs"])
def test_two_processes_marking_at_once_lose_nothing(
    tmp_path: Path, same_device: bool, isolated_user_dirs: Path
) -> None:
    folder, go = tmp_path / "state", tmp_path / "go"
    other = {} if same_device else {"XDG_STATE_HOME": str(tmp_path / "other-device")}
    writers = [spawn(folder, "p", 400, str(go)), spawn(folder, "q", 400, str(go), **other)]
    for writer in writers:
        assert writer.stdout is not None and writer.stdout.readline().strip() == "ready"
    go.touch()
    for writer in writers:
        assert writer.wait(60) == 0
    assert len(list(folder.glob("*.jsonl"))) == (1 if same_device else 2)
    store = StateStore.open(folder)
    expected = {f"p{i}" for i in range(400)} | {f"q{i}" for i in range(400)}
    assert store.read_ids() == expected
    assert store.position("p99") == 0.99 and store.position("q3") == 0.03
    assert store._follower.skipped_lines == 0  # no line was cut or interleaved


def test_concurrent_store_sees_lines_written_meanwhile(tmp_path: Path) -> None:
    watcher = StateStore.open(tmp_path)
    writer = spawn(tmp_path, "w", 200)
    assert writer.wait(60) == 0
    assert watcher.refresh() is True
    assert {f"w{i}" for i in range(200)} <= watcher.read_ids()


def test_corrupt_log_is_set_aside_not_deleted(tmp_path: Path) -> None:
    good = StateStore.open(tmp_path)
    good.set_read(["kept"], True)
    good.close()
    junk = bytes(range(256)) * 20 + b"\nnot json either\n"
    (tmp_path / "device-0123456789abcdef.jsonl").write_bytes(junk)
    store = StateStore.open(tmp_path)
    assert store.read_ids() == {"kept"}
    (aside,) = tmp_path.glob("device-0123456789abcdef.jsonl.corrupt-*")
    assert aside.read_bytes() == junk
    assert len(store.warnings) == 1 and "set aside" in store.warnings[0]
    assert StateStore.open(tmp_path).warnings == []  # said once: it is out of the way now


def test_unreadable_log_is_set_aside(tmp_path: Path) -> None:
    (tmp_path / "device-unreadable.jsonl").mkdir()  # reading it fails (EISDIR)
    store = StateStore.open(tmp_path)
    store.set_read(["a"], True)
    assert list(tmp_path.glob("device-unreadable.jsonl.corrupt-*"))
    assert "cannot be read" in store.warnings[0]
    assert StateStore.open(tmp_path).is_read("a")


def test_a_few_bad_lines_cost_only_themselves(tmp_path: Path) -> None:
    lines = [
        '{"t":1.0,"id":"a","f":"read","v":true}',
        "garbage",
        '{"t":2.0,"id":"b","f":"read","v":"yes"}',  # wrong type
        '{"t":"3","id":"c","f":"read","v":true}',  # wrong type
        '{"t":4.0,"id":"d","f":"read","v":true}',
        '{"t":5.0,"id":"e","f":"future-field","v":1}',
    ]
    (tmp_path / "device-aaaaaaaaaaaaaaaa.jsonl").write_text("\n".join(lines) + "\n")
    store = StateStore.open(tmp_path)
    assert store.read_ids() == {"a", "d"}
    assert store.warnings == []
    assert (tmp_path / "device-aaaaaaaaaaaaaaaa.jsonl").exists()


def test_state_folder_that_cannot_be_made_works_in_memory(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    store = StateStore.open(blocker / "state")  # mkdir fails: ENOTDIR
    store.set_read(["a", "b"], True)
    store.set_position("a", 0.5)
    assert store.read_ids() == {"a", "b"} and store.position("a") == 0.5
    assert len(store.warnings) == 1
    assert "cannot be saved" in store.warnings[0]
    assert blocker.read_text() == "not a folder"


def test_read_only_folder_keeps_reading_and_says_so_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = StateStore.open(tmp_path)
    before.set_read(["old"], True)
    before.close()
    size = log_of(tmp_path).stat().st_size

    real_open = os.open

    def read_only_open(path: str, flags: int, *args: int) -> int:
        if flags & (os.O_WRONLY | os.O_RDWR):
            raise OSError(errno.EROFS, os.strerror(errno.EROFS), path)
        return real_open(path, flags, *args)

    monkeypatch.setattr(state_log.os, "open", read_only_open)
    store = StateStore.open(tmp_path)
    assert store.is_read("old")
    store.set_read(["new"], True)
    store.set_read(["newer"], True)
    assert store.read_ids() == {"old", "new", "newer"}
    assert store.undo() == ["newer"]
    assert len(store.warnings) == 1 and "Read-only file system" in store.warnings[0]
    assert store.refresh() is False and store.is_read("new")  # kept across a refresh
    store.close()
    monkeypatch.undo()
    assert log_of(tmp_path).stat().st_size == size
    # The cache never took in what no log holds.
    assert StateStore.open(tmp_path).read_ids() == {"old"}


def test_disk_full_mid_session_keeps_changes_in_memory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = StateStore.open(tmp_path)
    store.set_read(["saved"], True)

    def full(fd: int, data: bytes) -> int:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(state_log.os, "write", full)
    store.set_read(["unsaved"], True)
    store.set_read(["unsaved2"], True)
    assert store.read_ids() == {"saved", "unsaved", "unsaved2"}
    assert len(store.warnings) == 1 and "No space left" in store.warnings[0]


def test_corrupt_cache_is_rebuilt_from_the_logs(tmp_path: Path) -> None:
    store = StateStore.open(tmp_path)
    store.set_read(["a"], True)
    store.close()
    cache = default_cache_path(tmp_path)
    assert cache.exists()
    cache.write_bytes(b"this is not a database" * 100)
    for suffix in ("-wal", "-shm"):
        Path(f"{cache}{suffix}").unlink(missing_ok=True)
    again = StateStore.open(tmp_path)
    assert again.read_ids() == {"a"}
    assert again.warnings == []


def test_cache_follows_a_log_that_went_or_was_replaced(tmp_path: Path) -> None:
    other = tmp_path / "device-bbbbbbbbbbbbbbbb.jsonl"
    other.write_text('{"t":1.0,"id":"x","f":"read","v":true}\n')
    store = StateStore.open(tmp_path)
    store.set_read(["mine"], True)
    store.close()
    assert StateStore.open(tmp_path).read_ids() == {"x", "mine"}
    # Replaced by a copy from elsewhere, longer but not an extension of the old one.
    other.write_text(
        '{"t":1.0,"id":"y","f":"read","v":true}\n{"t":2.0,"id":"z","f":"read","v":true}\n'
    )
    assert StateStore.open(tmp_path).read_ids() == {"y", "z", "mine"}
    other.unlink()  # gone: its marks go with it
    assert StateStore.open(tmp_path).read_ids() == {"mine"}


def test_start_up_uses_the_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = StateStore.open(tmp_path)
    store.set_read([f"a{i}" for i in range(50)], True)
    # Every kind of change twice over, with a save between: each updates rows the cache has.
    for fraction, title in ((0.2, "one"), (0.6, "two")):
        store.set_read(["again"], True)
        store.set_position("p", fraction)
        store.set_bookmark(Article(id="b", path="b.md", title=title), True)
        store.refresh()  # saves the cache
        store.set_read(["again"], False)
        store.set_bookmark(Article(id="b", path="b.md", title=title), False)
        store.refresh()
    store.set_bookmark(Article(id="b", path="b.md", title="three"), True)
    store.close()
    reads = count_log_reads(monkeypatch)
    again = StateStore.open(tmp_path)
    assert len(again.read_ids()) == 50
    assert again.position("p") == 0.6 and [b.title for b in again.bookmarks()] == ["three"]
    assert reads == []  # nothing new since the cache was saved: no log read at all
    assert store._follower.cache_error is None and again._follower.cache_error is None


def test_winner_saved_by_another_process_still_shows_here(tmp_path: Path) -> None:
    seed = StateStore.open(tmp_path)
    seed.set_read(["seed"], True)
    seed.close()  # a warm cache: stores opened now look winners up in it
    here = StateStore.open(tmp_path)
    other = StateStore.open(tmp_path)
    other.set_read(["x"], True)
    other.close()  # the cache now holds the winner this process has not merged yet
    assert here.refresh() is True
    assert here.is_read("x")


def test_cache_rebuilt_by_another_process_is_not_overwritten(tmp_path: Path) -> None:
    gone = tmp_path / "device-cccccccccccccccc.jsonl"
    gone.write_text('{"t":1.0,"id":"from-gone-log","f":"read","v":true}\n')
    here = StateStore.open(tmp_path)
    other = StateStore.open(tmp_path)
    assert here.is_read("from-gone-log")
    gone.unlink()
    assert other.refresh() is True  # rebuilds the cache without the gone log
    here.set_read(["mine"], True)
    here.close()  # holds winners from the gone log: must not write them back
    assert StateStore.open(tmp_path).read_ids() == {"mine"}


def test_ids_that_could_drive_a_terminal_are_refused(tmp_path: Path) -> None:
    lines = [
        '{"t":1.0,"id":"ok","f":"read","v":true}',
        '{"t":1.0,"id":"esc\\u001b[2J","f":"read","v":true}',
        '{"t":1.0,"id":"bidi\\u202eevil","f":"read","v":true}',
        '{"t":1.0,"id":"new\\nline","f":"read","v":true}',
        '{"t":1.0,"id":"","f":"read","v":true}',
    ]
    (tmp_path / "device-dddddddddddddddd.jsonl").write_text("\n".join(lines) + "\n")
    assert StateStore.open(tmp_path).read_ids() == {"ok"}


def test_large_merge_fills_the_cache_the_same_way(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    lines = [f'{{"t":{i}.5,"id":"r{i}","f":"read","v":true}}' for i in range(6000)]
    lines += [f'{{"t":9{i}.5,"id":"r{i}","f":"read","v":false}}' for i in range(0, 6000, 3)]
    lines += [f'{{"t":{i}.5,"id":"p{i}","f":"pos","v":0.{i}}}' for i in range(1, 10)]
    lines += [
        f'{{"t":{i}.5,"id":"b{i}","f":"bookmark","v":{{"title":"T{i}","path":"b{i}.md"}}}}'
        for i in range(5)
    ]
    lines.append('{"t":99.5,"id":"b4","f":"bookmark","v":null}')
    (tmp_path / "device-eeeeeeeeeeeeeeee.jsonl").write_text("\n".join(lines) + "\n")
    expected = {f"r{i}" for i in range(6000) if i % 3}
    first = StateStore.open(tmp_path)  # merges 6000+ rows: the bulk path
    assert first.read_ids() == expected
    first.refresh()
    # Small saves on the same connection still keep the shown tables (the triggers are back).
    first.set_position("p3", 0.9)
    first.set_read(["r0"], True)
    first.set_bookmark(Article(id="b0", path="b0.md", title="T0"), False)
    first.close()

    reads = count_log_reads(monkeypatch)
    second = StateStore.open(tmp_path)
    assert reads == [] and second._follower.cache_error is None
    assert second.read_ids() == expected | {"r0"}
    assert second.position("p3") == 0.9 and second.position("p4") == 0.4
    assert [b.id for b in second.bookmarks()] == ["b3", "b2", "b1"]
