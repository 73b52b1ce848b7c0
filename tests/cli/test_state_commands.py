"""`tui-reader mark`, `tui-reader bookmarks`, and the state in `tui-reader list`."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tui_reader.cli import main
from tui_reader.core.state.store import StateStore

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
ROOT = Path(__file__).resolve().parents[2]


def listed(samples_library: Path, capsys: pytest.CaptureFixture[str], *flags: str) -> list[dict]:
    capsys.readouterr()
    assert main(["list", str(samples_library), "--json", *flags]) == 0
    return [json.loads(line) for line in capsys.readouterr().out.splitlines()]


def ids_by_path(samples_library: Path, capsys: pytest.CaptureFixture[str]) -> dict[str, str]:
    return {record["path"]: record["id"] for record in listed(samples_library, capsys)}


def test_mark_by_path_relative_path_and_id(
    samples_library: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ids = ids_by_path(samples_library, capsys)
    refs = [
        str(samples_library / "cnbeta-blockquotes.md"),
        "aljazeera-figures.md",
        ids["mind42-title-dash.md"],
    ]
    assert main(["mark", "read", *refs, "--library", str(samples_library)]) == 0
    assert capsys.readouterr().out.count("read: ") == 3
    records = listed(samples_library, capsys)
    read = {r["path"] for r in records if r["read"]}
    assert read == {"cnbeta-blockquotes.md", "aljazeera-figures.md", "mind42-title-dash.md"}
    unread = listed(samples_library, capsys, "--unread")
    assert {r["path"] for r in unread} == {r["path"] for r in records} - read
    assert main(["mark", "unread", "aljazeera-figures.md", "--library", str(samples_library)]) == 0
    assert StateStore.open().read_ids() == {
        ids["cnbeta-blockquotes.md"],
        ids["mind42-title-dash.md"],
    }


def test_unknown_article_changes_nothing(
    samples_library: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(
        ["mark", "read", "aljazeera-figures.md", "no-such-thing", "--library", str(samples_library)]
    )
    assert code == 2
    assert "no-such-thing" in capsys.readouterr().err
    assert StateStore.open().read_ids() == set()


def test_file_outside_the_library_is_found_by_content(
    samples_library: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ids = ids_by_path(samples_library, capsys)
    outside = tmp_path / "elsewhere.md"
    shutil.copy(SAMPLES / "cnbeta-blockquotes.md", outside)
    assert main(["mark", "read", str(outside), "--library", str(samples_library)]) == 0
    assert StateStore.open().is_read(ids["cnbeta-blockquotes.md"])


def test_bookmarks_export_and_missing_files(
    samples_library: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ids = ids_by_path(samples_library, capsys)
    for name in ("mastodon-emoji-title.md", "bangumi-double-quoted-title.md"):
        assert main(["mark", "bookmark", name, "--library", str(samples_library)]) == 0
    bookmarked = listed(samples_library, capsys, "--bookmarked")
    assert {r["path"] for r in bookmarked} == {
        "mastodon-emoji-title.md",
        "bangumi-double-quoted-title.md",
    }
    assert all(r["bookmarked"] and not r["read"] for r in bookmarked)
    (samples_library / "mastodon-emoji-title.md").unlink()
    capsys.readouterr()

    assert main(["bookmarks", "--json", "--library", str(samples_library)]) == 0
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [r["path"] for r in records] == [
        "bangumi-double-quoted-title.md",  # newest first
        "mastodon-emoji-title.md",
    ]
    assert [r["missing"] for r in records] == [False, True]
    assert records[1]["title"] and records[1]["id"] == ids["mastodon-emoji-title.md"]

    assert main(["bookmarks", "--markdown", "--library", str(samples_library)]) == 0
    markdown = capsys.readouterr().out
    assert markdown.startswith("# Bookmarks\n")
    lines = [line for line in markdown.splitlines() if line.startswith("- ")]
    assert len(lines) == 2 and lines[1].endswith("*(missing)*")
    assert "file://" in lines[0]

    # The file has gone, yet its bookmark can still be removed by id.
    missing_id = ids["mastodon-emoji-title.md"]
    assert main(["mark", "unbookmark", missing_id, "--library", str(samples_library)]) == 0
    assert [b.path for b in StateStore.open().bookmarks()] == ["bangumi-double-quoted-title.md"]


def test_bookmarks_without_library_needs_no_scan(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["bookmarks"]) == 0
    assert capsys.readouterr().out == ""
    assert main(["bookmarks", "--markdown"]) == 0
    assert capsys.readouterr().out == "# Bookmarks\n\n"


def test_markdown_escapes_titles(samples_library: Path, capsys: pytest.CaptureFixture[str]) -> None:
    nasty = samples_library / "nasty.md"
    nasty.write_text("---\ntitle: '[click](javascript:alert(1)) *bold*'\n---\n<p>x</p>\n")
    assert main(["mark", "bookmark", str(nasty), "--library", str(samples_library)]) == 0
    capsys.readouterr()
    assert main(["bookmarks", "--markdown"]) == 0
    line = capsys.readouterr().out.splitlines()[-1]
    assert line.startswith(r"- \[click\](javascript:alert(1)) \*bold\*")  # no link to nowhere
    assert main(["bookmarks", "--markdown", str(samples_library)]) == 0
    line = capsys.readouterr().out.splitlines()[-1]
    assert line.startswith(r"- [\[click\](javascript:alert(1)) \*bold\*](file:///")


def test_state_commands_do_not_import_textual(samples_library: Path) -> None:
    code = (
        "import sys; from tui_reader.cli import main; "
        f"main(['mark', 'read', 'aljazeera-figures.md', '--library', {str(samples_library)!r}]); "
        "main(['bookmarks', '--json']); "
        f"main(['list', {str(samples_library)!r}, '--unread']); "
        "assert 'textual' not in sys.modules, 'textual imported'"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
