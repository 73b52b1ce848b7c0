"""Synced state logs that went wrong: a log that must be set aside, a device whose clock is far
ahead, a line that never ends. Each is said (stderr, the reader), costs bounded memory and time,
loses no change that can still be read, and never outvotes what the user does next."""

from __future__ import annotations

import errno
import io
import json
import time
import tracemalloc
from pathlib import Path

import pytest

from tui_reader.cli import main
from tui_reader.core.state import log as state_log
from tui_reader.core.state.log import MAX_LINE, MAX_STAMP, MICROSECONDS
from tui_reader.core.state.store import StateStore, default_state_dir

OTHER = "device-0123456789abcdef.jsonl"


def line(article: str, read: bool, **stamp: float) -> str:
    return json.dumps({**stamp, "id": article, "f": "read", "v": read}) + "\n"


def first_id(samples_library: Path, capsys: pytest.CaptureFixture[str]) -> str:
    assert main(["list", str(samples_library), "--json"]) == 0
    return json.loads(capsys.readouterr().out.splitlines()[0])["id"]


# -- a log set aside -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "command",
    [["list", "{library}"], ["search", "is:unread", "{library}"], ["bookmarks"]],
    ids=["list", "search", "bookmarks"],
)
def test_every_command_says_it_set_a_log_aside(
    samples_library: Path, capsys: pytest.CaptureFixture[str], command: list[str]
) -> None:
    folder = default_state_dir()
    folder.mkdir(parents=True)
    junk = bytes(range(256)) * 8 + b"\n"
    (folder / OTHER).write_bytes(junk)
    assert main([part.format(library=samples_library) for part in command]) == 0
    err = capsys.readouterr().err
    assert str(folder / OTHER) in err and "set aside as" in err
    (aside,) = folder.glob(f"{OTHER}.corrupt-*")
    assert aside.name in err and aside.read_bytes() == junk  # kept, untouched


class FailingRead(io.FileIO):
    """A log file whose reading fails (EIO) past byte `limit`."""

    limit = 0

    def read(self, size: int = -1) -> bytes:
        if self.tell() >= self.limit:
            raise OSError(errno.EIO, "Input/output error")
        return super().read(min(size, self.limit - self.tell()))


def test_changes_read_before_a_read_error_are_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    lines = [line(f"a{i}", True, t=1700000000 + i) for i in range(100)]
    data = "".join(lines).encode()
    log = tmp_path / OTHER
    log.write_bytes(data)
    monkeypatch.setattr(state_log, "READ_CHUNK", 512)
    FailingRead.limit = len(data) // 2
    real_open = open

    def failing_open(path: Path, mode: str = "r") -> object:
        return FailingRead(path) if Path(path).name == OTHER else real_open(path, mode)

    monkeypatch.setattr(state_log, "open", failing_open, raising=False)
    store = StateStore.open(tmp_path)
    store.close()
    kept = store.read_ids()
    assert 10 < len(kept) < 100 and kept == {f"a{i}" for i in range(len(kept))}
    (warning,) = store.warnings
    assert str(log) in warning and "set aside" in warning and f"{len(kept)} changes" in warning
    (aside,) = tmp_path.glob(f"{OTHER}.corrupt-*")
    assert aside.read_bytes() == data
    monkeypatch.undo()
    again = StateStore.open(tmp_path)  # a later run: the salvaged changes are in a log
    assert again.read_ids() == kept and again.warnings == []


# -- a clock far ahead -----------------------------------------------------------------------


@pytest.mark.parametrize("stamp", [{"t": 1e12}, {"t": 4e12}, {"us": 2**62 - 8}], ids=str)
def test_unread_wins_over_a_change_stamped_far_ahead(
    samples_library: Path, capsys: pytest.CaptureFixture[str], stamp: dict[str, float]
) -> None:
    article = first_id(samples_library, capsys)
    folder = default_state_dir()
    (folder / "device-ffffffffffffffff.jsonl").write_text(line(article, True, **stamp))
    for read in ("unread", "read", "unread"):
        assert main(["mark", read, article, "--library", str(samples_library)]) == 0
        store = StateStore.open()
        assert store.is_read(article) == (read == "read")
        store.close()
    assert "in the future" in capsys.readouterr().err  # said once, when first merged


@pytest.mark.parametrize("stamp", [{"us": MAX_STAMP}, {"t": MAX_STAMP / MICROSECONDS}], ids=str)
def test_a_change_no_stamp_can_pass_is_said_plainly(
    samples_library: Path, capsys: pytest.CaptureFixture[str], stamp: dict[str, float]
) -> None:
    """At the highest stamp a line may have, nothing made here can be stamped after it (nor can
    any bound be moved: a file may hold whatever is highest); the warning says so and how to
    undo it, instead of saying the user's changes win."""
    article = first_id(samples_library, capsys)
    log = default_state_dir() / "zzzz.jsonl"  # sorts after this device's log: wins every tie
    log.write_text(line(article, True, **stamp))
    assert main(["mark", "unread", article, "--library", str(samples_library)]) == 1
    out, err = capsys.readouterr()
    assert str(log) in err and "cannot outvote" in err and "move" in err
    assert "still win" not in err
    assert "unread:" not in out and "not changed" in err  # the command does not claim it did
    log.unlink()  # moved away, as said: the change made here is the one that holds
    assert main(["mark", "unread", article, "--library", str(samples_library)]) == 0
    assert "unread:" in capsys.readouterr().out


