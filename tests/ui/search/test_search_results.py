"""The search bar's results, driven with Pilot: a click opens the result clicked, searches the
user waited on are remembered, and `S` / ctrl+s say why they do not save."""

from __future__ import annotations

import html
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from rich.text import Text
from textual.pilot import Pilot
from textual.widgets import Input, OptionList
from ui_support import make_app, settle, until

from tui_reader.core.library.model import Article
from tui_reader.core.search.history import SearchHistory
from tui_reader.core.search.snippet import Snippet
from tui_reader.ui.app import ReaderApp
from tui_reader.ui.screens.search.results import Found, result_prompt
from tui_reader.ui.screens.search.screen import SearchScreen


async def _search(pilot: Pilot[object], query: str) -> SearchScreen:
    """Open the search bar, type `query` and wait until its results (or error) are shown."""
    app = pilot.app
    assert isinstance(app, ReaderApp)
    await settle(pilot)
    await until(pilot, lambda: app.main_screen.state is not None, "the state opened")
    await pilot.press("slash")
    await until(pilot, lambda: isinstance(app.screen, SearchScreen), "the search bar open")
    screen = app.screen
    assert isinstance(screen, SearchScreen)
    screen.query_one(Input).value = query
    await pilot.pause()
    await until(pilot, lambda: screen._timer is None and not screen._searching(), "searched")
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


def _recent_shown(screen: SearchScreen) -> list[str]:
    results = screen.query_one(OptionList)
    options = [results.get_option_at_index(i).id or "" for i in range(results.option_count)]
    return [option.removeprefix("recent:") for option in options]


async def test_a_search_left_with_results_is_remembered(library: Path) -> None:
    app = make_app(library)
    async with app.run_test(size=(100, 40)) as pilot:
        await _search(pilot, "zzznothing")  # no results: nothing to come back to
        await pilot.press("escape")
        screen = await _search(pilot, "note")
        assert screen.query_one(OptionList).option_count > 0
        await pilot.press("escape")
        screen = await _search(pilot, "")
        assert _recent_shown(screen) == ["note"]
    assert SearchHistory.load().recent == ["note"]


async def test_a_search_saved_with_ctrl_s_is_recent_and_stays_saved(library: Path) -> None:
    app = make_app(library)
    async with app.run_test(size=(100, 40)) as pilot:
        await _search(pilot, "zzznothing")
        await pilot.press("ctrl+s")
        await pilot.press("escape")
        await _search(pilot, "note")
        await pilot.press("ctrl+s")
        await pilot.press("enter")  # opens the first result: remembers "note" again
        await settle(pilot)
    history = SearchHistory.load()
    assert history.recent == ["note", "zzznothing"]
    assert sorted(history.saved.values()) == ["note", "zzznothing"]  # none written over


def _said(app: ReaderApp) -> list[str]:
    return [str(n.message) for n in app._notifications]


async def test_s_with_no_search_yet_says_how(library: Path) -> None:
    app = make_app(library)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await pilot.press("S")
        await pilot.pause()
        assert _said(app) == ["Search first (/), then S saves it."]
    assert SearchHistory.load().saved == {}


async def test_s_saves_the_last_search_after_an_empty_bar(library: Path) -> None:
    app = make_app(library)
    async with app.run_test(size=(100, 40)) as pilot:
        await _search(pilot, "note")
        await pilot.press("enter")  # opens a result
        await settle(pilot)
        await _search(pilot, "")
        await pilot.press("escape")  # an empty bar: no search of its own
        await pilot.press("S")
        await pilot.pause()
        assert _said(app)[-1] == "Saved: “note” is now in the tree."
    assert list(SearchHistory.load().saved.values()) == ["note"]


async def test_a_malformed_query_is_not_saved(library: Path) -> None:
    app = make_app(library)
    async with app.run_test(size=(100, 40)) as pilot:
        await _search(pilot, '"unclosed')
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.press("S")
        await pilot.pause()
        assert _said(app) == ['Not saved: missing closing quote "'] * 2
    assert SearchHistory.load().saved == {}


def _on_screen(app: ReaderApp) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", app.export_screenshot())).replace("\xa0", " ")


async def _open_from_search(pilot: Pilot[object], query: str) -> float:
    """Open the first result of `query`; the reading pane's scroll offset then."""
    await _search(pilot, query)
    await pilot.press("enter")
    await settle(pilot)
    await pilot.pause(0.1)
    app = pilot.app
    assert isinstance(app, ReaderApp) and app.main_screen.reader.article is not None
    return app.main_screen.reader.scroll_y


