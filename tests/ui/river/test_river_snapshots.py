"""SVG snapshots of the river layout (pytest-textual-snapshot): three panes at 200×50, the list
and the article in turn at 120×40 and 80×24.

Regenerate after an intended change with
`pytest tests/ui/river/test_river_snapshots.py --snapshot-update` and look at the report. Local
time is UTC (the river conftest) and every file of the library has one fixed modification time,
so the articles dated by their file show the same date on every machine and every day.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from ui_support import make_app, make_library, settle

FILE_TIME = 1_641_000_000  # 2022-01-01, the time of every file: no article is "today"


@pytest.fixture
def library(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    root = make_library(tmp_path / "library")
    for folder, _dirs, files in os.walk(root):
        for name in files:
            os.utime(Path(folder) / name, (FILE_TIME, FILE_TIME))
    return Path("library")


async def _open_second(pilot) -> None:  # type: ignore[no-untyped-def]
    """Into All unread, onto its second row, open it."""
    await settle(pilot)
    await pilot.press("l", "j", "enter")
    await settle(pilot)


async def _list_of_english(pilot) -> None:  # type: ignore[no-untyped-def]
    """The cursor onto the English category (its list shows), then into the list."""
    await settle(pilot)
    for _ in range(4):
        await pilot.press("j")
        await settle(pilot)
    await pilot.press("enter", "j")
    await settle(pilot)


@pytest.mark.parametrize("size", [(200, 50)])
def test_three_panes(snap_compare, library: Path, size: tuple[int, int]) -> None:
    app = make_app(library, layout="river")
    assert snap_compare(app, terminal_size=size, run_before=_open_second)


@pytest.mark.parametrize("size", [(120, 40), (80, 24)])
def test_two_panes_the_list(snap_compare, library: Path, size: tuple[int, int]) -> None:
    app = make_app(library, layout="river")
    assert snap_compare(app, terminal_size=size, run_before=_list_of_english)


@pytest.mark.parametrize("size", [(120, 40), (80, 24)])
def test_two_panes_the_article(snap_compare, library: Path, size: tuple[int, int]) -> None:
    app = make_app(library, layout="river")
    assert snap_compare(app, terminal_size=size, run_before=_open_second)
