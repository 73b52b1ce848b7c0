"""Find in a large article marks its matches in a worker: the UI thread never runs the marking.

Marking a 1 MB article's matches took the UI thread most of a second on every key typed and every
step between matches. Small articles are still marked at once (no flash of unmarked text).
"""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from ui_support import article, make_library, running, settle, write

from tui_reader.ui.widgets.reader import marks as reader_marks
from tui_reader.ui.widgets.reader.marks import LARGE

BODY = "\n".join(
    f"<p>Line {n}: filler words to make the article long. Needle {n}.</p>" for n in range(600)
)


@pytest.fixture
def marking_threads(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Whether each call of the pane's `mark` ran on the main thread."""
    on_main: list[bool] = []
    mark = reader_marks.mark

    def recording(*args: object, **kwargs: object) -> object:
        on_main.append(threading.current_thread() is threading.main_thread())
        return mark(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(reader_marks, "mark", recording)
    return on_main


async def find(pilot, text: str) -> None:  # type: ignore[no-untyped-def]
    pilot.app.main_screen.reader.open_find()
    await pilot.pause()
    for char in text:
        await pilot.press("space" if char == " " else char)


def count_label(app) -> str:  # type: ignore[no-untyped-def]
    return str(app.main_screen.reader.query_one("#find-count").render())


async def open_titled(pilot, title: str) -> None:  # type: ignore[no-untyped-def]
    screen = pilot.app.main_screen
    screen.open_article(next(a for a in screen.model.articles.values() if a.title == title), None)
    await settle(pilot)


async def test_a_large_article_is_marked_off_the_ui_thread(
    tmp_path: Path, marking_threads: list[bool]
) -> None:
    root = make_library(tmp_path / "library", samples=False)
    write(root / "big/big.md", article("Big one", "2024-05-01 09:00:00 +0000", " - Big", BODY))
    async with running(root) as (app, pilot):
        await open_titled(pilot, "Big one")
        reader = app.main_screen.reader
        assert len(reader.rendered.plain_text) > LARGE
        await find(pilot, "needle 59")
        await settle(pilot)
        assert reader.find.count == 11 and count_label(app) == "11 matches"
        await pilot.press("enter")
        await settle(pilot)
        assert count_label(app) == "1/11"
        await pilot.press("down", "down")  # two steps, the second while the first is marked
        await settle(pilot)
        assert count_label(app) == "3/11" and reader.find.marks.current == reader.find.order[2][1]
    assert marking_threads and not any(marking_threads)


async def test_a_small_article_is_still_marked_at_once(
    tmp_path: Path, marking_threads: list[bool]
) -> None:
    async with running(make_library(tmp_path / "library", samples=False)) as (app, pilot):
        await open_titled(pilot, "First short note")
        await find(pilot, "note")
        await settle(pilot)
        assert count_label(app) == "1 match"
    assert marking_threads and all(marking_threads)


async def test_opening_find_loads_the_script_tables_off_the_ui_thread(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tui_reader.core.search import scripts

    loaded_on_main: list[bool] = []
    classes = scripts._classes

    def recording() -> list[str]:
        loaded_on_main.append(threading.current_thread() is threading.main_thread())
        return classes()

    monkeypatch.setattr(scripts, "_classes", recording)
    monkeypatch.setattr(scripts, "_tables", None)  # as in a reader that has not searched yet
    async with running(make_library(tmp_path / "library", samples=False)) as (app, pilot):
        await open_titled(pilot, "First short note")
        app.main_screen.reader.open_find()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert loaded_on_main == [False]  # loaded once, by the worker, before anything is typed
        await find(pilot, "剧场")
        await settle(pilot)
    assert loaded_on_main == [False]
