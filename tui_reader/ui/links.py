"""The links screen: an article's links, numbered as in the text, to open or copy.

A modal over the reader. Enter (or a click) opens the highlighted address in the browser or mail
program, `c` copies it to the clipboard, Escape closes. Addresses the policy refuses
(`javascript:`, `file:` …) are listed with the reason and can be copied but never opened.
Every label is a rich `Text`, so brackets in link text or addresses are never read as markup.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from tui_reader.core.links import check_url, open_url
from tui_reader.render.article import Link

KIND_LABELS = {"source": "article page", "image": "image", "link": ""}


class LinksScreen(ModalScreen[None]):
    """Lists `links`; `opener` (by default `core.links.open_url`) returns None or why not."""

    DEFAULT_CSS = """
    LinksScreen {
        align: center middle;
    }
    LinksScreen > Vertical {
        width: 90%;
        max-width: 120;
        height: 80%;
        border: thick $primary;
        background: $surface;
        padding: 0 1;
    }
    LinksScreen #links-title {
        text-style: bold;
        padding-bottom: 1;
    }
    LinksScreen OptionList {
        height: 1fr;
    }
    LinksScreen #links-help {
        color: $text-muted;
        padding-top: 1;
    }
    """

    BINDINGS = [
        Binding("escape,q", "close", "Close", id="links.close"),
        Binding("c", "copy", "Copy address", id="links.copy"),
        Binding("o", "open", "Open", id="links.open"),
    ]

    def __init__(
        self,
        links: Sequence[Link],
        *,
        opener: Callable[[str], str | None] = open_url,
        name: str | None = None,
    ) -> None:
        super().__init__(name=name)
        self.links = list(links)
        self.opener = opener

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(Text(f"Links ({len(self.links)})"), id="links-title")
            if self.links:
                yield OptionList(*(link_option(link) for link in self.links), id="links-list")
            else:
                yield Label(Text("This article has no links."))
            yield Label(Text("enter open · c copy · esc close"), id="links-help")

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self._open(self.links[event.option_index])

    def action_open(self) -> None:
        if (link := self.highlighted()) is not None:
            self._open(link)

    def action_copy(self) -> None:
        if (link := self.highlighted()) is not None:
            self.app.copy_to_clipboard(link.url)
            self.notify(f"Copied link {link.number}", markup=False)

    def action_close(self) -> None:
        self.dismiss(None)

    def highlighted(self) -> Link | None:
        """The link under the cursor, if any."""
        if not self.links:
            return None
        index = self.query_one(OptionList).highlighted
        return self.links[index] if index is not None else None

    def _open(self, link: Link) -> None:
        reason = self.opener(link.url)
        if reason:
            self.notify(f"Link {link.number} not opened: {reason}", severity="warning",
                        markup=False)  # fmt: skip
        else:
            self.notify(f"Opening link {link.number}", markup=False)


def link_option(link: Link) -> Option:
    """Two or three lines: number, text and kind; the address; the refusal reason if any."""
    prompt = Text()
    prompt.append(f"{link.number:>3}  ", "bold")
    prompt.append(link.text or "(no text)")
    if kind := KIND_LABELS.get(link.kind, link.kind):
        prompt.append(f"  ({kind})", "dim")
    prompt.append("\n     ")
    prompt.append(link.url, "dim")
    if reason := check_url(link.url):
        prompt.append(f"\n     not opened: {reason}", "italic")
    return Option(prompt, id=f"link-{link.number}")
