"""The footer always shows `q Quit` and `? Help`: at 80x24 with an article open it has more
keys than room, and what does not fit is cut at its right end, never these two."""

from __future__ import annotations

from pathlib import Path

import pytest
from ui_support import make_app, settle

from tui_reader.core.config import Config
from tui_reader.ui.app import ReaderApp
from tui_reader.ui.screens.help import HelpScreen
from tui_reader.ui.widgets.footer_internals import FooterKey


def _visible(app: ReaderApp) -> dict[str, str]:
    """Description -> key of the footer keys shown whole: inside the screen and left of the
    command palette's key (docked over the right end)."""
    keys = list(app.screen.query(FooterKey))
    palette = next(k for k in keys if k.has_class("-command-palette"))
    return {
        k.description: k.key_display for k in keys
        if k is not palette and k.display and k.region.right <= palette.region.x
    }  # fmt: skip


@pytest.mark.parametrize("size", [(80, 24), (60, 20)])
async def test_quit_and_help_stay_in_the_footer(library: Path, size: tuple[int, int]) -> None:
    app = make_app(library)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        assert {"Quit": "q", "Help": "?"}.items() <= _visible(app).items()
        app.main_screen.sidebar.focus()
        await pilot.press("j", "l", "j", "l", "j", "enter")  # an article opens: more keys
        await settle(pilot)
        assert app.main_screen.reader.article is not None
        shown = _visible(app)
        assert {"Quit": "q", "Help": "?"}.items() <= shown.items()
        assert "Find in article" not in shown  # the footer is full: the test means something
        await pilot.press("tab")  # the reading pane focused
        await settle(pilot)
        assert {"Quit": "q", "Help": "?"}.items() <= _visible(app).items()
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)


async def test_remapped_quit_and_help_show_and_work_once(library: Path) -> None:
    app = make_app(library, Config(keys={"quit": "ctrl+x", "help": "f1"}))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        descriptions = [k.description for k in app.screen.query(FooterKey)]
        assert descriptions.count("Quit") == descriptions.count("Help") == 1
        assert {"Quit": "^x", "Help": "f1"}.items() <= _visible(app).items()
        await pilot.press("question_mark")  # no longer help
        await pilot.pause()
        assert not isinstance(app.screen, HelpScreen)
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape", "ctrl+x")
        await pilot.pause()
        assert app.return_code == 0  # quitting
