"""Opening an article: its text comes in one frame, and nothing the open used to do is lost.

The render worker lays the body out at the pane's width, "Loading…" shows only for an article
that is slow to arrive, marking read waits until the text is shown (and is never skipped), the
footer is not rebuilt by an ordinary open, and the pane keeps its width with or without a
scrollbar. Timing-free: slow articles are made slow with an event, not a clock.
"""

from __future__ import annotations

import gc
import threading
import time
from pathlib import Path

import pytest
from rich.text import Text
from textual.widgets import Static
from ui_support import LONG_BODY, SIZE, article, make_app, make_library, running, settle, write

from tui_reader.core.library.library import Library
from tui_reader.core.library.model import Article
from tui_reader.ui.widgets.footer import ReaderFooter
from tui_reader.ui.widgets.reader import reader as reader_module
from tui_reader.ui.widgets.reader.lines import ArticleLines
from tui_reader.ui.widgets.reader.reader import Reader


@pytest.fixture
def library(tmp_path: Path) -> Path:
    root = make_library(tmp_path / "library", samples=False)
    second = article("Another long article", "2024-03-02 09:00:00 +0000", " - Long", LONG_BODY)
    write(root / "english/long-2.md", second)
    return root


def article_titled(app, title: str) -> Article:
    return next(a for a in app.main_screen.model.articles.values() if a.title == title)


def shown_text(app) -> str:
    body = app.main_screen.reader.query_one(ArticleLines)
    return "\n".join(body.render_line(y).text for y in range(body.line_count))


def header_text(app) -> str:
    return str(app.main_screen.reader.query_one("#article-header", Static).render())


