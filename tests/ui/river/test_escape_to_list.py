"""escape in the article goes back to its list: taking turns below 160 columns the list shows
again, and with three panes the focus moves from the article to the list (h does both too)."""

from __future__ import annotations

from pathlib import Path

import pytest
from ui_support import running, settle, until

from tui_reader.ui.widgets.article_list import ArticleList


@pytest.mark.parametrize("size", [(200, 50), (120, 40)])
@pytest.mark.parametrize("key", ["escape", "h"])
async def test_back_from_the_article_to_its_list(
    library: Path, size: tuple[int, int], key: str
) -> None:
    async with running(library, size=size, layout="river") as (app, pilot):
        main = app.main_screen
        article_list = main.query_one(ArticleList)
        await until(pilot, lambda: article_list.key == "unread:", "All unread")
        await pilot.press("l", "j", "enter")  # into the list, open its second row
        await until(pilot, lambda: main.reader.has_focus, "the article focused")
        await pilot.press(key)
        await settle(pilot)
        assert article_list.has_focus and article_list.region.width > 0
        assert article_list.cursor == 1  # where it was
        await pilot.press("j")  # moves in the list, not in the article
        await settle(pilot)
        assert article_list.cursor == 2
