"""The river layout of the main screen: the tree of lists, the article list and the article.

Three panes side by side from 160 columns, the list and the article taking turns below that;
the list shown follows the tree's cursor; n, p, . and space read through the list shown; s and
D sort it and cut it into days; A marks the list shown read and u undoes it; enter in the search
bar lists everything the search finds."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual import events
from textual.widgets import Input
from ui_support import make_library, running, settle, until

from tui_reader.core.library.library import Library
from tui_reader.ui.messages import StoriesLoaded
from tui_reader.ui.model.river import DayHeader, Order
from tui_reader.ui.model.tree_data import CategoryNode, SmartNode
from tui_reader.ui.screens.main.screen import MainScreen
from tui_reader.ui.screens.search.screen import SearchScreen
from tui_reader.ui.widgets.article_list import ArticleList
from tui_reader.ui.widgets.reader.reader import Reader
from tui_reader.ui.widgets.sidebar.sidebar import Sidebar

WIDE, NARROW, SMALL = (200, 50), (120, 40), (80, 24)


def river_of(app) -> tuple[MainScreen, ArticleList]:  # type: ignore[no-untyped-def]
    main = app.main_screen
    return main, main.query_one(ArticleList)


def shown(widget) -> bool:  # type: ignore[no-untyped-def]
    return widget.display and widget.region.width > 0


async def listed(pilot, key: str) -> ArticleList:  # type: ignore[no-untyped-def]
    """Wait until the list shown is `key`'s."""
    _main, article_list = river_of(pilot.app)
    await until(pilot, lambda: article_list.key == key, f"the list {key}")
    return article_list


async def to_entry(pilot, match) -> None:  # type: ignore[no-untyped-def]
    """Move the tree's cursor down from the top onto the first entry `match` accepts."""
    sidebar = pilot.app.main_screen.query_one(Sidebar)
    held = pilot.app.held_keys
    sidebar.focus()
    sidebar.cursor_line = 0
    for _ in range(60):
        node = sidebar.cursor_node
        if node is not None and match(node.data):
            return
        await pilot.press("j")
        await until(pilot, lambda: not held.waiting, "the key run")  # it waits for a list
    raise AssertionError("no such entry in the tree")


async def english_list(pilot) -> tuple[MainScreen, ArticleList]:  # type: ignore[no-untyped-def]
    """The category English (its sub-categories' articles too) shown in the list."""
    await to_entry(pilot, is_category("English"))
    await listed(pilot, "category:English")
    return river_of(pilot.app)


def is_category(*path: str):  # type: ignore[no-untyped-def]
    return lambda data: isinstance(data, CategoryNode) and data.category.path == path


@pytest.mark.parametrize("size", [WIDE, (160, 40)])
async def test_three_panes_from_160_columns(library: Path, size: tuple[int, int]) -> None:
    async with running(library, size=size, layout="river") as (app, pilot):
        main, article_list = river_of(app)
        await listed(pilot, "unread:")
        assert shown(main.sidebar) and shown(article_list) and shown(main.reader)
        unread = [a.id for a in main.model.articles.values() if not main.model.is_read(a.id)]
        assert len(article_list.rows.articles) == len(unread) > 0
        await pilot.press("l", "enter")  # into the list, open its first row
        await until(pilot, lambda: main.reader.article is not None, "an article")
        assert main.reader.article == article_list.rows.articles[0]
        assert shown(article_list) and shown(main.reader)  # side by side


@pytest.mark.parametrize("size", [NARROW, SMALL])
async def test_below_160_columns_the_list_and_the_article_take_turns(
    library: Path, size: tuple[int, int]
) -> None:
    async with running(library, size=size, layout="river") as (app, pilot):
        main, article_list = river_of(app)
        await listed(pilot, "unread:")
        assert shown(article_list) and not shown(main.reader)
        await pilot.press("l", "j", "enter")
        await until(pilot, lambda: main.reader.article is not None, "an article")
        await settle(pilot)
        assert shown(main.reader) and not shown(article_list)
        assert main.reader.article == article_list.rows.articles[1]
        await pilot.press("escape")
        await settle(pilot)
        assert shown(article_list) and not shown(main.reader) and article_list.has_focus
        assert article_list.current == main.reader.article  # the cursor stayed on it
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("h")  # h goes back as escape does
        await settle(pilot)
        assert shown(article_list) and article_list.has_focus


async def test_the_pane_being_read_stays_when_the_terminal_narrows(library: Path) -> None:
    async with running(library, size=WIDE, layout="river") as (app, pilot):
        main, article_list = river_of(app)
        await listed(pilot, "unread:")
        await pilot.press("l", "enter")
        await until(pilot, lambda: main.reader.article is not None, "an article")
        await pilot.resize_terminal(*NARROW)
        await settle(pilot)
        assert shown(main.reader) and not shown(article_list)


