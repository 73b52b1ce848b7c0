"""The river layout's smart lists at the top of the sidebar: All unread, Today and Last 7 days.

An object the `Sidebar` owns (`Sidebar.smart`), as `SavedSearches` and `Tags` are. Their counts
(`Sidebar.smart_counts`) are taken when an entry is painted; at the next midnight Today and Last 7
days count again, so a timer repaints them then (nothing else may).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.timer import Timer
from textual.widgets.tree import TreeNode

from tui_reader.ui.model.smart_lists import SMART_KINDS, SMART_TITLES
from tui_reader.ui.model.tree_data import NodeData, SmartNode
from tui_reader.ui.widgets.sidebar import labels

if TYPE_CHECKING:
    from tui_reader.ui.widgets.sidebar.sidebar import Sidebar

Node = TreeNode[NodeData]
DAY_MARGIN = 0.1  # seconds past midnight the smart entries count again (timers are not exact)
SMART_ICONS = {"unread": labels.UNREAD_MARK, "today": "◷", "week": "◷"}


class SmartEntries:
    """The smart lists' entries of `tree`, by kind (none outside the river layout)."""

    def __init__(self, tree: Sidebar) -> None:
        self._tree = tree
        self.entries: dict[str, Node] = {}
        self._day_timer: Timer | None = None  # repaints the smart entries at midnight

    def add(self) -> None:
        """Add the entries at the top of the tree, counted again from the next midnight."""
        root = self._tree.root
        for kind in SMART_KINDS:
            self.entries[kind] = root.add_leaf("", SmartNode(kind))
        self._arm_day_timer()

    @property
    def last(self) -> Node | None:
        """The last smart entry, which the other top-level entries come after."""
        return self.entries[SMART_KINDS[-1]] if self.entries else None

    def refresh(self) -> None:
        """Repaint the entries: their counts are taken again when painted."""
        for node in self.entries.values():
            node.refresh()

    def _arm_day_timer(self) -> None:
        """At the next midnight, Today and Last 7 days count again (nothing else may repaint
        them then)."""
        if self._day_timer is not None:
            self._day_timer.stop()
        delay = max(self._tree.smart_counts.seconds_to_next_day(), 0.0) + DAY_MARGIN
        self._day_timer = self._tree.set_timer(delay, self._new_day)

    def _new_day(self) -> None:
        self._day_timer = None
        self.refresh()
        if self.entries:
            self._arm_day_timer()

    def restore_cursor(self, previous: NodeData | None) -> bool:
        """Put the cursor back on the smart entry it was on; False if it was on none."""
        if isinstance(previous, SmartNode) and (smart := self.entries.get(previous.kind)):
            self._tree.move_to(smart)
            return True
        return False

    def label(self, data: NodeData, styles: labels.Styles, width: int | None) -> Text | None:
        """A smart entry's label (None for any other entry)."""
        if not isinstance(data, SmartNode):
            return None
        model = self._tree.content.model
        # drawn from counts alone, the model has no dates yet: Today's are not known
        known = model.complete or data.kind == "unread"
        counts = self._tree.smart_counts.counts(model, data.kind) if known else None
        icon, name = SMART_ICONS[data.kind], SMART_TITLES[data.kind]
        return labels.smart_label(icon, name, counts, styles, width)
