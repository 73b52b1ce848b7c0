"""The links screen: an article's links, numbered as in the text, to open or copy.

A modal over the reader. Typing a link's number moves to it (digits typed within a second make
one number); enter (or a click) opens the highlighted address in the browser or mail program (a
console browser runs with the reader suspended); `c` copies it to the clipboard; Escape closes.
Addresses the policy refuses (`javascript:`, `file:` …) are listed with the reason and can be
copied but never opened. The first `MAX_LISTED` links are listed (the title says how many there
are): a list of 130,000 was built on the UI thread for 11 s. Every label is a rich `Text`, so
brackets in link text or addresses are never read as markup.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence

from rich.text import Text
from textual import events
from textual.app import App, ComposeResult, SuspendNotSupported
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from tui_reader.core.links import check_url, find_browser, open_url, run_in_terminal
from tui_reader.render.article import Link

KIND_LABELS = {"source": "article page", "image": "image", "link": ""}
DIGITS = frozenset("0123456789")
NUMBER_PAUSE = 1.0  # seconds: a digit typed later than this after the last starts a new number
# Links listed at most: an article of 130,000 links built its list on the UI thread for 11 s.
MAX_LISTED = 1000


def open_link(app: App[object], url: str) -> str | None:
    """Open `url`: in a served reader, in the user's web browser (Textual sends it to the page);
    else a console browser in this terminal with the app suspended, else in the background
    (`core.links.open_url`). None, or why it was not opened."""
    if served(app):  # nothing may start on the serving machine
        if reason := check_url(url):
            return reason
        app.open_url(url)
        return None
    browser = find_browser(url)
    if browser is not None and browser.console:
        return run_suspended(app, browser.command)
    return open_url(url)


def served(app: App[object]) -> bool:
    """The reader is drawn in a web browser (`ReaderApp.served`; any app under a web driver)."""
    return bool(getattr(app, "served", False)) or app.is_web


def run_suspended(app: App[object], command: list[str]) -> str | None:
    """Hand the terminal to `command` until it ends, then redraw the app."""
    try:
        with app.suspend():
            return run_in_terminal(command)
    except SuspendNotSupported:
        return "this terminal cannot be handed to a console browser; copy the address instead"


class LinksScreen(ModalScreen[None]):
    """Lists `links`; `opener` (by default `open_link`) returns None or why not."""

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
        opener: Callable[[str], str | None] | None = None,
        clock: Callable[[], float] = time.monotonic,
        name: str | None = None,
    ) -> None:
        super().__init__(name=name)
        self.links = list(links)
        self.listed = self.links[:MAX_LISTED]  # the first ones, in the article's order
        self.opener = opener or (lambda url: open_link(self.app, url))
        self.clock = clock
        self.typed = ""  # the digits of the number being typed
        self.typed_at = float("-inf")

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(Text(links_title(len(self.links))), id="links-title")
            if self.listed:
                yield OptionList(*(link_option(link) for link in self.listed), id="links-list")
            else:
                yield Label(Text("This article has no links."))
            yield Label(Text("a number picks · enter open · c copy · esc close"), id="links-help")

    def on_key(self, event: events.Key) -> None:
        if event.character not in DIGITS or not self.links:
            return
        event.stop()
        now = self.clock()
        number = self.typed + event.character if now - self.typed_at <= NUMBER_PAUSE else ""
        if self.select_number(number):
            self.typed = number
        elif self.select_number(event.character):  # no such link: the digit starts a new number
            self.typed = event.character
        else:
            self.typed = ""
        self.typed_at = now

    def select_number(self, typed: str) -> bool:
        """Highlight the link numbered `typed`; False when there is none."""
        numbers = [link.number for link in self.listed]
        if not typed or int(typed) not in numbers:
            return False
        self.query_one(OptionList).highlighted = numbers.index(int(typed))
        return True

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self._open(self.listed[event.option_index])

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
        return self.listed[index] if index is not None else None

    def _open(self, link: Link) -> None:
        reason = self.opener(link.url)
        if reason:
            self.notify(f"Link {link.number} not opened: {reason}", severity="warning",
                        markup=False)  # fmt: skip
        else:
            self.notify(f"Opening link {link.number}", markup=False)


def links_title(count: int) -> str:
    """ "Links (12)", or past `MAX_LISTED` how many are listed of how many."""
    if count <= MAX_LISTED:
        return f"Links ({count})"
    return f"Links ({count:,}: the first {MAX_LISTED:,} are listed)"


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
