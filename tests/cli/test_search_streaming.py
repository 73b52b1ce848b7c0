"""`tui-reader search` printing every match: rows streamed from the index in batches, text lines
made by SQLite where it can, and the same output as lines built from each article (every
order, `--json`, `--limit`, misplaced rows, dates SQLite's local time cannot reckon, a zone with
summer time); a closed pipe ends it quietly."""

from __future__ import annotations

import json
import math
import os
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

import pytest

import tui_reader.commands.search as search_command
import tui_reader.core.search.index as search_index
import tui_reader.core.search.run as search_run
from tui_reader.cli import build_parser, main
from tui_reader.commands.common import story_fields
from tui_reader.commands.list_articles import article_json, article_line
from tui_reader.core.search.index import SearchIndex
from tui_reader.core.search.query import parse

REPO = Path(__file__).resolve().parents[2]
# (file, front matter date, title words): instants around Berlin's summer time changes, before
# 1971 and after 2037 (SQLite reckons their local time on 2000's), with fractions of a second
DATES = [
    ("dst-spring", "2021-03-28T00:59:59Z", "spring"),
    ("dst-spring-after", "2021-03-28T01:00:00Z", "spring"),
    ("dst-autumn", "2021-10-31T00:59:59Z", "autumn"),
    ("dst-autumn-after", "2021-10-31T01:00:00Z", "autumn"),
    ("early", "1970-01-05T10:00:00+02:00", "early"),
    ("late", "2140-07-01T12:00:00Z", "late"),
    ("fraction", "1616893199.9996", "fraction"),
    ("offset", "2019-07-01T23:30:00-07:00", "offset"),
    ("plain", "2015-05-05 05:05:05", "plain"),
]


@pytest.fixture
def berlin_clock(local_zone: Callable[[str], None]) -> None:
    """A zone with summer time: local dates of SQLite and Python must agree in it."""
    local_zone("Europe/Berlin")


def _write(folder: Path, name: str, title: str, date: str | None, body: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    dated = f"date: '{date}'\n" if date else ""
    front = (
        f"---\ntitle: '{title}'\ncategories:\n - 新媒体\n - Feed {name[:3]}\n{dated}"
        f"tags:\n - x\n---\n"
    )
    path = folder / f"{name}.md"
    path.write_text(front + f"<p>{body}</p>\n", encoding="utf-8")
    return path


@pytest.fixture
def library(tmp_path: Path) -> Path:
    root = tmp_path / "library"
    for number, (name, date, word) in enumerate(DATES):
        _write(root / "feed", name, f"{word} story {number}", date, f"shared {word} body")
    for number in range(40):
        _write(root / "many", f"n{number}", f"many {number}", f"2020-01-{1 + number % 28:02}T"
               f"{number % 24:02}:00:00Z", "shared many")  # fmt: skip
    # dated by their files: one at a fraction of a second before a minute, one before 1971
    for name, seconds in (("file-dated", 1_700_000_039.9999), ("file-early", 15_000_000.5)):
        path = _write(root / "files", name, name, None, "shared undated")
        os.utime(path, ns=(int(seconds * 1e9), int(seconds * 1e9)))
    return root


def _cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list[str]]:
    code = main(["search", *args])
    out, err = capsys.readouterr()
    assert err == ""
    return code, out.splitlines()


def _reference(root: Path, query: str, order: str) -> list[str]:
    """The lines built from each article the index finds, in its order (by date, those dated by
    their files last, unless by relevance)."""
    hits = SearchIndex.for_library(root).search(parse(query), limit=None, order=order).hits
    if order != "relevance":
        dates = [-math.inf if h.article.date_from_file else h.article.timestamp for h in hits]
        assert dates == sorted(dates, reverse=order == "newest")
    return [article_line(hit.article) for hit in hits]


