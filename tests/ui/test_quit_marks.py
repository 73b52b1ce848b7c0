"""Quitting while an opened article's text has not been painted yet: its read mark is saved and
the app ends cleanly (the tree is already gone when the main screen unmounts)."""

from __future__ import annotations

from pathlib import Path

import pytest
from ui_support import running

from tui_reader.core.state.store import StateStore

pytestmark = pytest.mark.library(warm=True)


async def test_quitting_before_the_text_is_painted_keeps_the_mark(library: Path) -> None:
    async with running(library) as (app, pilot):
        assert app.main_screen.snapshot is not None
        article = app.main_screen.snapshot.articles[0]
        app.main_screen.opening._read_when_shown = article.id  # opened; its text not painted yet
        await pilot.press("q")
    assert app.return_code in (None, 0)
    state = StateStore.open()
    try:
        assert article.id in state.read_ids()
    finally:
        state.close()
