"""Inline images in the reading pane, with a loopback HTTP server as the web.

The terminal is not asked (there is none under `run_test`): the tests choose textual-image's
half-cell widget, which draws coloured cells and works headless.
"""

from __future__ import annotations

import io
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from http_support import ImageServer
from PIL import Image as PILImage
from rich.console import Group, RenderableType
from textual.widget import Widget
from textual_image.widget import HalfcellImage
from ui_support import article, make_app, running, settle, write

from tui_reader.core.config import Config
from tui_reader.core.image_cache import fetch_image
from tui_reader.core.library.model import Article
from tui_reader.render.article import render_article
from tui_reader.render.laid_out import LaidOut
from tui_reader.ui.app import ReaderApp
from tui_reader.ui.widgets.reader import image_support as images
from tui_reader.ui.widgets.reader import images as article_images
from tui_reader.ui.widgets.reader.image_support import ImageSupport, decode, fit
from tui_reader.ui.widgets.reader.images import (
    BATCH,
    LARGE_BATCH,
    MAX_ROWS,
    ImageArrived,
    ImageSlot,
    _placeholders,
)
from tui_reader.ui.widgets.reader.lines import ArticleLines
from tui_reader.ui.widgets.reader.marks import LARGE
from tui_reader.ui.widgets.reader.reader import Reader

SIZE = (100, 30)
CELL = (10, 20)
FILLER = "".join(f"<p>Filler paragraph {n} before the picture.</p>" for n in range(30))


def png(width: int, height: int, colour: str = "red") -> bytes:
    buffer = io.BytesIO()
    PILImage.new("RGB", (width, height), colour).save(buffer, "PNG")
    return buffer.getvalue()


@pytest.fixture
def server(server: ImageServer) -> ImageServer:
    """The loopback server, with the pictures the fixture articles show."""
    server.routes["/red.png"] = (200, {"Content-Type": "image/png"}, png(200, 100), 0.0)
    server.routes["/blue.png"] = (200, {"Content-Type": "image/png"}, png(60, 60, "blue"), 0.0)
    server.routes["/slow.png"] = (200, {"Content-Type": "image/png"}, png(50, 50), 1.0)
    return server


@pytest.fixture
def half_cells() -> Iterator[None]:
    """Images drawn with coloured half cells, as if the terminal could draw them."""
    images.use_image_widget(ImageSupport(HalfcellImage, CELL))
    yield
    images.use_image_widget(None)


def library(root: Path, server: ImageServer) -> Path:
    write(root / "pics/one.md", article(
        "With a picture", "2024-03-01 09:00:00 +0000", " - Pictures",
        f"<p>Before the picture.</p><p><img src=\"{server.url('/red.png')}\" alt=\"A red box\">"
        f"</p><p>After the picture, a closing word.</p>",
    ))  # fmt: skip
    write(root / "pics/two.md", article(
        "Broken and slow", "2024-03-02 09:00:00 +0000", " - Pictures",
        f"<p>Gone: <img src=\"{server.url('/gone.png')}\" alt=\"Missing\"></p>"
        f"<p>Slow: <img src=\"{server.url('/slow.png')}\" alt=\"Slow\"></p>",
    ))  # fmt: skip
    write(root / "pics/three.md", article(
        "Far down", "2024-03-03 09:00:00 +0000", " - Pictures",
        f"{FILLER}<p><img src=\"{server.url('/blue.png')}\" alt=\"Blue\"></p><p>The end.</p>",
    ))  # fmt: skip
    return root


def by_title(app: ReaderApp, title: str) -> Article:
    snapshot = app.main_screen.snapshot
    assert snapshot is not None
    return next(a for a in snapshot.articles if a.title == title)


async def open_title(pilot, title: str) -> Reader:  # type: ignore[no-untyped-def]
    app = pilot.app
    await settle(pilot)
    app.main_screen.open_article(by_title(app, title), None)
    await settle(pilot, rounds=4)
    return app.main_screen.reader