def test_a_later_change_on_another_device_wins_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "device-ffffffffffffffff.jsonl").write_text(line("x", True, t=1e12))
    here = StateStore.open(tmp_path)
    here.set_read(["x"], False)
    here.close()
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "another-device"))
    there = StateStore.open(tmp_path)  # merges both logs, then acts after them
    assert there.device != here.device and not there.is_read("x")
    there.set_read(["x"], True)
    there.close()
    assert StateStore.open(tmp_path).is_read("x")


def test_old_logs_in_seconds_are_read_exactly(tmp_path: Path) -> None:
    (tmp_path / OTHER).write_text(
        line("a", True, t=1732590000.123456) + line("a", False, t=1732590000.123457)
    )
    store = StateStore.open(tmp_path)
    assert not store.is_read("a")
    store.set_read(["a"], True)
    store.close()
    (own,) = (p for p in tmp_path.glob("*.jsonl") if p.name != OTHER)
    record = json.loads(own.read_text().splitlines()[-1])
    assert record["us"] == round(record["t"] * MICROSECONDS) > 1732590000123457


# -- a line that never ends ------------------------------------------------------------------


class Reads:
    """Bytes read from logs, and the largest allocation peak while reading them."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.total = 0
        real_open = open

        def counting_open(path: Path, mode: str = "r") -> object:
            file = real_open(path, mode)
            real_read = file.read

            def read(size: int = -1) -> bytes:
                data = real_read(size)
                self.total += len(data)
                return data

            file.read = read
            return file

        monkeypatch.setattr(state_log, "open", counting_open, raising=False)


def peak_while_opening(folder: Path) -> tuple[int, StateStore]:
    tracemalloc.start()
    try:
        store = StateStore.open(folder)
        return tracemalloc.get_traced_memory()[1], store
    finally:
        tracemalloc.stop()


def unfinished_log(folder: Path, megabytes: int) -> Path:
    log = folder / OTHER
    with open(log, "wb") as file:
        file.write(line("before", True, t=1700000000).encode())
        file.write(b'{"t":1700000001,"id":"')
        file.write(b"x" * (megabytes << 20))
    return log


@pytest.mark.parametrize("megabytes", [8, 32])
def test_an_unfinished_huge_line_costs_bounded_memory_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, megabytes: int
) -> None:
    monkeypatch.setattr(state_log, "READ_CHUNK", 64 * 1024)
    log = unfinished_log(tmp_path, megabytes)
    reads = Reads(monkeypatch)
    peak, store = peak_while_opening(tmp_path)
    store.close()
    assert peak < 3 * (MAX_LINE + state_log.READ_CHUNK), peak  # not the line's size
    assert reads.total <= log.stat().st_size + MAX_LINE  # each byte read once
    assert store.read_ids() == {"before"}
    (warning,) = store.warnings
    assert str(log) in warning and "longer than 1 MB" in warning
    reads.total = 0
    with open(log, "ab") as file:  # the line ends at last, and a change follows
        file.write(b'","f":"read","v":true}\n' + line("after", True, t=1700000002).encode())
    again = StateStore.open(tmp_path)
    assert reads.total < 1024  # the long line is not read again
    assert again.read_ids() == {"before", "after"}


def test_time_grows_linearly_with_an_unfinished_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(state_log, "READ_CHUNK", 64 * 1024)
    timings = []
    for megabytes in (4, 32):
        folder = tmp_path / str(megabytes)
        folder.mkdir()
        log = unfinished_log(folder, megabytes)
        best = float("inf")
        for _ in range(3):
            started = time.perf_counter()
            state_log.read_from(log, 0)
            best = min(best, time.perf_counter() - started)
        timings.append(best)
    assert timings[1] / timings[0] < 32  # linear 8 (up to about 20 under load); quadratic 64


@pytest.mark.parametrize(
    "bad",
    [b"[" * 100_000, b'{"t":1,"id":"a","f":"read","v":' + b"[" * 100_000, b"x" * (MAX_LINE + 5)],
    ids=["nested", "nested-value", "long"],
)
def test_a_hostile_complete_line_costs_only_itself(tmp_path: Path, bad: bytes) -> None:
    (tmp_path / OTHER).write_bytes(
        line("a", True, t=1.0).encode() + bad + b"\n" + line("b", True, t=2.0).encode()
    )
    store = StateStore.open(tmp_path)
    assert store.read_ids() == {"a", "b"}
