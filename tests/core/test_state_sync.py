"""Two machines sharing the reading state through a sync tool, played on one host.

Each machine is its own set of XDG_* folders (so its own device id, cache and data folder); a
sync tool is played by copying each device's log file into the other machine's state folder.
"""

from __future__ import annotations

import shutil
import time
from datetime import UTC, datetime
from pathlib import Path
from random import Random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tui_reader.core.library.model import Article
from tui_reader.core.state.log import READ, Change
from tui_reader.core.state.merge import MergedState
from tui_reader.core.state.store import StateStore


class Machine:
    """One machine's user folders; `use()` makes them the current ones (like logging in)."""

    def __init__(self, home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        self.home = home
        self.monkeypatch = monkeypatch

    def use(self) -> None:
        for name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
            folder = self.home / name.lower()
            folder.mkdir(parents=True, exist_ok=True)
            self.monkeypatch.setenv(name, str(folder))

    def open(self) -> StateStore:
        self.use()
        return StateStore.open()


def sync(first: Path, second: Path) -> None:
    """What Syncthing or Dropbox does: every log that changed is copied whole to the other side."""
    for source, target in ((first, second), (second, first)):
        for log in source.glob("*.jsonl"):
            if not (target / log.name).exists() or (target / log.name).read_bytes() != (
                log.read_bytes()
            ):
                shutil.copy2(log, target / log.name)


def later() -> None:
    time.sleep(0.002)  # two machines do not act within the same microsecond


def article(article_id: str) -> Article:
    return Article(id=article_id, path=f"{article_id}.md", title=f"Title {article_id}",
                   date=datetime(2024, 1, 2, tzinfo=UTC))  # fmt: skip


@pytest.fixture
def machines(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Machine, Machine]:
    return Machine(tmp_path / "laptop", monkeypatch), Machine(tmp_path / "desktop", monkeypatch)


def test_two_machines_merge_every_change_with_the_right_winner(
    machines: tuple[Machine, Machine],
) -> None:
    laptop, desktop = machines
    a = laptop.open()
    a.set_read(["shared-old"], True)
    a.set_bookmark(article("kept"), True)
    # Syncing starts the way people start it: by copying the folder to the new machine.
    b_home = desktop.home / "xdg_data_home" / "tui-reader"
    b_home.mkdir(parents=True)
    shutil.copytree(a.state_dir, b_home / "state")
    b = desktop.open()
    assert b.device != a.device  # the id did not travel with the folder
    assert b.is_read("shared-old") and b.is_bookmarked("kept")

    # Apart, each machine changes things; some changes touch the same article and field.
    a.set_read([f"a{i}" for i in range(50)], True)
    b.set_read([f"b{i}" for i in range(50)], True)
    a.set_read(["both"], True)
    later()
    b.set_read(["both"], True)
    b.set_read(["both"], False)  # later: unread wins
    b.set_bookmark(article("flip"), True)
    later()
    a.set_bookmark(article("flip"), True)
    a.set_bookmark(article("flip"), False)  # later: no bookmark wins
    b.set_position("long", 0.3)
    later()
    a.set_position("long", 0.8)
    later()
    b.set_bookmark(article("kept"), False)
    a.set_read(["shared-old"], False)

    assert len(list(a.state_dir.glob("*.jsonl"))) == 1  # nothing synced yet
    sync(a.state_dir, b.state_dir)
    assert a.refresh() and b.refresh()

    expected_read = {f"a{i}" for i in range(50)} | {f"b{i}" for i in range(50)}
    for store in (a, b):
        assert store.read_ids() == expected_read
        assert not store.is_bookmarked("flip") and not store.is_bookmarked("kept")
        assert store.bookmarks() == []
        assert store.position("long") == 0.8
    # The same after a restart of either machine, from the cache.
    a.close()
    b.close()
    for machine in (laptop, desktop):
        store = machine.open()
        assert store.read_ids() == expected_read and store.position("long") == 0.8
        assert len(list(store.state_dir.glob("*.jsonl"))) == 2
        assert store._follower.cache_error is None
        assert not list(store.state_dir.glob("*conflict*"))


def test_a_log_copied_half_way_is_taken_in_when_complete(
    machines: tuple[Machine, Machine],
) -> None:
    laptop, desktop = machines
    a = laptop.open()
    a.set_read([f"n{i}" for i in range(20)], True)
    b = desktop.open()
    data = (a.state_dir / f"device-{a.device}.jsonl").read_bytes()
    target = b.state_dir / f"device-{a.device}.jsonl"
    target.write_bytes(data[: len(data) // 2 + 7])  # a copy in progress, cut mid-line
    assert b.refresh()
    half = b.read_ids()
    assert 0 < len(half) < 20 and b.warnings == []
    target.write_bytes(data)
    b.refresh()
    assert b.read_ids() == {f"n{i}" for i in range(20)}


def test_equal_times_pick_the_same_winner_everywhere(tmp_path: Path) -> None:
    line = '{{"t":1700000000.5,"id":"tie","f":"read","v":{}}}\n'
    low, high = "device-1111111111111111.jsonl", "device-9999999999999999.jsonl"
    results = []
    for order in ((low, high), (high, low)):
        folder = tmp_path / "-".join(order)
        folder.mkdir()
        first, second = order
        (folder / first).write_text(line.format("true" if first == high else "false"))
        store = StateStore.open(folder)
        (folder / second).write_text(line.format("true" if second == high else "false"))
        store.refresh()
        results.append(store.is_read("tie"))
    assert results == [True, True]  # the log whose name sorts higher wins a tie


def test_a_sync_conflict_copy_merges_harmlessly(machines: tuple[Machine, Machine]) -> None:
    laptop, _desktop = machines
    a = laptop.open()
    a.set_read(["x", "y"], True)
    log = a.state_dir / f"device-{a.device}.jsonl"
    shutil.copy(log, a.state_dir / f"device-{a.device}.sync-conflict-20241126-120000-ABC.jsonl")
    a.set_read(["y"], False)
    assert not a.refresh()
    assert a.read_ids() == {"x"}


changes = st.lists(
    st.tuples(
        st.integers(0, 5).map(float),  # few distinct times: ties between logs happen often
        st.sampled_from(["a", "b", "c"]),  # article
        st.sampled_from(["device-1.jsonl", "device-2.jsonl", "device-3.jsonl"]),  # log
        st.booleans(),
    ),
    max_size=40,
    # One device never stamps two changes of an article alike (its clock only moves on).
    unique_by=lambda item: (item[0], item[1], item[2]),
)


def merge_all(sequence: list[tuple[float, str, str, bool]], save_every: int = 0) -> dict[str, bool]:
    """Merge in this order; every `save_every` changes, hand the winners to a stand-in for the
    cache (a dict), as a store does when it saves."""
    state = MergedState()
    saved: dict[tuple[str, str], tuple[float, str, bool]] = {}
    for n, (t, article_id, src, value) in enumerate(sequence, start=1):
        state.merge(Change(t, article_id, READ, value), src)
        if save_every and n % save_every == 0:
            for article, field, *entry in state.take_dirty():
                saved[(article, field)] = tuple(entry)  # type: ignore[assignment]
            state.saved()
            state.base = lambda article, field: saved.get((article, field))
    return {article_id: article_id in state.read for _t, article_id, _s, _v in sequence}


@settings(max_examples=300, deadline=None)
@given(changes, st.randoms(use_true_random=False), st.integers(0, 7))
def test_merge_does_not_depend_on_order_or_repeats(
    items: list[tuple[float, str, str, bool]], random: Random, save_every: int
) -> None:
    expected: dict[str, bool] = {}
    for article_id in {item[1] for item in items}:
        mine = [item for item in items if item[1] == article_id]
        expected[article_id] = max(mine, key=lambda item: (item[0], item[2]))[3]
    shuffled = items + items[: len(items) // 2]  # some lines merged twice, as after a re-sync
    random.shuffle(shuffled)
    assert merge_all(shuffled, save_every) == expected
