"""The links screen, driven with Pilot: open, copy, refuse, close."""

from __future__ import annotations

from textual.app import App
from textual.widgets import OptionList

from tui_reader.core.links import check_url
from tui_reader.render.linkset import Link
from tui_reader.ui.screens.links import LinksScreen

LINKS = [
    Link(1, "The story [b]x[/b]", "https://news.example/story", "source"),
    Link(2, "menu", "javascript:alert(1)", "link"),
    Link(3, "photo", "https://news.example/p.jpg", "image"),
]


class LinksApp(App[None]):
    def __init__(self) -> None:
        super().__init__()
        self.opened: list[str] = []
        self.copied: list[str] = []
        self.messages: list[str] = []

    def on_mount(self) -> None:
        self.push_screen(LinksScreen(LINKS, opener=self.fake_open))

    def fake_open(self, url: str) -> str | None:
        if reason := check_url(url):
            return reason
        self.opened.append(url)
        return None

    def copy_to_clipboard(self, text: str) -> None:
        self.copied.append(text)

    def notify(self, message: str, **kwargs: object) -> None:  # type: ignore[override]
        self.messages.append(message)


async def test_enter_opens_the_highlighted_link() -> None:
    app = LinksApp()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.press("down", "down", "enter")
        await pilot.pause()
    assert app.opened == ["https://news.example/story", "https://news.example/p.jpg"]


async def test_refused_link_is_not_opened_and_says_why() -> None:
    app = LinksApp()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        option_list = app.screen.query_one(OptionList)
        prompt = option_list.get_option_at_index(1).prompt
        assert "not opened: javascript:" in str(prompt)
        await pilot.press("down", "enter")
        await pilot.pause()
        assert app.opened == []
        assert app.messages == ["Link 2 not opened: javascript: addresses are not opened, only "
                                "http, https and mailto"]  # fmt: skip


async def test_c_copies_the_address_and_escape_closes() -> None:
    app = LinksApp()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("down", "c")
        assert app.copied == ["javascript:alert(1)"]  # copying is always allowed
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, LinksScreen)


async def test_link_text_is_never_markup() -> None:
    app = LinksApp()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        prompt = app.screen.query_one(OptionList).get_option_at_index(0).prompt
        assert "The story [b]x[/b]" in str(prompt)


async def test_no_links() -> None:
    class Empty(App[None]):
        def on_mount(self) -> None:
            self.push_screen(LinksScreen([]))

    app = Empty()
    async with app.run_test(size=(80, 20)) as pilot:
        await pilot.pause()
        await pilot.press("c", "enter", "o")
        assert isinstance(app.screen, LinksScreen)
