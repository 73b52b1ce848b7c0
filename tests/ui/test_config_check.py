"""Mistakes in config.toml are reported, and never cost the user a working key or setting."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from textual.binding import Binding
from ui_support import SIZE, make_app, make_library, settle

from tui_reader.core.config import Config, load_config
from tui_reader.ui.app import ReaderApp
from tui_reader.ui.keymap_check import (
    app_binding_ids,
    binding_scopes,
    check_keymap,
    is_key,
    keymap_clashes,
    same_key,
)
from tui_reader.ui.keys import APP_BINDINGS, MAIN_BINDINGS, key_names


def write_config(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_unknown_settings_and_wrong_types_are_reported_and_defaults_kept(tmp_path: Path) -> None:
    path = write_config(
        tmp_path,
        'bogus_key = 1\nmark_read_delay = "abc"\ninline_images = "yes"\ntheme = 3\n'
        'mark_read = "delay"\n[keys]\nnext_article = 5\ntoggle_read = "x"\n',
    )
    config = load_config(path)
    assert config.mark_read == "delay"  # the valid settings are taken
    assert config.keys == {"toggle_read": "x"}
    assert config.mark_read_delay == Config().mark_read_delay
    assert config.inline_images is False
    assert config.theme is None
    text = "\n".join(config.warnings)
    for name in ("bogus_key", "mark_read_delay", "inline_images", "theme", "next_article"):
        assert name in text
    assert len(config.warnings) == 5


def test_a_clean_config_has_no_warnings(tmp_path: Path) -> None:
    path = write_config(
        tmp_path,
        'library = "~/news"\ntheme = "nord"\nmark_read = "manual"\nmark_read_delay = 2\n'
        'inline_images = true\nstate_dir = "~/Sync"\n[keys]\nnext_article = "ctrl+n"\n',
    )
    config = load_config(path)
    assert config.warnings == []
    assert config.inline_images is True and config.mark_read_delay == 2.0


def test_every_default_key_is_a_key() -> None:
    for binding in [*MAIN_BINDINGS, *APP_BINDINGS]:
        for key in binding.key.split(","):
            assert is_key(key), key


@pytest.mark.parametrize(
    "key", ["x", "X", "ctrl+n", "f5", "shift+tab", "full_stop", "question_mark", "ctrl+f", "中"]
)
def test_keys_textual_can_report(key: str) -> None:
    assert is_key(key)


@pytest.mark.parametrize("key", ["", "not a key!!", "ctrl+", "hyperdrive+x", "f99", "  ", "ab"])
def test_strings_that_are_not_keys(key: str) -> None:
    assert not is_key(key)


@given(st.dictionaries(st.text(max_size=12), st.text(max_size=12), max_size=6))
def test_check_keymap_keeps_only_known_actions_with_real_keys(keys: dict[str, str]) -> None:
    known = {"next_article", "toggle_read"}
    valid, warnings = check_keymap(keys, known)
    assert set(valid) <= known
    assert all(all(is_key(k.strip()) for k in spec.split(",")) for spec in valid.values())
    assert len(valid) + len(warnings) == len(keys)  # each entry is taken or explained


def app_with_keys(tmp_path: Path, keys: dict[str, str]) -> ReaderApp:
    return make_app(make_library(tmp_path / "library", samples=False), Config(keys=keys))


def notices(app: ReaderApp) -> list[str]:
    return [n.message for n in app._notifications]


async def test_a_mistyped_key_leaves_the_default_working_and_says_so(tmp_path: Path) -> None:
    keys = {"next_article": "not a key!!", "no_such_action": "z", "toggle_read": "x"}
    app = app_with_keys(tmp_path, keys)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        messages = notices(app)
        assert any("not a key!!" in m for m in messages)
        assert any("no_such_action" in m for m in messages)
        await pilot.press("n")  # the default key still opens the next article
        await settle(pilot)
        assert app.main_screen.reader.article is not None
        await pilot.press("tab", "x")  # the valid remapping is applied
        assert not app.main_screen.state.is_read(app.main_screen.reader.article.id)


def test_binding_ids_include_other_screens() -> None:
    ids = app_binding_ids()
    assert {"next_article", "quit", "search.close", "find.close", "confirm.cancel"} <= ids


def clashes(keys: dict[str, str]) -> list[str]:
    valid, warnings = check_keymap(keys, app_binding_ids())
    assert warnings == []
    return keymap_clashes(valid, binding_scopes())


@pytest.mark.parametrize(
    ("keys", "names"),
    [
        ({"quit": "j"}, ["quit", "'j'", "cursor_down", "without a key"]),
        ({"toggle_read": "x", "toggle_bookmark": "x"}, ["toggle_read", "toggle_bookmark"]),
        ({"toggle_read": "?"}, ["toggle_read", "help"]),  # "?" is question_mark
        ({"next_unread": "slash"}, ["next_unread", "search"]),  # and "slash" is "/"
        ({"find": "g,Y"}, ["find", "go_top"]),
        ({"collapse": "l"}, ["collapse", "expand", "keeps right"]),
        ({"confirm.cancel": "h"}, ["confirm.cancel", "confirm.previous", "keeps left"]),
    ],
)
def test_remapped_keys_that_collide_are_named_with_their_action_ids(
    keys: dict[str, str], names: list[str]
) -> None:
    found = clashes(keys)
    assert len(found) == 1, found
    for name in names:
        assert name in found[0]


@pytest.mark.parametrize(
    "keys",
    [
        {},
        {"next_article": "ctrl+n"},
        {"quit": "j", "cursor_down": "ctrl+j"},  # j's holder moved away first
        {"toggle_read": "x,r"},  # its own default key again
        {"next_article": "n"},
    ],
)
def test_remaps_that_collide_with_nothing_are_quiet(keys: dict[str, str]) -> None:
    assert clashes(keys) == []


async def test_collisions_are_notified_at_start_and_the_help_names_the_ids(tmp_path: Path) -> None:
    app = app_with_keys(tmp_path, {"quit": "j", "toggle_read": "x", "toggle_bookmark": "x"})
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert any("cursor_down" in m and "'j'" in m for m in notices(app))
        assert any("toggle_bookmark" in m and "toggle_read only" in m for m in notices(app))
        await pilot.press("n", "tab", "x")  # what the warning says x does
        await pilot.pause()
        main = app.main_screen
        article = main.reader.article
        assert article is not None and main.state is not None
        assert not main.state.is_read(article.id)  # toggled back: x did toggle_read
        assert not main.state.is_bookmarked(article.id)
        await pilot.press("question_mark")
        await pilot.pause()
        rows = {description: binding_id for _, description, binding_id in app.screen.rows}
        assert rows["Next"] == "next_article" and rows["Read/unread"] == "toggle_read"
        shown = app.export_screenshot()  # on the screen, beside the descriptions
        assert "next_article" in shown and "cursor_down" in shown


# Keys that two actions of one screen share by design: the first whose action applies runs.
SHARED_BY_DESIGN = {"escape": {"cancel_pipe", "clear_highlight", "back_to_list"}}


def test_no_two_default_bindings_of_a_screen_share_a_key() -> None:
    for scope in binding_scopes():
        holders: dict[str, set[str]] = {}
        for binding in scope:
            if isinstance(binding, Binding) and binding.id:
                for key in {same_key(k) for k in key_names(binding, {})}:
                    holders.setdefault(key, set()).add(binding.id)
        shared = {key: ids for key, ids in holders.items() if len(ids) > 1}
        for key, ids in shared.items():
            by_design = {same_key(k): v for k, v in SHARED_BY_DESIGN.items()}
            assert by_design.get(key) == ids, f"{key!r} is bound to {sorted(ids)}"
