"""The sidebar's width: narrower and wider by keys, its right edge dragged with the mouse, and
the width remembered across runs (`core.ui_settings`).

The width is the sidebar's outer width, its right border (the edge dragged) included, kept from
`MIN_WIDTH` columns to `MAX_SHARE` percent of the screen. Until the user sets one, the layout's
own width (app.tcss) holds. A remembered width wider than the screen allows now is kept as it
is: the sidebar is shown at the most it may be, and gets its width back in a wider terminal.

`apply_sidebar_width(screen)` gives the sidebar of `screen` the remembered width (the main
screen calls it once it is mounted); `resize_sidebar(screen, step)` is what the keys do.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual import events
from textual.screen import Screen
from textual.widget import Widget

from tui_reader.core.ui_settings import load_sidebar_width, save_sidebar_width

if TYPE_CHECKING:
    from tui_reader.ui.widgets.sidebar.sidebar import Sidebar

    _Mixin = Widget
else:
    _Mixin = object  # a DOMNode first among a widget's bases would hide the others' CSS

MIN_WIDTH = 16
MAX_SHARE = 60  # percent of the screen's width
STEP = 2  # columns a key press takes or gives


def width_bounds(screen_width: int) -> tuple[int, int]:
    """The narrowest and widest the sidebar may be on a screen `screen_width` columns wide."""
    return MIN_WIDTH, max(MIN_WIDTH, screen_width * MAX_SHARE // 100)


def set_sidebar_width(sidebar: Widget, width: int) -> None:
    """Give `sidebar` `width` columns; the bounds apply as the screen's width changes."""
    styles = sidebar.styles
    styles.width = width
    styles.min_width = MIN_WIDTH
    styles.max_width = f"{MAX_SHARE}%"  # of the panes: the screen's width


def _sidebar(screen: Screen[Any]) -> Sidebar | None:
    from tui_reader.ui.widgets.sidebar.sidebar import Sidebar

    found = screen.query(Sidebar)
    return found.first() if found else None


def apply_sidebar_width(screen: Screen[Any]) -> None:
    """Give the sidebar of `screen` the width remembered from the last run, if any; a file that
    cannot be used is said in a warning, and the layout's own width kept."""
    sidebar = _sidebar(screen)
    if sidebar is not None:
        apply_remembered_width(sidebar)


def apply_remembered_width(sidebar: Widget) -> None:
    """`apply_sidebar_width` for the sidebar itself (it does so when mounted)."""
    width, warning = load_sidebar_width()
    if warning:
        sidebar.notify(warning, severity="warning", markup=False)
    if width is not None:
        set_sidebar_width(sidebar, width)


def resize_sidebar(screen: Screen[Any], step: int) -> None:
    """Make the sidebar of `screen` `step` columns wider (narrower when negative), within the
    bounds, and remember its width. Nothing while it is hidden."""
    sidebar = _sidebar(screen)
    if sidebar is None or not sidebar.display:
        return
    low, high = width_bounds(screen.size.width)
    shown = sidebar.outer_size.width
    width = min(max(shown + step, low), high)
    if width == shown and sidebar.styles.width is not None:
        return  # at a bound already
    set_sidebar_width(sidebar, width)
    _remember(sidebar, width)


def _remember(widget: Widget, width: int) -> None:
    problem = save_sidebar_width(width)
    if problem:
        widget.notify(problem, severity="warning", markup=False)


class DraggedEdge(_Mixin):
    """Lets the user drag a widget's rightmost column (its border) to make it wider or narrower:
    a mouse press there captures the mouse until it is released; the width is remembered then.
    A press anywhere else is the widget's as before. A mixin: `class W(DraggedEdge, Tree)`."""

    _resizing = False
    _dragged = False  # a drag just ended: the click that follows is not a click on a row
    _drag_width = 0

    def on_edge(self, screen_x: int) -> bool:
        region = self.region
        return region.width > 0 and screen_x == region.right - 1

    async def _on_mouse_down(self, event: events.MouseDown) -> None:
        if event.button == 1 and self.on_edge(event.screen_x):
            self._resizing, self._dragged, self._drag_width = True, False, 0
            self.capture_mouse()
            self.add_class("-resizing")
            event.prevent_default()
            event.stop()

    def _on_mouse_move(self, event: events.MouseMove) -> None:
        if not self._resizing:
            return
        event.prevent_default()
        event.stop()
        low, high = width_bounds(self.screen.size.width)
        width = min(max(event.screen_x - self.region.x + 1, low), high)
        if width != (self._drag_width or self.outer_size.width):
            set_sidebar_width(self, width)
            self._drag_width, self._dragged = width, True

    async def _on_mouse_up(self, event: events.MouseUp) -> None:
        if not self._resizing:
            return
        event.prevent_default()
        event.stop()
        self._resizing = False
        self.release_mouse()
        self.remove_class("-resizing")
        if self._dragged:
            _remember(self, self._drag_width)

    async def _on_click(self, event: events.Click) -> None:
        if self._dragged or self.on_edge(event.screen_x):
            self._dragged = False
            event.prevent_default()  # not a click on the row beside the edge
            event.stop()
