"""core/library/folder_watch.py: the folders holding articles, and whether their times changed."""

from __future__ import annotations

import os
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from tui_reader.core.library.folder_watch import FolderWatch, article_folders

segment = st.text(alphabet="ab中文", min_size=1, max_size=3)
paths = st.lists(st.lists(segment, min_size=1, max_size=4).map("/".join), max_size=20)


@given(paths)
def test_the_folders_are_every_parent_of_every_article(found: list[str]) -> None:
    expected = {""}
    for path in found:
        parts = path.split("/")[:-1]
        expected.update("/".join(parts[:n]) for n in range(1, len(parts) + 1))
    assert article_folders(found) == expected


def write(path: Path, text: str = "x") -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def age(*folders: Path) -> None:
    """Set the folders' times in the past, so a change now is seen whatever the clock's grain."""
    for folder in folders:
        os.utime(folder, (1_600_000_000, 1_600_000_000))


def test_a_file_added_removed_or_renamed_changes_its_folder(tmp_path: Path) -> None:
    write(tmp_path / "a" / "b" / "one.md")
    write(tmp_path / "a" / "two.md")
    age(tmp_path, tmp_path / "a", tmp_path / "a" / "b")
    watch = FolderWatch(tmp_path, ["a/b/one.md", "a/two.md"])
    assert not watch.changed()
    write(tmp_path / "a" / "b" / "three.md")
    assert watch.changed()
    age(tmp_path / "a" / "b")
    assert not watch.changed()
    (tmp_path / "a" / "two.md").rename(tmp_path / "a" / "renamed.md")
    assert watch.changed()


def test_a_new_folder_changes_its_parent_and_a_gone_one_is_seen(tmp_path: Path) -> None:
    write(tmp_path / "a" / "one.md")
    age(tmp_path, tmp_path / "a")
    watch = FolderWatch(tmp_path, ["a/one.md"])
    (tmp_path / "new").mkdir()
    assert watch.changed()
    assert not watch.covers(["a/one.md", "new/two.md"])
    assert watch.covers(["a/one.md"])
    age(tmp_path)
    watch = FolderWatch(tmp_path, ["a/one.md"])
    (tmp_path / "a" / "one.md").unlink()
    (tmp_path / "a").rmdir()
    assert watch.changed()


def test_an_article_rewritten_in_place_is_not_seen(tmp_path: Path) -> None:
    """What the periodic full rescan is for."""
    write(tmp_path / "one.md", "old")
    age(tmp_path)
    watch = FolderWatch(tmp_path, ["one.md"])
    with open(tmp_path / "one.md", "w", encoding="utf-8") as f:
        f.write("new")
    assert not watch.changed()
