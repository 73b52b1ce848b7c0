"""Benchmarks never touch the user's own folders: the scripts that scan a library, keep an index,
a pipe cache or reading state, run their work with XDG_* pointed at temporary folders.

Each script is run (at a small size) with the XDG_* folders pointed at a "user" folder of the
test; nothing may appear there."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
BENCHMARKS = REPO / "benchmarks"
XDG_NAMES = ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME")


def user_files(home: Path) -> list[Path]:
    return sorted(path for path in home.rglob("*") if path.is_file())


@pytest.mark.parametrize(
    "args",
    [
        ["bench_export.py", "--sizes", "12", "--formats", "markdown"],
        ["bench_pipe.py", "--runs", "1"],
        ["bench_stories.py", "share", "{samples}"],
    ],
    ids=["export", "pipe", "stories"],
)
def test_benchmark_leaves_user_folders_alone(tmp_path: Path, args: list[str]) -> None:
    home = tmp_path / "user"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("XDG_", "TUI_READER_"))}
    for name in XDG_NAMES:
        (home / name.lower()).mkdir(parents=True)
        env[name] = str(home / name.lower())
    env["TMPDIR"] = str(tmp_path / "tmp")  # where bench_export keeps its generated library
    (tmp_path / "tmp").mkdir()
    samples = tmp_path / "samples"
    shutil.copytree(REPO / "tests" / "samples", samples)
    command = [sys.executable, str(BENCHMARKS / args[0])]
    command += [arg.format(samples=samples) for arg in args[1:]]
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert user_files(home) == []


def test_user_dirs_helper_points_every_xdg_folder_away(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sys.path.insert(0, str(BENCHMARKS))
    try:
        from user_dirs import temporary_user_dirs
    finally:
        sys.path.remove(str(BENCHMARKS))
    for name in XDG_NAMES:
        monkeypatch.setenv(name, str(tmp_path / "user"))
    with temporary_user_dirs() as home:
        for name in XDG_NAMES:
            folder = Path(os.environ[name])
            assert folder.is_dir() and folder.is_relative_to(home)
    assert not home.exists()
