"""Saved searches in the river layout's tree show their unread and total counts once their list
is built, and the unread count follows the marks: A on the saved search's list, u, r on a row."""

from __future__ import annotations

from pathlib import Path

from ui_support import open_saved_searches, running, saved_node, settle, until

from tui_reader.core.search.history import SearchHistory
from tui_reader.ui.widgets.article_list import ArticleList

QUERY = "note"


def label_of(app) -> str:  # type: ignore[no-untyped-def]
    node = saved_node(app, QUERY)
    assert node is not None
    sidebar = app.main_screen.sidebar
    return sidebar.entry_labels.label(node.data, None).plain


async def saved_list(pilot) -> ArticleList:  # type: ignore[no-untyped-def]
    app = pilot.app
    sidebar = await open_saved_searches(pilot)
    sidebar.move_cursor(saved_node(app, QUERY))
    article_list = app.main_screen.query_one(ArticleList)
    await until(pilot, lambda: article_list.key == f"saved:{QUERY}", "the saved search's list")
    await settle(pilot)
    await until(pilot, lambda: len(article_list.rows.articles) >= 2, "its rows")
    return article_list


async def test_a_saved_search_counts_its_unread_and_all_its_articles(library: Path) -> None:
    SearchHistory.load().save_search(QUERY, QUERY)
    async with running(library, size=(200, 50), layout="river") as (app, pilot):
        article_list = await saved_list(pilot)
        ids = [a.id for a in article_list.rows.articles]
        assert len(ids) >= 2
        total = len(ids)
        assert label_of(app).endswith(f"({total}/{total})")

        await pilot.press("enter", "A")  # into the list; mark it read
        await until(pilot, lambda: app.screen is not app.main_screen, "the question")
        await pilot.press("enter")
        await until(pilot, lambda: all(app.main_screen.model.is_read(i) for i in ids), "read")
        await settle(pilot)
        assert label_of(app).endswith(f"(0/{total})")

        await pilot.press("u")
        await until(pilot, lambda: not app.main_screen.model.is_read(ids[0]), "undone")
        await settle(pilot)
        assert label_of(app).endswith(f"({total}/{total})")

        await pilot.press("r")  # the row under the cursor
        await settle(pilot)
        assert label_of(app).endswith(f"({total - 1}/{total})")


async def test_a_late_count_of_the_search_keeps_the_lists_unread_count(library: Path) -> None:
    """At start each saved search is counted for its label; a count landing after its list was
    built must not drop the unread count the list gave."""
    from tui_reader.ui.messages import SavedSearchFound

    SearchHistory.load().save_search(QUERY, QUERY)
    async with running(library, size=(200, 50), layout="river") as (app, pilot):
        article_list = await saved_list(pilot)
        total = len(article_list.rows.articles)
        assert label_of(app).endswith(f"({total}/{total})")
        app.main_screen.post_message(SavedSearchFound(QUERY, [], total, ""))
        await settle(pilot)
        assert label_of(app).endswith(f"({total}/{total})")
