"""Every key of the main screen reaches a method: Textual calls `action_<name>` on the screen
(which hands it to `MainActions` or does it itself), and a binding whose method is missing
would be a key doing nothing, silently."""

from __future__ import annotations

from tui_reader.ui.keys import MAIN_BINDINGS
from tui_reader.ui.screens.main.screen import MainScreen


def test_every_key_of_the_main_screen_has_its_action_method() -> None:
    actions = {binding.action for binding in MAIN_BINDINGS}
    missing = sorted(a for a in actions if not callable(getattr(MainScreen, f"action_{a}", None)))
    assert not missing
