"""`tui-reader search` and the argument parser, as fixed after the s9 tryout: date filters skip
articles dated by their file's time, a query may start with `-`, a subcommand's bad option shows
that subcommand's usage, and an unknown command is named instead of opening the reader."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import test_search_cli

from tui_reader.cli import main

folder = test_search_cli.folder  # a copy of the samples


def _json(capsys: pytest.CaptureFixture[str], *args: str) -> list[dict[str, object]]:
    main(list(args))
    return [json.loads(line) for line in capsys.readouterr().out.splitlines()]


def test_date_filters_skip_articles_dated_by_their_file(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    articles = _json(capsys, "list", str(folder), "--json")
    by_file = {a["id"] for a in articles if a["file_date"]}
    dated = {a["id"] for a in articles if a["date"]}
    assert by_file and dated  # the samples hold both (`Invalid Date` in two front matters)
    # copied just now: their file time is today, which `after:` once took for their date
    assert not _json(capsys, "search", "after:2026-11-01", str(folder), "--json")
    found = {a["id"] for a in _json(capsys, "search", "after:2000-01-01", str(folder), "--json")}
    assert found == dated
    before = _json(capsys, "search", "before:2100", str(folder), "--json")
    assert {a["id"] for a in before} == dated
    everything = _json(capsys, "search", "NOT tag:none", str(folder), "--json")
    assert {a["id"] for a in everything[-len(by_file) :]} == by_file  # listed last
