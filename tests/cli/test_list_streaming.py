"""`tui-reader list` on an unchanged library reads its articles from the index a batch at a
time, printing each batch before the next is read: the same bytes as a list taken from a full
snapshot (`--rescan`), with reading state, personal tags, hidden articles, stories, repeated
ids, problems and every option, while only a batch of articles is ever in memory."""

from __future__ import annotations

import gc
import io
import os
import shutil
import sys
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import pytest

from tui_reader.cli import main
from tui_reader.commands import list_articles
from tui_reader.core.library.api import Article, Library
from tui_reader.core.paths import config_file
from tui_reader.core.state.api import StateStore

OPTIONS = [[], ["--json"], ["--unread"], ["--bookmarked"], ["--json", "--unread", "--bookmarked"]]


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory, gen_library: ModuleType) -> Path:
    """A synthetic library with copies of stories, plus files that share a link (one id to tell
    apart), a name that is not UTF-8, dates before 1970, after 2038 and to the microsecond, and
    files the scan skips or reads in part."""
    root = tmp_path_factory.mktemp("generated")
    gen_library.generate(root, 600, seed=5, copies=0.2)
    same = "---\ntitle: {}\nlink: https://example.com/same\ndate: 2024-03-0{} 10:00:00\n---\nx\n"
    for number in (1, 2, 3):
        (root / f"same-{number}.md").write_text(same.format(f"Same {number}", number), "utf-8")
    os.mkdir(root / "odd")
    (root / "odd").joinpath(os.fsdecode(b"caf\xe9.md")).write_text(
        "---\ntitle: Café\ncategories: [odd]\n---\nbody\n", "utf-8"
    )
    for name, date in [
        ("old", "1950-06-01 08:30:00"),
        ("far", "2050-01-01T23:59:59-09:30"),
        ("fine", "2024-03-05T10:00:00.999999+05:45"),
        ("epoch", "1970-01-01"),
    ]:
        (root / f"{name}.md").write_text(f"---\ntitle: {name}\ndate: {date}\n---\nx\n", "utf-8")
    (root / "empty.md").write_text("", "utf-8")
    (root / "broken.md").write_text("---\ntitle: [unclosed\n---\nbody\n", "utf-8")
    return root


@pytest.fixture(params=["samples", "generated"])
def library(request: pytest.FixtureRequest, tmp_path: Path, samples_library: Path) -> Path:
    if request.param == "samples":
        return samples_library
    folder = tmp_path / "generated"
    shutil.copytree(request.getfixturevalue("generated"), folder, symlinks=True)
    return folder


def marked(library: Path) -> None:
    """Reading state over a third of the articles, bookmarks, personal tags, and a rule that
    hides some articles."""
    articles = Library(library).scan(workers=1).articles
    store = StateStore.open()
    try:
        store.set_read([a.id for a in articles[::3]], True)
        store.set_bookmarks(articles[1::4], True)
        store.set_tags([a.id for a in articles[::5]], "later", True)
        store.set_tags([a.id for a in articles[::10]], "keep", True)
    finally:
        store.close()
    config_file().parent.mkdir(parents=True, exist_ok=True)
    config_file().write_text("[[rule]]\nquery = 'tag:keep'\naction = 'hide'\n", "utf-8")


