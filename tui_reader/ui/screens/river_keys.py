"""The river layout's keys that move between its panes and order its list.

`MainActions` hands these on when the river layout is shown (`screens/river.py` says what the
layout is): `h`/`←` goes back from the article to its list and from the list to the tree,
`l`/`→` from the tree into the list, `tab` round the panes shown, `escape` back to the list when
the list and the article take turns, `s` sorts the list shown and `D` cuts it into days.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tui_reader.ui.model.river import Order

if TYPE_CHECKING:
    from textual.widget import Widget

    from tui_reader.ui.screens.main.actions.view import MainView

ORDER_NAMES = {
    Order.NEWEST: "newest first",
    Order.OLDEST: "oldest first",
    Order.RELEVANCE: "best match first",
    Order.SOURCE: "by source",
    Order.TITLE: "by title",
}


class RiverKeys:
    """The river layout's pane and order keys, on the main screen `view`."""

    def __init__(self, view: MainView) -> None:
        self.view = view

    def left(self) -> None:
        """h or left beside the tree: from the article back to its list, from the list to the
        tree."""
        view = self.view
        river = view.river
        if view.reader.has_focus or view.reader.has_focus_within:
            if not river.back_to_list():
                river.focus(river.listing)
        elif view.sidebar.display:
            river.focus(view.sidebar)

    def right(self, into_children: bool) -> None:
        """l or right on the tree: into an open category's sub-categories, else to the list."""
        view = self.view
        if into_children:
            view.sidebar.action_cursor_down()
        else:
            view.river.focus(view.river.listing)

    def switch_pane(self) -> None:
        """tab: the tree, the list, the article, and round again (the panes shown)."""
        view = self.view
        river = view.river
        panes: list[Widget] = []
        if view.sidebar.display:
            panes.append(view.sidebar)
        if river.three or not river.reading:
            panes.append(river.listing)
        if (river.three or river.reading) and view.reader.article is not None:
            panes.append(view.reader)
        focused = next((i for i, p in enumerate(panes) if p.has_focus or p.has_focus_within), -1)
        river.focus(panes[(focused + 1) % len(panes)])

    def back_to_list(self) -> None:
        self.view.river.back_to_list()

    def cycle_order(self) -> None:
        order = self.view.river.cycle_order()
        if order is not None:
            self.view.notify(f"Sorted: {ORDER_NAMES[order]}", timeout=2)

    def toggle_days(self) -> None:
        days = self.view.river.toggle_days()
        if days is not None:
            self.view.notify("Cut into days." if days else "One list, no days.", timeout=2)
