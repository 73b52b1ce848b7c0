"""The reader on a warm index, started from the category counts: the tree with its counts at
once, the articles a moment later, and keys pressed in between.

The articles' load is held on a gate (a `threading.Event` in `Library.cached`) so each test
decides when the full model arrives; `COUNTS_FIRST_FROM` is lowered so the small fixture library
takes the path a big one takes.
"""

from __future__ import annotations

import asyncio
import threading
from pathlib import Path

import pytest
from textual.pilot import Pilot
from ui_support import SIZE, make_app, settle

from tui_reader.core import startup
from tui_reader.core.library.library import Library, Snapshot
from tui_reader.core.state.store import StateStore
from tui_reader.ui.app import ReaderApp
from tui_reader.ui.model.category_tree import Category, CategoryTree
from tui_reader.ui.model.tree_data import ArticleNode, CategoryNode, NoteNode
from tui_reader.ui.widgets.status import StatusLine

pytestmark = pytest.mark.library(warm=True)


async def counts_shown(pilot: Pilot[object]) -> None:
    app = pilot.app
    assert isinstance(app, ReaderApp)
    for _ in range(400):
        if app.main_screen.sidebar.root.children:
            break
        await asyncio.sleep(0.01)
    await pilot.pause()
    assert not app.main_screen.model.complete, "the tree should come from the counts"


def counts(category: Category) -> dict[tuple[str, ...], tuple[int, int]]:
    found = {category.path: (category.total, category.unread)}
    for child in category.subcategories():
        found.update(counts(child))
    return found


def cursor(app: ReaderApp) -> object:
    node = app.main_screen.sidebar.cursor_node
    return node.data if node is not None else None


def keys_to_an_article(root: Path) -> list[str]:
    """Down to the second top category, then into its first sub-category until one lists
    articles, then onto its first article and open it."""
    model = CategoryTree(Library(root).cached().articles)
    category = model.root.subcategories()[1]
    keys = ["j", "l", "j"]
    while category.subcategories():
        category = category.subcategories()[0]
        keys += ["l", "j"]
    return [*keys, "enter"]


async def test_the_tree_shows_counts_first_then_the_same_counts_with_articles(
    library: Path, gate: threading.Event
) -> None:
    snapshot = Library(library).cached()
    read = [a.id for a in snapshot.articles[::3]]
    state = StateStore.open()
    state.set_read(read, True)
    state.close()
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await counts_shown(pilot)
        screen = app.main_screen
        first = counts(screen.model.root)
        labels = [str(node.label) for node in screen.sidebar.root.children]
        assert isinstance(cursor(app), CategoryNode)
        status = screen.query_one(StatusLine)
        assert f"{len(snapshot.articles):,} articles" in status.text
        assert "loading articles…" in status.text
        gate.set()
        await settle(pilot)
        assert screen.model.complete
        assert "loading" not in status.text
        assert counts(screen.model.root) == first  # unread counts were right from the start
        assert (screen.model.total, screen.model.unread) == (
            len(snapshot.articles), len(snapshot.articles) - len(read),
        )  # fmt: skip
        assert [str(node.label) for node in screen.sidebar.root.children] == labels


async def test_keys_pressed_during_the_load_run_once_the_articles_are_in(
    library: Path, gate: threading.Event
) -> None:
    keys = keys_to_an_article(library)
    expected = make_app(library)  # the same keys on a loaded tree: where they should lead
    async with expected.run_test(size=SIZE) as pilot:
        gate.set()
        await settle(pilot)
        await pilot.press(*keys)
        await settle(pilot)
        want = cursor(expected)
        opened = expected.main_screen.reader.article
    assert isinstance(want, ArticleNode) and opened is not None
    gate.clear()

    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await counts_shown(pilot)
        top = app.main_screen.sidebar.root.children
        await pilot.press(*keys)
        # j moved at once (the counts are enough); l and what follows wait for the articles
        assert cursor(app) is top[1].data
        assert not top[1].is_expanded and app.main_screen.reader.article is None
        assert [action for action, _ in app.held_keys.waiting][:2] == ["expand", "cursor_down"]
        assert len(app.held_keys.waiting) == len(keys) - 1
        gate.set()
        await settle(pilot)
        got = cursor(app)
        assert isinstance(got, ArticleNode) and got.article.id == want.article.id
        assert app.main_screen.reader.article is not None
        assert app.main_screen.reader.article.id == opened.id
        assert not app.held_keys.holding and not app.held_keys.waiting


async def test_a_category_opened_with_the_mouse_says_loading_then_lists_its_articles(
    library: Path, gate: threading.Event
) -> None:
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await counts_shown(pilot)
        sidebar = app.main_screen.sidebar
        node = next(n for n in sidebar.root.children
                    if isinstance(n.data, CategoryNode) and n.data.category.pending)  # fmt: skip
        sidebar.toggle_node(node)  # what a click on it does
        await pilot.pause()
        assert [c.data.text for c in node.children if isinstance(c.data, NoteNode)] == ["loading…"]
        path = node.data.category.path
        gate.set()
        await settle(pilot)
        again = sidebar.category_nodes[path]
        assert again.is_expanded
        assert any(isinstance(c.data, ArticleNode) for c in again.children)
        assert not any(isinstance(c.data, NoteNode) for c in again.children)


async def test_a_failed_load_lets_the_held_keys_go(
    library: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(startup, "COUNTS_FIRST_FROM", 0)
    opened = threading.Event()

    def broken(_library: Library) -> Snapshot:
        opened.wait(10)
        raise RuntimeError("index unreadable")

    monkeypatch.setattr(Library, "cached", broken)
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await counts_shown(pilot)
        await pilot.press("l")
        assert app.held_keys.waiting
        opened.set()
        await settle(pilot)
        assert not app.held_keys.holding and not app.held_keys.waiting
        assert app.main_screen.sidebar.root.children[0].is_expanded  # acted on the counts
