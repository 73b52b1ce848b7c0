"""`tui-reader rules [--json]`, `tui-reader rules apply`, and `hidden` in `list --json` and
`search --json` (tui_reader/commands/rules.py)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from ui_support import article, write

from tui_reader.cli import main


def post(root: Path, name: str, title: str, author: str = "Tester", day: int = 1) -> None:
    text = article(title, f"2024-03-{day:02d} 09:00:00 +0000", " - News", f"<p>{title}</p>")
    write(root / f"{name}.md", text.replace("author: Tester", f"author: {author}"))


def configure(text: str) -> None:
    config = Path(os.environ["XDG_CONFIG_HOME"]) / "tui-reader" / "config.toml"
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text(text, encoding="utf-8")


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    capsys.readouterr()
    status = main(list(args))
    out, err = capsys.readouterr()
    return status, out, err


@pytest.fixture
def library(tmp_path: Path) -> Path:
    root = tmp_path / "library"
    post(root, "deal", "Coupon deal", "cnBeta")
    post(root, "note", "Plain note", day=2)
    post(root, "chip", "Chip news", day=3)
    return root


RULES = """
[[rule]]
query = 'author:cnBeta'
action = "hide"
[[rule]]
query = 'chip'
action = "highlight"
[[rule]]
query = '"unclosed'
action = "mark-read"
[[rule]]
query = 'note'
action = "mark-read"
[[rule]]
query = 'deal OR chip'
action = "tag:Picked"
"""


def test_rules_lists_matches_and_reports_a_broken_rule(
    library: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    configure(RULES)
    status, out, _err = run(capsys, "rules", str(library))
    assert status == 1  # a broken rule
    lines = out.splitlines()
    assert "hide author:cnBeta: matches 1 article" in lines
    assert "  Coupon deal" in lines
    assert "highlight chip: matches 1 article" in lines
    assert 'mark-read "unclosed: broken, query: missing closing quote "' in lines
    assert "mark-read note: matches 1 article, acted on 0" in lines
    status, out, _err = run(capsys, "rules", "--library", str(library), "--json")
    records = [json.loads(line) for line in out.splitlines()]
    assert [r["broken"] for r in records] == [False, False, True, False, False]
    assert records[2]["error"] == 'query: missing closing quote "'
    assert records[0]["matches"] == 1 and records[0]["last"][0]["title"] == "Coupon deal"


def test_rules_apply_acts_once_and_says_what_changed(
    library: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    configure(RULES)
    status, out, _err = run(capsys, "rules", "apply", str(library))
    assert "mark-read note: marked read 1 article" in out.splitlines()
    assert "  Plain note" in out.splitlines()
    assert "tag:picked deal OR chip: tagged picked 2 articles" in out.splitlines()
    out = run(capsys, "list", str(library), "--json")[1]
    records = {r["title"]: r for r in map(json.loads, out.splitlines())}
    assert records["Plain note"]["read"] is True
    assert [t for t, r in records.items() if r["hidden"]] == ["Coupon deal"]
    assert run(capsys, "mark", "unread", "note.md", "--library", str(library))[0] == 0
    status, out, _err = run(capsys, "rules", "apply", str(library))
    assert out == "rules apply: nothing to change\n"
    out = run(capsys, "list", str(library), "--json")[1]
    assert {r["title"]: r["read"] for r in map(json.loads, out.splitlines())}["Plain note"] is False


def test_rules_apply_says_which_rules_are_broken(
    library: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    configure(RULES + '[[rule]]\nquery = "chip"\naction = "explode"\n')
    for _ in range(2):  # acting, then with nothing left to change
        status, _out, err = run(capsys, "rules", "apply", str(library))
        assert status == 1
        assert err.splitlines() == [
            'mark-read "unclosed: broken, query: missing closing quote "; not applied',
            "explode chip: broken, unknown action 'explode': use hide, highlight, mark-read,"
            " bookmark or tag:NAME; not applied",
        ]


def test_search_leaves_hidden_articles_out_unless_asked(
    library: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    configure(RULES)
    status, out, _err = run(capsys, "search", "deal OR note OR chip", str(library), "--json")
    assert sorted(json.loads(line)["title"] for line in out.splitlines()) == [
        "Chip news",
        "Plain note",
    ]
    assert all(json.loads(line)["hidden"] is False for line in out.splitlines())
    assert run(capsys, "search", "deal", str(library), "--count")[1] == "0\n"
    status, out, _err = run(capsys, "search", "is:hidden", str(library), "--json")
    assert [
        (json.loads(line)["title"], json.loads(line)["hidden"]) for line in out.splitlines()
    ] == [("Coupon deal", True)]


def test_without_rules_nothing_is_hidden(library: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "search", "deal", str(library), "--count")[1] == "1\n"
    out = run(capsys, "list", str(library), "--json")[1]
    assert not any(json.loads(line)["hidden"] for line in out.splitlines())
    status, _out, err = run(capsys, "rules", str(library))
    assert status == 0 and "no rules" in err


def test_a_rule_without_a_query_is_named_by_its_action_and_warnings_are_said_once(
    library: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    configure('[stories]\nprefer = 3\n[[rule]]\naction = "hide"\n')
    status, out, err = run(capsys, "rules", str(library))
    assert status == 1
    assert out.splitlines() == ["hide: broken, query must be a non-empty string"]
    assert err.count("[stories] prefer") == 1