def image_widgets(reader: Reader) -> list[Widget]:
    return list(reader.query_one("#article-body", ArticleLines).query(HalfcellImage))


def lines(reader: Reader) -> list[str]:
    body = reader.query_one("#article-body", ArticleLines)
    return [body.render_line(y).text.rstrip() for y in range(body.line_count)]


async def test_an_image_is_drawn_under_its_placeholder(
    tmp_path: Path, server: ImageServer, half_cells: None
) -> None:
    app = make_app(library(tmp_path, server), Config(inline_images=True))
    async with app.run_test(size=SIZE) as pilot:
        reader = await open_title(pilot, "With a picture")
        assert server.requests == ["/red.png"]
        [widget] = image_widgets(reader)
        body = reader.query_one("#article-body", ArticleLines)
        columns, rows = fit((200, 100), CELL, body.content_size.width, MAX_ROWS)
        assert (columns, rows) == (20, 5)
        assert widget.region.size == (columns, rows)
        top = int(widget.styles.offset.y.value)
        text = lines(reader)
        assert "[image: A red box]" in text[top - 1]  # the placeholder stays, as a caption
        assert text[top : top + rows] == [""] * rows  # the rows under the image are kept free
        assert any("After the picture" in line for line in text[top + rows :])
        assert widget.region.y == body.region.y + top  # drawn over those rows, on screen
        assert "▀" in widget.render_line(0).text  # coloured half cells, not the file's bytes


async def test_nothing_is_fetched_when_inline_images_are_off(
    tmp_path: Path, server: ImageServer, half_cells: None
) -> None:
    app = make_app(library(tmp_path, server), Config(inline_images=False))
    async with app.run_test(size=SIZE) as pilot:
        reader = await open_title(pilot, "With a picture")
        assert "After the picture" in "\n".join(lines(reader))
        assert image_widgets(reader) == []
    assert server.requests == []


async def test_nothing_is_fetched_when_the_terminal_cannot_draw(
    tmp_path: Path, server: ImageServer
) -> None:
    images.use_image_widget(None)
    app = make_app(library(tmp_path, server), Config(inline_images=True))
    async with app.run_test(size=SIZE) as pilot:
        reader = await open_title(pilot, "With a picture")
        assert image_widgets(reader) == []
    assert server.requests == []


async def test_a_failed_image_keeps_its_placeholder_with_the_reason(
    tmp_path: Path, server: ImageServer, half_cells: None
) -> None:
    app = make_app(library(tmp_path, server), Config(inline_images=True))
    async with app.run_test(size=SIZE) as pilot:
        reader = await open_title(pilot, "Broken and slow")
        text = lines(reader)
        gone = next(i for i, line in enumerate(text) if "[image: Missing]" in line)
        assert text[gone + 1] == "(image not loaded: HTTP 404)"
        assert len(image_widgets(reader)) == 1  # the slow one, in the end
        assert sorted(server.requests) == ["/gone.png", "/slow.png"]  # fetched in parallel


async def test_opening_another_article_cancels_the_images_of_the_first(
    tmp_path: Path, server: ImageServer, half_cells: None
) -> None:
    config = Config(inline_images=True)
    async with running(library(tmp_path, server), config, size=SIZE) as (app, pilot):
        screen = app.main_screen
        screen.open_article(by_title(app, "Broken and slow"), None)
        await pilot.pause(0.3)  # its worker is waiting for the slow image
        assert any(w.group == "images" and w.is_running for w in screen.reader.workers)
        screen.open_article(by_title(app, "With a picture"), None)
        await settle(pilot, rounds=4)
        await pilot.pause(1.2)  # the slow image has arrived by now, for nobody
        await settle(pilot)
        reader = screen.reader
        assert reader.article is not None and reader.article.title == "With a picture"
        [widget] = image_widgets(reader)
        assert widget.region.size == (20, 5)  # the red image, not the slow one (7 × 3)
        assert "(image not loaded" not in "\n".join(lines(reader))


