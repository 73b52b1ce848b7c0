"""The commands that print one article never import Textual (the UI costs ~0.3 s to import)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

SAMPLE = Path(__file__).parent.parent / "samples" / "aljazeera-figures.md"


@pytest.mark.parametrize("command", [["show"], ["pipe", "cat"]], ids=["show", "pipe"])
def test_the_command_never_imports_textual(command: list[str]) -> None:
    config = Path(os.environ["XDG_CONFIG_HOME"]) / "tui-reader" / "config.toml"
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text("[pipe]\ncat = ['cat']\n", encoding="utf-8")
    code = (
        "import sys\n"
        "from tui_reader.cli import main\n"
        f"status = main({[*command, str(SAMPLE)]!r})\n"
        "loaded = [name for name in sys.modules if name.split('.')[0] == 'textual']\n"
        "sys.stderr.write(repr(loaded))\n"
        "sys.exit(status)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=Path(__file__).parents[2],
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr.endswith("[]")
