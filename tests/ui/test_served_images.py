"""Images in a reader served to a browser (`tui-reader serve`, `inline_images` on): no terminal
is asked what it can draw (there is none: the page draws text cells), and images come as
textual-image's coloured half cells, fetched by the reader as in a terminal — the browser only
ever gets cells, never an address on an article's host. A loopback server stands in for the
web (conftest's `server`)."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from http_support import ImageServer
from PIL import Image as PILImage
from textual_image.widget import HalfcellImage
from ui_support import article, open_where, running, until, write

from tui_reader.core.config import Config
from tui_reader.ui.widgets.reader import image_support
from tui_reader.ui.widgets.reader.image_support import prepare_inline_images


@pytest.fixture
def no_terminal_asked(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    def asked() -> None:
        raise AssertionError("a served reader asked a terminal what it can draw")

    monkeypatch.setattr(image_support, "_detect", asked)
    yield
    image_support.use_image_widget(None)


def test_served_images_are_half_cells_without_asking(no_terminal_asked: None) -> None:
    config = Config(inline_images=True)
    prepare_inline_images(config, served=True)
    support = image_support.image_support()
    assert support is not None and support.widget is HalfcellImage
    assert config.warnings == []
    prepare_inline_images(Config(inline_images=False), served=True)
    assert image_support.image_support() is None  # only when asked for


async def test_a_served_reader_draws_the_image_it_fetched(
    tmp_path: Path, server: ImageServer, no_terminal_asked: None
) -> None:
    picture = io.BytesIO()
    PILImage.new("RGB", (120, 60), "red").save(picture, "PNG")
    server.routes["/red.png"] = (200, {"Content-Type": "image/png"}, picture.getvalue(), 0.0)
    body = f'<p>Before.</p><p><img src="{server.url("/red.png")}" alt="A red box"></p>'
    write(tmp_path / "pics" / "one.md", article("Pictured", "2024-03-01", " - Pictures", body))
    config = Config(inline_images=True)
    prepare_inline_images(config, served=True)
    async with running(tmp_path, config, served=True) as (app, pilot):
        await open_where(pilot, lambda a: a.title == "Pictured")
        reader = app.main_screen.reader
        await until(pilot, lambda: bool(reader.query(HalfcellImage)), "the image drawn")
    assert server.requests == ["/red.png"]  # fetched by the reader, once
