"""`tui-reader tag add|remove TAG ARTICLE…|--query QUERY` and `tui-reader mark … --query QUERY`:
acting on named articles or on every article a search finds, saying what changed."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tui_reader.cli import main
from tui_reader.core.state.store import StateStore


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list[str], str]:
    capsys.readouterr()
    status = main(list(args))
    out, err = capsys.readouterr()
    return status, out.splitlines(), err


def records(capsys: pytest.CaptureFixture[str], library: Path) -> dict[str, dict]:
    status, lines, _ = run(capsys, "list", str(library), "--json")
    assert status == 0
    return {record["title"]: record for record in map(json.loads, lines)}


def found(capsys: pytest.CaptureFixture[str], library: Path, query: str) -> set[str]:
    status, lines, _ = run(capsys, "search", query, str(library), "--json")
    return {json.loads(line)["title"] for line in lines} if status == 0 else set()


def test_tag_add_and_remove_named_articles(
    samples_library: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    by_path = {r["path"]: r for r in records(capsys, samples_library).values()}
    first, second = by_path["aljazeera-figures.md"], by_path["cnbeta-blockquotes.md"]
    status, out, _ = run(capsys, "tag", "add", "To Read", "aljazeera-figures.md", second["id"],
                         "--library", str(samples_library))  # fmt: skip
    assert status == 0
    assert out == [f"tagged to-read: {first['title']}", f"tagged to-read: {second['title']}"]
    status, out, _ = run(capsys, "tag", "add", "to-read", second["id"], str(samples_library))
    assert out == [f"tagged to-read: {second['title']} (already so)"]
    listed = records(capsys, samples_library)
    assert listed[first["title"]]["user_tags"] == ["to-read"]
    assert sum(bool(r["user_tags"]) for r in listed.values()) == 2
    assert found(capsys, samples_library, "tag:to-read") == {first["title"], second["title"]}
    status, out, _ = run(capsys, "tag", "remove", "TO-READ", first["id"], str(samples_library))
    assert status == 0 and out == [f"untagged to-read: {first['title']}"]
    assert found(capsys, samples_library, "tag:to-read") == {second["title"]}
    # an id the library no longer has may lose a tag it has, and nothing else
    store = StateStore.open()
    store.set_tags(["0123456789abcdef"], "to-read", True)
    store.close()
    status, out, _ = run(capsys, "tag", "remove", "to-read", "0123456789abcdef",
                         str(samples_library))  # fmt: skip
    assert status == 0 and out == ["untagged to-read: 0123456789abcdef"]
    status, _, err = run(capsys, "tag", "add", "x", "0123456789abcdef", str(samples_library))
    assert status == 2 and "no article matches" in err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["tag", "add", "a,b", "x.md"], "cannot be a tag"),
        (["tag", "add", "a\x1b[31mb", "--query", "北约"], "cannot be a tag"),
        (["tag", "add", "x"], "no ARTICLE given"),
        (["mark", "read"], "no ARTICLE given"),
        (["mark", "read", "aljazeera-figures.md", "--query", "北约"], "not both"),
        (["tag", "add", "x", "--query", '"open'], "bad query"),
        (["tag", "add", "x", "aljazeera-figures.md", "nothing-like-it.md"], "no article matches"),
    ],
)
def test_bad_arguments_change_nothing(
    samples_library: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    status, out, err = run(capsys, *args, "--library", str(samples_library))
    assert status == 2 and message in err and "Traceback" not in err and "\x1b" not in err
    assert not any(r["user_tags"] or r["read"] for r in records(capsys, samples_library).values())


def test_acting_on_a_query(samples_library: Path, capsys: pytest.CaptureFixture[str]) -> None:
    library = str(samples_library)
    nato = found(capsys, samples_library, "北约")
    assert len(nato) == 2
    status, out, _ = run(capsys, "tag", "add", "nato", "--query", "北约", library)
    assert status == 0
    assert sorted(out[:-1]) == sorted(f"tagged nato: {title}" for title in nato)
    assert out[-1] == "tagged nato: 2 articles changed of 2 found"
    status, out, _ = run(capsys, "tag", "add", "nato", "--query", "北约", library)
    assert out == ["tagged nato: 0 articles changed of 2 found (2 already so)"]

    everything = records(capsys, samples_library)
    others = set(everything) - nato
    assert len(others) > 10  # more than a few: counted, not named
    # a query starting with "-", and the library after the option
    status, out, _ = run(capsys, "mark", "read", "--query", "-tag:nato", library)
    assert status == 0 and out == [f"read: {len(others)} articles changed of {len(others)} found"]
    listed = records(capsys, samples_library)
    assert {title for title, r in listed.items() if r["read"]} == others
    assert found(capsys, samples_library, "is:unread") == nato

    status, out, _ = run(capsys, "mark", "bookmark", "--query", "tag:nato is:unread", library)
    assert status == 0 and out[-1] == "bookmark: 2 articles changed of 2 found"
    status, lines, _ = run(capsys, "bookmarks", "--json")
    assert {json.loads(line)["title"] for line in lines} == nato
    status, out, _ = run(capsys, "mark", "unbookmark", "--query=tag:nato", library)
    assert out[-1] == "unbookmark: 2 articles changed of 2 found"
    status, out, _ = run(capsys, "tag", "remove", "nato", "--query", "is:unread", library)
    assert out[-1] == "untagged nato: 2 articles changed of 2 found"
    assert found(capsys, samples_library, "tag:nato") == set()
    status, out, _ = run(capsys, "mark", "unread", "--query", "is:read", library)
    assert out[-1] == f"unread: {len(others)} articles changed of {len(others)} found"
    assert not any(r["read"] for r in records(capsys, samples_library).values())


def test_a_query_leaves_out_what_a_rule_hides(
    samples_library: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = Path(os.environ["XDG_CONFIG_HOME"]) / "tui-reader" / "config.toml"
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text("[[rule]]\nquery = '基辛格'\naction = 'hide'\n", encoding="utf-8")
    assert found(capsys, samples_library, "北约") == found(capsys, samples_library, "北约 -基辛格")
    assert len(found(capsys, samples_library, "北约 is:hidden")) == 1
    status, out, _ = run(capsys, "mark", "read", "--query", "北约", str(samples_library))
    assert status == 0 and out[-1] == "read: 1 article changed of 1 found"
    assert "基辛格" not in out[0]
    status, out, _ = run(capsys, "mark", "read", "--query", "北约 is:hidden", str(samples_library))
    assert out[-1] == "read: 1 article changed of 1 found" and "基辛格" in out[0]


def test_a_hide_rule_on_a_personal_tag_keeps_its_articles_out_of_a_query(
    samples_library: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = Path(os.environ["XDG_CONFIG_HOME"]) / "tui-reader" / "config.toml"
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text("[[rule]]\nquery = 'tag:secret'\naction = 'hide'\n", encoding="utf-8")
    status, out, _ = run(capsys, "tag", "add", "secret", "--query", "基辛格", str(samples_library))
    assert status == 0 and out[-1] == "tagged secret: 1 article changed of 1 found"
    assert found(capsys, samples_library, "北约") == found(capsys, samples_library, "北约 -基辛格")
    assert len(found(capsys, samples_library, "北约 is:hidden")) == 1
    status, out, _ = run(capsys, "mark", "read", "--query", "北约", str(samples_library))
    assert status == 0 and out[-1] == "read: 1 article changed of 1 found"
    assert "基辛格" not in out[0]
