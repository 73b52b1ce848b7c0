"""`tui-reader search` and the argument parser: date filters skip articles dated by their
file's time, a query may start with `-`, a subcommand's bad option shows
that subcommand's usage, and an unknown command is named instead of opening the reader."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tui_reader.cli import main


def _json(capsys: pytest.CaptureFixture[str], *args: str) -> list[dict[str, object]]:
    main(list(args))
    return [json.loads(line) for line in capsys.readouterr().out.splitlines()]


def test_date_filters_skip_articles_dated_by_their_file(
    samples_library: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    articles = _json(capsys, "list", str(samples_library), "--json")
    by_file = {a["id"] for a in articles if a["file_date"]}
    dated = {a["id"] for a in articles if a["date"]}
    assert by_file and dated  # the samples hold both (`Invalid Date` in two front matters)
    # copied just now: their file time is today, which `after:` once took for their date
    assert not _json(capsys, "search", "after:2026-11-01", str(samples_library), "--json")
    found = {
        a["id"] for a in _json(capsys, "search", "after:2000-01-01", str(samples_library), "--json")
    }
    assert found == dated
    before = _json(capsys, "search", "before:2100", str(samples_library), "--json")
    assert {a["id"] for a in before} == dated
    everything = _json(capsys, "search", "NOT tag:none", str(samples_library), "--json")
    assert {a["id"] for a in everything[-len(by_file) :]} == by_file  # listed last


def _count(capsys: pytest.CaptureFixture[str], *args: str) -> int:
    assert main(list(args)) in (0, 1)
    return int(capsys.readouterr().out)


@pytest.mark.parametrize(
    "args",
    [
        ["search", "-微软", "{lib}", "--count"],
        ["search", "--", "-微软", "{lib}", "--count"],  # a query after `--`
        ["search", "--count", "-微软", "{lib}"],
        ["search", "--order", "oldest", "--count", "-微软", "{lib}"],
        ["search", "--ord=oldest", "--count", "--", "-微软", "{lib}"],
        ["search", "--count", " -微软", "{lib}"],  # what worked before
    ],
)
def test_a_query_may_start_with_a_minus(
    samples_library: Path, capsys: pytest.CaptureFixture[str], args: list[str]
) -> None:
    every = _count(capsys, "search", "NOT tag:none", str(samples_library), "--count")
    with_it = _count(capsys, "search", "微软", str(samples_library), "--count")
    assert 0 < with_it < every
    assert (
        _count(capsys, *(a.replace("{lib}", str(samples_library)) for a in args)) == every - with_it
    )


def test_an_option_that_takes_a_value_is_not_the_query(
    samples_library: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["search", "--limit", "2", "-微软", str(samples_library)]) == 0
    assert len(capsys.readouterr().out.splitlines()) == 2


def test_a_bad_option_shows_the_commands_usage(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as raised:
        main(["list", "--jsn", "somewhere"])
    err = capsys.readouterr().err
    assert raised.value.code == 2
    assert err.startswith("usage: tui-reader list ") and "unrecognized arguments: --jsn" in err


@pytest.fixture
def launched(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> list[str | None]:
    """The library arguments the reader was opened with (it is not started), in `tmp_path`."""
    from tui_reader.ui import launch

    calls: list[str | None] = []
    monkeypatch.setattr(launch, "launch", lambda library: calls.append(library) or 0)
    monkeypatch.chdir(tmp_path)
    return calls


@pytest.mark.parametrize("word", ["frobnicate", "serach", "lists"])
def test_an_unknown_command_is_named(
    launched: list[str | None], capsys: pytest.CaptureFixture[str], word: str
) -> None:
    assert main([word]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"tui-reader: unknown command '{word}' (see tui-reader --help)\n")
    assert launched == []


@pytest.mark.parametrize("folder_name", ["frobnicate", "news/cnbeta", "My Library", "missing/x"])
def test_a_folder_opens_the_reader(launched: list[str | None], folder_name: str) -> None:
    if not folder_name.startswith("missing"):  # a missing path is the reader's to report
        (Path.cwd() / folder_name).mkdir(parents=True)
    assert main([folder_name]) == 0
    assert launched == [folder_name]


@pytest.mark.parametrize("limit", [str(2**63 - 1), str(2**63), "1" + "0" * 30])
def test_a_limit_past_any_library_lists_everything(
    samples_library: Path, capsys: pytest.CaptureFixture[str], limit: str
) -> None:
    everything = _json(capsys, "search", "NOT tag:none", str(samples_library), "--json")
    found = _json(
        capsys, "search", "NOT tag:none", str(samples_library), "--json", "--limit", limit
    )
    assert found == everything and everything


@pytest.mark.parametrize(
    "words",
    [
        ["search", "微软", "--json", "{lib}"],
        ["search", "微软", "--limit", "1", "--count", "{lib}"],
        ["show", "{lib}/cnbeta-blockquotes.md", "--links", "{lib}"],
        ["export", "微软", "--format", "markdown", "{lib}", "-o", "-"],
        ["export", "微软", "--images", "{lib}", "-o", "{out}"],
    ],
    ids=["search-json", "search-count", "show-links", "export-format", "export-images"],
)
def test_the_library_may_follow_the_options(
    samples_library: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], words: list[str]
) -> None:
    """`search QUERY --json LIBRARY`: argparse fills an optional positional at its first
    chance, so a LIBRARY after an option was refused as an unrecognized argument."""
    out = tmp_path / "digest.md"
    args = [w.format(lib=samples_library, out=out) for w in words]
    assert main(args) == 0
    printed = capsys.readouterr().out
    assert printed.strip() and ("--images" not in words or out.stat().st_size > 0)


def test_the_reader_run_with_arguments_returns(launched: list[str | None]) -> None:
    """Only the program itself ends its process when the reader has gone (`quiet_tty.leave`): a
    caller passing arguments, as every test does, gets the status back."""
    assert main(["./somewhere"]) == 0
    assert launched == ["./somewhere"]