async def test_find_places_matches_below_an_image(
    tmp_path: Path, server: ImageServer, half_cells: None
) -> None:
    app = make_app(library(tmp_path, server), Config(inline_images=True))
    async with app.run_test(size=(100, 20)) as pilot:
        reader = await open_title(pilot, "Far down")
        assert len(image_widgets(reader)) == 1
        await pilot.press("f", *"The", "space", *"end")
        await pilot.pause()
        await pilot.press("enter")
        await settle(pilot)
        assert reader.find.count == 1
        body = reader.query_one("#article-body", ArticleLines)
        end = next(i for i, line in enumerate(lines(reader)) if "The end." in line)
        view = reader.scroll_y - body.virtual_region.y
        assert view <= end < view + reader.scrollable_content_region.height


@pytest.mark.parametrize("late", ["image", "failure"])
async def test_an_image_arriving_above_the_view_keeps_the_text_in_view(
    tmp_path: Path, server: ImageServer, half_cells: None, late: str
) -> None:
    """The rows an image (or the note saying why it failed) adds above the view move the view
    down with the text, so the line being read stays put."""
    server.routes["/late-gone.png"] = (404, {}, b"", 1.0)
    address = server.url("/slow.png" if late == "image" else "/late-gone.png")
    write(tmp_path / "pics/four.md", article(
        "Picture first", "2024-03-04 09:00:00 +0000", " - Pictures",
        f"<p><img src=\"{address}\" alt=\"Late\"></p>{FILLER}<p>Reading here.</p>{FILLER}",
    ))  # fmt: skip
    app = make_app(library(tmp_path, server), Config(inline_images=True))
    async with app.run_test(size=(100, 20)) as pilot:
        await settle(pilot)
        app.main_screen.open_article(by_title(app, "Picture first"), None)
        await pilot.pause(0.4)  # shown and laid out; the late answer is still on its way
        reader = app.main_screen.reader
        assert image_widgets(reader) == []
        body = reader.query_one("#article-body", ArticleLines)
        target = next(i for i, line in enumerate(lines(reader)) if "Reading here." in line)
        reader.scroll_to(y=body.virtual_region.y + target, animate=False, immediate=True)
        await pilot.pause()
        await settle(pilot, rounds=4)
        text = lines(reader)
        if late == "image":
            [widget] = image_widgets(reader)
            added = widget.region.height
        else:
            assert image_widgets(reader) == []
            assert text.count("(image not loaded: HTTP 404)") == 1
            added = 1
        now = next(i for i, line in enumerate(text) if "Reading here." in line)
        assert now == target + added  # the text moved down by the image or note …
        assert reader.scroll_y - body.virtual_region.y == now  # … and the view went with it


async def test_a_large_article_gets_its_images_in_a_batch(
    tmp_path: Path, server: ImageServer, half_cells: None
) -> None:
    long = "".join(f"<p>Long paragraph {n}, enough of them to be laid out in a worker.</p>"
                   for n in range(400))  # fmt: skip
    write(tmp_path / "pics/long.md", article(
        "Long with pictures", "2024-03-05 09:00:00 +0000", " - Pictures",
        f"<p><img src=\"{server.url('/red.png')}\" alt=\"Red\"></p>{long}"
        f"<p><img src=\"{server.url('/blue.png')}\" alt=\"Blue\"></p><p>Done.</p>",
    ))  # fmt: skip
    app = make_app(library(tmp_path, server), Config(inline_images=True))
    async with app.run_test(size=SIZE) as pilot:
        reader = await open_title(pilot, "Long with pictures")
        assert reader.rendered is not None and len(reader.rendered.plain_text) > LARGE
        await pilot.pause(LARGE_BATCH + 0.2)
        await settle(pilot)
        widgets = sorted(image_widgets(reader), key=lambda w: w.region.y)
        assert [w.region.size for w in widgets] == [(20, 5), (6, 3)]
        text = lines(reader)
        for widget, label in zip(widgets, ("[image: Red]", "[image: Blue]"), strict=True):
            top = int(widget.styles.offset.y.value)
            assert label in text[top - 1]
            assert text[top : top + widget.region.height] == [""] * widget.region.height


