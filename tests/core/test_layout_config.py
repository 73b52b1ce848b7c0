"""`[layout]` in config.toml: the river (a tree of lists, the list, the article) or the tree of
articles, and whether lists are cut into days."""

from __future__ import annotations

from pathlib import Path

import pytest

from tui_reader.core.config import Config, load_config


def test_the_river_is_the_default() -> None:
    assert Config().layout == "river"
    assert Config().day_separators is False


@pytest.mark.parametrize("mode", ["river", "tree"])
def test_layout_mode_and_days_from_the_file(tmp_path: Path, mode: str) -> None:
    path = tmp_path / "config.toml"
    path.write_text(f'[layout]\nmode = "{mode}"\nday_separators = true\n', encoding="utf-8")
    config = load_config(path)
    assert (config.layout, config.day_separators, config.warnings) == (mode, True, [])


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ('[layout]\nmode = "columns"\n', "[layout] mode must be one of river, tree"),
        ("[layout]\nmode = 3\n", "[layout] mode must be one of river, tree"),
        ('[layout]\nday_separators = "yes"\n', "day_separators must be true or false"),
        ('[layout]\nmood = "river"\n', "unknown setting [layout] 'mood'"),
        ('layout = "tree"\n', "layout must be a table"),
    ],
)
def test_a_bad_layout_setting_is_reported_and_the_default_kept(
    tmp_path: Path, text: str, said: str
) -> None:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    config = load_config(path)
    assert (config.layout, config.day_separators) == ("river", False)
    assert any(said in warning for warning in config.warnings), config.warnings
