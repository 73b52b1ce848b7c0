"""Quitting while an opened article's text has not been painted yet: its read mark is saved and
the app ends cleanly (the tree is already gone when the main screen unmounts)."""

from __future__ import annotations

from pathlib import Path

import pytest
from ui_support import SIZE, make_app, make_library, settle

from tui_reader.core.library.library import Library
from tui_reader.core.state.store import StateStore


@pytest.fixture
def library(tmp_path: Path) -> Path:
    root = make_library(tmp_path / "library")
    Library(root).scan(workers=0)
    return root


async def test_quitting_before_the_text_is_painted_keeps_the_mark(library: Path) -> None:
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.main_screen.snapshot is not None
        article = app.main_screen.snapshot.articles[0]
        app.main_screen._read_when_shown = article.id  # opened; its text not painted yet
        await pilot.press("q")
    assert app.return_code in (None, 0)
    state = StateStore.open()
    try:
        assert article.id in state.read_ids()
    finally:
        state.close()
