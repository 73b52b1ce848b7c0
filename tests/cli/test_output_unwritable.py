"""Standard output that cannot be written — a full disk (`> /dev/full`), an I/O error, or closed
before the command started (`>&-`): every command says so in one line on stderr and exits with
status 2 (closed: the output is dropped, as `print` drops it), never with a traceback; a change
it made before writing is kept."""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tui_reader.cli import main

REPO = Path(__file__).resolve().parents[2]
SAMPLES = Path(__file__).parent.parent / "samples"
FULL = "tui-reader: cannot write the output: No space left on device"


@pytest.fixture
def library(tmp_path: Path) -> Path:
    root = tmp_path / "library"
    root.mkdir()
    for name in ("cnbeta-blockquotes.md", "aljazeera-figures.md", "mydrivers-unbalanced-html.md"):
        shutil.copy(SAMPLES / name, root / name)
    return root


def _commands(library: Path) -> list[list[str]]:
    article = str(library / "cnbeta-blockquotes.md")
    return [
        ["list", str(library)],
        ["list", "--json", str(library)],
        ["search", "Grace", str(library)],
        ["search", "--count", "Grace", str(library)],
        ["show", "--links", article],
        ["bookmarks", str(library)],
        ["export", "-o", "-", "-f", "html", "Grace", str(library)],
        ["mark", "read", article, "--library", str(library)],
        ["tag", "add", "chips", article, "--library", str(library)],
    ]


class _FullDisk:
    """A standard output whose every write fails as a full disk's does."""

    encoding = "utf-8"

    def write(self, text: str) -> int:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    def flush(self) -> None:
        pass

    def isatty(self) -> bool:
        return False


def test_every_command_says_the_output_cannot_be_written(
    library: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert main(["mark", "bookmark", str(library / "aljazeera-figures.md")]) == 0
    capsys.readouterr()
    for command in _commands(library):
        full = _FullDisk()
        with monkeypatch.context() as patched:
            patched.setattr(sys, "stdout", full)
            assert main(command) == 2, command
            assert sys.stdout is full  # given back as it was
        err = capsys.readouterr().err
        assert FULL in err.splitlines(), (command, err)


@pytest.mark.skipif(not os.access("/dev/full", os.W_OK), reason="needs /dev/full")
def test_a_full_disk_is_said_in_one_line_and_marks_are_kept(library: Path) -> None:
    assert main(["mark", "bookmark", str(library / "aljazeera-figures.md")]) == 0
    for command in _commands(library):
        with open("/dev/full", "w") as full:
            done = subprocess.run(
                [sys.executable, "-m", "tui_reader", *command], stdout=full,
                stderr=subprocess.PIPE, text=True, cwd=REPO, env=os.environ.copy(), timeout=120,
            )  # fmt: skip
        assert done.returncode == 2, (command, done.stderr)
        assert done.stderr.splitlines() == [FULL], (command, done.stderr)
    unread = subprocess.run(
        [sys.executable, "-m", "tui_reader", "list", "--unread", str(library)],
        capture_output=True, text=True, cwd=REPO, env=os.environ.copy(), timeout=120,
    )  # fmt: skip
    assert unread.returncode == 0 and unread.stdout.count("\n") == 2  # `mark read` was kept
    assert "Grace" not in unread.stdout


@pytest.mark.skipif(not Path("/bin/sh").exists(), reason="needs a POSIX shell")
def test_a_closed_output_is_dropped_without_a_traceback(library: Path) -> None:
    for command in _commands(library):
        done = subprocess.run(
            ["/bin/sh", "-c", 'exec "$@" >&-', "sh", sys.executable, "-m", "tui_reader",
             *command],
            stderr=subprocess.PIPE, text=True, cwd=REPO, env=os.environ.copy(), timeout=120,
        )  # fmt: skip
        assert "Traceback" not in done.stderr, (command, done.stderr)
        assert done.returncode in (0, 1), (command, done.stderr)  # 1: nothing bookmarked
