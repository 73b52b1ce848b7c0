"""The `t` dialog: tags to add (`later`) and to remove (`-later`), several at once, with the
tags in use offered as completions (right arrow or tab takes one).

What is typed is split on spaces and commas; each word is a tag name in any case (tags are kept
in lower case, see `core.state.log.tag_name`), or `-name` to take the tag off. The dialog shows
the tags already there (of the article, or of the articles of a list with their counts) and
dismisses with the edit, or None on escape.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.suggester import Suggester
from textual.widgets import Input, Static

from tui_reader.core.state.api import checked_tag
from tui_reader.ui.screens.confirm import dialog_css

_WORDS = re.compile(r"[\s,]+")


@dataclass(frozen=True, slots=True)
class TagEdit:
    """Tags to add and to remove (canonical names), and the words that cannot be tags."""

    add: tuple[str, ...] = ()
    remove: tuple[str, ...] = ()
    refused: list[str] = field(default_factory=list)  # why each bad word was refused

    def __bool__(self) -> bool:
        return bool(self.add or self.remove)

    def describe(self) -> str:
        parts = []
        if self.add:
            parts.append("add " + ", ".join(self.add))
        if self.remove:
            parts.append("remove " + ", ".join(self.remove))
        return "; ".join(parts)


def parse_tag_edit(text: str) -> TagEdit:
    """`later -old, 芯片` as the tags to add (`later`, `芯片`) and to remove (`old`); a tag both
    added and removed is removed (the later word wins)."""
    wanted: dict[str, bool] = {}
    refused: list[str] = []
    for word in _WORDS.split(text.strip()):
        if not word or word == "-":
            continue
        on = not word.startswith("-")
        try:
            name = checked_tag(word if on else word[1:])
        except ValueError as error:
            refused.append(str(error))
            continue
        wanted.pop(name, None)
        wanted[name] = on
    add = tuple(name for name, on in wanted.items() if on)
    remove = tuple(name for name, on in wanted.items() if not on)
    return TagEdit(add, remove, refused)


class TagSuggester(Suggester):
    """Completes the word being typed (after a `-` too) from the tags in use."""

    def __init__(self, tags: Iterable[str]) -> None:
        super().__init__(use_cache=False, case_sensitive=True)
        self.tags = sorted(tags)

    async def get_suggestion(self, value: str) -> str | None:
        start = max(value.rfind(" "), value.rfind(",")) + 1
        word = value[start:].removeprefix("-").lower()
        if not word:
            return None
        for tag in self.tags:
            if tag.startswith(word) and tag != word:
                return value + tag[len(word) :]
        return None


class TagScreen(ModalScreen[TagEdit | None]):
    """Asks for a tag edit of `what` (an article's title, or a list and its count)."""

    DEFAULT_CSS = (
        dialog_css("TagScreen")
        + """
    TagScreen #tag-what { padding-bottom: 1; }
    TagScreen #tag-current { color: $text-muted; padding-bottom: 1; }
    TagScreen #tag-error { color: $error; }
    """
    )

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="tag.cancel"),
    ]

    def __init__(self, what: str, current: Mapping[str, int] | None, in_use: Iterable[str]) -> None:
        """`current`: the tags already there, with how many of the articles have each; None for
        a list, whose articles' tags are not gathered before asking."""
        super().__init__()
        self.what = what
        self.current = None if current is None else dict(current)
        self.in_use = list(in_use)

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text(self.what), id="tag-what")
            yield Static(Text(self._current_text()), id="tag-current")
            yield Input(
                placeholder="tags to add, -tag to remove (space between)",
                suggester=TagSuggester(self.in_use),
                id="tag-input",
            )
            yield Static("", id="tag-error")

    def _current_text(self) -> str:
        if self.current is None:  # a list: some of its articles may have tags already
            return "Tags in use: " + (", ".join(self.in_use[:12]) if self.in_use else "none yet")
        if not self.current:
            return "No tags yet." + (f" In use: {', '.join(self.in_use[:12])}" if self.in_use
                                     else "")  # fmt: skip
        counts = [name if n == 1 else f"{name} ({n:,})" for name, n in self.current.items()]
        return "Tags: " + ", ".join(counts)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        edit = parse_tag_edit(event.value)
        if edit.refused:
            self.query_one("#tag-error", Static).update(Text(edit.refused[0]))
            return
        self.dismiss(edit if edit else None)

    def action_cancel(self) -> None:
        self.dismiss(None)
