"""What the reader remembers by itself — the theme picked in the palette (config.toml), the
sidebar's width, the saved searches — changes each file where it is: a file linked from a dotfiles
or synced folder stays a link, to the file now changed (it was replaced by a copy, and the folder
it came from no longer heard of any change), and config.toml kept private keeps its
permissions."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from tui_reader.core.config import load_config, save_setting
from tui_reader.core.search.history import SearchHistory
from tui_reader.core.ui_settings import load_sidebar_width, save_sidebar_width

SETTINGS = 'theme = "nord"\nmark_read = "manual"\n[reading]\nmax_width = 72\n'


def test_a_linked_config_stays_a_link(tmp_path: Path) -> None:
    dotfiles = tmp_path / "dotfiles" / "tui-reader.toml"
    dotfiles.parent.mkdir()
    dotfiles.write_text(SETTINGS, encoding="utf-8")
    config = tmp_path / "config" / "config.toml"
    config.parent.mkdir()
    config.symlink_to(dotfiles)
    save_setting("theme", "gruvbox", config)
    assert config.is_symlink() and config.resolve() == dotfiles.resolve()
    assert dotfiles.read_text(encoding="utf-8") == SETTINGS.replace("nord", "gruvbox")
    assert sorted(p.name for p in config.parent.iterdir()) == ["config.toml"]
    loaded = load_config(config)
    assert loaded.theme == "gruvbox" and loaded.mark_read == "manual" and loaded.max_width == 72


def test_a_dangling_link_is_made_into_its_file(tmp_path: Path) -> None:
    target = tmp_path / "dotfiles" / "tui-reader.toml"
    target.parent.mkdir()
    config = tmp_path / "config.toml"
    config.symlink_to(target)
    save_setting("theme", "nord", config)
    assert config.is_symlink() and target.read_text(encoding="utf-8") == 'theme = "nord"\n'


def test_permissions_are_kept(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text(SETTINGS, encoding="utf-8")
    os.chmod(config, 0o600)
    save_setting("theme", "gruvbox", config)
    assert stat.S_IMODE(config.stat().st_mode) == 0o600
    assert load_config(config).theme == "gruvbox"


@pytest.mark.parametrize("kind", ["sidebar width", "saved searches"])
def test_other_remembered_files_stay_links(kind: str, tmp_path: Path) -> None:
    synced = tmp_path / "synced" / "file.json"
    synced.parent.mkdir()
    linked = tmp_path / "data" / "file.json"
    linked.parent.mkdir()
    linked.symlink_to(synced)
    if kind == "sidebar width":
        assert save_sidebar_width(41, linked) == ""
        assert load_sidebar_width(synced) == (41, "")
    else:
        history = SearchHistory.load(linked)
        assert history.save_search("grace", "grace") == ""
        assert SearchHistory.load(synced).saved == {"grace": "grace"}
    assert linked.is_symlink() and linked.resolve() == synced.resolve()
    assert sorted(p.name for p in linked.parent.iterdir()) == ["file.json"]
