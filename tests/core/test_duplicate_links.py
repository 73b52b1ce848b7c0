"""A new file that repeats an existing article's link gets the new id (`…~2`); the article that
was there keeps its id, and so its read mark and bookmark, across rescans, edits, renames and an
index built afresh, and across the update from an index of the version before claims were
ordered (repeats were then told apart by path order)."""

from __future__ import annotations

import json
import os
import sqlite3
import time
from contextlib import closing
from pathlib import Path

import pytest

from tui_reader.cli import main
from tui_reader.core.library.index import default_index_path
from tui_reader.core.library.library import Library

LINK = "https://example.com/story"
DAY = 86_400 * 10**9
OLD = 1_650_000_000 * 10**9


def write(root: Path, rel: str, title: str, mtime_ns: int, link: str = LINK) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"---\ntitle: {title}\nlink: {link}\ndate: 2022-01-01\n---\n<p>{title}</p>\n")
    os.utime(path, ns=(mtime_ns, mtime_ns))


def ids(library: Library) -> dict[str, str]:
    return {article.path: article.id for article in library.scan().articles}


@pytest.fixture
def library(tmp_path: Path) -> Library:
    root = tmp_path / "library"
    write(root, "news/real.md", "real", OLD)
    return Library(root, tmp_path / "index.sqlite3")


# Newcomers whose paths sort before the real article's, and one after it.
NEWCOMERS = ["0-copy.md", "news/a.md", "aaa/deep/copy.md", "zzz.md"]


@pytest.mark.parametrize("newcomer", NEWCOMERS)
def test_a_newcomer_with_the_same_link_gets_the_new_id(library: Library, newcomer: str) -> None:
    original = ids(library)["news/real.md"]
    write(library.root, newcomer, "impostor", OLD + DAY)
    after = ids(library)
    assert after["news/real.md"] == original
    assert after[newcomer] == f"{original}~2"


@pytest.mark.parametrize("newcomer", NEWCOMERS)
def test_the_assignment_holds_when_the_real_article_is_edited(
    library: Library, newcomer: str
) -> None:
    original = ids(library)["news/real.md"]
    write(library.root, newcomer, "impostor", OLD + DAY)
    ids(library)
    write(library.root, "news/real.md", "real, edited", OLD + 2 * DAY)  # now the newer file
    after = ids(library)
    assert after["news/real.md"] == original
    assert after[newcomer] == f"{original}~2"
    assert ids(library) == after  # and on the next rescan


@pytest.mark.parametrize("dated", [OLD + DAY, OLD - 365 * DAY], ids=["newer", "dated back"])
@pytest.mark.parametrize("newcomer", NEWCOMERS)
def test_an_index_built_afresh_gives_the_id_to_the_file_there_first(
    library: Library, tmp_path: Path, newcomer: str, dated: int
) -> None:
    original = ids(library)["news/real.md"]
    time.sleep(0.03)  # past the file system's clock tick: the newcomer's inode changes later
    write(library.root, newcomer, "impostor", dated)  # a time an archive may set at will
    fresh = Library(library.root, tmp_path / "fresh.sqlite3")
    assert ids(fresh) == ids(library)
    assert ids(fresh)["news/real.md"] == original


def test_a_renamed_article_keeps_its_id_beside_the_newcomer(library: Library) -> None:
    original = ids(library)["news/real.md"]
    write(library.root, "zzz.md", "impostor", OLD + DAY)
    ids(library)
    (library.root / "news" / "real.md").rename(library.root / "renamed.md")
    after = ids(library)
    assert after == {"renamed.md": original, "zzz.md": f"{original}~2"}


def test_three_claims_in_order(library: Library) -> None:
    original = ids(library)["news/real.md"]
    write(library.root, "b.md", "second", OLD + DAY)
    ids(library)
    write(library.root, "a.md", "third", OLD - DAY)  # older file, but indexed last
    after = ids(library)
    assert after["news/real.md"] == original
    assert after["b.md"] == f"{original}~2" and after["a.md"] == f"{original}~3"


def test_read_mark_and_bookmark_stay_with_the_real_article(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "library"
    write(root, "news/real.md", "real", OLD)
    assert main(["mark", "read", "news/real.md", "--library", str(root)]) == 0
    assert main(["mark", "bookmark", "news/real.md", "--library", str(root)]) == 0
    write(root, "0-copy.md", "impostor", OLD + DAY)
    capsys.readouterr()
    assert main(["list", str(root), "--json"]) == 0
    listed = {a["path"]: a for a in map(json.loads, capsys.readouterr().out.splitlines())}
    assert listed["news/real.md"]["read"] and listed["news/real.md"]["bookmarked"]
    assert not listed["0-copy.md"]["read"] and not listed["0-copy.md"]["bookmarked"]
    assert listed["0-copy.md"]["id"] == listed["news/real.md"]["id"] + "~2"


def as_the_version_before_claims(index_path: Path) -> None:
    """Make an index file what the version before `since` left: the same table without that
    column, under schema 3."""
    with closing(sqlite3.connect(index_path)) as db, db:
        db.execute("ALTER TABLE files DROP COLUMN since")
        db.execute("UPDATE meta SET value = '3' WHERE key = 'schema'")


@pytest.mark.parametrize("first", ["news/a.md", "news/b.md"])
def test_an_update_keeps_the_ids_the_earlier_version_gave(tmp_path: Path, first: str) -> None:
    """That version gave a repeated id to the path that sorts first; the article holding it (and
    its marks) keeps it, whichever file's inode changed first."""
    root = tmp_path / "library"
    later = "news/b.md" if first == "news/a.md" else "news/a.md"
    write(root, first, "written first", OLD)
    time.sleep(0.03)  # past the file system's clock tick: the other inode changes later
    write(root, later, "written later", OLD + DAY)
    write(root, "news/c.md", "third copy", OLD - DAY)
    index_path = tmp_path / "index.sqlite3"
    before = ids(Library(root, index_path))
    base = min(before.values())
    as_the_version_before_claims(index_path)
    expected = {"news/a.md": base, "news/b.md": f"{base}~2", "news/c.md": f"{base}~3"}
    write(root, "0-new.md", "arrives with the update", OLD - 2 * DAY)
    upgraded = Library(root, index_path)
    assert ids(upgraded) == {**expected, "0-new.md": f"{base}~4"}
    assert ids(upgraded) == ids(Library(root, index_path)) == {**expected, "0-new.md": f"{base}~4"}


def test_marks_stay_with_their_articles_across_the_update(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "library"
    write(root, "news/b.md", "written first", OLD)
    time.sleep(0.03)
    write(root, "news/a.md", "written later, sorts first", OLD + DAY)
    base = min(ids(Library(root)).values())
    # what `mark read news/a.md` wrote under the earlier version, where a.md held the id
    assert main(["mark", "read", base, "--library", str(root)]) == 0
    assert main(["mark", "bookmark", base, "--library", str(root)]) == 0
    as_the_version_before_claims(default_index_path(root))
    capsys.readouterr()
    assert main(["list", str(root), "--json"]) == 0
    listed = {a["path"]: a for a in map(json.loads, capsys.readouterr().out.splitlines())}
    assert listed["news/a.md"]["read"] and listed["news/a.md"]["bookmarked"]
    assert not listed["news/b.md"]["read"] and not listed["news/b.md"]["bookmarked"]
