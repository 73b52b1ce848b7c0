"""Read-state keys take effect in the order they were pressed, even when an article's text is
slow to come: the read mark of an opened article counts from the key that opened it, so an undo,
a toggle or a mark-all pressed before its text arrives acts after that mark, not before it."""

from __future__ import annotations

import asyncio
import threading
from pathlib import Path

import pytest
from ui_support import running, settle

from tui_reader.core.library.library import Library
from tui_reader.core.library.model import Article
from tui_reader.core.state.store import StateStore

pytestmark = pytest.mark.library(samples=False)

NOTES = ("English", "Notes")


class SlowBody:
    """Library.body held for the articles in `slow` until `gate` is set."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, slow: set[str]) -> None:
        self.gate = threading.Event()
        self.waiting = threading.Event()
        real = Library.body

        def body(library: Library, article: Article) -> str:
            if article.id in slow:
                self.waiting.set()
                self.gate.wait(10)
            return real(library, article)

        monkeypatch.setattr(Library, "body", body)

    async def started(self) -> None:
        for _ in range(500):
            if self.waiting.is_set():
                return
            await asyncio.sleep(0.01)
        raise AssertionError("the slow article's text was never asked for")


async def open_first_note(pilot) -> tuple[Article, Article]:  # type: ignore[no-untyped-def]
    """Open the first article of English/Notes (its text shown); it and the one after it."""
    screen = pilot.app.main_screen
    category = screen.model.find(NOTES)
    first, second = screen.model.visible_articles(category, False)[:2]
    assert screen.sidebar.reveal(first.id, category.path)
    await pilot.press("enter")
    await settle(pilot)
    assert screen.reader.article.id == first.id and screen.state.is_read(first.id)
    return first, second


async def next_with_text_held(pilot, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """Open the first note, then `n`: the second note opens, its text held back."""
    first, second = await open_first_note(pilot)
    slow = SlowBody(monkeypatch, {second.id})
    await pilot.press("n")
    await slow.started()
    return first, second, slow


def saved_read(article_ids: list[str]) -> list[bool]:
    state = StateStore.open()
    try:
        return [state.is_read(article_id) for article_id in article_ids]
    finally:
        state.close()


async def test_undo_right_after_next_takes_back_the_new_articles_mark(
    library: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with running(library) as (app, pilot):
        first, second, slow = await next_with_text_held(pilot, monkeypatch)
        await pilot.press("u")  # the second article's text has not come yet
        slow.gate.set()
        await settle(pilot)
        screen = app.main_screen
        assert screen.reader.article.id == second.id
        assert screen.state.is_read(first.id) and not screen.state.is_read(second.id)
        assert screen.model.is_read(first.id) and not screen.model.is_read(second.id)
        await pilot.press("q")
    assert saved_read([first.id, second.id]) == [True, False]


@pytest.mark.parametrize("keys", [("r",), ("r", "r", "r")], ids=["once", "three-times"])
async def test_toggle_before_the_text_comes_is_the_last_word(
    library: Path, monkeypatch: pytest.MonkeyPatch, keys: tuple[str, ...]
) -> None:
    async with running(library) as (app, pilot):
        _first, second, slow = await next_with_text_held(pilot, monkeypatch)
        await pilot.press("tab", *keys)  # r in the reading pane: the opened article
        slow.gate.set()
        await settle(pilot)
        screen = app.main_screen
        assert screen.reader.article.id == second.id
        # opened (read), then toggled an odd number of times: unread
        assert not screen.state.is_read(second.id) and not screen.model.is_read(second.id)
        await pilot.press("u")  # takes back the last toggle
        assert screen.state.is_read(second.id) and screen.model.is_read(second.id)
        await pilot.press("q")
    assert saved_read([second.id]) == [True]
