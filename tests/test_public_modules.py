"""The core packages' public modules: the user interface, the commands and the renderer import
`core.library`, `core.state`, `core.search` and `core.pipe` through their `api` modules only,
and the search one loads a name's own module when the name is first used (start-up leaves the
search modules out, tests/ui/test_startup_early.py)."""

from __future__ import annotations

import ast
import importlib
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "tui_reader"
CONCERNS = ("library", "state", "search", "pipe")
ABOVE_CORE = [
    *sorted(PACKAGE.glob("ui/**/*.py")),
    *sorted(PACKAGE.glob("commands/**/*.py")),
    *sorted(PACKAGE.glob("render/**/*.py")),
    PACKAGE / "cli.py",
]


def past_public_modules(source: Path) -> list[str]:
    """The imports in `source` of a module of core.library, core.state, core.search or
    core.pipe other than the package's `api`."""
    found = []
    for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"), str(source))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [f"{node.module}.{alias.name}" for alias in node.names]
            if len(node.module.split(".")) > 3:  # from a module: its names are not modules
                names = [node.module]
        else:
            continue
        for name in names:
            parts = name.split(".")
            if parts[:2] == ["tui_reader", "core"] and len(parts) > 3 and parts[2] in CONCERNS:
                if parts[3] != "api":
                    found.append(f"{source.name}:{node.lineno}: {name}")
    return found


def test_the_layers_above_core_use_its_packages_through_their_public_modules() -> None:
    assert len(ABOVE_CORE) > 20
    assert [hit for source in ABOVE_CORE for hit in past_public_modules(source)] == []


def test_the_check_catches_an_import_past_a_public_module(tmp_path: Path) -> None:
    source = tmp_path / "bad.py"
    source.write_text(
        "from tui_reader.core.library.model import Article\n"
        "from tui_reader.core.search import query\n"
        "from tui_reader.core.state.api import StateStore\n"
        "from tui_reader.core.config import Config\n"
        "from tui_reader.core.pipe.runner import run_pipe\n"
        "def f():\n"
        "    import tui_reader.core.state.store\n"
    )
    assert past_public_modules(source) == [
        "bad.py:1: tui_reader.core.library.model",
        "bad.py:2: tui_reader.core.search.query",
        "bad.py:5: tui_reader.core.pipe.runner",
        "bad.py:7: tui_reader.core.state.store",
    ]


@pytest.mark.parametrize("concern", CONCERNS)
def test_every_public_name_is_there(concern: str) -> None:
    api = importlib.import_module(f"tui_reader.core.{concern}.api")
    assert api.__all__
    missing = [name for name in api.__all__ if not hasattr(api, name)]
    assert missing == []


def test_the_search_module_loads_a_name_s_own_module_on_first_use() -> None:
    probe = (
        "import sys\n"
        "def loaded():\n"
        "    prefix = 'tui_reader.core.search.'\n"
        "    return sorted(m[len(prefix):] for m in sys.modules if m.startswith(prefix))\n"
        "from tui_reader.core.search import api\n"
        "print(loaded())\n"
        "from tui_reader.core.search.api import SearchHistory\n"
        "print(loaded())\n"
        "from tui_reader.core.search.api import parse\n"
        "from tui_reader.core.search import query\n"
        "print(loaded(), parse is query.parse, api.parse is parse)\n"
        "try:\n"
        "    api.no_such_name\n"
        "except AttributeError as error:\n"
        "    print(error)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=120, check=True
    )
    lines = result.stdout.splitlines()
    assert lines[0] == "['api']"
    assert lines[1] == "['api', 'history']"
    assert lines[2].startswith("['api', 'history', 'query'") and "'index'" not in lines[2]
    assert lines[2].endswith("True True")
    assert lines[3] == "module 'tui_reader.core.search.api' has no attribute 'no_such_name'"