class SlowBodies:
    """`Library.body` that waits for `release` on the articles in `held`."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.held: set[str] = set()
        self.release = threading.Event()
        read = Library.body

        def body(library: Library, article: Article) -> str:
            if article.id in self.held:
                self.release.wait(10)
            return read(library, article)

        monkeypatch.setattr(Library, "body", body)


async def wait_until(pilot, condition, seconds: float = 5.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "condition not met in time"
        await pilot.pause(0.01)


async def test_a_quick_article_shows_no_loading_note(
    library: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(reader_module, "LOADING_DELAY", 30.0)  # "quick" whatever the machine
    shown: list[object] = []
    update = ArticleLines.update

    def recording(body: ArticleLines, content: object = "") -> None:
        shown.append(content)
        update(body, content)  # type: ignore[arg-type]

    monkeypatch.setattr(ArticleLines, "update", recording)
    async with running(library) as (app, pilot):
        app.main_screen.open_article(article_titled(app, "First short note"), None)
        await settle(pilot)
        assert "The first note, short." in shown_text(app)
        assert "First short note" in header_text(app)
    assert not any(isinstance(c, Text) and "Loading" in c.plain for c in shown)


async def test_a_slow_article_shows_its_header_and_a_loading_note_until_it_arrives(
    library: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(reader_module, "LOADING_DELAY", 0.01)
    slow = SlowBodies(monkeypatch)
    async with running(library) as (app, pilot):
        article = article_titled(app, "Second short note")
        slow.held.add(article.id)
        app.main_screen.open_article(article, None)
        await wait_until(pilot, lambda: "Loading" in shown_text(app))
        assert "Second short note" in header_text(app)
        reader = app.main_screen.query_one(Reader)
        assert reader.rendered is None and reader.has_text
        assert app.main_screen.check_action("find", ())  # still offered: no footer rebuild
        slow.release.set()
        await settle(pilot)
        assert "The second note, short too." in shown_text(app)
        assert "Loading" not in shown_text(app)
        assert not reader.query_one(ArticleLines).has_class("reader--placeholder")


async def test_an_article_that_cannot_be_read_shows_why_and_offers_no_find(
    library: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def unreadable(library: Library, article: Article) -> str:
        raise OSError(13, "Permission denied")

    async with running(library) as (app, pilot):
        monkeypatch.setattr(Library, "body", unreadable)
        app.main_screen.open_article(article_titled(app, "Third short note"), None)
        await settle(pilot)
        assert "cannot be shown: Permission denied" in shown_text(app)
        assert "Third short note" in header_text(app)
        screen = app.main_screen
        assert not screen.check_action("find", ()) and not screen.check_action("links", ())
        assert screen.state.is_read(article_titled(app, "Third short note").id)


async def test_an_ordinary_open_does_not_rebuild_the_footer(library: Path) -> None:
    async with running(library) as (app, pilot):
        footer = app.main_screen.query_one(ReaderFooter)
        before = footer.rebuilds
        app.main_screen.open_article(article_titled(app, "First short note"), None)
        await settle(pilot)
        assert footer.rebuilds > before  # the reading keys came
        after_first = footer.rebuilds
        app.main_screen.open_article(article_titled(app, "Second short note"), None)
        await settle(pilot)
        assert "The second note, short too." in shown_text(app)
        assert footer.rebuilds == after_first  # the same keys apply to both articles


async def test_an_article_is_marked_read_once_its_text_is_shown(library: Path) -> None:
    app = make_app(library)
    read_when_shown: list[bool] = []
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        reader = app.main_screen.query_one(Reader)
        show = reader.show_article

        def recording(article: Article, *args: object) -> None:
            read_when_shown.append(app.main_screen.state.is_read(article.id))
            show(article, *args)  # type: ignore[arg-type]

        reader.show_article = recording  # type: ignore[method-assign]
        article = article_titled(app, "First short note")
        app.main_screen.open_article(article, None)
        await settle(pilot)
        assert read_when_shown == [False]  # the text's frame does not wait for the tree's
        assert app.main_screen.state.is_read(article.id)
        assert app.main_screen.model.find(("English", "Notes")).unread == 3


async def test_the_frame_with_the_text_is_painted_before_the_tree_changes(library: Path) -> None:
    app = make_app(library)
    frames: list[tuple[bool, bool]] = []  # (the text is shown, the article is read) per layout
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.main_screen
        article = article_titled(app, "Second short note")

        def painted(_screen: object) -> None:
            frames.append(("second note, short too" in shown_text(app),
                           screen.state.is_read(article.id)))  # fmt: skip

        screen.screen_layout_refresh_signal.subscribe(screen.reader, painted, immediate=True)
        screen.open_article(article, None)
        await settle(pilot)
        with_text = [read for shown, read in frames if shown]
        assert with_text and with_text[0] is False  # the first frame with the text: not yet
        assert screen.state.is_read(article.id)


async def test_an_article_left_before_its_text_came_is_still_marked_read(
    library: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    slow = SlowBodies(monkeypatch)
    async with running(library) as (app, pilot):
        first = article_titled(app, "First short note")
        second = article_titled(app, "Second short note")
        slow.held.add(first.id)
        app.main_screen.open_article(first, None)
        await pilot.pause()
        app.main_screen.open_article(second, None)
        slow.release.set()
        await settle(pilot)
        state = app.main_screen.state
        assert state.is_read(first.id) and state.is_read(second.id)
        assert "The second note, short too." in shown_text(app)


async def test_the_render_worker_lays_the_body_out_at_the_pane_width(library: Path) -> None:
    app = make_app(library)
    laid_out: list[bool] = []
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        reader = app.main_screen.query_one(Reader)
        show = reader.show_article

        def recording(article: Article, rendered, position: float) -> None:  # type: ignore[no-untyped-def]
            laid_out.append(rendered.body_view().is_laid_out(reader.text_width))
            show(article, rendered, position)

        reader.show_article = recording  # type: ignore[method-assign]
        app.main_screen.open_article(article_titled(app, "A long English article"), None)
        await settle(pilot)
        assert reader.text_width > 0 and laid_out == [True]
        assert "Paragraph 80 of the long English article." in shown_text(app)


async def test_the_body_keeps_its_width_with_or_without_a_scrollbar(library: Path) -> None:
    async with running(library) as (app, pilot):
        reader = app.main_screen.query_one(Reader)
        app.main_screen.open_article(article_titled(app, "First short note"), None)
        await settle(pilot)
        assert reader.max_scroll_y == 0
        short_width = reader.text_width
        app.main_screen.open_article(article_titled(app, "A long English article"), None)
        await settle(pilot)
        assert reader.max_scroll_y > 0 and reader.text_width == short_width


async def test_the_next_article_opens_at_its_top_and_a_reopened_one_where_it_was_left(
    library: Path,
) -> None:
    async with running(library) as (app, pilot):
        reader = app.main_screen.query_one(Reader)
        long_article = article_titled(app, "A long English article")
        app.main_screen.open_article(long_article, None)
        await settle(pilot)
        reader.scroll_to(y=reader.max_scroll_y // 2, animate=False, immediate=True)
        await settle(pilot)
        fraction = reader.fraction
        assert 0.3 < fraction < 0.7
        app.main_screen.open_article(article_titled(app, "Another long article"), None)
        await settle(pilot)
        assert reader.scroll_y == 0 and reader.max_scroll_y > 0
        app.main_screen.open_article(long_article, None)
        await settle(pilot)
        assert reader.fraction == pytest.approx(fraction, abs=0.05)


async def test_the_library_is_kept_out_of_full_garbage_collections(library: Path) -> None:
    gc.unfreeze()
    app = make_app(library)
    try:
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            frozen = gc.get_freeze_count()
            assert frozen > 0
            assert len(app.main_screen.model.articles) > 0
    finally:
        gc.unfreeze()
