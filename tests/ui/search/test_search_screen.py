"""Pilot tests of the search bar: results as you type, enter, escape, errors, recent searches,
highlighting, and the background indexer."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from rich.text import Text
from textual.app import App
from textual.widgets import Input, OptionList, Static

from tui_reader.core.library.library import Library, Snapshot
from tui_reader.core.search.history import SearchHistory
from tui_reader.core.search.htmltext import html_to_text
from tui_reader.core.search.index import SearchIndex
from tui_reader.ui.screens.search.screen import SearchScreen
from tui_reader.ui.workers.search_indexer import SearchIndexProgressed, SearchIndexUpdated

SAMPLES = Path(__file__).parents[2] / "samples"


class SearchApp(App[None]):
    def __init__(self, library: Library, snapshot: Snapshot) -> None:
        super().__init__()
        self.library = library
        self.snapshot = snapshot
        self.chosen: list[str | None] = []

    def on_mount(self) -> None:
        self.push_screen(SearchScreen(self.library, self.snapshot), self.chosen.append)


@pytest.fixture
def library(tmp_path: Path) -> tuple[Library, Snapshot]:
    folder = tmp_path / "library"
    shutil.copytree(SAMPLES, folder)
    library = Library(folder)
    snapshot = library.scan(workers=1)
    SearchIndex.for_library(folder).sync(folder, snapshot.articles, workers=1)
    return library, snapshot


async def _type(pilot, app: SearchApp, text: str) -> None:  # type: ignore[no-untyped-def]
    screen = app.screen
    assert isinstance(screen, SearchScreen)
    screen.query_one(Input).value = text
    await pilot.pause()
    for _ in range(100):  # until the debounce timer has fired (slow machines included)
        if screen._timer is None:
            break
        await pilot.pause(0.05)
    await app.workers.wait_for_complete()
    await pilot.pause()


def _containing(library: Library, snapshot: Snapshot, text: str) -> set[str]:
    return {
        a.id for a in snapshot.articles if text in a.title or text in html_to_text(library.body(a))
    }


async def test_results_update_as_you_type_and_enter_opens(
    library: tuple[Library, Snapshot],
) -> None:
    app = SearchApp(*library)
    async with app.run_test(size=(100, 40)) as pilot:
        await _type(pilot, app, "北约")
        results = app.screen.query_one(OptionList)
        ids = {results.get_option_at_index(i).id for i in range(results.option_count)}
        assert ids == _containing(*library, "北约") != set()
        status = str(app.screen.query_one("#search-status", Static).render())
        assert status.startswith(f"{len(ids)} articles")
        first = results.get_option_at_index(0).id
        await pilot.press("enter")
        await pilot.pause()
    assert app.chosen == [first]
    assert SearchHistory.load().recent == ["北约"]


async def test_broad_query_lists_first_results_then_counts_all(
    library: tuple[Library, Snapshot], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("tui_reader.ui.screens.search.finding.LIMIT", 2)
    app = SearchApp(*library)
    async with app.run_test(size=(100, 40)) as pilot:
        await _type(pilot, app, "的")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.screen.query_one(OptionList).option_count == 2
        status = str(app.screen.query_one("#search-status", Static).render())
        expected = len(_containing(*library, "的"))
        assert status.startswith(f"{expected} articles, showing 2"), status


async def test_matches_are_highlighted_in_title_and_snippet(
    library: tuple[Library, Snapshot],
) -> None:
    app = SearchApp(*library)
    async with app.run_test(size=(100, 40)) as pilot:
        await _type(pilot, app, "北约")
        prompt = app.screen.query_one(OptionList).get_option_at_index(0).prompt
        assert isinstance(prompt, Text)
        marked = [prompt.plain[s.start : s.end] for s in prompt.spans if "reverse" in str(s.style)]
        assert marked and set(marked) == {"北约"}


async def test_order_toggles_between_newest_and_relevance(
    library: tuple[Library, Snapshot],
) -> None:
    app = SearchApp(*library)
    async with app.run_test(size=(100, 40)) as pilot:
        await _type(pilot, app, "grace OR cpu")
        results = app.screen.query_one(OptionList)
        newest = [results.get_option_at_index(i).id for i in range(results.option_count)]
        await pilot.press("ctrl+o")
        await _type(pilot, app, "grace OR cpu")
        status = str(app.screen.query_one("#search-status", Static).render())
        ranked = [results.get_option_at_index(i).id for i in range(results.option_count)]
        assert "by relevance" in status and sorted(ranked) == sorted(newest)
        titles = [app.snapshot.by_id[i].title.lower() for i in ranked if i]
        assert "grace" in titles[0]


async def test_says_when_the_index_is_still_being_built(tmp_path: Path) -> None:
    folder = tmp_path / "library"
    shutil.copytree(SAMPLES, folder)
    library = Library(folder)
    snapshot = library.scan(workers=1)
    SearchIndex.for_library(folder).sync(folder, snapshot.articles[:5], workers=1)
    app = SearchApp(library, snapshot)
    async with app.run_test(size=(100, 40)) as pilot:
        await _type(pilot, app, "的")
        status = str(app.screen.query_one("#search-status", Static).render())
        assert f"index being built: 5 of {len(snapshot.articles)}" in status


async def test_escape_returns_none(library: tuple[Library, Snapshot]) -> None:
    app = SearchApp(*library)
    async with app.run_test(size=(100, 40)) as pilot:
        await _type(pilot, app, "grace")
        await pilot.press("escape")
        await pilot.pause()
    assert app.chosen == [None]
    assert SearchHistory.load().recent == ["grace"]  # its results were shown


async def test_malformed_query_shows_the_problem_inline(library: tuple[Library, Snapshot]) -> None:
    app = SearchApp(*library)
    async with app.run_test(size=(100, 40)) as pilot:
        await _type(pilot, app, "(北约")
        status = app.screen.query_one("#search-status", Static)
        assert "missing ')'" in str(status.render())
        assert status.has_class("error")
        await _type(pilot, app, "北约")
        assert not status.has_class("error")


async def test_typing_on_shows_only_the_last_query(library: tuple[Library, Snapshot]) -> None:
    app = SearchApp(*library)
    async with app.run_test(size=(100, 40)) as pilot:
        search_input = app.screen.query_one(Input)
        for text in ["g", "gr", "gra", "grace"]:
            search_input.value = text
            await pilot.pause(0.02)
        await _type(pilot, app, "grace")
        results = app.screen.query_one(OptionList)
        ids = {results.get_option_at_index(i).id for i in range(results.option_count)}
        assert ids and ids <= _containing(*library, "Grace")


async def test_recent_searches_fill_the_input(library: tuple[Library, Snapshot]) -> None:
    SearchHistory.load().remember("英伟达")
    app = SearchApp(*library)
    async with app.run_test(size=(100, 40)) as pilot:
        results = app.screen.query_one(OptionList)
        assert results.option_count == 1
        await pilot.press("down", "enter")
        await _type(pilot, app, app.screen.query_one(Input).value)
        assert app.screen.query_one(Input).value == "英伟达"
        assert results.get_option_at_index(0).id in _containing(*library, "英伟达")
    assert app.chosen == []


class IndexerApp(App[None]):
    def __init__(self, library: Library, snapshot: Snapshot) -> None:
        super().__init__()
        self.library = library
        self.snapshot = snapshot
        self.progress: list[tuple[int, int]] = []
        self.updated: list[int] = []

    def on_mount(self) -> None:
        from tui_reader.ui.workers.search_indexer import index_in_background

        index_in_background(self, self.library, self.snapshot)

    def on_search_index_progressed(self, message: SearchIndexProgressed) -> None:
        self.progress.append((message.progress.done, message.progress.total))

    def on_search_index_updated(self, message: SearchIndexUpdated) -> None:
        self.updated.append(message.stats.added)


async def test_indexer_builds_in_background_with_progress(tmp_path: Path) -> None:
    folder = tmp_path / "library"
    shutil.copytree(SAMPLES, folder)
    library = Library(folder)
    snapshot = library.scan(workers=1)
    app = IndexerApp(library, snapshot)
    async with app.run_test() as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
    total = len(snapshot.articles)
    assert app.updated == [total]
    assert app.progress and app.progress[-1] == (total, total)
    found = SearchIndex.for_library(folder).search("北约", limit=None).hits
    assert {h.article.id for h in found} == _containing(library, snapshot, "北约")
