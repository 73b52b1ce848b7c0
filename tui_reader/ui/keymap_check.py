"""Checking the `[keys]` table of config.toml before it becomes Textual's keymap.

Textual takes any string as a key and any name as a binding id: a typo silently disables the key
it meant to remap (`next_article = "not a key!!"` left `n` dead and put the typo in the footer).
Here every entry is checked — a known binding id, keys Textual can produce — and a bad one is
left out with a warning saying why, so the default key keeps working.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

from textual.binding import Binding
from textual.keys import KEY_NAME_REPLACEMENTS, Keys

MODIFIERS = frozenset({"ctrl", "shift", "alt", "meta", "super", "hyper"})
_NAMED_KEYS = frozenset(
    {key.value.rsplit("+", 1)[-1] for key in Keys}
    | set(KEY_NAME_REPLACEMENTS.values())
    | {"space", "tab", "enter", "escape", "backspace", "delete", "insert", "home", "end"}
    | {"pageup", "pagedown", "up", "down", "left", "right"}
    | {f"f{number}" for number in range(1, 25)}
)


def binding_ids(groups: Iterable[Iterable[Binding | tuple[str, ...]]]) -> set[str]:
    """The ids of the bindings in `groups` (lists of `Binding`s, as classes declare them)."""
    return {b.id for group in groups for b in group if isinstance(b, Binding) and b.id}


def check_keymap(keys: dict[str, str], known_ids: set[str]) -> tuple[dict[str, str], list[str]]:
    """The entries of `keys` that can work, and a warning for each one left out."""
    valid: dict[str, str] = {}
    warnings: list[str] = []
    for action, spec in keys.items():
        if action not in known_ids:
            warnings.append(f"config.toml [keys]: no action called {action!r} (see the help, ?)")
            continue
        bad = [key for key in spec.split(",") if not is_key(key.strip())]
        if bad or not spec.strip():
            shown = ", ".join(repr(key.strip()) for key in bad) or "an empty key"
            warnings.append(
                f"config.toml [keys]: {action} = {spec!r} ignored: {shown} is not a key "
                "(examples: 'x', 'ctrl+n', 'f5', 'shift+tab')"
            )
            continue
        valid[action] = spec
    return valid, warnings


def is_key(key: str) -> bool:
    """Whether Textual can report `key`: modifiers joined by '+' to one character or key name."""
    if not key:
        return False
    if len(key) == 1:
        return key.isprintable() and not key.isspace()
    *modifiers, base = key.split("+")
    if any(modifier not in MODIFIERS for modifier in modifiers):
        return False
    if len(base) == 1:
        return base.isprintable() and not base.isspace()
    return base in _NAMED_KEYS or _is_character_name(base)


def _is_character_name(name: str) -> bool:
    """Textual names printable keys by their Unicode names: `full_stop`, `question_mark`."""
    if not name.replace("_", "").isalnum():
        return False
    try:
        unicodedata.lookup(name.replace("_", " ").upper())
    except KeyError:
        return False
    return True


def app_binding_ids() -> set[str]:
    """Every binding id a user can remap: the main screen's and the app's keys, and those of
    the other screens and widgets that declare ids."""
    from tui_reader.ui.keys import APP_BINDINGS, MAIN_BINDINGS
    from tui_reader.ui.links import LinksScreen
    from tui_reader.ui.saved_searches import SavingSearchScreen
    from tui_reader.ui.screens.confirm import ConfirmScreen
    from tui_reader.ui.screens.empty import EmptyScreen
    from tui_reader.ui.screens.help import HelpScreen
    from tui_reader.ui.screens.problems import ProblemsScreen
    from tui_reader.ui.search_screen import SearchScreen
    from tui_reader.ui.widgets.find_bar import FindBar
    from tui_reader.ui.widgets.sidebar import Sidebar

    owners = (LinksScreen, SavingSearchScreen, SearchScreen, ConfirmScreen, EmptyScreen,
              HelpScreen, ProblemsScreen, FindBar, Sidebar)  # fmt: skip
    return binding_ids([MAIN_BINDINGS, APP_BINDINGS, *(owner.BINDINGS for owner in owners)])