def _misplace(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Index the library, then add articles dated between its oldest and newest: misplaced."""
    _cli(capsys, "shared", str(root))
    _write(root / "feed", "between", "between story", "2018-02-02T02:02:02Z", "shared between")
    _write(root / "feed", "between2", "between two", "2021-03-28T00:30:00Z", "shared spring")
    _cli(capsys, "shared", str(root))
    with closing(sqlite3.connect(SearchIndex.for_library(root).path)) as connection:
        assert connection.execute("SELECT count(*) FROM misplaced").fetchone()[0] == 2


QUERIES = ["shared", "spring OR autumn OR early OR late", "many", "-many", "cat:新媒体 -spring"]


@pytest.mark.parametrize("order", ["newest", "oldest", "relevance"])
def test_printed_lines_are_those_of_each_article(
    library: Path, capsys: pytest.CaptureFixture[str], berlin_clock: None, order: str
) -> None:
    _misplace(library, capsys)
    for query in QUERIES:
        code, lines = _cli(capsys, query, str(library), "--order", order)
        expected = _reference(library, query, order)
        assert code == (0 if expected else 1)
        assert lines == expected, query
        if order != "relevance":  # every match, in date order (file-dated ones last)
            assert len(lines) == len(set(lines))
    code, lines = _cli(capsys, "shared", str(library), "--order", order, "--limit", "7")
    assert lines == _reference(library, "shared", order)[:7]
    assert _cli(capsys, "zzzz", str(library), "--order", order) == (1, [])


def test_dates_in_the_lines(
    library: Path, capsys: pytest.CaptureFixture[str], berlin_clock: None
) -> None:
    _code, lines = _cli(capsys, "shared", str(library))
    shown = {line.split("  ")[-1]: line[:17] for line in lines}
    assert shown["spring story 0"] == "2021-03-28 01:59 "  # CET, then CEST an hour on
    assert shown["spring story 1"] == "2021-03-28 03:00 "
    assert shown["autumn story 2"] == "2021-10-31 02:59 "  # CEST, then CET
    assert shown["autumn story 3"] == "2021-10-31 02:00 "
    assert shown["early story 4"] == "1970-01-05 09:00 "  # CET in 1970: no summer time
    assert shown["late story 5"] == "2140-07-01 14:00 "
    assert shown["fraction story 6"] == "2021-03-28 01:59 "  # not rounded up to the hour
    assert shown["file-dated"] == "2023-11-14 23:13~"
    assert shown["file-early"] == "1970-06-23 15:40~"


def test_json_objects_are_those_of_each_article(
    library: Path, capsys: pytest.CaptureFixture[str], berlin_clock: None
) -> None:
    _misplace(library, capsys)
    index = SearchIndex.for_library(library)
    stories = index.story_map()
    unmarked = {"read": False, "bookmarked": False, "hidden": False, "user_tags": []}
    for order in ("newest", "oldest", "relevance"):
        code, lines = _cli(capsys, "shared -many", str(library), "--json", "--order", order)
        hits = index.search(parse("shared -many"), limit=None, order=order).hits
        expected = [
            article_json(hit.article) | unmarked | story_fields(stories, hit.article.id)
            for hit in hits
        ]
        assert code == 0 and [json.loads(line) for line in lines] == expected != []


def test_lines_are_made_without_building_articles(
    library: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Only the rows SQLite cannot date as Python does (before 1971, after 2037) are built."""
    _cli(capsys, "shared", str(library))
    built: list[bytes] = []

    def counted(record: bytes, *dictionaries):  # type: ignore[no-untyped-def]
        built.append(record)
        return loaded(record, *dictionaries)

    loaded = search_index.load_article
    monkeypatch.setattr(search_index, "load_article", counted)
    monkeypatch.setattr(search_command, "load_article", counted, raising=False)
    code, lines = _cli(capsys, "shared", str(library))
    assert code == 0 and len(lines) == len(DATES) + 42
    assert len(built) == 3  # early, late, file-early


def test_rows_are_read_as_they_are_printed(
    library: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first batch is written before the rest are read from the index: a reader that stops
    after it (a closed pipe) stops the search too."""
    _cli(capsys, "shared", str(library))
    monkeypatch.setattr(search_command, "BATCH", 5, raising=False)
    read: list[object] = []
    real_row = search_run._row

    def counted_row(row):  # type: ignore[no-untyped-def]
        read.append(row)
        return real_row(row)

    monkeypatch.setattr(search_run, "_row", counted_row)

    class Closed:
        def write(self, text: str) -> int:
            raise BrokenPipeError

        def flush(self) -> None:
            raise BrokenPipeError

    parser, _ = build_parser({"search": "search"})
    args = parser.parse_args(["search", "shared", str(library)])
    monkeypatch.setattr(sys, "stdout", Closed())
    with pytest.raises(BrokenPipeError):  # `tui-reader` ends quietly on it (the test below)
        search_command.run(args)
    assert 0 < len(read) < 20  # of 51 matches


def test_closed_pipe_ends_quietly(library: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _cli(capsys, "shared", str(library))  # the index, built
    for extra in ([], ["--json"], ["--order", "oldest"]):
        child = subprocess.Popen(
            [sys.executable, "-m", "tui_reader", "search", "shared", str(library), *extra],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=REPO,
        )  # fmt: skip
        assert child.stdout is not None and child.stderr is not None
        first = child.stdout.readline()
        child.stdout.close()  # as `| head -1` does
        error = child.stderr.read()
        assert child.wait(timeout=60) == 0
        assert first and error == b""
