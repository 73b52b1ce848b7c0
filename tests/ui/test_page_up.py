"""`-` and `backspace` page up in the article from either pane, as space pages down, and
the help screen and the README list them."""

from __future__ import annotations

from pathlib import Path

from ui_support import make_library, running, settle

from tui_reader.ui.screens.help import key_rows

README = Path(__file__).parents[2] / "README.md"


async def test_minus_and_backspace_page_up_from_the_tree_and_the_article(tmp_path: Path) -> None:
    async with running(make_library(tmp_path / "library", samples=False)) as (app, pilot):
        main = app.main_screen
        article = next(a for a in main.model.articles.values() if a.path == "english/long.md")
        main.open_article(article, main.model.find(article.categories[0]))
        await settle(pilot)
        reader = main.reader
        assert main.sidebar.has_focus
        await pilot.press("space", "space", "space")
        await pilot.pause()
        bottom = reader.scroll_y
        assert bottom > 0
        await pilot.press("minus")  # from the tree
        await pilot.pause()
        assert 0 < reader.scroll_y < bottom
        middle = reader.scroll_y
        reader.focus()
        await pilot.press("backspace")  # from the article
        await pilot.pause()
        assert reader.scroll_y < middle
        assert reader.article is not None and reader.article.id == article.id


async def test_page_up_is_in_the_help_and_the_readme(tmp_path: Path) -> None:
    async with running(make_library(tmp_path / "library", samples=False)) as (app, pilot):
        rows = {what: keys for keys, what, _ in key_rows(app, {})}
        assert rows["Page up"].split()[0] == "-"
        assert len(rows["Page up"].split()) == 2  # and backspace
    assert "| `-` `backspace` | page up in the article" in README.read_text(encoding="utf-8")
