"""Where the library is (argument > TUI_READER_LIBRARY > config.toml > bundled sample) and how a
broken config.toml is survived."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import tui_reader
from tui_reader.core.config import Config, load_config, save_setting
from tui_reader.core.library.location import bundled_library, resolve_library
from tui_reader.core.paths import config_file


def write_config(text: str) -> Path:
    path = config_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_config_file_is_under_the_isolated_config_home() -> None:
    assert config_file().is_relative_to(Path(os.environ["XDG_CONFIG_HOME"]))


@pytest.mark.parametrize(
    ("argument", "environment", "configured", "source", "expected"),
    [
        ("/arg", "/env", "/conf", "argument", "/arg"),
        (None, "/env", "/conf", "environment", "/env"),
        (None, None, "/conf", "config", "/conf"),
        (None, "   ", "/conf", "config", "/conf"),  # a blank variable counts as unset
        (None, None, None, "bundled sample", None),
    ],
)
def test_precedence(
    monkeypatch: pytest.MonkeyPatch,
    argument: str | None,
    environment: str | None,
    configured: str | None,
    source: str,
    expected: str | None,
) -> None:
    if environment is not None:
        monkeypatch.setenv("TUI_READER_LIBRARY", environment)
    if configured is not None:
        write_config(f'library = "{configured}"\n')
    location = resolve_library(argument, load_config())
    assert location.source == source
    assert location.path == (Path(expected) if expected else bundled_library())


def test_home_is_expanded(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    assert resolve_library("~/news", Config()).path == tmp_path / "news"


def test_bundled_library_ships_inside_the_package() -> None:
    package = Path(tui_reader.__file__).resolve().parent
    assert bundled_library() == package / "sample_library"


def test_missing_config_gives_defaults_without_warnings() -> None:
    config = load_config()
    assert config == Config()
    assert config.warnings == []


def test_broken_config_warns_and_keeps_defaults() -> None:
    path = write_config('library = "/x"\nthis is = = not toml [\n')
    config = load_config()
    assert config.library is None
    assert len(config.warnings) == 1
    assert str(path) in config.warnings[0]
    assert resolve_library(None, config).source == "bundled sample"


def test_undecodable_config_warns() -> None:
    path = config_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b'library = "\xff\xfe"\n')
    assert load_config().warnings


def test_bad_values_warn_or_are_ignored() -> None:
    write_config('library = 42\nmark_read = "sometimes"\nmark_read_delay = -1\n[keys]\nq = 1\n')
    config = load_config()
    assert config.library is None
    assert config.mark_read == "open"
    assert config.mark_read_delay == 3.0
    assert config.keys == {}
    assert any("mark_read" in warning for warning in config.warnings)


def test_save_setting_keeps_the_rest_of_the_file() -> None:
    path = write_config('# mine\nlibrary = "/news"\ntheme = "old"\n\n[keys]\ntheme = "t"\n')
    save_setting("theme", 'new "one"')
    text = path.read_text(encoding="utf-8")
    assert text == '# mine\nlibrary = "/news"\ntheme = "new \\"one\\""\n\n[keys]\ntheme = "t"\n'
    assert load_config().theme == 'new "one"'
    save_setting("state_dir", "/sync")
    assert load_config().state_dir == "/sync"
    assert load_config().library == "/news"
