"""Reading through a saved search: `n`, `p`, `.` and space step through the list the article
was opened from, and an `is:unread` search keeps the articles just read listed
until they are left (newsboat keeps read articles in a list while you read through it)."""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot
from ui_support import (
    SIZE,
    found_ids,
    make_app,
    rerun_settled,
    saved_and_open,
    saved_node,
    settle,
)

from tui_reader.ui.model.tree_data import ArticleNode, CategoryNode, FoundNode
from tui_reader.ui.widgets.sidebar.leaves import walk

QUERY = "cat:新媒体 is:unread"  # unread articles of one feed


async def _open_from_saved(pilot: Pilot[object], row: int = 0) -> list[str]:
    """Save QUERY, open it in the tree, and open its article at `row`; the articles it lists."""
    await settle(pilot)
    (node,) = await saved_and_open(pilot, QUERY)
    ids = found_ids(node)
    pilot.app.main_screen.sidebar.move_cursor(node.children[row % len(ids)])  # type: ignore[attr-defined]
    await pilot.press("enter")
    await settle(pilot)
    return ids


def _cursor_id(app) -> str | None:  # type: ignore[no-untyped-def]
    data = app.main_screen.sidebar.cursor_node.data
    return data.article.id if isinstance(data, FoundNode) else None


async def test_n_p_and_full_stop_step_through_a_saved_unread_search(
    library: Path, runs: list[str]
) -> None:
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        ids = await _open_from_saved(pilot)
        assert len(ids) >= 4
        main = app.main_screen
        await rerun_settled(pilot)  # the first is read now: the list stays as it was
        node = saved_node(app, QUERY)
        assert found_ids(node) == ids and node.data.total == len(ids)
        assert main.reader.article.id == ids[0]

        await pilot.press("n")
        await settle(pilot)
        assert main.reader.article.id == ids[1]  # the search's next, not the category's
        assert _cursor_id(app) == ids[1]  # and the cursor follows it down the list
        await rerun_settled(pilot)
        await pilot.press("p")
        await settle(pilot)
        assert main.reader.article.id == ids[0]
        await pilot.press("full_stop")  # ids[1] was read when opened: the next unread
        await settle(pilot)
        assert main.reader.article.id == ids[2]
        main.reader.focus()
        for _ in range(40):  # space pages down, then opens the next
            await pilot.press("space")
            await settle(pilot, rounds=1)
            if main.reader.article.id != ids[2]:
                break
        assert main.reader.article.id == ids[3]
        assert found_ids(saved_node(app, QUERY)) == ids


async def test_the_list_runs_again_once_its_articles_are_left(
    library: Path, runs: list[str]
) -> None:
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        ids = await _open_from_saved(pilot)
        main = app.main_screen
        sidebar = main.sidebar
        await pilot.press("n")
        await settle(pilot)
        await rerun_settled(pilot)
        assert found_ids(saved_node(app, QUERY)) == ids
        runs.clear()
        # an article of the category tree: the search's articles are left
        top = next(n for n in sidebar.root.children if isinstance(n.data, CategoryNode))
        sidebar.move_cursor(top)
        await pilot.press("l")
        await pilot.pause()
        leaf = next(n for n in walk(top) if isinstance(n.data, ArticleNode))
        sidebar.move_cursor(leaf)
        await pilot.press("enter")
        await settle(pilot)
        await rerun_settled(pilot)
        assert runs and set(runs) == {QUERY}
        assert found_ids(saved_node(app, QUERY)) == ids[2:]  # the two read ones gone
        await pilot.press("n")  # and n follows the category tree again
        await settle(pilot)
        assert main.opened_list is None and main.reader.article.id not in ids[:2]


async def test_the_end_of_the_list_says_so(library: Path, runs: list[str]) -> None:
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        ids = await _open_from_saved(pilot, row=-1)
        main = app.main_screen
        await pilot.press("n")
        await settle(pilot)
        assert main.reader.article.id == ids[-1]
        assert any("No more articles this way in" in str(n.message) for n in app._notifications)