async def test_a_layout_still_pending_for_the_last_article_does_not_hold_up_the_next(
    tmp_path: Path, server: ImageServer, half_cells: None
) -> None:
    app = make_app(library(tmp_path, server), Config(inline_images=True))
    async with app.run_test(size=SIZE) as pilot:
        reader = await open_title(pilot, "Far down")
        reader.images._rebuild_pending = True  # as while a large article gathers its images
        reader = await open_title(pilot, "With a picture")
        [widget] = image_widgets(reader)
        assert widget.region.size == (20, 5)


def test_fit_keeps_the_shape_and_the_limits() -> None:
    assert fit((200, 100), CELL, 80, 20) == (20, 5)  # its own size when it fits
    assert fit((2000, 1000), CELL, 80, 20) == (80, 20)
    assert fit((1000, 4000), CELL, 80, 20) == (10, 20)  # tall: capped at 20 rows, narrower
    assert fit((3000, 100), CELL, 50, 20) == (50, 1)
    assert fit((0, 100), CELL, 50, 20) == (0, 0)


def test_a_slot_renders_as_many_blank_rows_as_the_image_needs() -> None:
    from rich.console import Console

    console = Console(width=40, file=io.StringIO())
    rendered = console.render_lines(ImageSlot(3, (2000, 1000), CELL), pad=False)
    assert len(rendered) == fit((2000, 1000), CELL, 40, MAX_ROWS)[1] == 20 // 2
    assert [s.style.meta for s in rendered[0] if s.style] == [{"tui_reader_image": 3}]


def test_placeholders_are_found_in_document_order() -> None:
    html = (
        '<img src="https://x.org/head.png"><p>Text</p>'
        '<ul><li>item <img src="https://x.org/b.png" alt="B"></li></ul>'
        '<p><a href="https://x.org/page"><img src="https://x.org/c.png"></a> and '
        '<img src="https://x.org/b.png" alt="B again"></p>'
    )
    item = Article(id="a", path="a.md", title="T", image="https://x.org/top.png")
    rendered = render_article(item, html)
    wanted = {link.number: link.url for link in rendered.links if link.kind == "image"}
    found = list(_placeholders(rendered.body, wanted))
    urls = [wanted[number] for number, _block in found]
    assert urls == [
        "https://x.org/top.png", "https://x.org/head.png", "https://x.org/b.png",
        "https://x.org/c.png",
    ]  # fmt: skip
    blocks = [block for _number, block in found]
    assert blocks == sorted(blocks)


def test_decode_gives_a_reason_for_what_is_not_an_image(tmp_path: Path) -> None:
    bad = tmp_path / "bad"
    bad.write_bytes(b"<svg xmlns='http://www.w3.org/2000/svg'></svg>")
    assert decode(bad).error == "not a format that can be shown"
    good = tmp_path / "good"
    good.write_bytes(png(3000, 1500))
    decoded = decode(good)
    assert (decoded.width, decoded.height) == (2048, 1024)  # shrunk while decoding
    assert decoded.error == ""


