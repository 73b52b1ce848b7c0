"""Long titles and names in the sidebar end in `…` at the pane's edge, cut by cell width (a
Chinese character takes two cells); an article's marks and date, a category's counts, stay."""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from ui_support import article, make_app, make_library, settle, write

from tui_reader.ui.model.tree_data import ArticleNode, CategoryNode
from tui_reader.ui.widgets.sidebar.labels import fitted
from tui_reader.ui.widgets.sidebar.sidebar import Sidebar

ENGLISH = "An English title far too long for any sidebar at all, it goes on and on"
CHINESE = "北约秘书长在布鲁塞尔举行的新闻发布会上表示联盟将继续支持乌克兰"
CATEGORY = "A category name that is much longer than the sidebar"
FILLERS = 40


@pytest.fixture
def library(tmp_path: Path) -> Path:
    root = make_library(tmp_path / "library", samples=False)
    for name, title in (("long-en", ENGLISH), ("long-zh", CHINESE), ("short", "Short")):
        body = f"<p>{title}</p>"
        write(root / "long" / f"{name}.md",
              article(title, "2024-04-01 09:00:00 +0000", f" - {CATEGORY}", body))  # fmt: skip
    for number in range(FILLERS):  # older: listed after, and enough for a scrollbar
        filler = article(f"Filler {number}", "2024-01-01 09:00:00 +0000", f" - {CATEGORY}", "")
        write(root / "long" / f"filler-{number}.md", filler)
    return root


def _lines(sidebar: Sidebar) -> list[tuple[object, str]]:
    """Each visible line of the tree: its node's data and its text as drawn."""
    width = sidebar.scrollable_content_region.width
    return [
        (line.node.data, sidebar._render_line(y, 0, width, Style()).text)
        for y, line in enumerate(sidebar._tree_lines)
    ]


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_long_labels_end_in_an_ellipsis(library: Path, size: tuple[int, int]) -> None:
    app = make_app(library)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        sidebar = app.main_screen.sidebar
        category = next(
            n for n in sidebar.root.children
            if isinstance(n.data, CategoryNode) and n.data.category.name == CATEGORY
        )  # fmt: skip
        sidebar.expand_node(category)
        await settle(pilot)
        width = sidebar.scrollable_content_region.width
        assert width == sidebar.size.width - 1  # a scrollbar takes a column
        lines = _lines(sidebar)
        articles = {
            d.article.title: text for d, text in lines
            if isinstance(d, ArticleNode) and not d.article.title.startswith("Filler")
        }  # fmt: skip
        assert set(articles) == {ENGLISH, CHINESE, "Short"}
        for title, text in articles.items():
            label = text.rstrip()
            assert cell_len(text) <= width
            assert "24-04-01 " in label and label.startswith(("└ ●", "├ ●"))  # marks, date
            shown = label.split("24-04-01 ", 1)[1]
            if title == "Short":
                assert shown == "Short"
            else:  # cut, by cell width: the ellipsis sits at the edge (or a cell short of it)
                assert shown.endswith("…") and title.startswith(shown[:-1])
                assert cell_len(label) in (width, width - 1)
        (name,) = [
            text.rstrip() for d, text in lines
            if isinstance(d, CategoryNode) and d.category.name == CATEGORY
        ]  # fmt: skip
        assert name.endswith(f"… ({FILLERS + 3}/{FILLERS + 3})") and CATEGORY.startswith(
            name[2:].split("…")[0]
        )
        assert cell_len(name) == width


@pytest.mark.parametrize(
    ("name", "width", "shown"),
    [
        ("北约秘书长", 12, "[北约…] (1)"),  # 6 cells for the name: half of 秘 does not fit
        ("北约秘书长", 13, "[北约秘…] (1)"),
        ("北约秘书长", 16, "[北约秘书长] (1)"),  # fits exactly: not cut
        ("abcdef", 1, "[…] (1)"),  # no room at all: the ellipsis alone, the count kept
    ],
)
def test_fitted_cuts_the_name_by_cell_width(name: str, width: int, shown: str) -> None:
    text = fitted(Text("["), name, Style(bold=True), Text("] (1)"), width)
    assert text.plain == shown
    assert cell_len(text.plain) <= max(width, cell_len("[…] (1)"))
