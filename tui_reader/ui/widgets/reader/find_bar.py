"""The find bar: a one-line input docked at the bottom of the reading pane, with a match count.

It only collects what the user types and which way to step; the reading pane owns the article,
finds the matches and scrolls to them, and tells the bar what to show ("3/17").
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Input, Static


class FindBar(Horizontal):
    """Find in the article; hidden until `open` is called."""

    DEFAULT_CSS = """
    FindBar {
        dock: bottom;
        height: 1;
        display: none;
        background: $panel;
    }
    FindBar.-open { display: block; }
    FindBar > #find-label { width: auto; padding: 0 1; color: $text-muted; }
    FindBar > Input {
        width: 1fr;
        height: 1;
        border: none;
        padding: 0;
        background: $panel;
    }
    FindBar > Input:focus { border: none; background: $boost; }
    FindBar > #find-count { width: auto; min-width: 10; padding: 0 1; color: $text-muted; }
    FindBar > #find-count.-none { color: $text-error; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close find", id="find.close"),
        Binding("shift+enter,shift+f3,up", "step(-1)", "Previous match", id="find.previous"),
        Binding("f3,down", "step(1)", "Next match", id="find.next"),
    ]

    class Changed(Message):
        """The text to find changed. Handle with `on_find_bar_changed`."""

        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    class Stepped(Message):
        """Go to the next (1) or previous (-1) match. Handle with `on_find_bar_stepped`."""

        def __init__(self, step: int) -> None:
            super().__init__()
            self.step = step

    class Closed(Message):
        """The bar was closed (escape). Handle with `on_find_bar_closed`."""

    def compose(self) -> ComposeResult:
        yield Static("Find:", id="find-label")
        yield Input(placeholder="text in this article", id="find-input")
        yield Static("", id="find-count")

    @property
    def is_open(self) -> bool:
        return self.has_class("-open")

    @property
    def text(self) -> str:
        return self.query_one(Input).value

    def open(self) -> None:
        """Show the bar and focus its input (the previous text is kept, selected)."""
        self.add_class("-open")
        search_input = self.query_one(Input)
        search_input.focus()
        search_input.select_all()

    def close(self) -> None:
        self.remove_class("-open")
        self.query_one(Input).value = ""
        self.show_count(0, 0)

    def show_count(self, current: int, total: int, found: int | None = None) -> None:
        """`current` from 1 (0: none chosen yet) of `total` matches marked, of `found` in all
        (more than `total` when only the first ones are marked; the same when not given)."""
        count = self.query_one("#find-count", Static)
        count.update(Text(count_label(self.text, current, total, found)))
        count.set_class(bool(self.text.strip()) and total == 0, "-none")

    @on(Input.Changed, "#find-input")
    def _changed(self, event: Input.Changed) -> None:
        event.stop()
        self.post_message(self.Changed(event.value))

    @on(Input.Submitted, "#find-input")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.post_message(self.Stepped(1))

    def action_step(self, step: int) -> None:
        self.post_message(self.Stepped(step))

    def action_close(self) -> None:
        self.close()
        self.post_message(self.Closed())


def count_label(text: str, current: int, total: int, found: int | None = None) -> str:
    """What the count says: "no matches", "1,204 matches", "3/1,204", or past the marked ones
    "52,000 matches, 10,000 marked" and "3/10,000+"."""
    found = total if found is None else max(found, total)
    if not text.strip():
        return ""
    if found == 0:
        return "no matches"
    more = found > total
    if current:
        return f"{current:,}/{total:,}{'+' if more else ''}"
    label = f"{found:,} match{'es' if found != 1 else ''}"
    return f"{label}, {total:,} marked" if more else label
