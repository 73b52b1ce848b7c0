"""The sidebar's width: `[` narrower and `]` wider by two columns, its right edge dragged with
the mouse, kept from 16 columns to 60% of the screen, and remembered across runs in a small file
of the user data folder — a broken or hostile file gives the default width and a warning."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from textual import events
from ui_support import make_app, running, settle

from tui_reader.core.ui_settings import load_sidebar_width, save_sidebar_width, settings_path
from tui_reader.ui.model.tree_data import CategoryNode
from tui_reader.ui.widgets.sidebar.sidebar import Sidebar

pytestmark = pytest.mark.library(samples=False)

SIZE = (100, 30)  # the layout's own width there: 38% of 100 columns


def notices(app) -> list[str]:  # type: ignore[no-untyped-def]
    return [n.message for n in app._notifications]


def remembered() -> object:
    return json.loads(settings_path().read_text(encoding="utf-8"))["sidebar_width"]


# -- the file -------------------------------------------------------------------------------------


def test_a_width_is_written_atomically_and_read_back(tmp_path: Path) -> None:
    path = tmp_path / "deeper" / "ui-settings.json"
    assert load_sidebar_width(path) == (None, "")  # no file: no width, no warning
    assert save_sidebar_width(44, path) == ""
    assert load_sidebar_width(path) == (44, "")
    path.write_text(json.dumps({"sidebar_width": 30, "other": [1, 2]}), encoding="utf-8")
    assert save_sidebar_width(50, path) == ""
    assert json.loads(path.read_text(encoding="utf-8")) == {"sidebar_width": 50, "other": [1, 2]}
    assert sorted(p.name for p in path.parent.iterdir()) == ["ui-settings.json"]  # no temp left


@pytest.mark.parametrize(
    ("content", "why"),
    [
        (b"{not json", "not valid JSON"),
        (b"\xff\xfe\x00garbage", "not valid JSON"),
        (b"[" * 200_00 + b"]" * 200_00, "not valid JSON"),  # nested past the recursion limit
        (b"[40]", "not a JSON object"),
        (b'{"sidebar_width": "40"}', "is not a width"),
        (b'{"sidebar_width": true}', "is not a width"),
        (b'{"sidebar_width": -3}', "is not a width"),
        (b'{"sidebar_width": 1e400}', "is not a width"),
        (b'{"sidebar_width": 99999999999999999999999}', "is not a width"),
        (b'{"sidebar_width": "\\u001b[2J' + b"x" * 500 + b'"}', "is not a width"),
        (b" " * 70_000 + b'{"sidebar_width": 40}', "too big"),
    ],
)
def test_a_broken_file_gives_no_width_and_a_one_line_warning(
    tmp_path: Path, content: bytes, why: str
) -> None:
    path = tmp_path / "ui-settings.json"
    path.write_bytes(content)
    width, warning = load_sidebar_width(path)
    assert width is None
    assert why in warning and "ui-settings.json" in warning
    assert "\n" not in warning and "\x1b" not in warning and len(warning) < 120
    assert save_sidebar_width(30, path) == ""  # replaced by a good one
    assert load_sidebar_width(path) == (30, "")


def test_what_is_not_a_regular_file_is_not_read(tmp_path: Path) -> None:
    folder = tmp_path / "a-folder.json"
    folder.mkdir()
    assert load_sidebar_width(folder)[1].endswith("not a regular file: the default sidebar "
                                                  "width is used")  # fmt: skip
    fifo = tmp_path / "fifo.json"
    os.mkfifo(fifo)  # reading it would wait forever for a writer
    assert load_sidebar_width(fifo) == (None, load_sidebar_width(folder)[1])
    assert save_sidebar_width(30, folder).startswith("Sidebar width not saved")


def test_a_width_that_cannot_be_written_says_why(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    problem = save_sidebar_width(30, blocker / "ui-settings.json")  # its folder is a file
    assert problem.startswith("Sidebar width not saved: ")


# -- keys -----------------------------------------------------------------------------------------


async def test_brackets_narrow_and_widen_the_sidebar_within_bounds(library: Path) -> None:
    async with running(library, size=SIZE) as (app, pilot):
        sidebar = app.main_screen.sidebar
        start = sidebar.outer_size.width
        assert start == 38
        await pilot.press("right_square_bracket")
        await pilot.pause()
        assert sidebar.outer_size.width == start + 2
        assert remembered() == start + 2
        await pilot.press("left_square_bracket", "left_square_bracket")
        await pilot.pause()
        assert sidebar.outer_size.width == start - 2
        assert app.main_screen.reader.region.x == start - 2  # the reading pane takes the rest
        await pilot.press(*["left_square_bracket"] * 20)
        await pilot.pause()
        assert sidebar.outer_size.width == 16 and remembered() == 16
        await pilot.press("tab", *["right_square_bracket"] * 40)  # from the reading pane too
        await pilot.pause()
        assert app.main_screen.reader.has_focus
        assert sidebar.outer_size.width == 60 and remembered() == 60  # 60% of 100 columns
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert sidebar.outer_size.width == 48  # 60% of 80: the bound follows the screen
        assert remembered() == 60


async def test_the_keys_do_nothing_while_the_sidebar_is_hidden(library: Path) -> None:
    async with running(library, size=SIZE) as (app, pilot):
        sidebar = app.main_screen.sidebar
        titles = [c.title for c in app.get_system_commands(app.main_screen)]
        assert "Wider sidebar" in titles and "Narrower sidebar" in titles
        await pilot.press("backslash", "right_square_bracket")
        await pilot.pause()
        assert not sidebar.display and not settings_path().exists()
        titles = [c.title for c in app.get_system_commands(app.main_screen)]
        assert "Wider sidebar" not in titles
        await pilot.press("backslash")
        await pilot.pause()
        assert sidebar.display and sidebar.outer_size.width == 38


# -- the mouse ------------------------------------------------------------------------------------


async def mouse(pilot, kind: type[events.MouseEvent], x: int, y: int, button: int = 1) -> None:  # type: ignore[no-untyped-def]
    """A mouse event as the terminal's driver gives it to the app (Pilot's own mouse methods
    go around the app: no click follows a press and a release on one widget)."""
    arguments = {"delta_x": 0, "delta_y": 0, "shift": False, "meta": False, "ctrl": False}
    event = kind(None, x, y, button=button, screen_x=x, screen_y=y, **arguments)
    pilot.app.post_message(event)
    await pilot.pause()


async def test_dragging_the_right_edge_resizes_and_remembers(library: Path) -> None:
    async with running(library, size=SIZE) as (app, pilot):
        main = app.main_screen
        sidebar = main.sidebar
        cursor = sidebar.cursor_line
        edge = sidebar.region.right - 1
        assert edge == 37
        await mouse(pilot, events.MouseDown, edge, 3)
        await mouse(pilot, events.MouseMove, edge + 12, 8)
        await pilot.pause()
        assert sidebar.outer_size.width == 50  # follows the mouse as it moves
        assert sidebar.has_class("-resizing")
        await mouse(pilot, events.MouseMove, edge - 30, 8)
        await pilot.pause()
        assert sidebar.outer_size.width == 16  # no narrower than that
        await mouse(pilot, events.MouseMove, edge + 7, 8)
        await mouse(pilot, events.MouseUp, edge + 7, 8)
        await settle(pilot)
        assert sidebar.outer_size.width == 45 and remembered() == 45
        assert not sidebar.has_class("-resizing") and not app.mouse_captured
        assert sidebar.cursor_line == cursor and main.reader.article is None  # no row chosen
        await mouse(pilot, events.MouseMove, edge + 20, 8, button=0)  # released: no resizing
        await pilot.pause()
        assert sidebar.outer_size.width == 45
        expanded = [n.is_expanded for n in sidebar.root.children]
        assert cursor == 0 and sidebar.get_node_at_line(1) is not None
        await mouse(pilot, events.MouseDown, 44, 1)  # its edge again, to the narrowest
        await mouse(pilot, events.MouseMove, 4, 1)
        await mouse(pilot, events.MouseUp, 4, 1)  # on a row: the end of a drag, not a click on it
        await settle(pilot)
        assert sidebar.outer_size.width == 16 and remembered() == 16
        assert sidebar.cursor_line == cursor
        assert [n.is_expanded for n in sidebar.root.children] == expanded
        await mouse(pilot, events.MouseDown, 4, 1)  # a click on that row is one
        await mouse(pilot, events.MouseUp, 4, 1)
        await settle(pilot)
        assert sidebar.cursor_line == 1 and sidebar.outer_size.width == 16


async def test_a_click_on_a_row_is_still_a_click(library: Path) -> None:
    async with running(library, size=SIZE) as (app, pilot):
        sidebar = app.main_screen.sidebar
        line = next(i for i in range(20) if isinstance(sidebar.get_node_at_line(i).data,
                                                       CategoryNode))  # fmt: skip
        await pilot.click(Sidebar, offset=(4, line))
        await settle(pilot)
        assert sidebar.cursor_line == line
        assert sidebar.outer_size.width == 38 and not settings_path().exists()


# -- across runs ----------------------------------------------------------------------------------


async def test_the_width_is_there_again_at_the_next_start(library: Path) -> None:
    async with running(library, size=SIZE) as (app, pilot):
        await pilot.press(*["right_square_bracket"] * 3)
        await pilot.pause()
        assert app.main_screen.sidebar.outer_size.width == 44
    async with running(library, size=SIZE) as (app, pilot):
        assert app.main_screen.sidebar.outer_size.width == 44
        assert notices(app) == [n for n in notices(app) if "ui-settings" not in n]
    async with running(library, size=(60, 24)) as (app, pilot):  # too narrow for 44 now
        assert app.main_screen.sidebar.outer_size.width == 36
    async with running(library, size=SIZE) as (app, pilot):  # and back
        assert app.main_screen.sidebar.outer_size.width == 44


async def test_a_corrupt_width_file_gives_the_default_and_a_warning(library: Path) -> None:
    path = settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b'{"sidebar_width": [\x00')
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.main_screen.sidebar.outer_size.width == 38
        warnings = [n for n in notices(app) if "ui-settings.json" in n]
        assert warnings == ["ui-settings.json: not valid JSON: the default sidebar width is used"]
        await pilot.press("right_square_bracket")
        await pilot.pause()
        assert remembered() == 40  # the broken file is replaced
    assert app.return_code in (0, None)
