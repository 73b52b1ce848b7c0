"""R pressed again while its scan runs: the scan it cancelled finishes first, and must not take
the "Rescanned: …" message (and the saved searches' rerun) from the scan that replaced it."""

from __future__ import annotations

import asyncio
import threading
from pathlib import Path

import pytest
from ui_support import running, settle

from tui_reader.core.library.library import Library

pytestmark = pytest.mark.library(samples=False, warm=True)


async def test_the_second_r_says_what_its_scan_found(
    library: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with running(library) as (app, pilot):
        gates = [threading.Event(), threading.Event()]
        scan = Library.scan
        calls: list[int] = []

        def gated(lib: Library, *args: object, **kwargs: object) -> object:
            number = len(calls)
            calls.append(number)
            if number < len(gates):
                gates[number].wait(10)
            return scan(lib, *args, **kwargs)  # type: ignore[arg-type]

        monkeypatch.setattr(Library, "scan", gated)
        await pilot.press("R")
        while len(calls) < 1:
            await asyncio.sleep(0.01)
        await pilot.press("R")  # cancels the first scan, which is still running
        while len(calls) < 2:
            await asyncio.sleep(0.01)
        gates[0].set()  # the cancelled scan ends first
        await pilot.pause(0.2)
        gates[1].set()
        await settle(pilot)
        said = [str(n.message) for n in app._notifications]
        assert any(text.startswith("Rescanned") for text in said), said
