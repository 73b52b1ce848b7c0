"""`export -o` a device or a pipe — `/dev/null`, `/dev/stdout`, a FIFO, `>(gzip > digest.gz)` — is
written to, never replaced: the digest was written beside it and renamed over it, so a FIFO's
reader got nothing and, run as root, `-o /dev/null` left a regular file where the device was (and
a user's `-o /dev/stdout` could not be written at all). Said on stderr there, since standard
output may be the target."""

from __future__ import annotations

import os
import shutil
import stat
from pathlib import Path

import pytest

from tui_reader.cli import main

SAMPLES = Path(__file__).parent.parent / "samples"


@pytest.fixture
def library(tmp_path: Path) -> Path:
    root = tmp_path / "library"
    root.mkdir()
    shutil.copy(SAMPLES / "cnbeta-blockquotes.md", root / "cnbeta.md")
    return root


@pytest.mark.parametrize("form", ["html", "markdown", "epub"])
def test_a_fifo_is_written_to_not_replaced(
    form: str, library: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fifo = tmp_path / f"digest.{form}"
    os.mkfifo(fifo)
    # Opened for reading first, without waiting: the export's open does not wait either, and
    # one article's digest (a few KB) fits in the pipe's buffer.
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
    try:
        status = main(["export", "-o", str(fifo), "Grace", str(library)])
        captured = capsys.readouterr()
        received = b""
        while chunk := _read(reader):
            received += chunk
    finally:
        os.close(reader)
    assert status == 0, captured.err
    assert stat.S_ISFIFO(fifo.lstat().st_mode)  # still the FIFO
    assert sorted(tmp_path.iterdir()) == sorted([library, fifo])  # no part left beside it
    expected = {"html": b"<html", "markdown": b"# Grace", "epub": b"PK"}[form]
    assert expected in received[:200] and len(received) > 1000
    assert captured.out == "" and f"wrote 1 article to {fifo}" in captured.err


@pytest.mark.skipif(os.geteuid() != 0, reason="making a device node needs root")
def test_a_device_is_written_to_not_replaced(
    library: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    null = tmp_path / "null"  # a device of our own, as /dev/null is: never the machine's
    os.mknod(null, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    full = tmp_path / "full"  # and /dev/full
    os.mknod(full, 0o666 | stat.S_IFCHR, os.makedev(1, 7))
    assert main(["export", "-o", str(null), "-f", "html", "Grace", str(library)]) == 0
    assert stat.S_ISCHR(null.lstat().st_mode)
    assert main(["export", "-o", str(full), "-f", "html", "Grace", str(library)]) == 2
    assert stat.S_ISCHR(full.lstat().st_mode)
    assert f"cannot write {full}: No space left on device" in capsys.readouterr().err
    assert sorted(tmp_path.iterdir()) == sorted([library, null, full])  # no part left beside


def _read(descriptor: int) -> bytes:
    try:
        return os.read(descriptor, 65536)
    except BlockingIOError:  # no writer has it open any more, or never had
        return b""
