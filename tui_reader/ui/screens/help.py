"""The `?` help screen: every key of the main screen, as currently mapped (keymap applied), then
the search bar's keys and a summary of the search syntax (README's Search section has it all)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from tui_reader.ui.keys import APP_BINDINGS, BUILT_IN_KEYS, MAIN_BINDINGS, shown_keys

# The search bar's own keys, as in its screens' BINDINGS (same ids, so a remap shows here; a test
# checks they agree): the search screen's module is not imported for the help, it loads the
# query parser and the search index.
SEARCH_KEYS = [
    Binding("ctrl+o", "toggle_order", "Newest first / by relevance", id="search.order"),
    Binding("ctrl+s", "save_search", "Save: it appears in the tree", id="search.save"),
]
SEARCH_SYNTAX: list[tuple[str, str]] = [
    ("↓  enter  esc", "To the results, open one, back"),
    ('word 中文 "a phrase" semi*', "Words, Chinese, phrase, prefix"),
    ("-x  NOT x  a OR b  ( )", "Exclude, either, group"),
    ("author:x  tag:x", "Author contains x, has tag x"),
    ("cat:cnBeta  cat:新媒体/cnBeta", "Category name, at any level"),
    ("is:unread  is:read", "Reading state; is:bookmarked"),
    ("after:2022-01-31  before:2022", "Dates (not ~ file dates)"),
]


def search_rows(app: App[Any], keymap: Mapping[str, str]) -> list[tuple[str, str]]:
    """(keys or syntax, description) for the search bar, its keys with `keymap` applied."""
    keys = [(shown_keys(app, binding, keymap), binding.description) for binding in SEARCH_KEYS]
    return [*keys, *SEARCH_SYNTAX]


def key_rows(app: App[Any], keymap: Mapping[str, str]) -> list[tuple[str, str]]:
    """(keys, description) of every main-screen and app action, with `keymap` applied: from the
    bindings themselves, not the active ones, which leave out the actions that do not apply
    now (before an article is open, `r` showed for a toggle_read remapped to `x`)."""
    rows: list[tuple[str, str]] = []
    seen: set[str] = set()
    for binding in [*MAIN_BINDINGS, *APP_BINDINGS]:
        if binding.action not in seen:
            seen.add(binding.action)
            rows.append((shown_keys(app, binding, keymap), binding.description))
    return [*rows, *BUILT_IN_KEYS]


class HelpScreen(ModalScreen[None]):
    """Lists `rows` of (keys, description); any of escape, q or ? closes it."""

    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll {
        width: 72;
        max-width: 100%;
        height: auto;
        max-height: 100%;
        border: round $primary;
        background: $surface;
        padding: 0 1;
    }
    HelpScreen #help-title { text-style: bold; color: $primary; padding: 0 0 1 0; }
    HelpScreen .help-title { text-style: bold; color: $primary; padding: 1 0; }
    HelpScreen #help-footer { color: $text-muted; padding: 1 0 0 0; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark", "close", "Close", id="help.close"),
        # The main screen's ids: a key remapped there moves the help the same way.
        Binding("j", "scroll('down')", "Down", id="cursor_down", show=False),
        Binding("k", "scroll('up')", "Up", id="cursor_up", show=False),
        Binding("g", "scroll('home')", "Top", id="go_top", show=False),
        Binding("G", "scroll('end')", "Bottom", id="go_bottom", show=False),
    ]

    def __init__(self, rows: list[tuple[str, str]]) -> None:
        super().__init__()
        self.rows = rows
        self.search: list[tuple[str, str]] = []  # the search bar's rows, filled in compose

    def compose(self) -> ComposeResult:
        keymap: Mapping[str, str] = getattr(self.app, "keymap", {})
        with VerticalScroll():
            yield Static(Text("Keys"), id="help-title")
            yield Static(_table(self.rows), id="help-table")
            yield Static(Text("Search (/)"), id="help-search-title", classes="help-title")
            self.search = search_rows(self.app, keymap)
            yield Static(_table(self.search), id="help-search")
            yield Static(
                Text(
                    'Remap any key in config.toml under [keys], e.g. next_article = "ctrl+n".\n'
                    "esc closes"
                ),
                id="help-footer",
            )

    def action_scroll(self, where: str) -> None:
        """Scroll as the arrows, Home and End do."""
        view = self.query_one(VerticalScroll)
        moves = {"down": view.action_scroll_down, "up": view.action_scroll_up,
                 "home": view.action_scroll_home, "end": view.action_scroll_end}  # fmt: skip
        moves[where]()

    def action_close(self) -> None:
        self.dismiss(None)


def _table(rows: list[tuple[str, str]]) -> Table:
    table = Table.grid()
    # The gap is part of the first column: as cell padding it was lost on the widest rows
    # ("shift+F3In the find bar"), the table being laid out a few cells narrower than measured.
    table.add_column(style="bold", no_wrap=True)
    table.add_column()
    for keys, description in rows:
        table.add_row(Text(keys + "  "), Text(description))
    return table
