"""Benchmarks never touch the user's own folders: the scripts that scan a library, keep an index,
a pipe cache or reading state, run their work with XDG_* pointed at temporary folders.

Each script is run (at a small size) with the XDG_* folders pointed at a "user" folder of the
test; nothing may appear there."""

from __future__ import annotations

import os
import re
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
        ["bench_cli_many.py", "{samples}", "--runs", "1"],
    ],
    ids=["export", "pipe", "stories", "cli_many"],
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


def test_bench_open_keeps_its_reading_state_and_device_id_out_of_the_user_s(
    tmp_path: Path,
) -> None:
    """bench_open reads the index from the user's cache by design (point XDG_CACHE_HOME at a
    copy); its reading state, and the device id that state makes, are temporary."""
    home = tmp_path / "user"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("XDG_", "TUI_READER_"))}
    for name in XDG_NAMES:
        (home / name.lower()).mkdir(parents=True)
        env[name] = str(home / name.lower())
    samples = tmp_path / "samples"
    shutil.copytree(REPO / "tests" / "samples", samples)
    command = [sys.executable, str(BENCHMARKS / "bench_open.py"), str(samples), "--opens", "1"]
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    for name in ("xdg_state_home", "xdg_data_home", "xdg_config_home"):
        assert user_files(home / name) == []


def test_scripts_that_set_user_folders_set_the_state_folder_too() -> None:
    """The reading state's device id lives in XDG_STATE_HOME: a script that points the data
    folder elsewhere but not the state folder still writes the user's device id."""
    scripts = sorted([*BENCHMARKS.glob("*.py"), *(REPO / "scripts").glob("*.py")])
    setting = [s for s in scripts if re.search(r"XDG_DATA_HOME|XDG_\{", s.read_text())]
    assert len(setting) > 5
    missing = [s.name for s in setting if not re.search(r"XDG_STATE_HOME|\"STATE\"", s.read_text())]
    assert missing == []


def test_the_reader_benchmarks_terminal_points_every_user_folder_away(tmp_path: Path) -> None:
    sys.path.insert(0, str(BENCHMARKS))
    try:
        from bench_reader import terminal_env
    finally:
        sys.path.remove(str(BENCHMARKS))
    env = terminal_env(tmp_path / "xdg", tmp_path / "data")
    assert all(Path(env[name]).is_relative_to(tmp_path) for name in XDG_NAMES)