def listed(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = main(["list", *args])
    out, err = capsys.readouterr()
    return status, out, err


@pytest.mark.parametrize("options", OPTIONS, ids=lambda o: " ".join(o) or "plain")
def test_streamed_list_is_the_snapshot_list_byte_for_byte(
    library: Path,
    options: list[str],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    marked(library)
    expected = listed(capsys, str(library), "--rescan", *options)  # from a whole snapshot
    assert expected[0] == 0 and expected[1]
    monkeypatch.setattr(list_articles, "BATCH", 7)  # batches end inside the output
    monkeypatch.setattr(list_articles, "_KEPT", 3)  # labels and arrays made again now and then
    monkeypatch.setattr(Library, "scan", _refused)
    monkeypatch.setattr(Library, "cached", _refused)
    assert listed(capsys, str(library), *options) == expected


def _refused(*_args: object, **_options: object) -> None:
    raise AssertionError("a snapshot of the whole library was built")


def test_json_fields_of_the_streamed_list_carry_the_marks(
    generated: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """What the byte-for-byte comparison compares is there: read, bookmarked, hidden, personal
    tags, stories with copies, and the repeated link's ids told apart."""
    import json

    library = tmp_path / "library"
    shutil.copytree(generated, library)
    marked(library)
    listed(capsys, str(library), "--json", "--rescan")
    rows = [json.loads(line) for line in listed(capsys, str(library), "--json")[1].splitlines()]
    assert any(r["read"] for r in rows) and any(not r["read"] for r in rows)
    assert any(r["bookmarked"] for r in rows)
    assert any(r["hidden"] for r in rows) and all(r["hidden"] == ("keep" in r["user_tags"])
                                                  for r in rows)  # fmt: skip
    assert any(r["copies"] > 1 for r in rows)
    same = sorted(r["id"] for r in rows if r["path"].startswith("same-"))
    assert len(same) == 3 and same[1:] == [f"{same[0]}~2", f"{same[0]}~3"]
    assert len({r["id"] for r in rows}) == len(rows)


def test_a_changed_folder_is_scanned_first(
    generated: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    library = tmp_path / "library"
    shutil.copytree(generated, library)
    listed(capsys, str(library))
    (library / "new.md").write_text("---\ntitle: Newcomer\ndate: 2060-01-01\n---\nnew\n", "utf-8")
    for options in ([], ["--json"]):
        status, out, _ = listed(capsys, str(library), *options)
        assert status == 0 and "Newcomer" in out.splitlines()[0]


def test_json_brings_a_search_index_out_of_step_up_to_date_first(
    generated: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The library index is up to date (a plain `list` left it so) but the search index has
    never been built: `--json` builds it, then prints what it would print from it warm."""
    library = tmp_path / "library"
    shutil.copytree(generated, library)
    marked(library)
    listed(capsys, str(library))
    first = listed(capsys, str(library), "--json")
    assert first[0] == 0 and '"copies": 2' in first[1]
    assert listed(capsys, str(library), "--json") == first


class _CountingOutput(io.StringIO):
    """Standard output counting the articles alive at each write."""

    def __init__(self) -> None:
        super().__init__()
        self.alive: list[int] = []

    def write(self, text: str) -> int:
        self.alive.append(sum(1 for o in gc.get_objects() if o.__class__ is Article))
        return super().write(text)


@pytest.mark.parametrize("options", [[], ["--json"]], ids=["plain", "json"])
def test_an_unchanged_library_is_listed_a_batch_at_a_time(
    generated: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    options: list[str],
) -> None:
    library = tmp_path / "library"
    shutil.copytree(generated, library)
    Library(library).scan(workers=1)  # the first scan: the folder times are saved by the next
    listed(capsys, str(library), "--json", "--rescan")  # the indexes made, the folder unchanged
    gc.collect()
    before = sum(1 for o in gc.get_objects() if o.__class__ is Article)
    output = _CountingOutput()
    monkeypatch.setattr(list_articles, "BATCH", 50)
    monkeypatch.setattr(sys, "stdout", output)
    assert main(["list", str(library), *options]) == 0
    lines = output.getvalue().splitlines()
    assert len(lines) > 600 and len(output.alive) >= 12
    # the batch printed, and the next one while it is built
    assert max(output.alive) - before <= 2 * 50


@pytest.mark.parametrize("zone", ["Australia/Lord_Howe", "America/St_Johns", "Asia/Kathmandu"])
def test_streamed_lines_show_the_local_time_of_the_snapshot_list(
    generated: Path,
    tmp_path: Path,
    zone: str,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    local_zone: Callable[[str], None],
) -> None:
    """Lines give the local time (half-hour offsets, summer time) as the articles' dates do,
    also every 5 minutes across a change of summer time in the middle of an hour of UTC."""
    library = tmp_path / "library"
    shutil.copytree(generated, library)
    changes = ["2023-09-30T15", "2023-03-12T05", "2023-04-01T15", "2023-11-05T04"]
    for hour in changes:
        for minute in range(0, 60, 5):
            text = f"---\ntitle: t{hour}{minute}\ndate: {hour}:{minute:02}:30Z\n---\nx\n"
            (library / f"dst-{hour}-{minute}.md").write_text(text, "utf-8")
    local_zone(zone)
    Library(library).scan(workers=1)
    expected = listed(capsys, str(library), "--rescan")
    monkeypatch.setattr(Library, "scan", _refused)
    assert listed(capsys, str(library)) == expected
