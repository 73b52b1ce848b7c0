"""The one-way layering: `tui_reader.core` never imports textual, rich, or the layers above it,
neither in its source nor transitively when every core module is loaded; the renderer never
imports the user interface or the commands, and the commands never import Textual or the user
interface (every package under them included, e.g. render/export)."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

CORE = Path(__file__).resolve().parent.parent / "tui_reader" / "core"
FORBIDDEN = ("textual", "rich", "tui_reader.ui", "tui_reader.render", "tui_reader.commands")


def imported_names(source: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"), str(source))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
        elif isinstance(node, ast.ImportFrom) and node.level > 0:
            names.add("." * node.level + (node.module or ""))
        elif isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "import_module":
            names.update(
                arg.value
                for arg in node.args
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str)
            )
    return names


def is_forbidden(name: str) -> bool:
    return name.startswith("..") or any(
        name == bad or name.startswith(bad + ".") for bad in FORBIDDEN
    )


CORE_FILES = sorted(CORE.rglob("*.py"))


def test_core_has_modules() -> None:
    assert len(CORE_FILES) > 10


@pytest.mark.parametrize("source", CORE_FILES, ids=lambda path: path.relative_to(CORE).as_posix())
def test_core_source_imports_no_ui(source: Path) -> None:
    assert sorted(name for name in imported_names(source) if is_forbidden(name)) == []


def test_the_import_scanner_catches_a_forbidden_import(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text("def f():\n    from rich.text import Text\n    import textual.app\n")
    assert sorted(n for n in imported_names(bad) if is_forbidden(n)) == ["rich.text", "textual.app"]


def test_loading_all_of_core_loads_no_ui() -> None:
    modules = [
        ".".join(("tui_reader", "core", *path.relative_to(CORE).with_suffix("").parts))
        for path in CORE_FILES
        if path.stem != "__init__"
    ]
    probe = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich')"
        " or m.startswith(('tui_reader.ui', 'tui_reader.render'))))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        cwd=CORE.parent.parent,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


PACKAGE = CORE.parent
ABOVE = {
    "render": ("textual", "tui_reader.ui", "tui_reader.commands"),
    "commands": ("textual", "tui_reader.ui"),
}
ABOVE_FILES = [
    (layer, source) for layer in ABOVE for source in sorted((PACKAGE / layer).rglob("*.py"))
]


@pytest.mark.parametrize(
    ("layer", "source"),
    ABOVE_FILES,
    ids=[p.relative_to(PACKAGE).as_posix() for _, p in ABOVE_FILES],
)
def test_render_and_commands_import_no_higher_layer(layer: str, source: Path) -> None:
    forbidden = ABOVE[layer]
    names = imported_names(source)
    assert not [n for n in names if n.startswith("..")]  # absolute imports only
    hits = [n for n in names if any(n == bad or n.startswith(bad + ".") for bad in forbidden)]
    assert hits == []


def test_render_and_commands_have_their_subpackages_scanned() -> None:
    scanned = {source.relative_to(PACKAGE).parent.as_posix() for _, source in ABOVE_FILES}
    assert {"render", "render/export", "commands"} <= scanned
