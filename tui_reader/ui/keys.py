"""Every key of the main screen, each with an id users can remap in config.toml `[keys]`.

One list serves the screen's bindings, the help screen and the command palette, so a key added
here shows up in all three. Ids are what `[keys]` uses: `next_article = "ctrl+n"`; `shown_keys`
writes a binding's keys as mapped, whether or not the action applies right now.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from textual.binding import Binding

if TYPE_CHECKING:
    from textual.app import App

MAIN_BINDINGS: list[Binding] = [
    Binding("j", "cursor_down", "Down", id="cursor_down", show=False),
    Binding("k", "cursor_up", "Up", id="cursor_up", show=False),
    Binding("h,left", "collapse", "Collapse / parent", id="collapse", show=False),
    Binding("l,right", "expand", "Expand / open", id="expand", show=False),
    Binding("tab", "switch_pane", "Switch pane", id="switch_pane", show=False),
    Binding("space", "read_on", "Page down, then next", id="read_on", show=False),
    Binding("minus,backspace", "read_back", "Page up", id="read_back", show=False),
    Binding("n", "next_article", "Next", id="next_article"),
    Binding("p", "previous_article", "Previous", id="previous_article", show=False),
    Binding("full_stop", "next_unread", "Next unread", id="next_unread"),
    Binding("g", "go_top", "Top", id="go_top", show=False),
    Binding("G", "go_bottom", "Bottom", id="go_bottom", show=False),
    Binding("backslash", "toggle_sidebar", "Hide/show sidebar", id="toggle_sidebar", show=False),
    Binding("r", "toggle_read", "Read/unread", id="toggle_read"),
    Binding("b", "toggle_bookmark", "Bookmark", id="toggle_bookmark", show=False),
    Binding("t", "tag", "Tag…", id="tag", show=False),
    Binding("u", "undo_read", "Undo a change (a whole list's too)", id="undo_read", show=False),
    Binding("A", "mark_all_read", "Mark all read…", id="mark_all_read", show=False),
    Binding("U", "toggle_unread_only", "Unread only", id="toggle_unread_only", show=False),
    Binding("slash", "search", "Search", id="search"),
    Binding("f,ctrl+f", "find", "Find in article", id="find"),
    # While a tool runs, escape stops it; otherwise it clears the highlight (the first binding
    # of a key whose action applies is the one that runs).
    Binding("escape", "cancel_pipe", "Stop the tool", id="cancel_pipe", show=False),
    Binding(
        "escape", "clear_highlight", "Clear search highlight", id="clear_highlight", show=False
    ),  # fmt: skip
    Binding("escape", "back_to_list", "Back to the list", id="back_to_list", show=False),
    Binding("s", "cycle_order", "Sort the list", id="cycle_order", show=False),
    Binding("D", "toggle_days", "Cut the list into days", id="toggle_days", show=False),
    Binding("S", "save_search", "Save last search", id="save_search", show=False),
    Binding(
        "d", "delete_saved_search", "Delete saved search…", id="delete_saved_search", show=False
    ),  # fmt: skip
    Binding("vertical_line", "pipe_article", "Pipe to a tool…", id="pipe_article", show=False),
    Binding(
        "v", "toggle_pipe_output", "Tool output / article", id="toggle_pipe_output", show=False
    ),  # fmt: skip
    Binding("V", "rerun_pipe", "Run the tool again", id="rerun_pipe", show=False),
    Binding("L", "links", "Links", id="links", show=False),
    Binding("C", "story_copies", "Copies of the story", id="story_copies", show=False),
    Binding("o", "open_original", "Open original", id="open_original", show=False),
    Binding("E", "export", "Export…", id="export", show=False),
    Binding("R", "rescan", "Rescan", id="rescan", show=False),
    Binding("P", "problems", "Problems", id="problems", show=False),
    Binding("H", "toggle_hidden", "Show/hide hidden articles", id="toggle_hidden", show=False),
    Binding("F", "rules", "Rules (filters)", id="rules", show=False),
]

# The sidebar's width (ui/widgets/sidebar/width.py); the mouse drags its right edge too.
SIDEBAR_WIDTH_BINDINGS: list[Binding] = [
    Binding(
        "left_square_bracket", "sidebar_narrower", "Narrower sidebar", id="sidebar_narrower",
        show=False,
    ),
    Binding(
        "right_square_bracket", "sidebar_wider", "Wider sidebar", id="sidebar_wider", show=False
    ),
]  # fmt: skip

APP_BINDINGS: list[Binding] = [
    Binding("q", "quit", "Quit", id="quit"),
    Binding("question_mark", "help", "Help", id="help"),
    # The app's, so that they work whichever pane has the focus; on the main screen only.
    *SIDEBAR_WIDTH_BINDINGS,
]

# The main screen's bindings: the app's q and ? first, then its own. The footer lists keys in
# binding order (focused widget, screen, app) and what does not fit is cut at its right end:
# at 80 columns with an article open, q and ? fell off. The copies keep the app's ids, so a
# key remapped in [keys] moves both; help and palette list MAIN_BINDINGS and APP_BINDINGS.
SCREEN_BINDINGS: list[Binding] = [
    *(replace(binding, action=f"app.{binding.action}") for binding in APP_BINDINGS),
    *MAIN_BINDINGS,
]

# Shown in the help screen besides the bindings: keys that widgets handle themselves.
BUILT_IN_KEYS: list[tuple[str, str]] = [
    ("A b t on a list", "On a saved search, category, tag or Bookmarks: all its articles"),
    ("↑ ↓ PgUp PgDn", "Move in the tree, scroll the article"),
    ("enter", "Open the article, expand or collapse a category"),
    ("ctrl+p", "Command palette: every action, themes"),
    ("enter ↓ F3 / ↑ shift+F3", "In the find bar: next / previous match; escape closes it"),
    ("mouse", "Click to choose, wheel to scroll"),
]


def key_names(binding: Binding, keymap: Mapping[str, str]) -> list[str]:
    """The keys `binding` answers to once `keymap` (binding id -> "key,key") is applied."""
    spec = keymap.get(binding.id or "", binding.key)
    return [key.strip() for key in spec.split(",") if key.strip()]


def shown_keys(app: App[Any], binding: Binding, keymap: Mapping[str, str]) -> str:
    """Those keys one by one, as the footer writes each ("f ^f", not "f,ctrl+f")."""
    display = None if binding.id in keymap else binding.key_display  # set for the default keys
    shown = (app.get_key_display(replace(binding, key=key, key_display=display))
             for key in key_names(binding, keymap))  # fmt: skip
    return " ".join(dict.fromkeys(shown))
