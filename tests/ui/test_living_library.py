"""A living library in the app: rescans, problems, empty and missing folders."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import DataTable
from ui_support import (
    CRAFTED,
    article,
    goto_category,
    running,
    settle,
    write,
)

from tui_reader.core.library.library import Library
from tui_reader.ui.messages import LibraryLoaded, ScanProgressed
from tui_reader.ui.model.tree_data import ProblemsNode
from tui_reader.ui.screens.empty import EmptyScreen
from tui_reader.ui.screens.main.screen import MainScreen
from tui_reader.ui.screens.problems import ProblemsScreen
from tui_reader.ui.workers import loading


async def test_rescan_keeps_cursor_and_open_article(library: Path) -> None:
    async with running(library) as (app, pilot):
        await goto_category(pilot, "English", "Notes")
        await pilot.press("j", "j", "enter")
        await settle(pilot)
        screen = app.main_screen
        opened = screen.reader.article
        assert opened.title == "Second short note"
        write(library / "english/new.md", article(
            "A brand new note", "2024-02-04 09:00:00 +0000", " - English\n - Notes", "<p>New.</p>"
        ))  # fmt: skip
        (library / "english/short-3.md").unlink()
        await pilot.press("R")
        await settle(pilot)
        notes = screen.model.find(("English", "Notes"))
        titles = [a.title for a in notes.articles]
        assert titles[0] == "A brand new note" and "Third short note" not in titles
        assert screen.reader.article.id == opened.id  # still open
        assert screen.sidebar.cursor_article.id == opened.id  # cursor kept on it
        node = screen.sidebar.cursor_node.parent
        assert [c.data.article.title for c in node.children][:3] == [
            "A brand new note", "First short note", "Second short note",
        ]  # fmt: skip


async def test_changed_open_article_is_rendered_again(library: Path) -> None:
    async with running(library) as (app, pilot):
        await goto_category(pilot, "English", "Notes")
        await pilot.press("j", "enter")
        await settle(pilot)
        path = library / "english/short-1.md"
        path.write_text(CRAFTED["english/short-1.md"].replace("short.", "now longer."))
        await pilot.press("R")
        await settle(pilot)
        assert "The first note, now longer." in app.main_screen.reader.rendered.plain_text


async def test_problems_view_lists_failed_files(library: Path) -> None:
    async with running(library) as (app, pilot):
        last = app.main_screen.sidebar.root.children[-1]
        assert isinstance(last.data, ProblemsNode) and last.data.count >= 2
        await pilot.press("P")
        await pilot.pause()
        assert isinstance(app.screen, ProblemsScreen)
        table = app.screen.query_one(DataTable)
        rows = [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]
        assert ["broken/binary.md", "skipped", "binary file, not text"] in rows
        assert ["broken/empty.md", "skipped", "empty file"] in rows
        await pilot.press("escape")
        assert isinstance(app.screen, MainScreen)


async def test_empty_folder_says_what_to_do_then_fills(tmp_path: Path) -> None:
    folder = tmp_path / "empty"
    folder.mkdir()
    async with running(folder) as (app, pilot):
        assert isinstance(app.screen, EmptyScreen)
        assert "No articles" in app.screen.reason
        write(folder / "a.md", CRAFTED["english/short-1.md"])
        await pilot.press("R")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert app.main_screen.model.total == 1


async def test_missing_folder_is_explained(tmp_path: Path) -> None:
    async with running(tmp_path / "nowhere") as (app, pilot):
        assert isinstance(app.screen, EmptyScreen)
        assert "not found" in app.screen.reason
        await pilot.press("q")
    assert app.return_code == 0


async def test_first_scan_without_index_fills_the_tree(library: Path) -> None:
    """No index yet: the scan itself fills the tree (batches, then the final snapshot)."""
    async with running(library) as (app, pilot):
        snapshot = app.main_screen.snapshot
        assert snapshot is not None and len(snapshot.articles) > 16
        assert snapshot.changes.added == len(snapshot.articles) + len(snapshot.problems)
        assert app.main_screen.model.total == len(snapshot.articles)


def test_loader_posts_partial_trees_during_a_first_scan(
    library: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(loading, "PARTIAL_INTERVAL", 0.0)
    posted: list[object] = []
    loader = loading.LibraryLoader(Library(library), None, posted.append, lambda: False)
    snapshot = loader.run(from_index=True)
    assert snapshot is not None
    loaded = [m for m in posted if isinstance(m, LibraryLoaded)]
    partial = [m for m in loaded if not m.final]
    assert partial, "no partial tree was posted while scanning"
    assert all(m.model.total <= len(snapshot.articles) for m in partial)
    assert loaded[-1].final and loaded[-1].model.total == len(snapshot.articles)
    assert any(isinstance(m, ScanProgressed) for m in posted)
    # a second run finds the index warm: the cached snapshot first, then the scan's
    posted.clear()
    loading.LibraryLoader(Library(library), None, posted.append, lambda: False).run(from_index=True)
    finals = [m.final for m in posted if isinstance(m, LibraryLoaded)]
    assert finals == [False, True]
