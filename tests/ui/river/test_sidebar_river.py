"""The sidebar in the river layout: a tree of lists, no article in it. The smart lists come
first with their counts, categories open to their sub-categories only, Bookmarks, saved searches
and tags are lists, and moving onto an entry (or enter on it) posts `ListChosen`."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from rich.style import Style
from textual.app import App, ComposeResult
from ui_support import running, settle

from tui_reader.core.library.model import Article
from tui_reader.core.state.api import Bookmark
from tui_reader.ui.model.category_tree import CategoryTree, tree_from_counts
from tui_reader.ui.model.smart_lists import ListSpec, SmartCounts
from tui_reader.ui.model.tree_data import (
    ArticleNode,
    BookmarkNode,
    BookmarksNode,
    CategoryNode,
    FoundNode,
    NoteNode,
    SavedSearchesNode,
    SavedSearchNode,
    SmartNode,
    TagNode,
    TagsNode,
)
from tui_reader.ui.widgets.sidebar.saved import SavedSearchOpened
from tui_reader.ui.widgets.sidebar.sidebar import Node, Sidebar, SidebarContent

NOW = datetime(2024, 6, 15, 12, 0, tzinfo=UTC)


def make(id: str, age: timedelta | None, *paths: tuple[str, ...]) -> Article:
    moment = None if age is None else NOW - age
    return Article(id=id, path=f"{id}.md", title=f"Title {id}", categories=paths, date=moment)


ARTICLES = [  # newest first
    make("a", timedelta(hours=1), ("News", "World"), ("Tech",)),  # filed in two categories
    make("b", timedelta(hours=2), ("News", "World")),
    make("c", timedelta(days=3), ("Tech",)),
    make("d", timedelta(days=10), ("News",)),
    make("e", None, ("News",)),  # undated
]


def content(read: set[str] | None = None) -> SidebarContent:
    model = CategoryTree(ARTICLES, read if read is not None else {"b"})
    bookmark = Bookmark("c", "Title c", "c.md", "2024-06-12", 0.0)
    return SidebarContent(model, [bookmark], saved=["title"], tags={"later": {"a", "d"}})


class RiverApp(App[None]):
    def __init__(self, shown: SidebarContent) -> None:
        super().__init__()
        self.shown = shown
        self.chosen: list[tuple[ListSpec, bool]] = []
        self.searches: list[str] = []

    def compose(self) -> ComposeResult:
        yield Sidebar(id="sidebar")

    def on_mount(self) -> None:
        sidebar = self.query_one(Sidebar)
        sidebar.river = True
        sidebar.smart_counts = SmartCounts(lambda: NOW)
        sidebar.show(self.shown)
        sidebar.focus()

    def on_sidebar_list_chosen(self, message: Sidebar.ListChosen) -> None:
        self.chosen.append((message.spec, message.focus_list))

    def on_saved_search_opened(self, message: SavedSearchOpened) -> None:
        self.searches.append(message.query)


def label(sidebar: Sidebar, node: Node) -> str:
    return sidebar.render_label(node, Style(), Style()).plain


def painted(sidebar: Sidebar) -> str:
    """The sidebar's lines as painted now."""
    return "\n".join(sidebar.render_line(y).text for y in range(sidebar.size.height))


def every_node(node: Node) -> list[Node]:
    found = []
    for child in node.children:
        found.append(child)
        found.extend(every_node(child))
    return found


def entry(sidebar: Sidebar, kind: type) -> Node:
    return next(n for n in every_node(sidebar.root) if isinstance(n.data, kind))


async def expand_everything(pilot, sidebar: Sidebar) -> None:  # type: ignore[no-untyped-def]
    for _ in range(5):  # deeper levels appear as their parents open
        for node in every_node(sidebar.root):
            if node.allow_expand and not node.is_expanded:
                sidebar.expand_node(node)
        await pilot.pause()


async def test_smart_lists_come_first_with_their_counts() -> None:
    app = RiverApp(content())
    async with app.run_test(size=(60, 24)) as pilot:
        await pilot.pause()
        sidebar = app.query_one(Sidebar)
        kinds = [type(n.data).__name__ for n in sidebar.root.children]
        assert kinds[:6] == ["SmartNode", "SmartNode", "SmartNode", "BookmarksNode",
                             "SavedSearchesNode", "TagsNode"]  # fmt: skip
        smart = sidebar.root.children[:3]
        # a (two categories) is counted once; e has no date: in All unread only
        assert [label(sidebar, n) for n in smart] == [
            "● All unread (4/5)", "◷ Today (1/2)", "◷ Last 7 days (2/3)",
        ]  # fmt: skip
        assert "All unread (4/5)" in painted(sidebar)
        sidebar.content.model.set_read(["a"], True)
        sidebar.update_marks(["a"], ())
        await pilot.pause()
        assert [label(sidebar, n) for n in smart] == [
            "● All unread (3/5)", "◷ Today (0/2)", "◷ Last 7 days (1/3)",
        ]  # fmt: skip
        shown = painted(sidebar)
        assert "All unread (3/5)" in shown and "Today (0/2)" in shown


