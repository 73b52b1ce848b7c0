"""The terminal size a page asks for is kept within bounds (`serve_http.terminal_size`): at
connection (`/ws?width=&height=`) and in each resize message. textual-serve passed any size on,
so a page could have a reader lay out billions of cells; a value that is no number is taken as
the smallest, and the reader goes on. The size is read back from where the reader draws: the row
of the footer (the last row) in the newest frame, and no row of any frame beyond the bound."""

from __future__ import annotations

import re
import time
from pathlib import Path

import aiohttp
import pytest
from serve_support import Served, make_library, serving, user_environment

from tui_reader.commands.serve_http import MAX_COLUMNS, MAX_ROWS, terminal_size

QUIET = 2.0  # seconds without output that end a frame's reading
DEADLINE = 60.0


@pytest.fixture
def served(tmp_path: Path):  # type: ignore[no-untyped-def]
    library = make_library(tmp_path / "library")
    with serving(library, user_environment(tmp_path)) as running:
        yield running


async def footer_row(tab: aiohttp.ClientWebSocketResponse, expect: bytes) -> int:
    """The row the reader last drew `expect` on, once it has been drawn and the output has gone
    quiet. Output is one ordered stream, so a frame still being drawn for an earlier size comes
    before the newest frame's `expect`. Every row the cursor went to stays within MAX_ROWS."""
    data = b""
    deadline = time.monotonic() + DEADLINE
    while time.monotonic() < deadline:
        try:
            message = await tab.receive(timeout=QUIET if expect in data else 10.0)
        except TimeoutError:
            if expect in data:
                break
            continue
        assert message.type in (aiohttp.WSMsgType.BINARY, aiohttp.WSMsgType.TEXT), message
        if message.type == aiohttp.WSMsgType.BINARY:
            data += message.data
    else:
        raise AssertionError(f"{expect!r} never drawn")
    assert max(int(row) for row in re.findall(rb"\x1b\[(\d+);\d+H", data)) <= MAX_ROWS
    before = data[: data.rindex(expect)]
    return int(re.findall(rb"\x1b\[(\d+);\d+H", before)[-1])


async def test_a_page_cannot_ask_for_a_huge_terminal(served: Served) -> None:
    origin = f"http://127.0.0.1:{served.port}"
    async with aiohttp.ClientSession() as session:
        url = f"{origin}/ws?width=200&height={MAX_ROWS + 200}"
        tab = await session.ws_connect(url, origin=origin)
        assert await footer_row(tab, b"Quit") == MAX_ROWS
        await tab.send_json(["resize", {"width": 10**9, "height": 10**9}])
        assert await footer_row(tab, b"Quit") == MAX_ROWS
        await tab.send_json(["resize", {"width": "wide", "height": None}])  # the smallest
        await tab.send_json(["resize", {"width": 100, "height": 30}])
        assert await footer_row(tab, b"Quit") == 30  # the reader went on
        await tab.close()


@pytest.mark.parametrize(
    ("asked", "given"),
    [((80, 24), (80, 24)), ((10**9, 10**9), (MAX_COLUMNS, MAX_ROWS)), ((0, -5), (1, 1)),
     (("x", None), (1, 1)), ((float("inf"), float("nan")), (1, 1)), ((120.7, "40"), (120, 40)),
     ((True, 3), (1, 3))],
)  # fmt: skip
def test_sizes_are_whole_numbers_within_bounds(asked: tuple, given: tuple) -> None:  # type: ignore[type-arg]
    assert terminal_size(*asked) == given
