"""The commands agree with each other: every one takes the library as LIBRARY and as
`--library LIBRARY` (and says so in its help), `--json` prints one JSON object per line with the
same fields in `list` and `search`, and `bookmarks --markdown` links to absolute, percent-encoded
`file://` addresses, never to a bare relative path (tui_reader/commands)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest
from ui_support import article, write

from tui_reader.cli import main

ODD = "odd (name) 文 #1.md"  # a file name that needs percent-encoding in a link


@pytest.fixture
def library(tmp_path: Path) -> Path:
    folder = tmp_path / "my library"
    body = "<p>Quokka facts.</p>"
    write(folder / "notes" / "first.md", article("First", "2024-01-02", " - Notes", body))
    write(folder / "notes" / ODD, article("Odd one", "2024-01-01", " - Notes", body))
    return folder


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    capsys.readouterr()
    status = main(list(args))
    out, err = capsys.readouterr()
    return status, out, err


def both_forms(library: Path) -> list[tuple[list[str], list[str]]]:
    """Each command with LIBRARY as an argument and with --library (before or after)."""
    lib, odd = str(library), f"notes/{ODD}"
    return [
        (["list", lib, "--json"], ["list", "--library", lib, "--json"]),
        (["show", odd, lib, "--width", "60"], ["show", odd, "--library", lib, "--width", "60"]),
        (["search", "quokka", lib], ["search", "--library", lib, "quokka"]),
        (["search", "-first", lib], ["search", "--library", lib, "-first"]),
        (["bookmarks", lib, "--json"], ["bookmarks", "--json", "--library", lib]),
        (["mark", "read", odd, lib], ["mark", "read", "--library", lib, odd]),
        (["mark", "unread", lib, odd], ["mark", "unread", odd, f"--library={lib}"]),
        (
            ["export", "quokka", lib, "-f", "markdown", "-o", "-"],
            ["export", "--library", lib, "quokka", "-o", "-", "-f", "markdown"],
        ),
        (
            ["export", "--bookmarks", lib, "-o", "-", "-f", "html"],
            ["export", "-o", "-", "--bookmarks", "-f", "html", "--library", lib],
        ),
    ]


@pytest.mark.parametrize("case", range(9))
def test_every_command_takes_the_library_either_way(
    library: Path, capsys: pytest.CaptureFixture[str], case: int
) -> None:
    assert run(capsys, "mark", "bookmark", "notes/first.md", "--library", str(library))[0] == 0
    positional, option = both_forms(library)[case]
    first, second = run(capsys, *positional), run(capsys, *option)
    assert first[0] == second[0] == 0, (first, second)
    assert first[1] == second[1] and first[1]  # the same output, and some


def test_two_different_libraries_are_refused(
    library: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    other = tmp_path / "other"
    other.mkdir()
    for args in (
        ["list", str(library), "--library", str(other)],
        ["bookmarks", str(other), "--library", str(library)],
        ["mark", "read", "notes/first.md", str(library), "--library", str(other)],
        ["mark", "read", "notes/first.md", str(library), str(other)],
    ):
        status, out, err = run(capsys, *args)
        assert status == 2 and out == "", args
        assert "librar" in err and "Traceback" not in err, args
    assert run(capsys, "list", str(library), "--library", f"{library}/notes/..")[0] == 0


@pytest.mark.parametrize("command", ["list", "show", "search", "mark", "bookmarks", "export"])
def test_each_help_says_how_the_library_is_given(
    command: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit):
        main([command, "--help"])
    text = " ".join(capsys.readouterr().out.split())
    assert "--library LIBRARY" in text
    assert "LIBRARY" in text.replace("--library LIBRARY", "")  # and as an argument


def json_lines(text: str) -> list[dict[str, object]]:
    lines = text.splitlines()
    assert lines and all(line.startswith("{") and line.endswith("}") for line in lines)
    return [json.loads(line) for line in lines]  # each line is a whole object


def test_list_and_search_print_the_same_objects_one_per_line(
    library: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(capsys, "mark", "read", "notes/first.md", "--library", str(library))[0] == 0
    listed = {r["id"]: r for r in json_lines(run(capsys, "list", str(library), "--json")[1])}
    found = json_lines(run(capsys, "search", "quokka", str(library), "--json")[1])
    assert len(found) == 2
    for record in found:
        assert record == listed[record["id"]]  # read and bookmarked included
    assert {r["title"]: r["read"] for r in found} == {"First": True, "Odd one": False}


def markdown_links(text: str) -> list[str]:
    return re.findall(r"\]\(([^)]*)\)", text)


def test_markdown_bookmarks_link_to_absolute_encoded_file_addresses(
    library: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in (f"notes/{ODD}", "notes/first.md"):
        assert run(capsys, "mark", "bookmark", name, "--library", str(library))[0] == 0
    expected = [(library / "notes" / "first.md").resolve(), (library / "notes" / ODD).resolve()]
    for args in (["--library", str(library)], [str(library)]):
        links = markdown_links(run(capsys, "bookmarks", "--markdown", *args)[1])
        assert [Path(unquote(urlparse(link).path)) for link in links] == expected
        assert all(link.startswith("file:///") and " " not in link for link in links)
        assert "%28" in links[1] and "%E6%96%87" in links[1]  # ( and 文, encoded
    # without a library: the default library's files, when the bookmarks' files are there
    monkeypatch.setenv("TUI_READER_LIBRARY", str(library))
    links = markdown_links(run(capsys, "bookmarks", "--markdown")[1])
    assert [Path(unquote(urlparse(link).path)) for link in links] == expected
    # ... and no link at all for those that are not: never a path relative to nowhere
    monkeypatch.delenv("TUI_READER_LIBRARY")
    status, text, _ = run(capsys, "bookmarks", "--markdown")
    assert status == 0 and markdown_links(text) == []
    assert "- Odd one" in text and "- First" in text
    (library / "notes" / "first.md").unlink()
    status, text, _ = run(capsys, "bookmarks", "--markdown", str(library))
    line = next(line for line in text.splitlines() if "First" in line)
    assert line.startswith("- First ") and line.endswith("*(missing)*") and "](" not in line