def test_the_app_does_not_load_the_image_packages() -> None:
    probe = (
        "import sys\n"
        "import tui_reader.ui.app, tui_reader.cli\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('textual_image', 'PIL')))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=120,
        cwd=Path(__file__).parents[2],
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_prepare_without_inline_images_asks_nothing() -> None:
    config = Config(inline_images=False)
    images.prepare_inline_images(config)
    assert images.image_support() is None and config.warnings == []


def test_only_a_graphics_protocol_turns_images_on(monkeypatch: pytest.MonkeyPatch) -> None:
    from textual_image import renderable, widget

    try:
        monkeypatch.setattr(renderable, "Image", renderable.TGPImage)  # as kitty answers
        images.prepare_inline_images(Config(inline_images=True))
        support = images.image_support()
        assert support is not None and support.widget is widget.Image
        monkeypatch.setattr(renderable, "Image", renderable.HalfcellImage)  # any other tty
        images.prepare_inline_images(Config(inline_images=True))
        assert images.image_support() is None
    finally:
        images.use_image_widget(None)


def test_a_missing_package_is_a_warning_not_a_crash(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "textual_image", None)  # import fails
    config = Config(inline_images=True)
    images.prepare_inline_images(config)
    assert images.image_support() is None
    assert any("tui-reader[images]" in warning for warning in config.warnings)


async def test_images_arriving_together_cost_one_or_two_layouts(
    tmp_path: Path, server: ImageServer, half_cells: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Twelve images already in the cache arrive at once: the article is laid out again once
    for them (twice if the first lands alone), not once per image."""
    count = 12
    for n in range(count):
        server.routes[f"/p{n}.png"] = (200, {"Content-Type": "image/png"}, png(40, 40), 0.0)
        fetch_image(server.url(f"/p{n}.png"))
    pictures = "".join(
        f'<p>Picture {n}: <img src="{server.url(f"/p{n}.png")}" alt="P{n}"></p>'
        for n in range(count)
    )
    write(tmp_path / "pics/many.md", article(
        "Many pictures", "2024-03-06 09:00:00 +0000", " - Pictures", FILLER + pictures,
    ))  # fmt: skip
    layouts: list[int] = []
    update = ArticleLines.update

    def counting(body: ArticleLines, content: RenderableType = "") -> None:
        blocks = content.renderable if isinstance(content, LaidOut) else content
        if isinstance(blocks, Group):
            layouts.append(sum(isinstance(b, ImageSlot) for b in blocks.renderables))
        update(body, content)

    monkeypatch.setattr(ArticleLines, "update", counting)
    app = make_app(library(tmp_path, server), Config(inline_images=True))
    async with app.run_test(size=SIZE) as pilot:
        reader = await open_title(pilot, "Many pictures")
        await pilot.pause(2 * BATCH)
        await settle(pilot)
        assert len(image_widgets(reader)) == count
        with_slots = [slots for slots in layouts if slots]
        assert 1 <= len(with_slots) <= 2, layouts
        assert with_slots[-1] == count


async def test_images_arriving_one_by_one_are_gathered(
    tmp_path: Path, server: ImageServer, half_cells: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Images arriving one by one, each after the screen was refreshed (as from a server that
    sends them over seconds): the first is shown at once, those following within BATCH share
    one more layout, where each used to lay the whole article out again."""
    count, batch = 5, 1.0  # a longer BATCH than the app's: five refreshes surely fit in it
    monkeypatch.setattr(article_images, "BATCH", batch)
    pictures = "".join(
        f'<p>Picture {n}: <img src="{server.url(f"/p{n}.png")}" alt="P{n}"></p>'
        for n in range(count)
    )
    write(tmp_path / "pics/many.md", article(
        "Many pictures", "2024-03-06 09:00:00 +0000", " - Pictures", pictures,
    ))  # fmt: skip
    monkeypatch.setattr(article_images, "_load_in_order", lambda urls, cancelled: iter(()))
    app = make_app(library(tmp_path, server), Config(inline_images=True))
    async with app.run_test(size=SIZE) as pilot:
        reader = await open_title(pilot, "Many pictures")
        assert reader.rendered is not None
        wanted = {link.number: link.url for link in reader.rendered.links if link.kind == "image"}
        rebuilds: list[int] = []
        rebuild = reader.images._rebuild_body
        monkeypatch.setattr(
            reader.images, "_rebuild_body", lambda g: (rebuilds.append(g), rebuild(g))
        )
        for number, block in _placeholders(reader.rendered.body, wanted):
            decoded = images.Decoded(PILImage.new("RGB", (40, 40)), 40, 40)
            reader.images.arrived(ImageArrived(reader.images.load, number, block, decoded))
            await pilot.pause()  # a refresh between arrivals
        assert len(rebuilds) == 1  # the first, at once
        await pilot.pause(batch + 0.2)
        await settle(pilot)
        assert len(rebuilds) == 2
        assert len(image_widgets(reader)) == count
