"""Textual's private footer parts that `ReaderFooter` relies on (ui.widgets.footer_internals) are
still there and still behave so: these tests fail when a Textual upgrade changes one of them."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer

from tui_reader.ui.widgets.footer_internals import FooterKey, bindings_ready


class _Keys(App[None]):
    BINDINGS = [Binding("x", "nothing", "Do nothing")]

    def __init__(self, footer: Footer) -> None:
        super().__init__()
        self.footer = footer

    def compose(self) -> ComposeResult:
        yield self.footer

    def action_nothing(self) -> None:
        pass


async def test_textual_draws_each_key_of_its_footer_with_footer_key() -> None:
    app = _Keys(Footer())
    async with app.run_test() as pilot:
        await pilot.pause()
        keys = list(app.footer.query(FooterKey))
        assert issubclass(FooterKey, Widget)
        assert ("nothing", "Do nothing") in [(key.action, key.description) for key in keys]
        assert any(key.has_class("-command-palette") for key in keys)  # the palette's key


def test_a_footer_is_empty_until_its_bindings_are_ready() -> None:
    footer = Footer()
    assert list(footer.compose()) == []  # Textual's footer waits for a bindings signal
    bindings_ready(footer)
    assert footer._bindings_ready is True


async def test_the_footer_hears_of_binding_changes_through_bindings_changed() -> None:
    heard: list[Screen[object]] = []

    class Listening(Footer):
        def bindings_changed(self, screen: Screen[object]) -> None:
            heard.append(screen)
            super().bindings_changed(screen)

    app = _Keys(Listening())
    async with app.run_test() as pilot:
        await pilot.pause()
        heard.clear()
        app.screen.refresh_bindings()
        await pilot.pause()
        assert heard == [app.screen]