async def test_the_list_follows_the_tree_cursor(library: Path) -> None:
    async with running(library, size=WIDE, layout="river") as (app, pilot):
        main, article_list = river_of(app)
        await listed(pilot, "unread:")
        await to_entry(pilot, is_category("English"))
        await listed(pilot, "category:English")
        category = main.model.find(("English",))
        assert category is not None
        everything = {a.id for _c, a in main.model._walk(category)}  # sub-categories too
        assert {a.id for a in article_list.rows.articles} == everything
        assert article_list._title == "English"
        await to_entry(pilot, lambda data: isinstance(data, SmartNode) and data.kind == "week")
        await listed(pilot, "week:")
        assert main.sidebar.has_focus  # moving in the tree leaves the focus there
        await pilot.press("enter")  # enter on an entry moves into its list
        await settle(pilot)
        assert article_list.has_focus


async def test_n_and_p_read_through_the_list_shown(library: Path) -> None:
    async with running(library, size=WIDE, layout="river") as (app, pilot):
        main, article_list = await english_list(pilot)
        rows = article_list.rows.articles
        assert len(rows) >= 3
        await pilot.press("enter", "enter")  # into the list, open its first row
        await until(pilot, lambda: main.reader.article == rows[0], "the first row open")
        await pilot.press("n")
        await until(pilot, lambda: main.reader.article == rows[1], "n: the second row")
        assert article_list.current == rows[1]  # the list's cursor follows
        await pilot.press("n", "p")
        await until(pilot, lambda: main.reader.article == rows[1], "n p: the second again")
        await pilot.press("p", "p")
        await settle(pilot)
        assert main.reader.article == rows[0]  # no row before the first: it stays


async def test_next_unread_skips_read_rows_of_the_list(library: Path) -> None:
    async with running(library, size=WIDE, layout="river") as (app, pilot):
        main, article_list = await english_list(pilot)
        rows = article_list.rows.articles
        main.set_read([rows[1].id], True)
        await pilot.press("enter", "enter")
        await until(pilot, lambda: main.reader.article == rows[0], "the first row open")
        await pilot.press("full_stop")
        await until(pilot, lambda: main.reader.article == rows[2], ". skips the read row")


async def test_s_sorts_and_D_cuts_into_days(library: Path) -> None:
    async with running(library, size=WIDE, layout="river") as (app, pilot):
        main, article_list = river_of(app)
        await listed(pilot, "unread:")
        await pilot.press("l")
        newest = list(article_list.rows.articles)
        await pilot.press("s")  # oldest first
        await until(pilot, lambda: article_list.rows.articles != newest, "sorted again")
        assert article_list.rows.order == Order.OLDEST
        shown = list(article_list.rows.articles)
        own = [a for a in shown if a.date is not None and not a.date_from_file]
        assert own == sorted(own, key=lambda a: a.timestamp)
        # the articles without a date of their own last, the newest file first
        rest = shown[len(own) :]
        assert own == shown[: len(own)] and rest
        filed = [a for a in rest if a.date is not None]
        assert filed == sorted(filed, key=lambda a: -a.timestamp)
        await pilot.press("D")
        await until(pilot, lambda: any(isinstance(r, DayHeader) for r in article_list.rows), "days")
        assert article_list.has_focus


async def test_A_marks_the_list_shown_read_and_u_undoes_it(library: Path) -> None:
    async with running(library, size=WIDE, layout="river") as (app, pilot):
        main, article_list = await english_list(pilot)
        ids = [a.id for a in article_list.rows.articles]
        others = [i for i in main.model.articles if i not in ids]
        await pilot.press("l", "A")
        await until(pilot, lambda: app.screen is not main, "the question")
        question = app.screen.question
        assert f"{len(ids)} unread articles of “English”" in question
        await pilot.press("enter")
        await until(pilot, lambda: all(main.model.is_read(i) for i in ids), "marked read")
        assert not any(main.model.is_read(i) for i in others)
        await pilot.press("u")
        await until(pilot, lambda: not any(main.model.is_read(i) for i in ids), "undone")


