"""A reader served to a browser (`tui-reader serve` sets core.served.SERVED_ENV) runs no pipe
command on the server, whatever the UI asks: `run_pipe` refuses before starting anything."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from tui_reader.core.pipe.api import PipeCommand, PipeError, run_pipe
from tui_reader.core.served import SERVED_ENV


def touching(marker: Path) -> PipeCommand:
    code = f"import pathlib, sys; pathlib.Path({str(marker)!r}).write_text(sys.stdin.read())"
    return PipeCommand("touch", (sys.executable, "-c", code), timeout=30)


def test_a_served_reader_runs_no_pipe_command(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    marker = tmp_path / "ran"
    monkeypatch.setenv(SERVED_ENV, "1")
    with pytest.raises(PipeError) as refused:
        run_pipe(touching(marker), "article text")
    assert refused.value.kind == "off" and "served" in str(refused.value)
    assert not marker.exists()


@pytest.mark.parametrize("value", [None, "", "0"])
def test_elsewhere_the_command_runs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, value: str | None
) -> None:
    marker = tmp_path / "ran"
    if value is None:
        monkeypatch.delenv(SERVED_ENV, raising=False)
    else:
        monkeypatch.setenv(SERVED_ENV, value)
    run_pipe(touching(marker), "article text")
    assert marker.read_text() == "article text"
