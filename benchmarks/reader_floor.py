"""The floor of the reader benchmark: the smallest Textual app, one `Static`, nothing loaded.

Its time from launch to first paint is what Textual itself costs (interpreter, imports, driver,
first frame); the reader's start-up is judged by what it adds on top. Quit with ctrl+q.
"""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Static

READY = "floor-app-ready"


class FloorApp(App[None]):
    """One line of text."""

    def compose(self) -> ComposeResult:
        yield Static(READY)


if __name__ == "__main__":
    FloorApp().run()
