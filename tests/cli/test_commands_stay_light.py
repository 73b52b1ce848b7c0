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


# What only reading files (the scanner, the parser) or updating the search index needs.
UPDATE_ONLY = (
    "tui_reader.core.library.library",
    "tui_reader.core.library.scanner",
    "tui_reader.core.library.parse",
    "tui_reader.core.search.documents",
    "tui_reader.core.search.update",
    "tui_reader.core.search.workers",
    "tui_reader.core.search.htmltext",
)


@pytest.mark.parametrize(
    "command",
    [["search", "--count", "北约"], ["search", "经典 OR market", "--limit", "5"]],
    ids=["count", "first-page"],
)
def test_a_search_the_indexes_answer_loads_no_code_for_reading_files(
    tmp_path: Path, command: list[str]
) -> None:
    """Once the indexes are in step with the folder, a search imports neither the scanner and
    the parser nor the index's update (tens of milliseconds of a command's start)."""
    library = tmp_path / "library"
    library.mkdir()
    for number in range(3):
        (library / f"a{number}.md").write_text(
            f"---\ntitle: 北约 {number}\ndate: 2024-01-0{number + 1}\n---\n<p>经典 market</p>\n",
            encoding="utf-8",
        )
    code = (
        "import sys\n"
        "from tui_reader.cli import main\n"
        f"status = main({[*command, str(library)]!r})\n"
        f"loaded = [name for name in {UPDATE_ONLY!r} if name in sys.modules]\n"
        "sys.stderr.write(repr(loaded))\n"
        "sys.exit(status)\n"
    )
    runs = [
        subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            timeout=120,
            cwd=Path(__file__).parents[2],  # this checkout's code first on the path, as above
        )
        for _ in range(3)  # the first scans and indexes, the second saves the folder times
    ]
    assert [run.returncode for run in runs] == [0, 0, 0], [run.stderr for run in runs]
    assert runs[0].stdout == runs[2].stdout
    assert "tui_reader.core.library.scanner" in runs[0].stderr  # the first read the files
    assert runs[2].stderr.endswith("[]"), runs[2].stderr
