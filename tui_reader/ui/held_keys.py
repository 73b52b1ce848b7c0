"""Keys pressed before the tree can answer them, held until it can.

At start-up there is no tree at all for a moment, and a big library's tree is then drawn from
counts first, its articles following a moment later (see `loading`). A key pressed before any
tree is shown would act on an empty one and be lost (`j l j enter` typed at once, as tmux sends
them, moved nowhere, then opened the wrong entry), so every key waits for the first tree. On
the counts, moving the cursor works, but most keys need the articles (open, next unread, mark
read, search…): rather than act on an empty category or be dropped, they wait here and run, in
the order pressed, once the full tree is shown. Once one key waits, every later key waits
behind it, so the order is kept. Keys with an explicit namespace (`app.quit`, `app.help`) never
come here: quitting never waits.

The tree may also be `busy` for a moment with the cursor where rows are about to come: a saved
search just opened lists "searching…" until its query has run in a worker, and `l j enter` typed
at once moved onto that note and pressed enter on it. The sidebar says when (`busy`), and runs
what waited once its rows are in. In the river layout the article list is busy while the list
of the tree's entry is on its way (`busy_for`: keys for the list and the screen wait, the tree's
own keys and the moves of its cursor do not), so `j A` marks the list `j` moved to and `j enter
enter` opens its first row, while `j j j` passes over lists without waiting for each.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from textual.dom import DOMNode

# Actions that work on the counts alone, run at once while no other key is waiting.
INSTANT = frozenset({
    "cursor_up", "cursor_down", "page_up", "page_down", "scroll_home", "scroll_end",
    "go_top", "go_bottom", "collapse", "cursor_parent", "toggle_sidebar", "switch_pane",
})  # fmt: skip


class HeldKeys:
    """Actions (with the object each runs on) waiting for the tree, oldest first.

    `holding` is set by the app when a tree of counts is shown (True) and cleared through
    `release` when the articles are in; either means a tree is shown. Before that, every action
    waits, even moving."""

    def __init__(self) -> None:
        self._holding = False
        self.tree_shown = False
        self.waiting: list[tuple[str, DOMNode]] = []
        self.busy: Callable[[], bool] = lambda: False  # rows are coming where the cursor is
        # Rows are coming for `action` on `target` (the tree's own keys need no list).
        self.busy_for: Callable[[str, DOMNode], bool] = lambda _action, _target: False

    @property
    def holding(self) -> bool:
        """Whether the tree shown holds only counts (keys that need articles wait)."""
        return self._holding

    @holding.setter
    def holding(self, hold: bool) -> None:
        self._holding = hold
        self.tree_shown = True

    def hold(self, action: str, target: DOMNode) -> bool:
        """Keep `action` for later and return True when it has to wait; False to run it now."""
        if not self.tree_shown or self.waiting or self.busy() or self.busy_for(action, target):
            self.waiting.append((action, target))  # all wait behind the first: the order is kept
            return True
        if self._holding and action not in INSTANT:
            self.waiting.append((action, target))
            return True
        return False

    def release(self) -> list[tuple[str, DOMNode]]:
        """A full tree is shown (or the busy one is done): stop holding; the waiting actions, to
        be run in this order."""
        self.holding = False
        waiting, self.waiting = self.waiting, []
        return waiting
