"""Links list: typing a link's number selects it, and without a graphical session `$BROWSER` or a
console browser is used (run with the reader suspended). No real browser is ever started: PATH
lookups, `subprocess` and the runner are replaced."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from textual.app import App
from textual.widgets import OptionList
from ui_support import make_library, running, settle

from tui_reader.core import links as core_links
from tui_reader.core.links import Browser, find_browser, open_url
from tui_reader.render.linkset import Link
from tui_reader.ui.screens import links as ui_links
from tui_reader.ui.screens.links import LinksScreen, run_suspended

URL = "https://news.example/a;b|c$(reboot)`id`"
LINKS = [Link(n, f"link {n}", f"https://news.example/{n}", "link") for n in range(1, 13)]


@pytest.fixture
def terminal_only(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """Linux over SSH: no display; every program asked for is 'found' in /usr/bin; programs
    started in the background are recorded, not run."""
    started: list[Any] = []
    monkeypatch.setattr(core_links.sys, "platform", "linux")
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.delenv("BROWSER", raising=False)
    monkeypatch.setattr(core_links.shutil, "which", lambda name: f"/usr/bin/{name}")
    monkeypatch.setattr(core_links.subprocess, "Popen", lambda args, **kw: started.append(args))
    monkeypatch.setattr(core_links.subprocess, "run", lambda args, **kw: started.append(args))
    return started


def test_console_browser_from_browser_variable(
    terminal_only: list, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BROWSER", "w3m")
    assert find_browser(URL) == Browser(["/usr/bin/w3m", URL], console=True)
    monkeypatch.setenv("BROWSER", "lynx -accept_all_cookies %s")
    assert find_browser(URL) == Browser(["/usr/bin/lynx", "-accept_all_cookies", URL], console=True)


def test_any_browser_command_is_console_without_a_display(
    terminal_only: list, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BROWSER", "firefox")
    assert find_browser(URL) == Browser(["/usr/bin/firefox", URL], console=True)
    monkeypatch.setenv("DISPLAY", ":0")
    assert find_browser(URL) == Browser(["/usr/bin/firefox", URL], console=False)
    assert open_url(URL) is None  # a graphical $BROWSER starts in the background
    assert terminal_only == [["/usr/bin/firefox", URL]]


def test_console_browser_on_path_without_browser_variable(
    terminal_only: list, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(
        core_links.shutil, "which", lambda name: "/opt/lynx" if name == "lynx" else None
    )
    assert find_browser(URL) == Browser(["/opt/lynx", URL], console=True)


def test_nothing_available_keeps_the_message(
    terminal_only: list, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(core_links.shutil, "which", lambda name: None)
    monkeypatch.setenv("BROWSER", "w3m")  # set, but not installed
    assert find_browser(URL) is None
    reason = open_url(URL)
    assert reason is not None and "graphical" in reason
    assert terminal_only == []


@pytest.mark.parametrize("url", ["mailto:a@example.com", "javascript:alert(1)", "file:///etc"])
def test_console_browsers_get_web_addresses_only(
    terminal_only: list, monkeypatch: pytest.MonkeyPatch, url: str
) -> None:
    monkeypatch.setenv("BROWSER", "w3m")
    assert find_browser(url) is None


def test_run_in_terminal_passes_one_argument(terminal_only: list) -> None:
    assert core_links.run_in_terminal(["/usr/bin/w3m", URL]) is None
    assert terminal_only == [["/usr/bin/w3m", URL]]


class LinksApp(App[None]):
    def __init__(self, links: list[Link]) -> None:
        super().__init__()
        self.links = links
        self.now = 0.0
        self.messages: list[str] = []

    def on_mount(self) -> None:
        self.push_screen(LinksScreen(self.links, clock=lambda: self.now))

    def notify(self, message: str, **kwargs: object) -> None:  # type: ignore[override]
        self.messages.append(message)


def highlighted(app: LinksApp) -> int | None:
    return app.screen.query_one(OptionList).highlighted


async def test_typing_a_number_selects_the_link() -> None:
    app = LinksApp(LINKS)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("3")
        assert highlighted(app) == 2
        app.now = 0.5
        await pilot.press("1")  # 31 does not exist: 1 starts again
        assert highlighted(app) == 0
        app.now = 0.9
        await pilot.press("2")  # within a second of the 1: link 12
        assert highlighted(app) == 11
        app.now = 3.0
        await pilot.press("1")  # a pause: a new number
        assert highlighted(app) == 0
        app.now = 4.5
        await pilot.press("0")  # no link 0, nothing moves
        assert highlighted(app) == 0


async def test_number_then_enter_runs_the_console_browser_suspended(
    terminal_only: list, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BROWSER", "w3m")
    ran: list[list[str]] = []
    monkeypatch.setattr(ui_links, "run_suspended", lambda app, command: ran.append(command))
    app = LinksApp(LINKS)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("5", "enter")
        await pilot.pause()
    assert ran == [["/usr/bin/w3m", "https://news.example/5"]]
    assert terminal_only == []  # nothing started in the background


async def test_run_suspended_hands_the_terminal_over(monkeypatch: pytest.MonkeyPatch) -> None:
    events: list[str] = []

    @contextmanager
    def suspend() -> Iterator[None]:
        events.append("suspended")
        yield
        events.append("resumed")

    monkeypatch.setattr(ui_links, "run_in_terminal", lambda command: events.append(command[0]))
    app = LinksApp(LINKS)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        # The test driver cannot suspend: the reader says so and runs nothing.
        reason = run_suspended(app, ["/usr/bin/w3m", URL])
        assert reason is not None and "copy the address" in reason
        assert events == []
        monkeypatch.setattr(app, "suspend", suspend)
        assert run_suspended(app, ["/usr/bin/w3m", URL]) is None
        assert events == ["suspended", "/usr/bin/w3m", "resumed"]


async def test_o_on_the_main_screen_uses_the_console_browser_too(
    terminal_only: list, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("BROWSER", "w3m")
    ran: list[list[str]] = []
    monkeypatch.setattr(ui_links, "run_suspended", lambda app, command: ran.append(command))
    async with running(make_library(tmp_path / "library", samples=False)) as (app, pilot):
        main = app.main_screen
        long = next(a for a in main.model.articles.values() if a.link)
        main.open_article(long, None)
        await settle(pilot)
        await pilot.press("o")
        await pilot.pause()
    assert ran == [["/usr/bin/w3m", "https://example.org/long"]]
