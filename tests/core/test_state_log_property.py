"""Property: whatever synced logs hold (sound lines from several devices with any stamps, garbled
bytes, brackets nested deep, lines too long, a last line never finished), opening the state
raises nothing, every sound line counts as the merge rule says, reading holds a bounded number
of bytes, and what the user does next wins and stays after a restart."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tui_reader.core.state import log as state_log
from tui_reader.core.state.log import MAX_STAMP, MICROSECONDS
from tui_reader.core.state.store import StateStore

SHORT_LINE = 200  # MAX_LINE while the property runs, so "too long" is cheap to make
CHUNK = 64
ARTICLES = ["a", "b", "c"]
LOGS = ["device-1111111111111111.jsonl", "device-8888888888888888.jsonl", "x.sync-conflict.jsonl"]

now = 1_733_000_000 * MICROSECONDS
stamps = st.one_of(
    st.integers(now - 10**9, now + 10**9),  # a few minutes around now
    # any clock, absurd ones too, below the ceiling: a stamp at MAX_STAMP can only be tied, never
    # beaten (test_state_hostile_logs checks the user is told so)
    st.integers(-MAX_STAMP, MAX_STAMP - 1),
    st.sampled_from([0, 10**18, MAX_STAMP - 100, -MAX_STAMP]),
)


@st.composite
def sound(draw: st.DrawFn) -> tuple[int, str, bool, bytes]:
    stamp, article, read = draw(stamps), draw(st.sampled_from(ARTICLES)), draw(st.booleans())
    if draw(st.booleans()):  # an older version's line: seconds only
        seconds = abs(stamp) // MICROSECONDS * (1 if stamp >= 0 else -1)  # toward zero
        stamp, record = seconds * MICROSECONDS, {"t": seconds}
    else:
        record = {"t": stamp / MICROSECONDS, "us": stamp}
    record.update(id=article, f="read", v=read)
    return stamp, article, read, json.dumps(record).encode()


garbled = st.one_of(
    st.binary(max_size=60).map(lambda b: b"#" + b.replace(b"\n", b"")),
    st.integers(1, 3000).map(lambda n: b"[" * n),
    st.integers(SHORT_LINE + 1, 3 * SHORT_LINE).map(lambda n: b"{" + b"x" * n),
    st.sampled_from([
        b'{"t":1e400,"id":"a","f":"read","v":true}',
        b'{"us":9223372036854775807,"id":"a","f":"read","v":true}',
        b'{"t":"1","id":"a","f":"read","v":true}',
        b'{"t":1,"us":1.5,"id":"a","f":"read","v":true}',
        b"\x00" * 30,
    ]),
)  # fmt: skip
lines = st.lists(st.one_of(sound(), garbled), max_size=12)
logs = st.dictionaries(st.sampled_from(LOGS), st.tuples(lines, st.binary(max_size=3 * SHORT_LINE)))


def expected_read(contents: dict[str, tuple[list, bytes]]) -> set[str]:
    """Per article, the sound line with the highest (stamp, log name, place in its log)."""
    best: dict[str, tuple[int, str, int, bool]] = {}
    for name, (items, _unfinished) in contents.items():
        for place, item in enumerate(items):
            if isinstance(item, tuple):
                stamp, article, read, _raw = item
                key = (stamp, name, place, read)
                if article not in best or key[:3] > best[article][:3]:
                    best[article] = key
    return {article for article, key in best.items() if key[3]}


class HeldBytes:
    """The longest chunk of a log handed to the line parser."""

    def __init__(self) -> None:
        self.most = 0
        self.real = state_log._parse_lines

    def __call__(self, data: bytes, result: state_log.ReadResult) -> None:
        self.most = max(self.most, len(data))
        self.real(data, result)


@settings(max_examples=60, deadline=None)
@given(logs)
def test_any_log_content_merges_soundly_and_the_user_wins(
    contents: dict[str, tuple[list, bytes]],
) -> None:
    with tempfile.TemporaryDirectory() as name, pytest.MonkeyPatch.context() as patch:
        folder = Path(name)
        patch.setattr(state_log, "MAX_LINE", SHORT_LINE)
        patch.setattr(state_log, "READ_CHUNK", CHUNK)
        held = HeldBytes()
        patch.setattr(state_log, "_parse_lines", held)
        for log, (items, unfinished) in contents.items():
            raw = [item[3] if isinstance(item, tuple) else item for item in items]
            (folder / log).write_bytes(
                b"".join(r + b"\n" for r in raw) + unfinished.replace(b"\n", b"")
            )
        store = StateStore.open(folder)
        assert store.read_ids() == expected_read(contents)
        assert held.most <= SHORT_LINE + 1 + CHUNK  # never a whole long line
        for article in ARTICLES:  # the user's own changes, after whatever the logs say
            store.set_read([article], not store.is_read(article))
        mine = store.read_ids()
        assert mine == set(ARTICLES) - expected_read(contents)
        store.close()
        assert StateStore.open(folder).read_ids() == mine
