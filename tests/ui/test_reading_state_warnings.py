"""The reader says what the reading state did about a synced log gone wrong, also when the log
arrives while it runs: a log set aside (and where), a device's clock far in the future."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from ui_support import running, settle

from tui_reader.core.state.store import default_state_dir

pytestmark = pytest.mark.library(samples=False)


def said(app) -> list[str]:  # type: ignore[no-untyped-def]
    return [str(notification.message) for notification in app._notifications]


async def test_a_log_synced_in_while_reading_is_reported(library: Path) -> None:
    async with running(library) as (app, pilot):
        folder = app.main_screen.state.state_dir
        junk = folder / "device-0123456789abcdef.jsonl"
        junk.write_bytes(b"\xff\xfe not a change\n" * 10)
        future = folder / "device-ffffffffffffffff.jsonl"
        future.write_text(json.dumps({"t": 1e12, "id": "x", "f": "read", "v": True}) + "\n")
        await pilot.press("R")  # a rescan takes in the reading state too
        await settle(pilot)
        (aside,) = folder.glob("device-0123456789abcdef.jsonl.corrupt-*")
        assert any(str(junk) in text and aside.name in text for text in said(app)), said(app)
        assert any(str(future) in text and "future" in text for text in said(app)), said(app)
        count = len(said(app))
        await pilot.press("R")
        await settle(pilot)
        assert not [text for text in said(app)[count:] if "device-" in text]  # said once


async def test_a_log_set_aside_at_start_is_reported_once(library: Path) -> None:
    folder = default_state_dir()
    folder.mkdir(parents=True)
    junk = folder / "device-0123456789abcdef.jsonl"
    junk.write_bytes(b"\x00\x01 garbage\n" * 10)
    async with running(library) as (app, pilot):
        await pilot.press("R")  # takes in the logs again: nothing more to say
        await settle(pilot)
        about = [text for text in said(app) if str(junk) in text]
        assert len(about) == 1 and "set aside" in about[0], said(app)
