"""The tests never reach the user's real folders: each test has its own XDG_* folders, and
beneath them the whole run has temporary ones, so a test that undoes its monkeypatch (which
undoes the per-test folders too) still writes only into a temporary folder."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

from tui_reader.core.paths import cache_dir, data_dir

XDG_NAMES = ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME")


def _temporary(path: str | Path) -> bool:
    return Path(path).resolve().is_relative_to(Path(tempfile.gettempdir()).resolve())


def test_each_test_has_temporary_folders() -> None:
    for name in XDG_NAMES:
        assert _temporary(os.environ[name]), name
    assert _temporary(cache_dir()) and _temporary(data_dir())


def test_undoing_the_monkeypatch_keeps_the_folders_temporary(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.undo()  # also undoes conftest's per-test setenv
    for name in XDG_NAMES:
        assert _temporary(os.environ[name]), name
    assert _temporary(cache_dir()) and _temporary(data_dir())
