"""SVG snapshots of the main screens over the fixture library (pytest-textual-snapshot).

Regenerate after an intended change with `pytest tests/ui/test_snapshots.py --snapshot-update`
and look at the report. Dates show in UTC and the folders have fixed names, so the pictures are
the same on every machine.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from ui_support import SIZE, goto_category, make_app, make_library, settle


@pytest.fixture(autouse=True)
def utc(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()


@pytest.fixture
def library(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    make_library(tmp_path / "library")
    return Path("library")


def test_main_screen(snap_compare, library: Path) -> None:
    async def run_before(pilot) -> None:
        await settle(pilot)
        await goto_category(pilot, "新媒体", "Aljazeera 半岛网", "新闻")
        await pilot.press("j", "enter")
        await settle(pilot)

    assert snap_compare(make_app(library), terminal_size=SIZE, run_before=run_before)


def test_english_article(snap_compare, library: Path) -> None:
    async def run_before(pilot) -> None:
        await settle(pilot)
        await goto_category(pilot, "English", "Notes")
        await pilot.press("j", "b", "enter")
        await settle(pilot)

    assert snap_compare(make_app(library), terminal_size=SIZE, run_before=run_before)


def test_help_screen(snap_compare, library: Path) -> None:
    async def run_before(pilot) -> None:
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()

    assert snap_compare(make_app(library), terminal_size=SIZE, run_before=run_before)


def test_problems_view(snap_compare, library: Path) -> None:
    async def run_before(pilot) -> None:
        await settle(pilot)
        await pilot.press("P")
        await settle(pilot)  # the screen is imported and mounted on first use

    assert snap_compare(make_app(library), terminal_size=SIZE, run_before=run_before)


def test_empty_library(snap_compare, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("empty-library").mkdir()

    async def run_before(pilot) -> None:
        await settle(pilot)

    app = make_app(Path("empty-library"))
    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_small_terminal(snap_compare, library: Path) -> None:
    async def run_before(pilot) -> None:
        await settle(pilot)
        await goto_category(pilot, "English", "Long")
        await pilot.press("j", "enter")
        await settle(pilot)

    assert snap_compare(make_app(library), terminal_size=(80, 24), run_before=run_before)
