"""Enter in the search bar lists everything found; the list's cursor starts on its first row
unless a result other than the first was highlighted in the bar. The bar's oldest first puts an
article dated only by its file's time first, the list puts it last (it has no date of its own):
enter after ctrl+o to oldest opens the list on its oldest article, not at its end."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import OptionList
from ui_support import running, settle, type_search, until, write

from tui_reader.ui.widgets.article_list import ArticleList

DATED = ["2021-03-01", "2022-05-01", "2023-07-01"]


def kiwi_library(root: Path) -> Path:
    for n, day in enumerate(DATED):
        write(root / f"dated{n}.md", f"---\ntitle: Kiwi {day}\ndate: {day} 10:00:00\n"
              f"categories:\n - Fruit\n---\n\n<p>kiwi season {n}</p>\n")  # fmt: skip
    write(root / "undated.md", "---\ntitle: Kiwi undated\ndate: Invalid Date\n"
          "categories:\n - Fruit\n---\n\n<p>kiwi without a date</p>\n")  # fmt: skip
    return root


async def listed_search(pilot, orders: int, down: int = 0) -> ArticleList:  # type: ignore[no-untyped-def]
    screen = await type_search(pilot, "kiwi")
    for _ in range(orders):
        await pilot.press("ctrl+o")
        await settle(pilot)
    results = screen.query_one(OptionList)
    for _ in range(down):
        results.action_cursor_down()
    await pilot.pause()
    await pilot.press("enter")
    article_list = pilot.app.main_screen.query_one(ArticleList)
    await until(pilot, lambda: article_list.key == "search:kiwi", "the search's list")
    await settle(pilot)
    return article_list


async def test_enter_after_oldest_first_opens_the_list_on_its_oldest(tmp_path: Path) -> None:
    library = kiwi_library(tmp_path / "lib")
    async with running(library, size=(120, 40), layout="river") as (app, pilot):
        article_list = await listed_search(pilot, orders=2)  # newest, relevance, oldest
        assert [a.title for a in article_list.rows.articles][-1] == "Kiwi undated"
        assert article_list.cursor == 0
        assert article_list.current.title == f"Kiwi {DATED[0]}"


async def test_a_result_highlighted_in_the_bar_keeps_the_cursor(tmp_path: Path) -> None:
    library = kiwi_library(tmp_path / "lib")
    async with running(library, size=(120, 40), layout="river") as (app, pilot):
        article_list = await listed_search(pilot, orders=0, down=1)  # newest: the second
        assert article_list.current.title == f"Kiwi {DATED[1]}"
