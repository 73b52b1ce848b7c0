"""Each reading-state key, then a restart: what the user saw is what is saved."""

from __future__ import annotations

from pathlib import Path

from ui_support import SIZE, goto_category, make_app, running, settle

from tui_reader.core.config import Config
from tui_reader.core.state.store import StateStore


def saved() -> StateStore:
    return StateStore.open()


async def test_mark_category_read_then_undo_then_restart(library: Path) -> None:
    async with running(library) as (app, pilot):
        await goto_category(pilot, "English")
        english = app.main_screen.model.find(("English",))
        ids = app.main_screen.model.unread_in(english)
        assert ids
        await pilot.press("A")
        await pilot.pause()
        await pilot.press("enter")  # this category
        await pilot.pause()
    state = saved()
    try:
        assert all(state.is_read(i) for i in ids)
    finally:
        state.close()

    again = make_app(library)
    async with again.run_test(size=SIZE) as pilot:
        await settle(pilot)
        english = again.main_screen.model.find(("English",))
        assert english.unread == 0
        await goto_category(pilot, "English")
        await pilot.press("u")  # undo is per session: nothing to undo after a restart
        await pilot.pause()
        assert english.unread == 0
        await pilot.press("A")
        await pilot.pause()
        await pilot.press("escape")
    state = saved()
    try:
        assert all(state.is_read(i) for i in ids)
    finally:
        state.close()


async def test_undo_is_saved(library: Path) -> None:
    async with running(library) as (app, pilot):
        await goto_category(pilot, "English", "Notes")
        await pilot.press("j")
        target = app.main_screen.sidebar.cursor_article
        await pilot.press("r", "u")  # read, then undone
        await pilot.press("b", "b")  # bookmarked, then not
    state = saved()
    try:
        assert not state.is_read(target.id)
        assert not state.is_bookmarked(target.id)
    finally:
        state.close()


async def test_delayed_mark_read_saves_after_the_delay_only(library: Path) -> None:
    async with running(library, Config(mark_read="delay", mark_read_delay=1.5)) as (app, pilot):
        await goto_category(pilot, "English", "Notes")
        await pilot.press("j", "enter")
        await settle(pilot)
        article = app.main_screen.reader.article
        assert not app.main_screen.state.is_read(article.id)
        await pilot.pause(2.0)
    state = saved()
    try:
        assert state.is_read(article.id)
    finally:
        state.close()
