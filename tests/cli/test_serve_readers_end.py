"""When `tui-reader serve` stops, the readers it started for open tabs end too. Stopped (SIGTERM,
as a service manager does), the server ends each tab's session, which tells its reader to quit,
and waits for them (`ReaderServer.on_shutdown`): before, it waited for the websockets'
heartbeats to fail and left the readers running. Killed outright, each reader's input ends and
it quits as with `q` (tui_reader/ui/served_driver.py): Textual's web driver left it running
with nobody to draw for. The tabs are websocket clients as a page's is (aiohttp's)."""

from __future__ import annotations

import asyncio
import os
import signal
import time
from pathlib import Path

import aiohttp
import pytest
from serve_support import make_library, serving, user_environment

pytestmark = pytest.mark.skipif(not Path("/proc/self/cmdline").exists(), reason="needs /proc")
DEADLINE = 60.0


def readers_of(library: Path) -> list[int]:
    """The reader processes (`python -m tui_reader LIBRARY`) running on `library`."""
    found = []
    for entry in Path("/proc").iterdir():
        try:
            argv = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if argv[1:4] == [b"-m", b"tui_reader", os.fsencode(library)]:
            found.append(int(entry.name))
    return found


async def until_idle(tab: aiohttp.ClientWebSocketResponse) -> None:
    """Read the reader's output until it has drawn the library and then stays quiet a second:
    a reader that is still drawing would end anyway, when it finds its output gone."""
    seen = b""
    deadline = time.monotonic() + DEADLINE
    while time.monotonic() < deadline:
        try:
            message = await tab.receive(timeout=1.0 if b"unread" in seen else 10.0)
        except TimeoutError:
            if b"unread" in seen:
                return
            continue
        assert message.type in (aiohttp.WSMsgType.BINARY, aiohttp.WSMsgType.TEXT), message
        if message.type == aiohttp.WSMsgType.BINARY:
            seen = seen[-100:] + message.data
    raise AssertionError("the reader never settled")


async def drain(tab: aiohttp.ClientWebSocketResponse) -> None:
    """Keep reading, as a page does, so the server's closing handshake is answered."""
    while not tab.closed:
        message = await tab.receive()
        if message.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED):
            break


async def until(condition, what: str) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + DEADLINE
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(what)
        await asyncio.sleep(0.1)  # polling a condition, with a deadline


@pytest.mark.parametrize("how", [signal.SIGTERM, signal.SIGKILL])
async def test_the_readers_end_with_their_server(tmp_path: Path, how: signal.Signals) -> None:
    library = make_library(tmp_path / "library")
    readers: list[int] = []
    try:
        async with aiohttp.ClientSession() as session:
            with serving(library, user_environment(tmp_path)) as served:
                origin = f"http://127.0.0.1:{served.port}"
                url = f"{origin}/ws?width=80&height=24"
                tabs = [await session.ws_connect(url, origin=origin) for _ in range(2)]
                await asyncio.gather(*(until_idle(tab) for tab in tabs))
                readers = readers_of(library)
                assert len(readers) == 2
                draining = [asyncio.create_task(drain(tab)) for tab in tabs]
                served.process.send_signal(how)
                await until(lambda: served.process.poll() is not None, "the server ended")
                if how == signal.SIGTERM:  # it waited for them
                    assert readers_of(library) == []
            await until(lambda: not readers_of(library), f"readers left running: {readers}")
            await asyncio.wait(draining, timeout=DEADLINE)
    finally:
        for pid in readers_of(library):  # ours, if the test failed: never left behind
            os.kill(pid, signal.SIGKILL)
