"""A served reader (`tui-reader serve`: `ReaderApp.served`) opens links in the user's browser
through Textual's `App.open_url` (the web driver hands it to the page), never with a program on
the serving machine; addresses the link policy refuses are refused there too. The browser test
(tests/cli/test_serve_browser.py) checks the same through a real page."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from ui_support import open_where, running, settle

from tui_reader.core import links as core_links
from tui_reader.ui.screens.links import LinksScreen, open_link


@pytest.fixture
def server_programs(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """A graphical session with a $BROWSER: whatever the reader starts on this machine is
    recorded, never run."""
    started: list[Any] = []
    monkeypatch.setattr(core_links.sys, "platform", "linux")
    monkeypatch.setenv("DISPLAY", ":0")
    monkeypatch.setenv("BROWSER", "firefox")
    monkeypatch.setattr(core_links.shutil, "which", lambda name: f"/usr/bin/{name}")
    monkeypatch.setattr(core_links.subprocess, "Popen", lambda args, **kw: started.append(args))
    monkeypatch.setattr(core_links.subprocess, "run", lambda args, **kw: started.append(args))
    monkeypatch.setattr(core_links.webbrowser, "open", lambda url, *a, **kw: started.append(url))
    return started


def record_open_url(app: Any, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    sent: list[str] = []
    monkeypatch.setattr(app, "open_url", lambda url, **kw: sent.append(url))
    return sent


async def test_the_original_page_opens_in_the_browser(
    library: Path, server_programs: list[Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    async with running(library, served=True) as (app, pilot):
        assert app.served
        sent = record_open_url(app, monkeypatch)
        article = await open_where(pilot, lambda a: bool(a.link))
        await pilot.press("o")
        await settle(pilot)
        assert sent == [article.link]
        assert server_programs == []


async def test_the_links_list_opens_in_the_browser_and_refuses_as_before(
    library: Path, server_programs: list[Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    async with running(library, served=True) as (app, pilot):
        sent = record_open_url(app, monkeypatch)
        for url in ("javascript:alert(1)", "file:///etc/passwd", "https://", "x" * 9000):
            assert open_link(app, url), url  # the reason it is refused
        assert sent == []
        assert open_link(app, "mailto:someone@example.org") is None
        await open_where(pilot, lambda a: bool(a.link))
        await pilot.press("L")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, LinksScreen) and screen.links
        await pilot.press("enter")
        await settle(pilot)
        assert sent == ["mailto:someone@example.org", screen.links[0].url]
        assert server_programs == []


async def test_a_terminal_reader_still_opens_links_here(
    library: Path, server_programs: list[Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    async with running(library) as (app, pilot):
        assert not app.served
        sent = record_open_url(app, monkeypatch)
        article = await open_where(pilot, lambda a: bool(a.link))
        await pilot.press("o")
        await settle(pilot)
        assert sent == []
        assert server_programs == [["/usr/bin/firefox", article.link]]
