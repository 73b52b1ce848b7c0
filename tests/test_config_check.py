"""Mistakes in config.toml are reported, and never cost the user a working key or setting."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from ui_support import SIZE, make_app, make_library, settle

from tui_reader.core.config import Config, load_config
from tui_reader.ui.keymap_check import app_binding_ids, check_keymap, is_key
from tui_reader.ui.keys import APP_BINDINGS, MAIN_BINDINGS


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


async def test_a_mistyped_key_leaves_the_default_working_and_says_so(tmp_path: Path) -> None:
    library = make_library(tmp_path / "library", samples=False)
    config = Config(keys={"next_article": "not a key!!", "no_such_action": "z", "toggle_read": "x"})
    app = make_app(library, config)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        messages = [n.message for n in app._notifications]
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
