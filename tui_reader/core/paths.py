"""Where tui-reader keeps its files. Computed on each call, never at import time, so tests can
point the XDG_* variables at a temporary folder."""

from __future__ import annotations

from pathlib import Path

import platformdirs

APP_NAME = "tui-reader"


def config_dir() -> Path:
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))


def data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def cache_dir() -> Path:
    return Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False))


def config_file() -> Path:
    return config_dir() / "config.toml"
