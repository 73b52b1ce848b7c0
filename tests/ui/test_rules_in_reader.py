"""Rules of config.toml in the reader: hidden articles leave counts, lists, `.` and search (H and
`is:hidden` show them), highlighted ones stand out, acting rules mark articles that arrive while
the reader runs (once, never over the user's later change), and the Rules view (F)."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import OptionList, Static
from ui_support import (
    article,
    make_app,
    record_notes,
    running,
    settle,
    type_search,
    until,
    write,
)

from tui_reader.core.config import Config, RuleEntry
from tui_reader.ui.app import ReaderApp
from tui_reader.ui.model.tree_data import ArticleNode
from tui_reader.ui.screens.main.screen import MainScreen
from tui_reader.ui.screens.rules import RulesScreen

pytestmark = pytest.mark.library(samples=False)

NOTES = ("English", "Notes")


def config(*rules: tuple[str, str]) -> Config:
    return Config(rules=[RuleEntry(query, action) for query, action in rules])


async def evaluated(pilot, app: ReaderApp) -> None:  # type: ignore[no-untyped-def]
    """Wait for the rules to have run after the index update, and the tree rebuilt after."""
    await until(pilot, lambda: app.rule_state.evaluated, "the rules evaluated")
    await settle(pilot)


def post(library: Path, name: str, title: str, day: int) -> None:
    date = f"2024-02-{day:02d} 09:00:00 +0000"
    write(library / f"english/{name}.md", article(title, date, " - English\n - Notes", "<p>.</p>"))


def titles_in(app: ReaderApp, path: tuple[str, ...]) -> list[str]:
    category = app.main_screen.model.find(path)
    assert category is not None
    return [a.title for a in category.articles]


async def test_hidden_articles_leave_counts_lists_next_unread_and_search(library: Path) -> None:
    async with running(library, config(("third", "hide"))) as (app, pilot):
        await evaluated(pilot, app)
        main = app.main_screen
        assert "Third short note" not in titles_in(app, NOTES)
        notes = main.model.find(NOTES)
        assert notes is not None and (notes.total, notes.unread) == (3, 3)  # 4 without the rule
        assert main.model.total == 4  # of the 5 crafted articles
        hidden = next(iter(app.rule_state.hidden))
        # `.` never goes to it: with everything else read, there is nothing unread left
        assert main.state is not None
        main.set_read([a for a in main.model.articles if a != hidden], True)
        await settle(pilot)
        notes_seen = record_notes(app)
        await pilot.press("full_stop")
        await settle(pilot)
        assert "No unread articles left." in notes_seen
        assert main.reader.article is None
        # search leaves it out; is:hidden finds it alone
        screen = await type_search(pilot, "third")
        assert screen.query_one(OptionList).option_count == 0
        await pilot.press("escape")
        await settle(pilot)
        screen = await type_search(pilot, "is:hidden")
        options = screen.query_one(OptionList)
        assert [options.get_option_at_index(i).id for i in range(options.option_count)] == [hidden]
        await pilot.press("escape")
        await settle(pilot)
        # H shows them again: in the tree, its counts and search
        await pilot.press("H")
        await settle(pilot)
        assert "Third short note" in titles_in(app, NOTES)
        assert main.model.find(NOTES).total == 4  # type: ignore[union-attr]
        screen = await type_search(pilot, "third")
        assert screen.query_one(OptionList).option_count == 1
        await pilot.press("escape")
        await settle(pilot)
        screen = await type_search(pilot, "is:hidden")  # still the hidden ones, and only them
        options = screen.query_one(OptionList)
        assert [options.get_option_at_index(i).id for i in range(options.option_count)] == [hidden]
        await pilot.press("escape")
        await pilot.press("H")
        await settle(pilot)
        assert "Third short note" not in titles_in(app, NOTES)


async def test_the_tags_entry_leaves_hidden_articles_out(library: Path) -> None:
    async with running(library, config(("third", "hide"))) as (app, pilot):
        await evaluated(pilot, app)
        main = app.main_screen
        assert main.state is not None
        ids = {a.title: a.id for a in main.model.articles.values()}
        (hidden,) = app.rule_state.hidden
        main.state.set_tags([hidden, ids["First short note"]], "mine", True)
        main.show_tree()
        assert main.sidebar.content.tags == {"mine": {ids["First short note"]}}
        await pilot.press("H")
        await settle(pilot)
        assert main.sidebar.content.tags == {"mine": {hidden, ids["First short note"]}}


async def test_a_rescan_keeps_hidden_articles_out(library: Path) -> None:
    async with running(library, config(("author:Newsbot", "hide"))) as (app, pilot):
        await evaluated(pilot, app)
        text = article("Bot post", "2024-02-05 09:00:00 +0000", " - English\n - Notes", "<p>x</p>")
        write(library / "english/bot.md", text.replace("author: Tester", "author: Newsbot"))
        app.rule_state.evaluated = False
        await pilot.press("R")
        await evaluated(pilot, app)
        assert "Bot post" not in titles_in(app, NOTES)
        assert app.main_screen.model.find(NOTES).total == 4  # type: ignore[union-attr]


async def test_highlighted_articles_stand_out_in_the_tree_and_in_search(library: Path) -> None:
    async with running(library, config(('"first short"', "highlight"))) as (app, pilot):
        await evaluated(pilot, app)
        main = app.main_screen
        notes = main.model.find(NOTES)
        labels = {
            a.title: main.sidebar.entry_labels.label(ArticleNode(a, notes), None)
            for a in notes.articles  # type: ignore[union-attr]
        }
        assert any(span.style.underline for span in labels["First short note"].spans)  # type: ignore[union-attr]
        assert not any(span.style.underline for span in labels["Second short note"].spans)  # type: ignore[union-attr]
        screen = await type_search(pilot, "short")
        options = screen.query_one(OptionList)
        prompts = {
            option.id: str(option.prompt)
            for option in (options.get_option_at_index(i) for i in range(options.option_count))
        }
        (lit_id,) = app.rule_state.highlighted
        assert prompts[lit_id].startswith("◆ First short note")
        assert sum(prompt.startswith("◆") for prompt in prompts.values()) == 1


async def test_an_acting_rule_marks_arrivals_once_and_the_user_wins(library: Path) -> None:
    rules = config(("author:Newsbot", "mark-read"), ("author:Newsbot", "tag:bot"))
    async with running(library, rules) as (app, pilot):
        await evaluated(pilot, app)
        main = app.main_screen
        state = main.state
        assert state is not None
        assert not state.read_ids()  # the articles there when the rule was first seen: untouched
        text = article("Bot post", "2024-02-05 09:00:00 +0000", " - English\n - Notes", "<p>x</p>")
        write(library / "english/bot.md", text.replace("author: Tester", "author: Newsbot"))
        post(library, "human", "Human post", 6)
        notes = record_notes(app)
        app.rule_state.evaluated = False
        await pilot.press("R")
        await evaluated(pilot, app)
        ids = {a.title: a.id for a in main.model.articles.values()}
        assert state.is_read(ids["Bot post"]) and not state.is_read(ids["Human post"])
        assert state.tags_of(ids["Bot post"]) == ("bot",)
        assert main.model.is_read(ids["Bot post"])  # the tree's marks follow
        assert main.model.find(NOTES).unread == 5  # type: ignore[union-attr]
        assert any(note.startswith("Rules: mark-read 1 article") for note in notes)
        # the user marks it unread; the next rescans leave it so
        main.set_read([ids["Bot post"]], False)
        post(library, "later", "Later", 7)
        app.rule_state.evaluated = False
        await pilot.press("R")
        await evaluated(pilot, app)
        assert not state.is_read(ids["Bot post"])


async def test_the_rules_view_lists_matches_and_broken_rules(library: Path) -> None:
    rules = config(("third", "hide"), ('"unclosed', "highlight"), ("x", "explode"))
    async with running(library, rules) as (app, pilot):
        await evaluated(pilot, app)
        await pilot.press("F")
        await settle(pilot)
        assert isinstance(app.screen, RulesScreen)
        texts = [str(static.render()) for static in app.screen.query(".rule").results(Static)]
        assert texts[0].startswith("hide  third") and "matches 1 article" in texts[0]
        assert "Third short note" in texts[0]
        assert 'broken: query: missing closing quote "' in texts[1]
        assert "broken: unknown action 'explode'" in texts[2]
        await pilot.press("escape")
        assert isinstance(app.screen, MainScreen)


async def test_a_broken_rule_is_said_when_the_reader_starts(library: Path) -> None:
    app = make_app(library, config(('"unclosed', "hide")))
    notes = record_notes(app)
    async with app.run_test() as pilot:
        await evaluated(pilot, app)
    assert any(n.startswith('Rule not used (hide "unclosed): query: missing') for n in notes)


async def test_a_hide_rule_on_the_reading_state_follows_the_marks(library: Path) -> None:
    """`is:bookmarked` hides what the user bookmarks, once the marks' burst is over."""
    async with running(library, config(("is:bookmarked cat:notes", "hide"))) as (app, pilot):
        await evaluated(pilot, app)
        main = app.main_screen
        assert main.model.find(NOTES).total == 4  # type: ignore[union-attr]
        second = next(a for a in main.model.articles.values() if a.title == "Second short note")
        assert main.state is not None
        main.state.set_bookmark(second, True)
        app.rule_state.evaluated = False
        main.saved_runs.state_changed()
        await pilot.pause(0.8)  # the burst's delay (SAVED_RERUN_DELAY)
        await evaluated(pilot, app)
        assert "Second short note" not in titles_in(app, NOTES)
        assert main.model.find(NOTES).total == 3  # type: ignore[union-attr]