async def test_a_result_opens_at_its_first_match(library: Path) -> None:
    app = make_app(library)
    async with app.run_test(size=(100, 30)) as pilot:
        assert await _open_from_search(pilot, '"paragraph 60"') > 0
        assert "Paragraph 60 of the long" in _on_screen(app)


async def test_a_remembered_place_gives_way_to_the_first_match(library: Path) -> None:
    app = make_app(library)
    async with app.run_test(size=(100, 30)) as pilot:
        await _open_from_search(pilot, '"paragraph 75"')
        app.main_screen.reader.scroll_end(animate=False, immediate=True)
        await pilot.pause()
        await _open_from_search(pilot, "note")  # another article
        await _open_from_search(pilot, '"paragraph 12"')
        assert "Paragraph 12 of the long" in _on_screen(app)


async def test_a_match_in_the_title_keeps_the_top(library: Path) -> None:
    app = make_app(library)
    async with app.run_test(size=(100, 30)) as pilot:
        assert await _open_from_search(pilot, "long english") == 0
        assert app.main_screen.reader.article.title == "A long English article"  # type: ignore[union-attr]


async def test_a_large_article_is_placed_in_a_worker(
    library: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tui_reader.ui.widgets.reader import marks as reader_marks

    monkeypatch.setattr(reader_marks, "LARGE", 100)  # the long article counts as large
    app = make_app(library)
    async with app.run_test(size=(100, 30)) as pilot:
        await _open_from_search(pilot, '"paragraph 60"')
        assert app.main_screen.reader.large
        assert "Paragraph 60 of the long" in _on_screen(app)


async def test_a_results_match_count_is_finds(library: Path) -> None:
    app = make_app(library)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await _search(pilot, "微软")
        results = screen.query_one(OptionList)
        counted: dict[str, int] = {}
        for index in range(results.option_count):
            option = results.get_option_at_index(index)
            found = re.search(r"· (\d+) match", str(option.prompt))
            counted[option.id or ""] = int(found[1]) if found else 0
        assert len(counted) == 2 and all(counted.values())
        await pilot.press("escape")
        for article_id, count in counted.items():
            main = app.main_screen
            main.open_article(main.model.articles[article_id], None)
            await settle(pilot)
            await pilot.press("f", *"微软")
            await settle(pilot)
            assert main.reader.find.total == count, main.reader.article.title  # type: ignore[union-attr]
            await pilot.press("escape")


def test_a_results_file_date_is_marked_as_in_the_tree() -> None:
    when = datetime(2026, 11, 27, 12, tzinfo=UTC)
    for from_file, shown in [(True, "2026-11-27~ · "), (False, "2026-11-27 · ")]:
        article = Article("x", "a.md", "Title", (("新媒体",),), "", when, from_file)
        details = result_prompt(Found(article, Snippet("", (), 0)), []).plain.split("\n")[1]
        assert details.startswith(shown)


@pytest.mark.parametrize("width", [120, 80])
async def test_a_long_explanation_is_shown_whole(library: Path, width: int) -> None:
    """`title:x`'s explanation is shown to its end (the part saying to use quotes)."""
    app = make_app(library)
    async with app.run_test(size=(width, 30)) as pilot:
        screen = await _search(pilot, "title:x")
        status = screen.query_one("#search-status")
        shown = " ".join(status.render_line(y).text.strip() for y in range(status.size.height))
        assert shown.endswith('put it in quotes: "title:x"'), shown


def title_style(prompt: Text) -> str:
    """The styles on a result's first character (its title's)."""
    return " ".join(str(span.style) for span in prompt.spans if span.start == 0)


def test_a_read_results_title_is_dim_and_an_unread_ones_bold() -> None:
    article = Article("x", "a.md", "Title", (("新媒体",),))
    read, unread = (
        title_style(result_prompt(Found(article, Snippet("", (), 0), read=r), []))
        for r in (True, False)
    )
    assert "dim" in read and "bold" not in read
    assert "bold" in unread and "dim" not in unread


async def test_results_say_which_are_read(library: Path) -> None:
    app = make_app(library)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        main = app.main_screen
        screen = await _search(pilot, "the")
        results = screen.query_one(OptionList)
        ids = [results.get_option_at_index(i).id for i in range(results.option_count)]
        assert len(ids) > 1
        await pilot.press("escape")
        main.set_read([ids[0]], True)
        screen = await _search(pilot, "the")
        results = screen.query_one(OptionList)
        styles = [title_style(results.get_option_at_index(i).prompt) for i in range(2)]
        assert "dim" in styles[0] and "bold" in styles[1], styles
