"""The copies of a story (`C`): the same news item as each source carries it, to read another.

One row a copy, earliest first: read or not, its source, date and title; the open one is marked.
`enter` opens the highlighted copy, `escape` goes back. The screen dismisses with the id of the
copy to open, or None.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from tui_reader.core.library.api import Article
from tui_reader.core.search.api import source_of
from tui_reader.core.wording import counted


def copy_prompt(article: Article, is_open: bool, read: bool) -> Text:
    """`▶ ✓ IT之家 · 2022-12-05 · title`: open, read, source, date, title."""
    when = article.date.astimezone().strftime("%Y-%m-%d %H:%M") if article.date else "undated"
    line = Text("▶ " if is_open else "  ")
    line.append("✓ " if read else "• ", style="dim" if read else "bold")
    line.append(source_of(article) or "?", style="bold")
    line.append(f" · {when} · ", style="italic")
    line.append(article.title)
    return line


class CopiesScreen(ModalScreen[str | None]):
    """The copies of one story; dismisses with the id of the one chosen, or None."""

    DEFAULT_CSS = """
    CopiesScreen { align: center middle; }
    CopiesScreen > Vertical {
        width: 90%;
        max-width: 120;
        height: auto;
        max-height: 80%;
        border: round $primary;
        background: $surface;
        padding: 0 1;
    }
    CopiesScreen #copies-title { text-style: bold; padding: 0 0 1 0; }
    CopiesScreen OptionList, CopiesScreen OptionList:focus { height: auto; border: none; }
    CopiesScreen #copies-help { color: $text-muted; padding: 1 0 0 0; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,C", "close", "Close", id="copies.close"),
    ]

    def __init__(self, copies: list[Article], open_id: str, is_read: Callable[[str], bool]) -> None:
        super().__init__()
        self.copies = copies
        self.open_id = open_id
        self.is_read = is_read

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(
                f"One story, {counted(len(self.copies), 'copy', 'copies')}", id="copies-title"
            )
            yield OptionList(
                *(
                    Option(copy_prompt(a, a.id == self.open_id, self.is_read(a.id)), id=a.id)
                    for a in self.copies
                ),
                id="copies-list",
            )
            yield Static("enter reads the copy · escape goes back", id="copies-help")

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        ids = [a.id for a in self.copies]
        options.highlighted = ids.index(self.open_id) if self.open_id in ids else 0
        options.focus()

    @on(OptionList.OptionSelected, "#copies-list")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option_id)

    def action_close(self) -> None:
        self.dismiss(None)