async def test_before_the_articles_come_the_dated_lists_say_their_counts_are_to_come() -> None:
    counted = [(ARTICLES[0].categories, 1, 0), ((("News",),), 3, 1)]  # paths, total, read
    shown = SidebarContent(tree_from_counts(counted))
    app = RiverApp(shown)
    async with app.run_test(size=(60, 24)) as pilot:
        await pilot.pause()
        sidebar = app.query_one(Sidebar)
        assert [label(sidebar, n) for n in sidebar.root.children[:3]] == [
            "● All unread (3/4)", "◷ Today (…)", "◷ Last 7 days (…)",
        ]  # fmt: skip
        sidebar.show(content())  # the articles came
        await pilot.pause()
        assert label(sidebar, sidebar.root.children[1]) == "◷ Today (1/2)"


async def test_at_midnight_today_counts_again() -> None:
    app = RiverApp(content())
    almost = NOW.replace(hour=23, minute=59, second=59)
    started = 0.0

    def clock() -> datetime:  # a second to midnight when the counts start, then as time goes
        return almost + timedelta(seconds=time.monotonic() - started)

    async with app.run_test(size=(60, 24)) as pilot:
        sidebar = app.query_one(Sidebar)
        started = time.monotonic()
        sidebar.smart_counts = SmartCounts(clock)
        sidebar.show(sidebar.content)
        await pilot.pause()
        today = sidebar.root.children[1]
        if clock().date() == NOW.date():  # a loaded machine may take the whole second
            assert "Today (1/2)" in painted(sidebar)
        for _ in range(50):  # midnight, then the repaint it schedules
            await pilot.pause(0.1)
            if "Today (0/0)" in painted(sidebar):
                break
        assert clock().date() > NOW.date()
        assert "Today (0/0)" in painted(sidebar)  # repainted, nothing else touched
        assert label(sidebar, today) == "◷ Today (0/0)"


async def test_no_article_is_a_leaf_and_categories_open_to_subcategories_only() -> None:
    app = RiverApp(content())
    async with app.run_test(size=(60, 24)) as pilot:
        await pilot.pause()
        sidebar = app.query_one(Sidebar)
        await expand_everything(pilot, sidebar)
        nodes = every_node(sidebar.root)
        article_kinds = (ArticleNode, BookmarkNode, FoundNode, NoteNode)
        assert not [n for n in nodes if isinstance(n.data, article_kinds)]
        news = sidebar.category_nodes[("News",)]
        assert [c.data.category.path for c in news.children] == [("News", "World")]
        world = news.children[0]
        assert not world.allow_expand  # no sub-category: a leaf, no expand icon
        assert label(sidebar, world) == "World (1/2)"
        assert not entry(sidebar, BookmarksNode).allow_expand
        saved = entry(sidebar, SavedSearchesNode)
        assert saved.is_expanded
        assert [(type(c.data), c.allow_expand) for c in saved.children] == [
            (SavedSearchNode, False)
        ]
        tags = entry(sidebar, TagsNode)
        assert [(type(c.data), c.allow_expand) for c in tags.children] == [(TagNode, False)]
        assert label(sidebar, tags.children[0]) == "# later (2/2)"
        await settle(pilot)
        assert app.searches == []  # the main screen runs a saved search in the river layout


async def test_moving_onto_an_entry_and_enter_post_the_list() -> None:
    app = RiverApp(content())
    async with app.run_test(size=(60, 24)) as pilot:
        await pilot.pause()
        assert app.chosen == [(ListSpec("unread", "", "All unread"), False)]  # the first entry
        await pilot.press("down")
        await pilot.pause()
        assert app.chosen[-1] == (ListSpec("today", "", "Today"), False)
        await pilot.press("enter")
        await pilot.pause()
        assert app.chosen[-1] == (ListSpec("today", "", "Today"), True)
        await pilot.press("down", "down")
        await pilot.pause()
        assert app.chosen[-2:] == [
            (ListSpec("week", "", "Last 7 days"), False), (ListSpec.bookmarks(), False),
        ]  # fmt: skip
        sidebar = app.query_one(Sidebar)
        sidebar.move_to(sidebar.category_nodes[("News",)])
        await pilot.pause()
        news = ListSpec("category", "News", "News", ("News",))
        assert app.chosen[-1] == (news, False)
        await pilot.press("enter")
        await pilot.pause()
        assert app.chosen[-1] == (news, True)
        assert not sidebar.category_nodes[("News",)].is_expanded  # enter shows the list only
        before = len(app.chosen)
        sidebar.show(sidebar.content)  # a new scan: the cursor stays, nothing is posted again
        await pilot.pause()
        assert len(app.chosen) == before and sidebar.cursor_spec == news


