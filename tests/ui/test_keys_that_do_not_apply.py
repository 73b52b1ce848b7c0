"""Keys that did nothing, silently, when they did not apply: `P` with no problems opens the
Problems view anyway (it says there are none), `o` on an article without a link of its own says
so, and the command palette offers Problems (and every other action that applies)."""

from __future__ import annotations

from ui_support import record_notes, running, settle

from tui_reader.core.config import Config
from tui_reader.core.library.location import bundled_library
from tui_reader.core.library.model import Article
from tui_reader.ui.keys import APP_BINDINGS, MAIN_BINDINGS
from tui_reader.ui.screens.problems import ProblemsScreen


def article_titled(app, title: str) -> Article:
    return next(a for a in app.main_screen.model.articles.values() if a.title == title)


def palette_titles(app) -> list[str]:
    return [command.title for command in app.get_system_commands(app.main_screen)]


async def test_p_with_no_problems_opens_the_problems_view_saying_so() -> None:
    async with running(bundled_library()) as (app, pilot):
        assert not app.main_screen.snapshot.problems
        await pilot.press("P")
        await settle(pilot)
        assert isinstance(app.screen, ProblemsScreen)
        title = str(app.screen.query_one("#problems-title").render())
        assert "No problems" in title
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is app.main_screen


async def test_o_on_an_article_without_a_link_says_so() -> None:
    async with running(bundled_library()) as (app, pilot):
        notes = record_notes(app)
        app.main_screen.open_article(article_titled(app, "About tui-reader"), None)
        await settle(pilot)
        await pilot.press("o")
        await settle(pilot)
        assert "This article has no link of its own (press L for its links)" in notes


async def test_the_palette_offers_problems_and_every_action_that_applies() -> None:
    async with running(bundled_library()) as (app, pilot):
        app.main_screen.open_article(article_titled(app, "About tui-reader"), None)
        await settle(pilot)
        titles = palette_titles(app)
        assert "Problems" in titles and "Open original" in titles
        screen = app.main_screen
        for binding in MAIN_BINDINGS:
            applies = screen.check_action(binding.action, ()) is True
            assert (binding.description in titles) == applies, binding.description
        for binding in APP_BINDINGS:
            assert binding.description in titles


async def test_o_names_the_links_key_as_mapped() -> None:
    async with running(bundled_library(), Config(keys={"links": "ctrl+l"})) as (app, pilot):
        notes = record_notes(app)
        app.main_screen.open_article(article_titled(app, "About tui-reader"), None)
        await settle(pilot)
        await pilot.press("o")
        await settle(pilot)
        assert "This article has no link of its own (press ^l for its links)" in notes
