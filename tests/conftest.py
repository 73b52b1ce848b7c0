"""Fixtures for every test: the user's real config, data and cache are never touched."""

from __future__ import annotations

from pathlib import Path

import pytest

# Real archive files, copied unchanged from shared/samples (see its README).
SAMPLES = Path(__file__).resolve().parent / "samples"


@pytest.fixture(autouse=True)
def isolated_user_dirs(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    """Point XDG_* (and so platformdirs) at a fresh temporary folder for each test."""
    home = tmp_path_factory.mktemp("xdg")
    for name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        folder = home / name.lower()
        folder.mkdir()
        monkeypatch.setenv(name, str(folder))
    monkeypatch.delenv("TUI_READER_LIBRARY", raising=False)
    return home