async def test_a_burst_of_moves_posts_the_list_the_cursor_stops_on() -> None:
    app = RiverApp(content())
    async with app.run_test(size=(60, 24)) as pilot:
        await pilot.pause()
        sidebar = app.query_one(Sidebar)
        before = len(app.chosen)
        for _ in range(3):  # as a key held down: moves faster than the screen handles them
            sidebar.action_cursor_down()
        sidebar.action_select_cursor()  # enter on Bookmarks: never dropped
        sidebar.action_cursor_up()
        await pilot.pause()
        posted = app.chosen[before:]
        assert posted == [(ListSpec.bookmarks(), True), (ListSpec.smart("week"), False)]


async def test_a_click_on_the_icon_opens_a_category_and_on_its_name_shows_its_list() -> None:
    app = RiverApp(content())
    async with app.run_test(size=(60, 24)) as pilot:
        await pilot.pause()
        sidebar = app.query_one(Sidebar)
        news = sidebar.category_nodes[("News",)]
        line = news.line
        await pilot.click(Sidebar, offset=(0, line))  # the ▶ before its name
        await pilot.pause()
        assert news.is_expanded
        assert app.chosen == [(ListSpec.smart("unread"), False)]  # the cursor stays
        await pilot.click(Sidebar, offset=(0, line))
        await pilot.pause()
        assert not news.is_expanded
        await pilot.click(Sidebar, offset=(5, line))  # its name: as enter
        await pilot.pause()
        assert not news.is_expanded
        assert app.chosen[-1] == (ListSpec.category(news.data.category), True)


async def test_saved_searches_and_tags_are_lists_with_their_totals() -> None:
    app = RiverApp(content())
    async with app.run_test(size=(60, 24)) as pilot:
        await pilot.pause()
        sidebar = app.query_one(Sidebar)
        saved = entry(sidebar, SavedSearchesNode)
        sidebar.move_to(saved)
        await pilot.press("enter")  # opens: no list of its own
        await pilot.pause()
        assert saved.is_expanded
        await pilot.press("down")
        await pilot.pause()
        assert app.chosen[-1] == (ListSpec("saved", "title", "Saved search: title"), False)
        query = saved.children[0]
        assert label(sidebar, query) == "⌕ title"
        sidebar.saved_searches.set_total("title", 1234)
        assert label(sidebar, query) == "⌕ title (1,234)"
        sidebar.saved_searches.set_total("not saved", 3)  # no such entry: nothing changes
        await pilot.press("enter")
        await pilot.pause()
        assert app.chosen[-1] == (ListSpec.saved("title"), True)
        assert app.searches == [] and not query.children
        tags = entry(sidebar, TagsNode)
        sidebar.expand_node(tags)
        sidebar.move_to(tags.children[0])
        await pilot.pause()
        assert app.chosen[-1] == (ListSpec("tag", "later", "#later"), False)
        sidebar.show(sidebar.content)  # the cursor stays on the tag
        await pilot.pause()
        assert sidebar.cursor_spec == ListSpec.tag("later")
        assert app.chosen[-1] == (ListSpec.tag("later"), False)


async def test_bookmarks_added_later_come_after_the_smart_lists() -> None:
    shown = content()
    shown.bookmarks = []
    app = RiverApp(shown)
    async with app.run_test(size=(60, 24)) as pilot:
        await pilot.pause()
        sidebar = app.query_one(Sidebar)
        assert not any(isinstance(n.data, BookmarksNode) for n in sidebar.root.children)
        sidebar.set_bookmarks([Bookmark("a", "Title a", "a.md", "", 0.0)])
        await pilot.pause()
        kinds = [type(n.data) for n in sidebar.root.children[:5]]
        assert kinds == [SmartNode, SmartNode, SmartNode, BookmarksNode, SavedSearchesNode]
        bookmarks = sidebar.root.children[3]
        assert not bookmarks.allow_expand and label(sidebar, bookmarks) == "★ Bookmarks (1)"


@pytest.mark.library(samples=False)
async def test_the_readers_sidebar_in_the_river_layout(library: Path) -> None:
    async with running(library) as (app, pilot):
        sidebar = app.main_screen.sidebar
        posted: list[Sidebar.ListChosen] = []
        post = sidebar.post_message

        def recording(message):  # type: ignore[no-untyped-def]
            if isinstance(message, Sidebar.ListChosen):
                posted.append(message)
            return post(message)

        sidebar.post_message = recording  # type: ignore[method-assign]
        sidebar.river = True
        sidebar.show(sidebar.content)
        await settle(pilot)
        model = app.main_screen.model
        assert [n.data.kind for n in sidebar.root.children[:3]] == ["unread", "today", "week"]
        story = model.story_of.get
        stories = {story(i, i) for i in model.articles}
        unread = {story(i, i) for i in model.articles if i not in model.read}
        assert label(sidebar, sidebar.root.children[0]) == (
            f"● All unread ({len(unread)}/{len(stories)})"
        )
        await expand_everything(pilot, sidebar)
        assert not [n for n in every_node(sidebar.root) if isinstance(n.data, ArticleNode)]
        english = sidebar.category_nodes[("English",)]
        sidebar.move_to(english)
        await pilot.pause()
        assert posted[-1].spec.path == ("English",) and not posted[-1].focus_list
        assert isinstance(english.data, CategoryNode)
