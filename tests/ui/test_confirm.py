"""The confirm dialog (`A`, deleting a saved search): which button has the focus first, and
left/right and h/l moving between the buttons, driven with Pilot on the fixture library."""

from __future__ import annotations

from pathlib import Path

from textual.app import App, ComposeResult
from textual.widgets import Button, Static
from ui_support import SIZE, make_app, settle

from tui_reader.ui.model.tree_data import CategoryNode
from tui_reader.ui.screens.confirm import ConfirmScreen


async def goto_category(pilot, name: str) -> None:
    for _ in range(200):
        data = pilot.app.main_screen.sidebar.cursor_node.data
        if isinstance(data, CategoryNode) and data.category.path == (name,):
            return
        await pilot.press("j")
    raise AssertionError(f"category {name} not found")


def focused_id(app) -> str | None:
    return app.screen.focused.id if isinstance(app.screen.focused, Button) else None


def question(app) -> str:
    return str(app.screen.query_one("#confirm-question", Static).render())


async def press_a_on_english(pilot) -> None:
    """Settle, move to the English category and press `A`: the dialog is up."""
    await settle(pilot)
    await goto_category(pilot, "English")
    await pilot.press("A")
    await pilot.pause()
    assert isinstance(pilot.app.screen, ConfirmScreen)


async def test_category_choice_first_and_arrows_move(library: Path) -> None:
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await press_a_on_english(pilot)
        assert focused_id(app) == "category"
        await pilot.press("right")
        assert focused_id(app) == "all"
        await pilot.press("l")
        assert focused_id(app) == "cancel"
        await pilot.press("right")  # stays on the last button
        assert focused_id(app) == "cancel"
        await pilot.press("h")
        assert focused_id(app) == "all"
        await pilot.press("left", "left")
        assert focused_id(app) == "category"
        unread = app.main_screen.model.unread
        await pilot.press("l", "l", "enter")  # Cancel
        await pilot.pause()
        assert not isinstance(app.screen, ConfirmScreen)
        assert app.main_screen.model.unread == unread


async def test_read_category_asks_about_everything_with_cancel_first(library: Path) -> None:
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await press_a_on_english(pilot)
        await pilot.press("enter")  # the category
        await pilot.pause()
        english = app.main_screen.model.find(("English",))
        assert english.unread == 0
        unread = app.main_screen.model.unread
        assert unread > 0

        await pilot.press("A")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        assert "“English” has no unread articles" in question(app)
        assert [b.id for b in app.screen.query(Button)] == ["all", "cancel"]
        assert focused_id(app) == "cancel"
        await pilot.press("right", "enter")  # right from Cancel stays on Cancel
        await pilot.pause()
        assert app.main_screen.model.unread == unread

        await pilot.press("A")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert app.main_screen.model.unread == unread

        await pilot.press("A")
        await pilot.pause()
        await pilot.press("left", "enter")  # Everything, chosen on purpose
        await pilot.pause()
        assert app.main_screen.model.unread == 0


class DialogApp(App[None]):
    def __init__(self) -> None:
        super().__init__()
        self.answers: list[str | None] = []

    def compose(self) -> ComposeResult:
        yield Static("behind")

    def on_mount(self) -> None:
        self.push_screen(ConfirmScreen("Delete?", [("delete", "Delete")]), self.answers.append)


async def test_cancel_is_the_default_of_a_plain_dialog() -> None:
    app = DialogApp()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert focused_id(app) == "cancel"
        await pilot.press("enter")
        await pilot.pause()
        assert app.answers == [None]
        app.push_screen(ConfirmScreen("Delete?", [("delete", "Delete")]), app.answers.append)
        await pilot.pause()
        await pilot.press("h", "enter")
        await pilot.pause()
        assert app.answers == [None, "delete"]
