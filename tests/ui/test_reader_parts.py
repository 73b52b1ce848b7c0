"""The reading pane's parts: it owns its find (`FindInArticle`) and its images (`ArticleImages`)
rather than inheriting them, and their workers report back only with messages to the pane, each
naming what it answers, so an answer overtaken by newer work is dropped."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image as PILImage
from textual_image.widget import HalfcellImage
from ui_support import SIZE, make_app, open_where, settle

import tui_reader.ui
from tui_reader.ui.widgets.reader import image_support
from tui_reader.ui.widgets.reader.image_support import Decoded, ImageSupport
from tui_reader.ui.widgets.reader.images import ArticleImages, ImageArrived
from tui_reader.ui.widgets.reader.marks import FindInArticle, MatchesPlaced
from tui_reader.ui.widgets.reader.reader import Reader


@pytest.fixture
def half_cells() -> Iterator[None]:
    """Images drawn with coloured half cells, as if the terminal could draw them."""
    image_support.use_image_widget(ImageSupport(HalfcellImage, (10, 20)))
    yield
    image_support.use_image_widget(None)


async def _open_long(pilot) -> Reader:  # type: ignore[no-untyped-def]
    await settle(pilot)
    await open_where(pilot, lambda a: a.title == "A long English article")
    return pilot.app.main_screen.reader  # type: ignore[no-any-return]


def test_the_reader_inherits_only_from_textual() -> None:
    own = [cls for cls in Reader.__mro__[1:] if cls.__module__.startswith("tui_reader")]
    assert own == []
    reader = Reader()
    assert isinstance(reader.find, FindInArticle) and reader.find.reader is reader
    assert isinstance(reader.images, ArticleImages) and reader.images.reader is reader


def test_no_worker_of_the_user_interface_calls_back_into_its_thread() -> None:
    """Workers post messages; none uses `call_from_thread` to run code on the UI thread."""
    root = Path(tui_reader.ui.__file__).parent
    found = [
        f"{path.relative_to(root)}:{node.lineno}"
        for path in sorted(root.rglob("*.py"))
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Attribute) and node.attr == "call_from_thread"
    ]
    assert found == []


async def test_placed_matches_of_an_older_placing_are_dropped(library: Path) -> None:
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        reader = await _open_long(pilot)
        reader.find.open()
        await pilot.press(*"paragraph 7")
        await settle(pilot)
        count = reader.find.count
        assert count == 11 and reader.find.index == -1
        stale = reader.find._placing - 1
        reader.post_message(MatchesPlaced([(60, 0)], stale, 1))
        await settle(pilot)
        assert reader.find.index == -1 and reader.find.order is None  # not taken
        reader.post_message(MatchesPlaced([(60, 0)], reader.find._placing, 1))
        await settle(pilot)
        assert reader.find.index == 0 and reader.find.order == [(60, 0)]  # taken and stepped


async def test_an_image_of_the_article_left_is_dropped(library: Path, half_cells: None) -> None:
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        reader = await _open_long(pilot)
        images = reader.images
        images._body = reader.rendered.body if reader.rendered else None  # as if fetching
        decoded = Decoded(PILImage.new("RGB", (40, 40)), 40, 40)
        reader.post_message(ImageArrived(images.load - 1, 1, 0, decoded))
        await settle(pilot)
        assert images._arrived == {}  # dropped
        reader.post_message(ImageArrived(images.load, 1, 0, decoded))
        await settle(pilot)
        assert list(images._arrived) == [1]  # taken
