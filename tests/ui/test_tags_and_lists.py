"""Personal tags in the reader (`t`, the Tags entry, the marker in lists, the line above the
title) and acting on whole lists: `A`, `b` and `t` on a saved search, a category or a tag act
on all of its articles after confirming, and `u` takes the whole change back."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Static
from ui_support import running, saved_and_open, settle, type_search, until

from tui_reader.core.library.model import Article
from tui_reader.core.search.index import SearchIndex
from tui_reader.core.search.snippet import Snippet
from tui_reader.core.state.store import StateStore
from tui_reader.ui.messages import StateRefreshed
from tui_reader.ui.model.tree_data import ArticleNode, CategoryNode, TagNode, TagsNode
from tui_reader.ui.screens.confirm import ConfirmScreen
from tui_reader.ui.screens.search.results import Found, result_prompt
from tui_reader.ui.screens.tag_input import TagScreen, parse_tag_edit

SIZE = (120, 40)
QUERY = "cat:新媒体"  # some of the samples


def matching(library: Path, query: str) -> set[str]:
    index = SearchIndex.for_library(library)
    try:
        return {hit.article.id for hit in index.search(query, limit=None).hits}
    finally:
        index.close()


async def confirm(pilot, app) -> str:  # type: ignore[no-untyped-def]
    """Wait for the confirmation, say yes (the change is its default button); its question."""
    await until(pilot, lambda: isinstance(app.screen, ConfirmScreen), "the confirmation")
    question = app.screen.question
    await pilot.press("enter")
    await settle(pilot)
    return question


async def tag_dialog(pilot, app) -> None:  # type: ignore[no-untyped-def]
    """Press t and wait for the tag dialog."""
    await pilot.press("t")
    await until(pilot, lambda: isinstance(app.screen, TagScreen), "the tag dialog")


async def test_A_on_a_saved_search_marks_its_articles_read_and_u_undoes_it(
    library: Path,
) -> None:
    async with running(library, size=SIZE) as (app, pilot):
        (node,) = await saved_and_open(pilot, QUERY)
        main = app.main_screen
        main.sidebar.move_to(node)
        expected = matching(library, QUERY)
        assert 0 < len(expected) < len(main.model.articles)
        await pilot.press("A")
        question = await confirm(pilot, app)
        assert f"{len(expected)} unread articles of “{QUERY}”" in question
        assert main.state.read_ids() == expected  # the search's, not the whole library
        assert main.model.unread == len(main.model.articles) - len(expected)
        await pilot.press("u")
        await settle(pilot)
        assert main.state.read_ids() == set()
        assert main.model.unread == len(main.model.articles)
        # on an article the saved search found, A acts on the search too
        main.sidebar.move_to(node.children[0])
        await pilot.press("A")
        await confirm(pilot, app)
        assert main.state.read_ids() == expected


async def test_t_tags_an_article_and_the_tree_shows_it(library: Path) -> None:
    async with running(library, size=SIZE) as (app, pilot):
        main = app.main_screen
        sidebar = main.sidebar
        for _ in range(60):  # down to the first article in the tree
            if isinstance(sidebar.cursor_node.data, ArticleNode):
                break
            await pilot.press("l" if isinstance(sidebar.cursor_node.data, CategoryNode) else "j")
        article = sidebar.cursor_node.data.article
        await tag_dialog(pilot, app)
        await pilot.press(*"Later", "space", *"x")
        await pilot.press("enter")
        await settle(pilot)
        assert main.state.tags_of(article.id) == ("later", "x")
        assert "#later #x" in str(sidebar.entry_labels.label(sidebar.cursor_node.data, None))
        tags = sidebar.tags.node
        assert tags is not None and isinstance(tags.data, TagsNode) and tags.data.count == 2
        sidebar.expand_node(tags)
        later = next(c for c in tags.children if c.data.name == "later")
        assert isinstance(later.data, TagNode) and (later.data.unread, later.data.total) == (1, 1)
        sidebar.expand_node(later)
        assert [c.data.article.id for c in later.children] == [article.id]
        # opened, its tags stand above the title; reading it changes the tag's unread count
        sidebar.move_to(later.children[0])
        await pilot.press("enter")
        await settle(pilot)
        shown = main.reader.query_one("#article-user-tags")
        assert shown.display and "#later #x" in str(shown.render())
        main.set_read([article.id], True)
        assert (later.data.unread, later.data.total) == (0, 1)
        # -later removes it; the completion offers the tags in use
        sidebar.focus()
        sidebar.move_to(later.children[0])
        await tag_dialog(pilot, app)
        assert await app.screen.query_one("#tag-input").suggester.get_suggestion("-la") == "-later"
        await pilot.press("minus", *"later", "enter")
        await settle(pilot)
        assert main.state.tags_of(article.id) == ("x",)
        assert [c.data.name for c in sidebar.tags.node.children] == ["x"]


async def test_b_and_t_on_a_category_act_on_all_its_articles(library: Path) -> None:
    async with running(library, size=SIZE) as (app, pilot):
        main = app.main_screen
        sidebar = main.sidebar
        node = next(c for c in sidebar.root.children if isinstance(c.data, CategoryNode)
                    and len(main.model.unread_in(c.data.category)) > 1)  # fmt: skip
        category = node.data.category
        ids = set(main.model.unread_in(category))
        sidebar.move_to(node)
        await pilot.press("b")
        question = await confirm(pilot, app)
        assert f"{len(ids)} articles of “{category.label}”" in question
        assert {b.id for b in main.state.bookmarks()} == ids
        await tag_dialog(pilot, app)
        await pilot.press(*"batch", "enter")
        await confirm(pilot, app)
        assert main.state.tagged("batch") == ids
        await tag_dialog(pilot, app)  # the list's articles have a tag now: not "No tags yet"
        said = str(app.screen.query_one("#tag-current", Static).render())
        assert said == "Tags in use: batch"
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("u")  # the tags, then the bookmarks
        await settle(pilot)
        assert main.state.tagged("batch") == set() and sidebar.tags.node is None
        await pilot.press("u")
        await settle(pilot)
        assert main.state.bookmarks() == [] and sidebar.bookmarks_node is None


def test_a_tag_edit_is_read_from_words() -> None:
    edit = parse_tag_edit("Later, -old  芯片 -later")
    assert (edit.add, edit.remove, edit.refused) == (("芯片",), ("old", "later"), [])
    assert parse_tag_edit("a(b ok").refused and parse_tag_edit("  ").add == ()
    edit = parse_tag_edit("#later -#old")  # the tags as lists show them
    assert (edit.add, edit.remove, edit.refused) == (("later",), ("old",), [])


async def test_A_b_and_t_in_search_results_act_on_everything_found(library: Path) -> None:
    async with running(library, size=SIZE) as (app, pilot):
        main = app.main_screen
        screen = await type_search(pilot, "北约 tAb")  # typed in the bar, the keys are text
        assert screen.query_one("#search-input").value == "北约 tAb"
        for _ in range(4):
            await pilot.press("backspace")
        await until(pilot, lambda: screen.query_text == "北约", "the search")
        expected = matching(library, "北约")
        assert len(expected) == 2
        await pilot.press("down")  # to the results
        await pilot.press("A")
        assert "2 unread articles of “北约”" in await confirm(pilot, app)
        assert main.state.read_ids() == expected
        await pilot.press("b")
        await confirm(pilot, app)
        assert {b.id for b in main.state.bookmarks()} == expected
        await pilot.press("t")
        await until(pilot, lambda: isinstance(app.screen, TagScreen), "the tag dialog")
        await pilot.press(*"nato", "enter")
        await confirm(pilot, app)
        assert main.state.tagged("nato") == expected
        assert app.screen is screen  # back in the results


async def test_the_cursor_stays_on_a_tagged_article_when_the_tags_change(library: Path) -> None:
    async with running(library, size=SIZE) as (app, pilot):
        main = app.main_screen
        sidebar = main.sidebar
        first, second = list(main.model.articles)[:2]
        main.state.set_tags([first, second], "x", True)
        main.marks_changed([first, second])
        sidebar.expand_node(sidebar.tags.node)
        (x,) = sidebar.tags.node.children
        sidebar.expand_node(x)
        sidebar.move_to(x.children[1])
        on = sidebar.cursor_node.data.article.id
        await tag_dialog(pilot, app)
        await pilot.press(*"new", "enter")
        await settle(pilot)
        assert main.state.tags_of(on) == ("new", "x")
        assert [c.data.name for c in sidebar.tags.node.children] == ["new", "x"]
        assert isinstance(sidebar.cursor_node.data, ArticleNode)
        assert sidebar.cursor_node.data.article.id == on
        assert sidebar.cursor_node.parent.data.name == "x"


def test_a_search_result_shows_its_personal_tags() -> None:
    article = Article(id="a", path="a.md", title="A title")
    plain = result_prompt(Found(article, Snippet("text", (), 0)), []).plain
    tagged = result_prompt(Found(article, Snippet("text", (), 0), tags=("later", "芯片")), [])
    assert "#" not in plain and tagged.plain.splitlines()[0] == "A title #later #芯片"


async def test_tags_from_another_process_show_once_merged(library: Path) -> None:
    async with running(library, size=SIZE) as (app, pilot):
        main = app.main_screen
        sidebar = main.sidebar
        article = next(iter(main.model.articles.values()))
        main.open_article(article, None)
        await settle(pilot)
        other = StateStore.open(main.state.state_dir)  # another process, or a synced device
        other.set_tags([article.id], "synced", True)
        other.close()
        assert main.state.refresh()
        main.post_message(StateRefreshed(main.state.read_ids()))
        await settle(pilot)
        sidebar.expand_node(sidebar.tags.node)
        assert [c.data.name for c in sidebar.tags.node.children] == ["synced"]
        assert "#synced" in str(main.reader.query_one("#article-user-tags").render())
