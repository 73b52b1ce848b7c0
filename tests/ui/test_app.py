"""The app shell: help screen, keymap from config, remembered theme, palette, launch."""

from __future__ import annotations

from pathlib import Path

import pytest
from ui_support import SIZE, make_app, running, settle

from tui_reader.core.config import Config, load_config
from tui_reader.ui import launch as launch_module
from tui_reader.ui.keys import APP_BINDINGS, MAIN_BINDINGS
from tui_reader.ui.screens.help import HelpScreen

pytestmark = pytest.mark.library(samples=False)


def test_every_binding_has_an_id_and_a_description() -> None:
    ids = [b.id for b in [*MAIN_BINDINGS, *APP_BINDINGS]]
    assert all(ids) and len(ids) == len(set(ids))
    assert all(b.description for b in [*MAIN_BINDINGS, *APP_BINDINGS])


async def test_help_screen_lists_every_key(library: Path) -> None:
    async with running(library) as (app, pilot):
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        described = {description: key for key, description, _action in app.screen.rows}
        for binding in [*MAIN_BINDINGS, *APP_BINDINGS]:
            assert binding.description in described
        assert described["Next"] == "n"
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)


async def test_keys_can_be_remapped_from_config(library: Path) -> None:
    config = Config(keys={"next_article": "ctrl+n", "toggle_read": "x"})
    async with running(library, config) as (app, pilot):
        await pilot.press("ctrl+n")  # nothing open: the first article in reading order
        await settle(pilot)
        reader = app.main_screen.reader
        first = reader.article
        assert first is not None
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert reader.article.id != first.id
        await pilot.press("tab", "x")  # the open article, back to unread
        assert not app.main_screen.state.is_read(reader.article.id)
        await pilot.press("question_mark")
        await pilot.pause()
        keys = {description: key for key, description, _action in app.screen.rows}
        assert keys["Next"] in ("^n", "ctrl+n")


async def test_theme_choice_is_remembered(library: Path) -> None:
    async with running(library) as (app, pilot):
        app.theme = "nord"
        await pilot.pause()
    assert load_config().theme == "nord"
    again = make_app(library, load_config())
    async with again.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert again.theme == "nord"


async def test_palette_offers_the_actions_that_apply(library: Path) -> None:
    async with running(library) as (app, pilot):
        titles = [c.title for c in app.get_system_commands(app.main_screen)]
        assert {"Next", "Next unread", "Search", "Rescan", "Unread only", "Help"} <= set(titles)
        assert "Links" not in titles  # no article open yet
        await pilot.press("n")
        await settle(pilot)
        titles = [c.title for c in app.get_system_commands(app.main_screen)]
        assert {"Links", "Read/unread", "Bookmark"} <= set(titles)


def test_launch_reports_errors_without_traceback(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def broken(*_args: object) -> None:
        raise PermissionError("config folder is not readable")

    monkeypatch.setattr(launch_module, "load_config", broken)
    assert launch_module.launch(None) == 1
    captured = capsys.readouterr()
    assert "config folder is not readable" in captured.err
    assert "Traceback" not in captured.err + captured.out
