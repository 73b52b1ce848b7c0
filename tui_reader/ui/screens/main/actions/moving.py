"""The main screen's keys that move: the cursor, the panes, folding the tree, showing the
sidebar. In the river layout the moves between panes go to `RiverKeys` (screens/river_keys.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tui_reader.ui.model.tree_data import CategoryNode
from tui_reader.ui.screens.river_keys import RiverKeys

if TYPE_CHECKING:
    from tui_reader.ui.screens.main.actions.view import MainView


class Moves:
    """Moving on the main screen `view`; `river_keys` for the river layout's panes."""

    def __init__(self, view: MainView, river_keys: RiverKeys) -> None:
        self.view = view
        self.river_keys = river_keys
        self._sidebar_had_focus = True  # which pane gets focus back when the sidebar shows again

    def cursor_down(self) -> None:
        view = self.view
        if view.sidebar.has_focus:
            view.sidebar.action_cursor_down()
        else:
            view.reader.scroll_down()

    def cursor_up(self) -> None:
        view = self.view
        if view.sidebar.has_focus:
            view.sidebar.action_cursor_up()
        else:
            view.reader.scroll_up()

    def collapse(self) -> None:
        view = self.view
        sidebar = view.sidebar
        if view.river.active and not sidebar.has_focus:
            self.river_keys.left()
            return
        if not sidebar.has_focus:
            if sidebar.display:
                sidebar.focus()
            return
        node = sidebar.cursor_node
        if node is None:
            return
        if node.allow_expand and node.is_expanded:
            node.collapse()
        elif node.parent is not None and not node.parent.is_root:
            sidebar.move_cursor(node.parent)

    def expand(self) -> None:
        view = self.view
        sidebar = view.sidebar
        node = sidebar.cursor_node
        if view.river.active and view.river.listing.has_focus:
            if (article := view.river.listing.current) is not None:
                view.river.open(article)
            return
        if not sidebar.has_focus or node is None:
            return
        if view.river.active and not (node.allow_expand and not node.is_expanded):
            self.river_keys.right(node.is_expanded and bool(node.children))
            return
        if isinstance(node.data, CategoryNode) or node.allow_expand:
            if not node.is_expanded:
                sidebar.expand_node(node)
            elif node.children:
                sidebar.action_cursor_down()
        else:
            sidebar.action_select_cursor()

    def switch_pane(self) -> None:
        view = self.view
        if view.river.active:
            self.river_keys.switch_pane()
            return
        if view.sidebar.has_focus or not view.sidebar.display:
            view.reader.focus()
        else:
            view.sidebar.focus()

    def go_top(self) -> None:
        view = self.view
        if view.sidebar.has_focus:
            view.sidebar.action_scroll_home()
        else:
            view.reader.scroll_home(animate=False)

    def go_bottom(self) -> None:
        view = self.view
        if view.sidebar.has_focus:
            view.sidebar.action_scroll_end()
        else:
            view.reader.scroll_end(animate=False)

    def toggle_sidebar(self) -> None:
        view = self.view
        sidebar = view.sidebar
        if sidebar.display:
            self._sidebar_had_focus = sidebar.has_focus
        sidebar.display = not sidebar.display
        if sidebar.display and self._sidebar_had_focus:
            sidebar.focus()
        else:
            view.reader.focus()
