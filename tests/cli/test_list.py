"""`tui-reader list`, `--version` and `--help`: output, JSON fields, problems on stderr, exit
status, and start-up that never pays for importing the UI."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tui_reader import __version__
from tui_reader.cli import main

SAMPLES = Path(__file__).parent.parent / "samples"
REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def utc_clock(local_zone: Callable[[str], None]) -> None:
    """`list` shows local time; pin the zone so the expected lines are exact."""
    local_zone("UTC")


def run_cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *args],
        capture_output=True,
        text=True,
        cwd=REPO,
        env={**os.environ, **(env or {})},
        timeout=120,
    )


def test_list_prints_date_category_and_title_newest_first(
    samples_library: Path, capsys: pytest.CaptureFixture[str], utc_clock: None
) -> None:
    assert main(["list", str(samples_library)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == len(list(SAMPLES.iterdir()))
    dated = [line for line in lines if line[16] == " "]  # `~` marks a date from the file
    assert dated[0] == "2022-09-17 15:10  学习 / Mind42 / 分类  -"
    assert dated[-1] == "2018-10-01 11:50  二次元 / AcFun / 番剧  第1话 - 4点44分的仪式"
    assert sum(1 for line in lines if line[16] == "~") == 2  # the two `Invalid Date` files
    assert lines.index(dated[0]) == 2  # the mtime-dated files are newer than every real date
    assert [line[:16] for line in dated] == sorted((line[:16] for line in dated), reverse=True)


def test_list_json_fields(samples_library: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["list", str(samples_library), "--json"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert len(rows) == len(list(SAMPLES.iterdir()))
    required = {"id", "path", "title", "categories", "author", "date", "tags", "link"}
    assert all(required <= row.keys() for row in rows)
    by_path = {row["path"]: row for row in rows}
    seed = by_path["000_0594c77cbcb85587.txt"]
    assert seed["title"] == "美俄会谈在日内瓦落幕与北约警告莫斯科不要入侵乌克兰"
    assert seed["categories"] == [["新媒体", "Aljazeera 半岛网", "新闻"]]
    assert seed["author"] == "Aljazeera 半岛网"
    assert seed["date"] == "2022-01-11T02:11:30+00:00"
    assert seed["tags"] == [] and seed["link"] is None
    assert by_path["jianshu-invalid-date-xml-in-pre.md"]["date"] is None
    assert len({row["id"] for row in rows}) == len(rows)


def test_json_ids_are_the_same_on_every_run(
    samples_library: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    main(["list", str(samples_library), "--json"])
    first = capsys.readouterr().out
    os.replace(samples_library / "mind42-title-dash.md", samples_library / "renamed.md")
    main(["list", str(samples_library), "--json"])
    second = capsys.readouterr().out
    ids = [{json.loads(line)["id"] for line in out.splitlines()} for out in (first, second)]
    assert ids[0] == ids[1]


def test_problems_go_to_stderr_with_a_count(
    samples_library: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (samples_library / "empty.md").write_bytes(b"")
    (samples_library / "broken.md").write_text("---\ntitle: 'It's'\n---\n", encoding="utf-8")
    assert main(["list", str(samples_library)]) == 0
    captured = capsys.readouterr()
    assert "empty.md: empty file" in captured.err
    assert "broken.md: broken front matter" in captured.err
    assert "2 problems: 1 file skipped, 1 read in part" in captured.err
    assert "It's" in captured.out and "empty.md" not in captured.out


def test_library_from_environment(
    samples_library: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TUI_READER_LIBRARY", str(samples_library))
    assert main(["list", "--json"]) == 0
    assert len(capsys.readouterr().out.splitlines()) == len(list(SAMPLES.iterdir()))


def test_broken_config_is_a_warning_not_a_failure(
    samples_library: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = Path(os.environ["XDG_CONFIG_HOME"]) / "tui-reader" / "config.toml"
    config.parent.mkdir(parents=True)
    config.write_text("library = [unclosed\n", encoding="utf-8")
    assert main(["list", str(samples_library)]) == 0
    captured = capsys.readouterr()
    assert "config.toml: ignored" in captured.err
    assert captured.out.count("\n") == len(list(SAMPLES.iterdir()))


@pytest.mark.parametrize("what", ["missing", "file"])
def test_unusable_library_exits_2_with_a_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], what: str
) -> None:
    target = tmp_path / "nothing-here"
    if what == "file":
        target.write_text("x")
    assert main(["list", str(target)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("tui-reader: ")
    assert str(target) in captured.err


def test_missing_library_in_a_real_process_has_no_traceback(tmp_path: Path) -> None:
    result = run_cli("-m", "tui_reader", "list", str(tmp_path / "missing"))
    assert result.returncode == 2
    assert "library folder not found" in result.stderr
    assert "Traceback" not in result.stderr


def test_version_and_help(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--version"])
    assert exit_info.value.code == 0
    assert capsys.readouterr().out.strip() == f"tui-reader {__version__}"
    with pytest.raises(SystemExit):
        main(["--help"])
    help_text = capsys.readouterr().out
    assert "usage: tui-reader" in help_text and "list" in help_text
    with pytest.raises(SystemExit):
        main(["list", "--help"])
    assert "--json" in capsys.readouterr().out


def test_python_dash_m_version() -> None:
    result = run_cli("-m", "tui_reader", "--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"tui-reader {__version__}"


def test_console_script_version() -> None:
    script = Path(sys.executable).parent / "tui-reader"
    if not script.exists():
        pytest.skip("the console script is not installed in this environment")
    result = subprocess.run([script, "--version"], capture_output=True, text=True, timeout=60)
    assert result.stdout.strip() == f"tui-reader {__version__}"


def test_list_does_not_import_the_ui(samples_library: Path) -> None:
    code = (
        "import sys\n"
        "from tui_reader.cli import main\n"
        f"status = main(['list', {str(samples_library)!r}])\n"
        "sys.stderr.write('\\n'.join(sys.modules))\n"
        "sys.exit(status)\n"
    )
    result = run_cli("-c", code)
    assert result.returncode == 0
    imported = set(result.stderr.splitlines())
    assert "tui_reader.core.library.library" in imported  # the probe works
    ui = sorted(
        m for m in imported if m.split(".")[0] == "textual" or m.startswith("tui_reader.ui")
    )
    assert ui == []


def test_output_to_a_closed_pipe_ends_quietly(samples_library: Path) -> None:
    command = f"{sys.executable} -m tui_reader list {samples_library} | head -n 1"
    result = subprocess.run(
        ["bash", "-c", f"set -o pipefail; {command}"],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=120,
    )
    assert len(result.stdout.splitlines()) == 1
    assert "Traceback" not in result.stderr


def test_lines_are_written_in_batches(
    samples_library: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A write per batch of lines, not per line (each a system call when the output is
    unbuffered); the lines the same."""
    import io

    import tui_reader.commands.list_articles as list_command

    class Counted(io.StringIO):
        writes = 0

        def write(self, text: str) -> int:
            self.writes += 1
            return super().write(text)

    for options in ([], ["--json"], ["--unread"]):
        assert main(["list", *options, str(samples_library)]) == 0
        expected = capsys.readouterr().out
        counted = Counted()
        with monkeypatch.context() as patched:
            patched.setattr(list_command, "BATCH", 3, raising=False)
            patched.setattr(sys, "stdout", counted)
            assert main(["list", *options, str(samples_library)]) == 0
        lines = expected.count("\n")
        assert counted.getvalue() == expected and lines > 10
        assert counted.writes == -(-lines // 3)
