"""The footer rebuilds its keys once per burst of binding updates, and only when they change."""

from __future__ import annotations

from pathlib import Path

import pytest
from ui_support import make_app, running, settle

from tui_reader.ui.app import ReaderApp
from tui_reader.ui.widgets.footer import ReaderFooter
from tui_reader.ui.widgets.footer_internals import FooterKey

pytestmark = pytest.mark.library(warm=True)


def shown(app: ReaderApp) -> list[tuple[str, str]]:
    """(action, description) of each key in the footer, in order."""
    return [(key.action, key.description) for key in app.main_screen.query(FooterKey)]


def expected(app: ReaderApp) -> list[tuple[str, str]]:
    """What Textual's own footer would show for the screen's bindings now: one key per action."""
    keys: dict[str, str] = {}
    for key, (_node, binding, _enabled, _tip) in app.main_screen.active_bindings.items():
        if binding.show and key != app.COMMAND_PALETTE_BINDING:
            keys.setdefault(binding.action, binding.description)
    shown = list(keys.items())
    palette = app.main_screen.active_bindings.get(app.COMMAND_PALETTE_BINDING)
    if palette is not None:
        shown.append((palette[1].action, palette[1].description))
    return shown


async def test_binding_updates_that_change_nothing_do_not_rebuild_the_footer(
    library: Path,
) -> None:
    async with running(library) as (app, pilot):
        footer = app.main_screen.query_one(ReaderFooter)
        before = footer.rebuilds
        for key in "jjjk":
            await pilot.press(key)
            app.main_screen.refresh_bindings()  # a burst of updates, as focus moves send
            app.main_screen.refresh_bindings()
        await settle(pilot)
        assert footer.rebuilds == before
        assert shown(app) == expected(app)


async def test_the_footer_follows_what_the_keys_can_do(library: Path) -> None:
    async with running(library) as (app, pilot):
        tree_keys = shown(app)
        assert tree_keys == expected(app)
        await pilot.press(".")  # opens the next unread article: the reading keys appear
        await settle(pilot)
        assert app.main_screen.reader.article is not None
        assert shown(app) == expected(app)
        assert shown(app) != tree_keys


def overlapping(app: ReaderApp) -> list[str]:
    """The shown keys that run under the palette key at the right end."""
    keys = list(app.main_screen.query(FooterKey))
    palette = next(key for key in keys if key.has_class("-command-palette"))
    return [
        key.action
        for key in keys
        if key is not palette and key.display and key.region.right > palette.region.x
    ]


async def test_keys_that_do_not_fit_are_hidden_from_the_last(library: Path) -> None:
    app = make_app(library)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press(".")  # an article open: the most keys
        await settle(pilot)
        keys = [key for key in app.main_screen.query(FooterKey)]
        shown_actions = [key.action for key in keys if key.display]
        assert overlapping(app) == []
        assert "app.quit" in shown_actions and "app.help" in shown_actions
        assert not all(key.display for key in keys)  # at 80 columns some had to go
        hidden = [i for i, key in enumerate(keys) if not key.display]
        assert hidden == list(range(hidden[0], len(keys) - 1))  # the last ones, before ^p
        await pilot.resize_terminal(160, 30)
        await settle(pilot)
        assert all(key.display for key in app.main_screen.query(FooterKey))


async def test_keys_are_styled_when_mounted_and_not_restyled_for_their_compact_look(
    library: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A key's style is set as it is mounted; flipping its compact look on and off again as it
    was bound to the footer restyled each key twice more, at start-up and at every rebuild."""
    restyled: list[str] = []
    update_styles = ReaderApp.update_styles

    def counted(self: ReaderApp, node: object, animate: bool = True) -> None:
        if isinstance(node, FooterKey):
            restyled.append(node.action)
        update_styles(self, node, animate)

    monkeypatch.setattr(ReaderApp, "update_styles", counted)
    async with running(library) as (app, pilot):
        footer = app.main_screen.query_one(ReaderFooter)
        keys = list(app.main_screen.query(FooterKey))
        assert footer.compact is False
        bound = [key for key in keys if not key.has_class("-command-palette")]
        assert bound and not any(key.has_class("-compact") for key in bound)
        assert keys[-1].has_class(
            "-compact"
        )  # the palette's key, bound to nothing, as Textual has it
        await pilot.press("?")  # another screen and back: its keys are composed again
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
    assert restyled == []
