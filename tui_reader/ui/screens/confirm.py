"""A small yes/no (or several-choice) dialog, used before marking many articles read.

The button focused first is the least destructive one (Cancel unless the caller names a milder
choice), so that a stray enter never does more than the user asked for; left/right and h/l move
between the buttons as tab does.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static
from textual.widgets.button import ButtonVariant

CANCEL = "cancel"


def dialog_css(name: str) -> str:
    """The frame of a small dialog screen class `name`: a box in the middle of the screen."""
    return f"""
    {name} {{ align: center middle; }}
    {name} > Vertical {{
        width: 70;
        max-width: 100%;
        height: auto;
        border: round $accent;
        background: $surface;
        padding: 1 2;
    }}
    """


class ConfirmScreen(ModalScreen[str | None]):
    """Asks `question`; dismisses with the id of the chosen button, or None on escape."""

    DEFAULT_CSS = (
        dialog_css("ConfirmScreen")
        + """
    ConfirmScreen #confirm-question { padding-bottom: 1; }
    ConfirmScreen Horizontal { height: auto; align-horizontal: right; }
    ConfirmScreen Button { margin-left: 1; }
    """
    )

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,n", "cancel", "Cancel", id="confirm.cancel"),
        Binding("left,h", "move(-1)", "Previous button", show=False, id="confirm.previous"),
        Binding("right,l", "move(1)", "Next button", show=False, id="confirm.next"),
    ]

    def __init__(
        self, question: str, choices: list[tuple[str, str]], default: str = CANCEL
    ) -> None:
        """`choices` are (button id, label); `default` is the id of the button focused first."""
        super().__init__()
        self.question = question
        self.choices = choices
        self.default = default

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text(self.question), id="confirm-question")
            with Horizontal():
                for choice, label in self.choices:
                    variant: ButtonVariant = "primary" if choice == self.default else "default"
                    yield Button(label, id=choice, variant=variant)
                yield Button("Cancel", id=CANCEL)

    def on_mount(self) -> None:
        self.query_one(f"#{self.default}", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(None if event.button.id == CANCEL else event.button.id)

    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_move(self, step: int) -> None:
        """Focus the button `step` places along, stopping at either end (no wrap-around)."""
        buttons = list(self.query(Button))
        focused = self.focused
        index = buttons.index(focused) if isinstance(focused, Button) else 0
        buttons[max(0, min(len(buttons) - 1, index + step))].focus()


def mark_read_dialog(name: str | None, in_category: int, everything: int) -> ConfirmScreen:
    """The `A` dialog: the cursor's category `name` has `in_category` unread, the library
    `everything`. The category is the default when it has unread articles; otherwise the
    question says so and Cancel keeps the focus, with "Everything" only a choice to move to."""
    choices = []
    if name is not None and in_category:
        choices.append(("category", f"“{name}” ({in_category:,})"))
    choices.append(("all", f"Everything ({everything:,})"))
    if choices[0][0] == "category":
        return ConfirmScreen("Mark these articles read? (u undoes it)", choices, "category")
    where = f"“{name}” has" if name is not None else "Here are"
    question = f"{where} no unread articles. Mark the whole library read? (u undoes it)"
    return ConfirmScreen(question, choices)
