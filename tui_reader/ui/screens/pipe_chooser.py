"""Choosing the `[pipe]` command to send the open article to: a small list over the reader.

Each entry is the command's name with its arguments after it (dim), so two commands that differ
only in an option can be told apart. Enter (or a click) picks; escape goes back to the article.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from tui_reader.core.pipe.api import PipeCommand
from tui_reader.core.sanitize import visible_name


class PipeChooser(ModalScreen[str | None]):
    """Lists `commands`; dismisses with the chosen one's name, or None."""

    DEFAULT_CSS = """
    PipeChooser { align: center middle; }
    PipeChooser > Vertical {
        width: 70;
        max-width: 100%;
        height: auto;
        max-height: 80%;
        border: round $accent;
        background: $surface;
        padding: 0 1;
    }
    PipeChooser #pipe-chooser-title { text-style: bold; padding-bottom: 1; }
    PipeChooser OptionList { height: auto; max-height: 20; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Back to the article", id="pipe_chooser.cancel"),
    ]

    def __init__(self, title: str, commands: list[PipeCommand]) -> None:
        super().__init__()
        self.title_text = title
        self.commands = commands

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(Text(self.title_text), id="pipe-chooser-title")
            yield OptionList(*(_option(command) for command in self.commands))

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)


def _option(command: PipeCommand) -> Option:
    label = Text(command.name, "bold")
    label.append("  " + visible_name(" ".join(command.argv)), "dim")
    return Option(label, id=command.name)
