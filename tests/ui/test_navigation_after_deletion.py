"""`n` and `p` after the open article's file was deleted: they go on from the place the article
had, in its category, in the category order (when its category went with it) and in the
bookmarks (ui/model/navigation.py, ui/screens/main/actions/reading.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot
from ui_support import article, open_where, running, settle, write

from tui_reader.core.library.library import Library
from tui_reader.core.library.model import Article
from tui_reader.ui.model.category_tree import CategoryTree
from tui_reader.ui.model.navigation import categories_in_order, neighbour

# category -> (file name, title, date), newest first in each category
FILES = {
    "Alpha": [("a1", "Alpha one", "2024-05-03"), ("a2", "Alpha two", "2024-05-02")],
    "Beta": [("b1", "Beta only", "2024-05-01")],
    "Gamma": [
        ("g1", "Gamma one", "2024-04-05"),
        ("g2", "Gamma two", "2024-04-04"),
        ("g3", "Gamma three", "2024-04-03"),
        ("g4", "Gamma four", "2024-04-02"),
    ],
    "Gamma/Sub": [("s1", "Sub one", "2024-03-01")],
    "delta": [("d1", "Delta one", "2024-02-01")],
}


@pytest.fixture
def root(tmp_path: Path) -> Path:
    folder = tmp_path / "library"
    for category, files in FILES.items():
        names = "".join(f" - {name}\n" for name in category.split("/"))
        for stem, title, date in files:
            text = article(title, f"{date} 09:00:00 +0000", names.rstrip("\n"), "<p>Text.</p>")
            write(folder / category.replace("/", "_") / f"{stem}.md", text)
    return folder


def titles_in_order(model: CategoryTree) -> list[str]:
    return [a.title for node in categories_in_order(model) for a in node.articles]


@pytest.mark.parametrize("gone", [t for files in FILES.values() for _, t, _ in files])
def test_the_neighbours_of_a_gone_article_are_those_it_had(root: Path, gone: str) -> None:
    before = CategoryTree(Library(root).scan(workers=0).articles)
    order = titles_in_order(before)
    current = next(a for a in before.articles.values() if a.title == gone)
    category = before.find(current.categories[0])
    (root / current.path).unlink()
    after = CategoryTree(Library(root).scan(workers=0).articles)
    at = order.index(gone)
    for step, expected in ((1, order[at + 1 : at + 2]), (-1, order[max(at - 1, 0) : at])):
        place = neighbour(after, current, category, step)
        assert ([place[0].title] if place else []) == expected, step
        if place is not None:
            assert place[1] is after.find(place[0].categories[0])  # a node of the new model


def messages(app: object) -> list[str]:
    return [str(n.message) for n in app._notifications]  # type: ignore[attr-defined]


async def delete_and_rescan(pilot: Pilot[object], root: Path, found: Article) -> None:
    (root / found.path).unlink()
    await pilot.press("R")
    await settle(pilot)


def open_title(app: object) -> str:
    return app.main_screen.reader.article.title  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("gone", "key", "expected"),
    [
        ("Gamma two", "n", "Gamma three"),
        ("Gamma two", "p", "Gamma one"),
        ("Beta only", "n", "Delta one"),  # its category went with it
        ("Beta only", "p", "Alpha two"),
        ("Sub one", "n", "Gamma one"),  # a sub-category comes before its parent's articles
        ("Sub one", "p", "Delta one"),
        ("Gamma one", "p", "Sub one"),
    ],
)
async def test_n_and_p_go_on_from_the_deleted_open_article(
    root: Path, gone: str, key: str, expected: str
) -> None:
    async with running(root) as (app, pilot):
        found = await open_where(pilot, lambda a: a.title == gone)
        await delete_and_rescan(pilot, root, found)
        assert open_title(app) == gone  # the text stays until the user leaves it
        await pilot.press(key)
        await settle(pilot)
        assert open_title(app) == expected
        assert not any("No more articles" in m for m in messages(app))


async def test_n_goes_on_through_the_bookmarks_from_a_deleted_one(root: Path) -> None:
    async with running(root) as (app, pilot):
        main = app.main_screen
        for title in ("Delta one", "Gamma two", "Alpha one"):  # bookmarks list newest first
            await open_where(pilot, lambda a, t=title: a.title == t)
            await pilot.press("b")
            await pilot.pause()
        gone = next(a for a in main.model.articles.values() if a.title == "Gamma two")
        main.open_article(gone, None)  # opened from the Bookmarks node
        await settle(pilot)
        main.reader.focus()
        await delete_and_rescan(pilot, root, gone)
        await pilot.press("n")
        await settle(pilot)
        assert open_title(app) == "Delta one"
