"""Marks follow articles, not files: they survive renames, moves and rescans of a real library."""

from __future__ import annotations

import shutil
from pathlib import Path

from tui_reader.core.library.library import Library
from tui_reader.core.state.store import StateStore

SAMPLES = Path(__file__).resolve().parent.parent / "samples"


def test_renamed_and_moved_file_keeps_its_marks(tmp_path: Path) -> None:
    library_folder = tmp_path / "library"
    shutil.copytree(SAMPLES, library_folder)
    library = Library(library_folder)
    before = library.scan()
    read, marked = before.find("cnbeta-blockquotes.md"), before.find("aljazeera-figures.md")
    assert read is not None and marked is not None
    store = StateStore.open(tmp_path / "state")
    store.set_read([read.id], True)
    store.set_bookmark(marked, True)
    store.set_position(marked.id, 0.4)
    store.close()

    (library_folder / "moved" / "deeper").mkdir(parents=True)
    (library_folder / "cnbeta-blockquotes.md").rename(library_folder / "moved" / "renamed.md")
    (library_folder / "aljazeera-figures.md").rename(library_folder / "moved/deeper/x.md")
    after = library.scan()
    assert after.find("cnbeta-blockquotes.md") is None
    moved_read, moved_mark = after.by_id[read.id], after.by_id[marked.id]
    assert moved_read.path == "moved/renamed.md" and moved_mark.path == "moved/deeper/x.md"

    again = StateStore.open(tmp_path / "state")
    assert again.is_read(moved_read.id) and again.is_bookmarked(moved_mark.id)
    assert again.position(moved_mark.id) == 0.4
    unread = [a.id for a in after.articles if not again.is_read(a.id)]
    assert len(unread) == len(after.articles) - 1


def test_bookmark_of_a_deleted_file_stays_with_its_title(tmp_path: Path) -> None:
    library_folder = tmp_path / "library"
    shutil.copytree(SAMPLES, library_folder)
    library = Library(library_folder)
    article = library.scan().find("mastodon-emoji-title.md")
    assert article is not None
    store = StateStore.open(tmp_path / "state")
    store.set_bookmark(article, True)
    (library_folder / "mastodon-emoji-title.md").unlink()
    snapshot = library.scan()
    assert article.id not in snapshot.by_id
    (bookmark,) = StateStore.open(tmp_path / "state").bookmarks()
    assert (bookmark.id, bookmark.title, bookmark.path) == (article.id, article.title, article.path)
    assert bookmark.title.strip()
