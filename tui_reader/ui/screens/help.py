"""The `?` help screen: every key of the main screen, as currently mapped (keymap applied), with
the id that remaps it in config.toml's `[keys]`, then the search bar's keys and a summary of the
search syntax (README's Search section has it all)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, ClassVar

from rich.cells import cell_len
from rich.table import Table
from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from tui_reader.ui.keys import APP_BINDINGS, BUILT_IN_KEYS, MAIN_BINDINGS, shown_keys

# The search bar's own keys, as in its screen's BINDINGS (same ids, so a remap shows here; a test
# checks they agree): the search screen's module is not imported for the help, it loads the
# query parser and the search index.
SEARCH_KEYS = [
    Binding("ctrl+o", "toggle_order", "Newest first / by relevance", id="search.order"),
    Binding("ctrl+s", "save_search", "Save: it appears in the tree", id="search.save"),
    Binding("ctrl+t", "export", "Export all it finds (HTML, EPUB, Markdown)", id="search.export"),
    Binding("A", "act('read')", "In the results: mark all found read…", id="search.mark_read"),
    Binding("b", "act('bookmark')", "In the results: bookmark all…", id="search.bookmark"),
    Binding("t", "act('tag')", "In the results: tag all…", id="search.tag"),
]
# The language but its filters, which come from the parser's own table (core.search's FILTERS).
SEARCH_SYNTAX: list[tuple[str, str]] = [
    ("↓  enter  esc", "To the results, open one, back"),
    ('word 中文 "a phrase" semi*', "Words, Chinese (either script), phrase, prefix"),
    ("-x  NOT x  a OR b  ( )", "Exclude, either, group"),
]


Row = tuple[str, str, str]  # keys (or syntax), description, the binding id ("" for none)


def search_rows(app: App[Any], keymap: Mapping[str, str]) -> list[Row]:
    """(keys or syntax, description, id) for the search bar, its keys with `keymap` applied,
    then the syntax and each filter."""
    from tui_reader.core.search.api import FILTERS  # the parser: loaded with the help only

    keys = [_row(app, binding, keymap) for binding in SEARCH_KEYS]
    syntax = [(syntax, description, "") for syntax, description in SEARCH_SYNTAX]
    filters = [(_packed(f.examples), f.help[:1].upper() + f.help[1:], "") for f in FILTERS]
    return [*keys, *syntax, *filters]


EXAMPLES_WIDTH = 34  # the widest line of a filter's examples: the descriptions keep the rest


def _packed(examples: Sequence[str]) -> str:
    """The examples two spaces apart, on as many lines as keep each within EXAMPLES_WIDTH."""
    lines: list[str] = []
    for example in examples:
        if lines and cell_len(lines[-1]) + 2 + cell_len(example) <= EXAMPLES_WIDTH:
            lines[-1] += "  " + example
        else:
            lines.append(example)
    return "\n".join(lines)


def key_rows(app: App[Any], keymap: Mapping[str, str]) -> list[Row]:
    """(keys, description, id) of every main-screen and app action, with `keymap` applied: from
    the bindings themselves, not the active ones, which leave out the actions that do not apply
    now (before an article is open, `r` showed for a toggle_read remapped to `x`)."""
    rows: list[Row] = []
    seen: set[str] = set()
    for binding in [*MAIN_BINDINGS, *APP_BINDINGS]:
        if binding.action not in seen:
            seen.add(binding.action)
            rows.append(_row(app, binding, keymap))
    return [*rows, *((keys, description, "") for keys, description in BUILT_IN_KEYS)]


def _row(app: App[Any], binding: Binding, keymap: Mapping[str, str]) -> Row:
    return shown_keys(app, binding, keymap) or "(none)", binding.description, binding.id or ""


class HelpScreen(ModalScreen[None]):
    """Lists `rows` of (keys, description); any of escape, q or ? closes it."""

    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll {
        width: 96;
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

    def __init__(self, rows: list[Row]) -> None:
        super().__init__()
        self.rows = rows
        self.search: list[Row] = []  # the search bar's rows, filled in compose

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
                    "Remap a key in config.toml under [keys] by the id in the right-hand column,"
                    ' e.g. next_article = "ctrl+n".\nesc closes'
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


def _table(rows: list[Row]) -> Table:
    table = Table.grid()
    # The gaps are part of the columns: as cell padding they were lost on the widest rows
    # ("shift+F3In the find bar"), the table being laid out a few cells narrower than measured.
    table.add_column(style="bold", no_wrap=True)
    table.add_column()
    table.add_column(style="dim", no_wrap=True)
    for keys, description, binding_id in rows:
        spaced = "\n".join(line + "  " for line in keys.split("\n"))
        table.add_row(Text(spaced), Text(description), Text(f"  {binding_id}"))
    return table
