"""Keys pressed while the tree shows only the index's category counts, held until the
articles arrive.

At start-up a big library's tree is drawn from counts first and its articles follow a moment
later (see `loading`). Moving the cursor works on counts alone, but most keys need the articles
(open, next unread, mark read, search…): rather than act on an empty category or be dropped,
they wait here and run, in the order pressed, once the full tree is shown. Once one key waits,
every later key waits behind it, so the order is kept.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from textual.dom import DOMNode

# Actions that work on the counts alone, run at once while no other key is waiting.
INSTANT = frozenset({
    "cursor_up", "cursor_down", "page_up", "page_down", "scroll_home", "scroll_end",
    "go_top", "go_bottom", "collapse", "cursor_parent", "toggle_sidebar", "switch_pane",
})  # fmt: skip


class HeldKeys:
    """Actions (with the object each runs on) waiting for the articles, oldest first."""

    def __init__(self) -> None:
        self.holding = False
        self.waiting: list[tuple[str, DOMNode]] = []

    def hold(self, action: str, target: DOMNode) -> bool:
        """Keep `action` for later and return True when it has to wait; False to run it now."""
        if not self.holding or (action in INSTANT and not self.waiting):
            return False
        self.waiting.append((action, target))
        return True

    def release(self) -> list[tuple[str, DOMNode]]:
        """Stop holding; the waiting actions, to be run in this order."""
        self.holding = False
        waiting, self.waiting = self.waiting, []
        return waiting
