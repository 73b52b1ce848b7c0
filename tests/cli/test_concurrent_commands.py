"""Many commands on one library at once: each succeeds with the output it gives alone, nothing
on stderr (no lock error, no traceback) — on a new library, whose indexes they all build at
once, and on a warm one; and a warm command neither walks the library nor updates the search
index while the folder times of the last scan hold."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

import tui_reader.core.library.library as library_module
import tui_reader.core.search.update as search_update
from tui_reader.cli import main
from tui_reader.core.library.library import Library
from tui_reader.core.search.index import SearchIndex

REPO = Path(__file__).resolve().parents[2]
GENERATOR = REPO / "benchmarks" / "gen_library.py"
WAITING = "tui-reader: waiting for another tui-reader to update the search index…\n".encode()
COMMANDS = [
    ["list", "--json"],
    ["search", "的"],
    ["list"],
    ["search", "market", "--json"],
    ["search", "的", "--count"],
]


@pytest.fixture
def generated(tmp_path: Path) -> Path:
    root = tmp_path / "library"
    subprocess.run(
        [sys.executable, str(GENERATOR), str(root), "--count", "600", "--workers", "1"],
        check=True, stdout=subprocess.DEVNULL, timeout=120,
    )  # fmt: skip
    return root


def _all_at_once(root: Path, commands: list[list[str]]) -> list[tuple[int, bytes, bytes]]:
    """Start every command, then wait for each: (exit status, stdout, stderr). The output goes
    to files, so that no command waits on a full pipe."""
    with tempfile.TemporaryDirectory() as folder:
        outputs = [
            (Path(folder) / f"{n}.out", Path(folder) / f"{n}.err") for n in range(len(commands))
        ]
        children = []
        for command, (out, err) in zip(commands, outputs, strict=True):
            with out.open("wb") as stdout, err.open("wb") as stderr:
                children.append(subprocess.Popen(
                    [sys.executable, "-m", "tui_reader", *command, str(root)],
                    stdout=stdout, stderr=stderr, stdin=subprocess.DEVNULL, cwd=REPO,
                    env={**os.environ, "PYTHONPATH": str(REPO)},
                ))  # fmt: skip
        codes = [child.wait(timeout=600) for child in children]
        return [
            (code, out.read_bytes(), err.read_bytes())
            for code, (out, err) in zip(codes, outputs, strict=True)
        ]


def test_ten_commands_on_a_new_library(generated: Path) -> None:
    """Ten processes that find no index build it together: one updates the search index, the
    others wait for it (they raced before: 'UNIQUE constraint failed: docs.key', 'database is
    locked')."""
    commands = [COMMANDS[n % len(COMMANDS)] for n in range(10)]
    results = _all_at_once(generated, commands)
    assert [code for code, _out, _error in results] == [0] * 10
    # stderr: nothing, or that the command waits while another updates the index
    assert {error for _code, _out, error in results} <= {b"", WAITING}
    for command, (_code, out, _error) in zip(commands, results, strict=True):
        alone = _all_at_once(generated, [command])[0]
        assert alone == (0, out, b""), command
    assert SearchIndex.for_library(generated).size() == 600


def test_ten_commands_on_a_warm_library(generated: Path) -> None:
    alone = {tuple(command): _all_at_once(generated, [command])[0] for command in COMMANDS}
    commands = [COMMANDS[n % len(COMMANDS)] for n in range(10)]
    results = _all_at_once(generated, commands)
    assert results == [alone[tuple(command)] for command in commands]
    assert all(code == 0 and error == b"" for code, _out, error in results)


def test_warm_list_reads_the_index_alone(
    generated: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # the first scan writes the index; the next, finding it up to date, keeps the folder times
    assert main(["list", "--json", str(generated)]) == 0
    assert main(["list", "--json", str(generated)]) == 0
    first = capsys.readouterr().out.splitlines()[600:]

    def no_walk(*args: object, **kwargs: object) -> None:
        raise AssertionError("walked the library although no folder changed")

    def no_update(*args: object, **kwargs: object) -> None:
        raise AssertionError("updated the search index although nothing changed")

    with monkeypatch.context() as patched:
        patched.setattr(library_module, "walk", no_walk)
        patched.setattr(Library, "_walk_while_loading", no_walk)
        patched.setattr(search_update, "Placer", no_update)
        assert main(["list", "--json", str(generated)]) == 0
        assert capsys.readouterr().out.splitlines() == first
    # a file added: its folder's time moves, and the library is read again
    source = next(generated.rglob("*.md"))
    copy = source.with_name("added-" + source.name)
    copy.write_text(source.read_text(encoding="utf-8").replace("title: '", "title: 'Added "))
    assert main(["list", str(generated)]) == 0
    assert "Added " in capsys.readouterr().out


def test_rescan_finds_a_file_rewritten_in_place(
    generated: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["list", str(generated)]) == 0
    assert main(["list", str(generated)]) == 0  # trusted from here on
    capsys.readouterr()
    source = next(generated.rglob("*.md"))
    folder_time = source.parent.stat().st_mtime_ns
    text = source.read_text(encoding="utf-8").replace("title: '", "title: 'Rewritten ", 1)
    with source.open("r+", encoding="utf-8") as rewritten:  # in place: the folder keeps its time
        rewritten.write(text)
    assert source.parent.stat().st_mtime_ns == folder_time
    assert main(["list", "--rescan", str(generated)]) == 0
    assert "Rewritten " in capsys.readouterr().out
