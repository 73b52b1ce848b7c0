"""The search features inside the reader, driven with Pilot on the fixture library: the index's
progress in the status line, the search bar flow from the tree and back, the matched terms
highlighted in the reading pane, and saved searches in the tree (saved, listed, kept after a
restart, deleted)."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
from textual.widgets import OptionList
from ui_support import SIZE, make_app, running, settle

from tui_reader.core.library.library import Library
from tui_reader.core.search.history import SearchHistory
from tui_reader.core.search.htmltext import html_to_text
from tui_reader.core.search.index import SyncProgress, SyncStats
from tui_reader.ui.model.tree_data import (
    ArticleNode,
    CategoryNode,
    FoundNode,
    NoteNode,
    SavedSearchesNode,
    SavedSearchNode,
)
from tui_reader.ui.screens.search.screen import SearchScreen
from tui_reader.ui.widgets.status import StatusLine
from tui_reader.ui.workers.search_indexer import SearchIndexProgressed, SearchIndexUpdated

QUERY = "note"  # in three titles and bodies of the fixture, and in no sample


@pytest.fixture(autouse=True)
def utc(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()


def _status(app) -> str:  # type: ignore[no-untyped-def]
    return app.main_screen.query_one(StatusLine).text


def _scan_for_word(root: Path, word: str) -> set[str]:
    """What a plain scan finds: articles whose title or text holds `word` as a whole word."""
    library = Library(root)
    pattern = re.compile(rf"(?<!\w){re.escape(word)}(?!\w)", re.I)
    found = set()
    for article in library.scan(workers=1).articles:
        if pattern.search(article.title) or pattern.search(html_to_text(library.body(article))):
            found.add(article.id)
    return found


async def _search(pilot, text: str) -> SearchScreen:  # type: ignore[no-untyped-def]
    """Press / and type `text`, then wait for the results."""
    await pilot.press("slash")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, SearchScreen)
    for char in text:
        await pilot.press(char)
    for _ in range(100):  # until the debounce timer has fired
        await pilot.pause(0.05)
        if screen._timer is None:
            break
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    return screen


# -- index progress -------------------------------------------------------------------------------


async def test_index_progress_shows_while_building_and_hides_when_done(
    library: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[str] = []
    original = StatusLine.show_indexing

    def recording(self: StatusLine, done: int, total: int) -> None:
        original(self, done, total)
        seen.append(self.text)

    monkeypatch.setattr(StatusLine, "show_indexing", recording)
    async with running(library) as (app, pilot):
        total = len(app.main_screen.snapshot.articles)
        assert f"indexing 0 / {total:,}" in seen[0]  # the first build starts from nothing
        assert "indexing" not in seen[-1] and "indexing" not in _status(app)

        app.post_message(SearchIndexProgressed(SyncProgress(12_340, 100_000)))
        await pilot.pause()
        assert "indexing 12,340 / 100,000" in _status(app)
        app.post_message(SearchIndexUpdated(SyncStats()))
        await pilot.pause()
        assert "indexing" not in _status(app)


# -- the search bar flow --------------------------------------------------------------------------


async def test_search_bar_escape_returns_to_the_tree_where_you_were(library: Path) -> None:
    async with running(library) as (app, pilot):
        await pilot.press("j", "j", "l", "j")
        sidebar = app.main_screen.sidebar
        before = sidebar.cursor_node
        screen = await _search(pilot, QUERY)
        assert screen.query_one(OptionList).option_count > 0
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is app.main_screen
        assert sidebar.cursor_node is before and app.focused is sidebar
        assert app.main_screen.reader.article is None  # nothing was opened


async def test_enter_opens_the_result_with_its_terms_highlighted(library: Path) -> None:
    async with running(library) as (app, pilot):
        screen = await _search(pilot, QUERY)
        results = screen.query_one(OptionList)
        assert {o.id for o in results.options} == _scan_for_word(library, QUERY)
        chosen = results.get_option_at_index(0).id
        await pilot.press("enter")
        await settle(pilot)
        main = app.main_screen
        assert app.screen is main and main.reader.article.id == chosen
        assert main.sidebar.cursor_article.id == chosen  # shown in the tree too
        assert SearchHistory.load().recent[0] == QUERY  # remembered as a recent search

        highlighted = _highlighted(main)
        assert highlighted and all(word.lower() == QUERY for word in highlighted)
        assert len(highlighted) == _occurrences(main, QUERY)

        assert main.check_action("clear_highlight", ()) is True
        await pilot.press("escape")  # clears the highlight
        await pilot.pause()
        assert _highlighted(main) == [] and main.check_action("clear_highlight", ()) is False


async def test_opening_another_article_from_the_tree_clears_the_highlight(library: Path) -> None:
    async with running(library) as (app, pilot):
        await _search(pilot, QUERY)
        await pilot.press("enter")
        await settle(pilot)
        main = app.main_screen
        assert _highlighted(main)
        first = main.reader.article.id
        await pilot.press("j", "enter")  # the article below it in the tree
        await settle(pilot)
        assert main.reader.article.id != first
        assert _highlighted(main) == [] and not main.reader.has_search_terms


def _highlighted(main) -> list[str]:  # type: ignore[no-untyped-def]
    """The pieces of text drawn in the search-match colour, header and body."""
    reader = main.reader
    colour = reader.get_component_rich_style("reader--search-match").bgcolor
    body = reader.query_one("#article-body")
    header = reader.query_one("#article-header")
    strips = [body.render_line(y) for y in range(body.line_count)]
    strips += [header.render_line(y) for y in range(header.size.height)]
    pieces: list[str] = []
    for strip in strips:
        run = ""
        for segment in strip:
            if segment.style is not None and segment.style.bgcolor == colour:
                run += segment.text
            elif run:
                pieces.append(run)
                run = ""
        if run:
            pieces.append(run)
    return pieces


def _occurrences(main, word: str) -> int:  # type: ignore[no-untyped-def]
    plain = main.reader.rendered.plain_text
    return len(re.findall(rf"(?<!\w){re.escape(word)}(?!\w)", plain, re.I))


# -- saved searches -------------------------------------------------------------------------------


def _saved_root(app):  # type: ignore[no-untyped-def]
    for node in app.main_screen.sidebar.root.children:
        if isinstance(node.data, SavedSearchesNode):
            return node
    return None


async def _expand_saved(pilot, query: str):  # type: ignore[no-untyped-def]
    """Put the cursor on the saved search `query`, expand it and wait for its articles."""
    sidebar = pilot.app.main_screen.sidebar
    root = _saved_root(pilot.app)
    assert root is not None
    sidebar.move_cursor(root)
    await pilot.press("l")
    await pilot.pause()
    node = next(
        c for c in root.children if isinstance(c.data, SavedSearchNode) and c.data.query == query
    )
    sidebar.move_cursor(node)
    await pilot.press("l")
    await settle(pilot)
    return node


async def test_ctrl_s_saves_and_the_tree_lists_what_it_finds(library: Path) -> None:
    async with running(library) as (app, pilot):
        assert _saved_root(app) is None
        await _search(pilot, QUERY)
        await pilot.press("ctrl+s")
        await pilot.press("escape")
        await pilot.pause()
        assert list(SearchHistory.load().saved.values()) == [QUERY]
        node = await _expand_saved(pilot, QUERY)
        found = [c.data for c in node.children]
        assert all(isinstance(d, FoundNode) for d in found)
        assert {d.article.id for d in found} == _scan_for_word(library, QUERY)
        dates = [d.article.date for d in found]
        assert dates == sorted(dates, reverse=True)  # newest first
        assert node.data.total == len(found)

        app.main_screen.sidebar.move_cursor(node.children[0])
        await pilot.press("enter")  # opens the article from the saved search
        await settle(pilot)
        assert app.main_screen.reader.article.id == found[0].article.id


async def test_saved_search_persists_after_restart_and_can_be_deleted(library: Path) -> None:
    async with running(library) as (app, pilot):
        main = app.main_screen
        await _search(pilot, "zzznothing")
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("S")  # the last query, saved from the main screen
        await pilot.pause()
        assert _saved_root(app) is not None

    again = make_app(library)
    async with again.run_test(size=SIZE) as pilot:
        await settle(pilot)
        node = await _expand_saved(pilot, "zzznothing")
        assert [type(c.data) for c in node.children] == [NoteNode]  # "no matches"
        assert node.data.total == 0
        main = again.main_screen
        assert main.check_action("delete_saved_search", ()) is True
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("left", "enter")  # Delete: Cancel has the focus first
        await pilot.pause()
        assert _saved_root(again) is None
        assert SearchHistory.load().saved == {}
        categories = [n for n in main.sidebar.root.children if isinstance(n.data, CategoryNode)]
        assert categories  # the rest of the tree is untouched


async def test_delete_is_hidden_off_saved_searches(library: Path) -> None:
    async with running(library) as (app, pilot):
        main = app.main_screen
        assert main.check_action("delete_saved_search", ()) is False
        await pilot.press("d")  # no saved search under the cursor: nothing happens
        await pilot.pause()
        assert app.screen is main
        assert isinstance(main.sidebar.cursor_node.data, CategoryNode | ArticleNode)


# -- help and palette -----------------------------------------------------------------------------


async def test_new_actions_are_in_help_and_in_the_palette_when_they_apply(library: Path) -> None:
    async with running(library) as (app, pilot):
        help_text = {description for _, description, _ in app.help_rows()}
        for description in ("Find in article", "Clear search highlight", "Save last search",
                            "Delete saved search…"):  # fmt: skip
            assert description in help_text

        def palette() -> set[str]:
            return {command.title for command in app.get_system_commands(app.main_screen)}

        assert "Find in article" not in palette()
        assert "Save last search" in palette()  # it says how to search first
        await _search(pilot, QUERY)
        await pilot.press("enter")
        await settle(pilot)
        assert {"Find in article", "Save last search", "Clear search highlight"} <= palette()
        assert "Delete saved search…" not in palette()


async def test_a_rescan_keeps_the_cursor_on_the_saved_search(library: Path) -> None:
    async with running(library) as (app, pilot):
        await _search(pilot, QUERY)
        await pilot.press("ctrl+s", "escape")
        await pilot.pause()
        node = await _expand_saved(pilot, QUERY)
        sidebar = app.main_screen.sidebar
        sidebar.move_cursor(node.children[1])
        (library / "english" / "new.md").write_text(
            "---\ntitle: 'A new note'\ndate: 2024-06-01 09:00:00 +0000\n---\n<p>new</p>\n",
            encoding="utf-8",
        )
        await pilot.press("R")  # rescan: the tree is rebuilt, the saved search runs again
        await settle(pilot)
        cursor = sidebar.cursor_node.data
        assert isinstance(cursor, SavedSearchNode) and cursor.query == QUERY
        assert sidebar.cursor_node.is_expanded
        titles = {c.data.article.title for c in sidebar.cursor_node.children}
        assert "A new note" in titles  # found by the search that ran again
