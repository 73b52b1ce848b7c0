"""The driver of a reader served to a browser: Textual's web driver, and the reader ends when
its server goes.

textual-serve talks to each reader through its stdin and stdout. When the server stops while a
tab is open (Ctrl+C, a service manager, a crash), the reader's stdin ends, but Textual's web
driver only stops reading: the reader went on running with nobody to draw for, one orphan per
open tab. Here the end of the input ends the app, as `q` does (the reading state is saved).
"""

from __future__ import annotations

from textual import messages
from textual.drivers.web_driver import WebDriver


class ServedDriver(WebDriver):
    def run_input_thread(self) -> None:
        super().run_input_thread()
        if not self.exit_event.is_set():  # the input ended, not the app: the server has gone
            self._app.post_message(messages.ExitApp())
