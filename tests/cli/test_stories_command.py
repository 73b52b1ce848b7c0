"""Stories on the command line: `story` and `copies` in `list --json` and `search --json`,
`tui-reader stories`, and `mark read` of one copy marking all (`[stories] mark_copies_read`)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tui_reader.cli import main
from tui_reader.core.config import load_config
from tui_reader.core.paths import config_file
from tui_reader.core.state.store import StateStore

PAIRS = Path(__file__).resolve().parent.parent / "stories" / "pairs"
SAMPLES = Path(__file__).resolve().parent.parent / "samples"


@pytest.fixture
def library(tmp_path: Path) -> Path:
    """Two stories in three and two copies, and two articles without copies."""
    root = tmp_path / "library"
    for folder, pair, name in (
        ("cnbeta", "copy-cnbeta-blockquotes", "a.md"),
        ("ithome", "copy-cnbeta-blockquotes", "b.md"),
        ("mydrivers", "copy-cnbeta-blockquotes", "b.md"),
        ("mydrivers", "copy-mydrivers-unbalanced-html", "a.md"),
        ("ithome", "copy-mydrivers-unbalanced-html", "b.md"),
    ):
        (root / folder).mkdir(parents=True, exist_ok=True)
        target = root / folder / f"{pair}-{name}"
        shutil.copyfile(PAIRS / pair / name, target)
    for sample in ("aljazeera-figures.md", "leetcode-english-iframes.md"):
        shutil.copyfile(SAMPLES / sample, root / sample)
    return root


def _json_lines(capsys: pytest.CaptureFixture[str], *args: str) -> list[dict]:
    capsys.readouterr()
    status = main(list(args))
    out = capsys.readouterr().out
    assert status == 0, out
    return [json.loads(line) for line in out.splitlines()]


def test_list_and_search_json_carry_story_and_copies(
    library: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    records = {r["path"]: r for r in _json_lines(capsys, "list", str(library), "--json")}
    grace = [r for p, r in records.items() if "cnbeta-blockquotes" in p]
    assert len(grace) == 3 and len({r["story"] for r in grace}) == 1
    assert all(r["copies"] == 3 for r in grace)
    earliest = records["cnbeta/copy-cnbeta-blockquotes-a.md"]
    assert grace[0]["story"] == earliest["id"]
    alone = records["aljazeera-figures.md"]
    assert alone["story"] == alone["id"] and alone["copies"] == 1
    found = _json_lines(capsys, "search", "Grace", str(library), "--json")
    assert {r["path"] for r in found} == {r["path"] for r in grace}
    assert all(r["story"] == earliest["id"] and r["copies"] == 3 for r in found)


def test_stories_lists_the_folded_ones_largest_first(
    library: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    groups = _json_lines(capsys, "stories", str(library), "--json")
    assert [g["copies"] for g in groups] == [3, 2]
    assert [len(g["articles"]) for g in groups] == [3, 2]
    assert groups[0]["story"] == groups[0]["articles"][0]["id"]
    capsys.readouterr()
    assert main(["stories", str(library)]) == 0
    text = capsys.readouterr().out
    assert text.startswith("3 copies: ") and "\n2 copies: " in text
    assert "aljazeera" not in text.lower() and "Al Jazeera" not in text


def test_mark_read_of_one_copy_marks_all(library: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = "ithome/copy-cnbeta-blockquotes-b.md"
    assert main(["mark", "read", target, "--library", str(library)]) == 0
    records = _json_lines(capsys, "list", str(library), "--json")
    read = {r["path"] for r in records if r["read"]}
    assert read == {r["path"] for r in records if "cnbeta-blockquotes" in r["path"]}
    assert main(["mark", "unread", target, "--library", str(library)]) == 0
    assert StateStore.open().read_ids() == set()


def test_mark_read_by_query_marks_the_copies_it_did_not_find(
    library: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    records = _json_lines(capsys, "list", str(library), "--json")
    found = _json_lines(capsys, "search", "官方回应", str(library), "--json")
    grace = {r["path"] for r in records if "cnbeta-blockquotes" in r["path"]}
    assert {r["path"] for r in found} < grace  # the reposts' title only
    capsys.readouterr()
    assert main(["mark", "read", "--query", "官方回应", "--library", str(library)]) == 0
    records = _json_lines(capsys, "list", str(library), "--json")
    assert {r["path"] for r in records if r["read"]} == grace


@pytest.mark.parametrize("action", ["read", "unread"])
def test_mark_by_query_counts_the_copies_apart_from_what_it_found(
    library: Path, capsys: pytest.CaptureFixture[str], action: str
) -> None:
    if action == "unread":
        assert main(["mark", "read", "--query", "Grace", "--library", str(library)]) == 0
    capsys.readouterr()
    assert main(["mark", action, "--query", "官方回应", "--library", str(library)]) == 0
    said = capsys.readouterr().out.splitlines()
    assert said[-1] == f"{action}: 2 articles changed of 2 found, and 1 copy of their stories"
    assert len(said) == 4  # the three titles, then the count
    assert main(["mark", action, "--query", "官方回应", "--library", str(library)]) == 0
    said = capsys.readouterr().out.splitlines()
    assert said == [f"{action}: 0 articles changed of 2 found (2 already so)"]


def test_mark_copies_read_off_marks_only_the_one(
    library: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config_file().parent.mkdir(parents=True, exist_ok=True)
    config_file().write_text("[stories]\nmark_copies_read = false\n", encoding="utf-8")
    assert load_config().mark_copies_read is False
    target = "ithome/copy-cnbeta-blockquotes-b.md"
    assert main(["mark", "read", target, "--library", str(library)]) == 0
    records = _json_lines(capsys, "list", str(library), "--json")
    assert {r["path"] for r in records if r["read"]} == {target}


def test_stories_says_when_there_are_none(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "alone"
    root.mkdir()
    shutil.copyfile(SAMPLES / "aljazeera-figures.md", root / "a.md")
    capsys.readouterr()
    assert main(["stories", str(root)]) == 0
    out, err = capsys.readouterr()
    assert out == "" and "no story is held more than once (among 1 article)" in err
    assert main(["stories", str(root), "--json"]) == 0  # JSON Lines: none, and nothing said
    assert capsys.readouterr() == ("", "")


def test_stories_settings_are_checked(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(
        '[stories]\nprefer = ["IT之家", "快科技"]\nmark_copies_read = "yes"\nother = 1\n',
        encoding="utf-8",
    )
    config = load_config(path)
    assert config.story_prefer == ["IT之家", "快科技"]
    assert config.mark_copies_read is True
    assert any("mark_copies_read must be true or false" in w for w in config.warnings)
    assert any("[stories] 'other'" in w for w in config.warnings)
    path.write_text("[stories]\nprefer = 3\n", encoding="utf-8")
    config = load_config(path)
    assert config.story_prefer == [] and any("prefer must be a list" in w for w in config.warnings)
