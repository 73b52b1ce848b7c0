"""`tui-reader search`: output like `list`, exit codes, errors, and when the index is refreshed."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tui_reader.cli import main
from tui_reader.commands.list_articles import article_json
from tui_reader.core.library.library import Library
from tui_reader.core.search.htmltext import html_to_text


def _containing(folder: Path, text: str) -> set[str]:
    library = Library(folder)
    snapshot = library.scan(workers=1)
    return {a.id for a in snapshot.articles if text in html_to_text(library.body(a)) + a.title}


def _search(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list[str], str]:
    code = main(["search", *args])
    out, err = capsys.readouterr()
    return code, out.splitlines(), err


def test_json_objects_are_those_of_list(
    samples_library: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, lines, _ = _search(capsys, "北约", str(samples_library), "--json")
    assert code == 0
    found = [json.loads(line) for line in lines]
    assert {item["id"] for item in found} == _containing(samples_library, "北约") != set()
    snapshot = Library(samples_library).scan(workers=1)
    unmarked = {"read": False, "bookmarked": False, "hidden": False, "user_tags": []}
    alone = [{"story": item["id"], "copies": 1} for item in found]  # no sample is a copy
    assert found == [
        article_json(snapshot.by_id[item["id"]]) | unmarked | story
        for item, story in zip(found, alone, strict=True)
    ]
    dates = [item["date"] for item in found]
    assert dates == sorted(dates, reverse=True)


def test_text_lines_limit_and_count(
    samples_library: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    expected = _containing(samples_library, "的")
    code, lines, _ = _search(capsys, "的", str(samples_library))
    assert code == 0 and len(lines) == len(expected)
    _, limited, _ = _search(capsys, "的", str(samples_library), "--limit", "2")
    assert limited == lines[:2]
    _, counted, _ = _search(capsys, "的", str(samples_library), "--count")
    assert counted == [str(len(expected))]


def test_exit_status_and_errors(samples_library: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _search(capsys, "zzzqqq", str(samples_library))[:2] == (1, [])
    code, lines, err = _search(capsys, "(北约", str(samples_library))
    assert (code, lines) == (2, []) and "bad query: missing ')'" in err
    code, _, err = _search(capsys, "北约", str(samples_library / "missing"))
    assert code == 2 and "not found" in err


def test_unchanged_folder_answers_without_scanning(
    samples_library: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    first = _search(capsys, "北约", str(samples_library))
    import tui_reader.commands.common as common

    def no_scan(*args: object, **kwargs: object) -> None:
        raise AssertionError("scanned although nothing changed")

    monkeypatch.setattr(common, "open_library", no_scan)
    assert _search(capsys, "北约", str(samples_library)) == first


def test_added_and_removed_files_are_seen(
    samples_library: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = _search(capsys, "北约", str(samples_library))[1]
    (samples_library / "new").mkdir()
    (samples_library / "new" / "a.md").write_text(
        "---\ntitle: 'new'\ndate: 2030-01-01 00:00:00\n---\n<p>北约峰会</p>\n", encoding="utf-8"
    )
    after = _search(capsys, "北约", str(samples_library))[1]
    assert len(after) == len(before) + 1 and "new" in after[0]
    (samples_library / "new" / "a.md").unlink()
    assert _search(capsys, "北约", str(samples_library))[1] == before


def test_rescan_sees_a_file_rewritten_in_place(
    samples_library: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _search(capsys, "苹果公司", str(samples_library))[0] == 1
    target = samples_library / "cnbeta-blockquotes.md"
    stamp = os.stat(samples_library).st_mtime_ns
    with target.open("a", encoding="utf-8") as stream:  # in place: the folder keeps its time
        stream.write("<p>苹果公司</p>\n")
    assert os.stat(samples_library).st_mtime_ns == stamp
    code, lines, _ = _search(capsys, "苹果公司", str(samples_library), "--rescan")
    assert code == 0 and len(lines) == 1


def test_search_never_imports_the_ui(samples_library: Path) -> None:
    script = (
        "import sys; from tui_reader.cli import main; main(['search', '北约', sys.argv[1]]); "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich')))"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(samples_library)],
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout.splitlines()[-1] == "[]"
