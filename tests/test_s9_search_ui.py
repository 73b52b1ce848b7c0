"""Pilot tests of the search bar's fixes from the s9 tryout: a click opens the result clicked,
searches the user waited on are remembered, and `S` / ctrl+s say why they do not save."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_ui_search_live import _until
from textual.pilot import Pilot
from textual.widgets import Input, OptionList
from ui_support import make_app, make_library, settle

from tui_reader.ui.app import ReaderApp
from tui_reader.ui.search_screen import SearchScreen


@pytest.fixture
def library(tmp_path: Path) -> Path:
    return make_library(tmp_path / "library")


async def _search(pilot: Pilot[object], query: str) -> SearchScreen:
    """Open the search bar, type `query` and wait until its results (or error) are shown."""
    app = pilot.app
    assert isinstance(app, ReaderApp)
    await settle(pilot)
    await _until(pilot, lambda: app.main_screen.state is not None, "the state opened")
    await pilot.press("slash")
    await _until(pilot, lambda: isinstance(app.screen, SearchScreen), "the search bar open")
    screen = app.screen
    assert isinstance(screen, SearchScreen)
    screen.query_one(Input).value = query
    await pilot.pause()
    await _until(pilot, lambda: screen._timer is None and not screen._searching(), "searched")
    await settle(pilot)
    return screen


def _row_of(results: OptionList, text: str) -> int:
    """The row of the results list (from its top edge) on which `text` is shown."""
    for y in range(results.size.height):
        if text in results.render_line(y).text:
            return y + results.styles.gutter.top
    raise AssertionError(f"{text!r} is not shown")


@pytest.mark.parametrize("index", [0, 1])
async def test_a_click_opens_the_result_clicked(library: Path, index: int) -> None:
    app = make_app(library)
    opened: list[str] = []
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await _search(pilot, "DirectX OR Defender")
        results = screen.query_one(OptionList)
        assert results.option_count == 2
        assert not results.has_focus  # the first click gives it focus
        wanted = results.get_option_at_index(index).id
        assert wanted is not None
        title = app.main_screen.snapshot.by_id[wanted].title  # type: ignore[union-attr]
        await pilot.click(results, offset=(4, _row_of(results, title[:8])))
        await settle(pilot)
        assert app.screen is app.main_screen
        reader_article = app.main_screen.reader.article
        opened.append(reader_article.id if reader_article else "")
    assert opened == [wanted]