async def test_enter_in_the_search_bar_lists_everything_found(library: Path) -> None:
    async with running(library, size=NARROW, layout="river") as (app, pilot):
        main, article_list = river_of(app)
        await listed(pilot, "unread:")
        await pilot.press("slash")
        await until(pilot, lambda: isinstance(app.screen, SearchScreen), "the search bar")
        app.screen.query_one(Input).value = "the"
        await settle(pilot)
        await pilot.press("enter")
        found = await listed(pilot, "search:the")
        assert article_list.has_focus and article_list._title == "Search: the"
        assert len(found.rows.articles) > 1
        await pilot.press("G", "enter")
        await until(pilot, lambda: main.reader.article is not None, "the last hit open")
        assert main.reader.article == found.rows.articles[-1]
        assert shown(main.reader) and not shown(article_list)


async def test_the_tree_layout_has_no_list(library: Path) -> None:
    async with running(library, size=WIDE) as (app, _pilot):
        assert not app.main_screen.query(ArticleList)
        assert isinstance(app.main_screen.reader, Reader)


@pytest.fixture
def big_library(tmp_path: Path) -> Path:
    """The fixture library and a category of 10,000 generated articles."""
    root = make_library(tmp_path / "library", samples=False)
    folder = root / "big"
    folder.mkdir()
    for n in range(10_000):
        day = 1 + n % 28
        (folder / f"{n:05}.md").write_text(
            f"---\ntitle: 'Headline number {n}'\ndate: 2023-05-{day:02} 08:{n % 60:02}:00\n"
            f"categories:\n  - Wire\n  - Agency {n % 3}\n---\n<p>Story {n} of the wire.</p>\n",
            encoding="utf-8",
        )
    Library(root).scan(workers=0)  # the index warm, as at every start but the first
    return root


async def test_a_category_of_10k_articles_is_one_list_every_row_reachable(
    big_library: Path,
) -> None:
    async with running(big_library, size=NARROW, layout="river") as (app, pilot):
        main, article_list = river_of(app)
        for _ in range(600):  # the app reads 10k articles from the index
            if len(main.model.articles) > 10_000 and article_list.key:
                break
            await pilot.pause(0.05)
        await to_entry(pilot, is_category("Wire"))
        found = await listed(pilot, "category:Wire")
        assert len(found.rows.articles) == 10_000
        assert found.rows.mixed_sources  # three agencies
        await pilot.press("enter", "G")
        await settle(pilot)
        last = found.rows.articles[-1]
        assert article_list.current == last
        await pilot.press("enter")
        await until(pilot, lambda: main.reader.article == last, "the last of 10,000 open")


async def test_the_list_shows_a_story_once_when_the_stories_come(library: Path) -> None:
    async with running(library, size=WIDE, layout="river") as (app, pilot):
        main, article_list = await english_list(pilot)
        first, second = article_list.rows.articles[:2]
        story = {first.id: (first.id, 2), second.id: (first.id, 2)}  # two copies of one story
        main.post_message(StoriesLoaded(story))
        await until(pilot, lambda: second not in article_list.rows.articles, "folded")
        assert first in article_list.rows.articles


def type_at_once(app, *keys: str) -> None:  # type: ignore[no-untyped-def]
    """Keys as a terminal sends them when typed fast or pasted (tmux, a browser): all queued
    before the first is handled, where `pilot.press` waits for each to be handled."""
    for key in keys:
        app.post_message(events.Key(key, "\r" if key == "enter" else key))


@pytest.mark.parametrize("size", [WIDE, NARROW])
async def test_enter_enter_typed_at_once_opens_the_lists_first_article(
    library: Path, size: tuple[int, int]
) -> None:
    async with running(library, size=size, layout="river") as (app, pilot):
        main, article_list = await english_list(pilot)
        first = article_list.rows.articles[0]
        type_at_once(app, "enter", "enter")
        await until(pilot, lambda: main.reader.article == first, "its first article open")


async def test_j_then_enter_enter_typed_at_once_open_the_next_lists_article(
    library: Path,
) -> None:
    async with running(library, size=WIDE, layout="river") as (app, pilot):
        main, article_list = await english_list(pilot)
        type_at_once(app, "j", "enter", "enter")  # j: onto the entry after English
        await until(pilot, lambda: main.reader.article is not None, "an article open")
        listed = article_list.rows.articles
        assert article_list.key != "category:English" and main.reader.article == listed[0]


async def test_the_footer_asks_whether_b_applies_without_gathering_the_list(
    library: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """b and t apply to a list under the tree's cursor: asked at every repaint of the footer,
    the answer must not cost the list's length (the ids are gathered when b is pressed)."""
    async with running(library, size=WIDE, layout="river") as (app, pilot):
        main, _article_list = await english_list(pilot)
        gathered: list[object] = []
        source = main.river.source
        monkeypatch.setattr(main.river, "source", lambda **kw: gathered.append(kw) or source())
        assert main.check_action("toggle_bookmark", ()) and main.check_action("tag", ())
        assert gathered == []
