"""Keys typed before the tree is shown, all at once (as tmux sends `j l j l j enter`), act on the
tree once it is there, as they would have on a tree already shown; they were lost on the empty
tree (the first `j` moved nowhere, and the rest went one entry off)."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
import test_startup_app
from ui_support import make_app, make_library, settle

from tui_reader.core import startup
from tui_reader.core.library import Library
from tui_reader.ui.app import ReaderApp
from tui_reader.ui.tree_data import ArticleNode

KEYS = ["j", "l", "j", "l", "j", "enter"]  # English, its first sub-category, its first article
SIZE = (80, 24)


@pytest.fixture
def no_counts_first(monkeypatch: pytest.MonkeyPatch) -> None:
    """The tree waits for the articles (held by `gate`): no tree of counts comes first."""
    monkeypatch.setattr(startup, "COUNTS_FIRST_FROM", 10**9)


gate = test_startup_app.gate  # holds the articles' load until the test sets it


@pytest.fixture
def library(tmp_path: Path) -> Path:
    root = make_library(tmp_path / "library")
    Library(root).scan(workers=0)  # a warm index: the tree comes from it
    return root


def _where(app: ReaderApp) -> tuple[str, str]:
    node = app.main_screen.sidebar.cursor_node
    assert node is not None and isinstance(node.data, ArticleNode)
    article = app.main_screen.reader.article
    assert article is not None
    return node.data.article.id, article.id


async def test_keys_typed_before_the_tree_act_on_it(
    library: Path, gate: threading.Event, no_counts_first: None
) -> None:
    gate.set()
    expected = make_app(library)
    async with expected.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press(*KEYS)
        await settle(pilot)
        want = _where(expected)
    gate.clear()

    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*KEYS)
        assert not app.main_screen.sidebar.root.children  # no tree yet: every key waits
        assert [action for action, _ in app.held_keys.waiting][:3] == [
            "cursor_down", "expand", "cursor_down",
        ]  # fmt: skip
        gate.set()
        await settle(pilot)
        assert _where(app) == want
        assert not app.held_keys.waiting


async def test_quit_never_waits_for_the_tree(
    library: Path, gate: threading.Event, no_counts_first: None
) -> None:
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j", "q")
        assert app.return_code == 0
        gate.set()
