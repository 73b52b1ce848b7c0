"""Quitting never waits for an image still being fetched: the fetches run on daemon threads, not
in Textual thread workers, whose executor the app waits for when it quits (a fetch stuck on a
slow server would hold the quit for up to `image_cache.DEADLINE`)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual_image.widget import HalfcellImage
from ui_support import SIZE, article, make_app, write

from tui_reader.core.config import Config
from tui_reader.ui.widgets.reader import image_support
from tui_reader.ui.widgets.reader import images as article_images
from tui_reader.ui.widgets.reader.image_support import Decoded, ImageSupport

STALL = 20.0  # seconds the stand-in for a slow server holds each fetch, unless released


@pytest.fixture
def half_cells() -> Iterator[None]:
    """Images drawn with coloured half cells, as if the terminal could draw them."""
    image_support.use_image_widget(ImageSupport(HalfcellImage, (10, 20)))
    yield
    image_support.use_image_widget(None)


def test_quitting_does_not_wait_for_an_image_being_fetched(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, half_cells: None
) -> None:
    root = tmp_path / "library"
    write(root / "pics/one.md", article(
        "With a picture", "2024-03-01 09:00:00 +0000", " - Pictures",
        '<p>Above.</p><p><img src="https://example.org/a.png" alt="A"></p><p>Below.</p>',
    ))  # fmt: skip
    fetching, release = threading.Event(), threading.Event()
    finished: list[str] = []

    def stalled(url: str) -> Decoded:
        fetching.set()
        release.wait(STALL)
        finished.append(url)
        return Decoded(error="timed out")

    monkeypatch.setattr(article_images, "_load", stalled)
    app = make_app(root, Config(inline_images=True))

    async def quit_while_fetching(pilot: Pilot[object]) -> None:
        for _ in range(400):
            snapshot = app.main_screen.snapshot
            if snapshot is not None and snapshot.articles:
                break
            await pilot.pause(0.05)
        app.main_screen.open_article(snapshot.articles[0], None)  # type: ignore[union-attr]
        for _ in range(400):
            if fetching.is_set():
                break
            await pilot.pause(0.05)
        assert fetching.is_set()
        app.exit()

    try:
        app.run(headless=True, size=SIZE, auto_pilot=quit_while_fetching)
        assert fetching.is_set() and finished == []  # the app ended with the fetch still stuck
    finally:
        release.set()
