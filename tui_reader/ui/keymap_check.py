"""Checking the `[keys]` table of config.toml before it becomes Textual's keymap.

Textual takes any string as a key and any name as a binding id: a typo silently disables the key
it meant to remap (`next_article = "not a key!!"` left `n` dead and put the typo in the footer).
Here every entry is checked — a known binding id, keys Textual can produce — and a bad one is
left out with a warning saying why, so the default key keeps working.

Nor does Textual say when a remapped key collides with another: `quit = "j"` takes `j` from
cursor_down (which is left without a key), and two actions mapped to `x` leave `x` doing the
first of them. `keymap_clashes` names each such collision in a warning, with the action ids.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping, Sequence

from textual.binding import Binding, BindingType
from textual.keys import KEY_NAME_REPLACEMENTS, REPLACED_KEYS, Keys, key_to_character

from tui_reader.ui.keys import key_names

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


def same_key(key: str) -> str:
    """One spelling per key: "?" and "question_mark", "/" and "slash" are one key to Textual."""
    return key_to_character(REPLACED_KEYS.get(key, key)) or key


def keymap_clashes(keymap: Mapping[str, str], scopes: Iterable[Sequence[BindingType]]) -> list[str]:
    """A warning for each key that `keymap` (checked: see `check_keymap`) gives to an action
    while another action of the same screen (each of `scopes`) has it, by default or by the
    keymap too: what the key does then, and which action lost it."""
    warnings: dict[str, None] = {}
    for scope in scopes:
        holders: dict[str, list[Binding]] = {}
        for binding in scope:
            if isinstance(binding, Binding) and binding.id:
                for key in dict.fromkeys(same_key(k) for k in key_names(binding, keymap)):
                    holders.setdefault(key, []).append(binding)
        for key, bindings in holders.items():
            warnings.update((w, None) for w in _clash(keymap, key, bindings))
    return list(warnings)


def _clash(keymap: Mapping[str, str], same: str, bindings: list[Binding]) -> list[str]:
    """The warnings for `bindings`, every binding of one screen that has the key `same`."""
    remapped = [b for b in bindings if b.id in keymap]
    if len(bindings) < 2 or not remapped:
        return []
    first = remapped[0]
    key = next(k for k in key_names(first, keymap) if same_key(k) == same)  # as the user wrote it
    where = f"config.toml [keys]: {first.id} = {keymap[first.id or '']!r}"
    if len(remapped) > 1:  # Textual keeps the keymap's bindings in declaration order
        others = " and ".join(str(b.id) for b in remapped[1:])
        return [f"{where}: {key!r} is also given to {others}; it does {first.id} only"]
    warnings = []
    for lost in bindings:
        if lost is first:
            continue
        left = [k for k in key_names(lost, keymap) if same_key(k) != same]
        rest = f"keeps {', '.join(left)}" if left else "is left without a key"
        warnings.append(
            f"{where} takes {key!r} from {lost.id} ({lost.description}), which {rest}; "
            f"remap {lost.id} too, or pick another key"
        )
    return warnings


def binding_scopes() -> list[Sequence[BindingType]]:
    """The bindings of each screen and widget that declares ids: the main screen's (its own
    and the app's) first."""
    from tui_reader.ui.keys import APP_BINDINGS, MAIN_BINDINGS
    from tui_reader.ui.screens.confirm import ConfirmScreen
    from tui_reader.ui.screens.empty import EmptyScreen
    from tui_reader.ui.screens.help import HelpScreen
    from tui_reader.ui.screens.links import LinksScreen
    from tui_reader.ui.screens.pipe_chooser import PipeChooser
    from tui_reader.ui.screens.problems import ProblemsScreen
    from tui_reader.ui.screens.rules import RulesScreen
    from tui_reader.ui.screens.search.screen import SearchScreen
    from tui_reader.ui.widgets.reader.find_bar import FindBar
    from tui_reader.ui.widgets.sidebar.sidebar import Sidebar

    owners = (LinksScreen, SearchScreen, ConfirmScreen, EmptyScreen,
              HelpScreen, ProblemsScreen, PipeChooser, RulesScreen, FindBar, Sidebar)  # fmt: skip
    return [[*APP_BINDINGS, *MAIN_BINDINGS], *(owner.BINDINGS for owner in owners)]


def app_binding_ids() -> set[str]:
    """Every binding id a user can remap: the main screen's and the app's keys, and those of
    the other screens and widgets that declare ids."""
    return binding_ids(binding_scopes())
