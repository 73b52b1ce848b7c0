"""Whether this reader is drawn in a web browser by `tui-reader serve`.

The server (`commands.serve`) sets `SERVED_ENV` in the environment of the readers it starts; the
reader (`ui.launch`) reads it once at start. A served reader runs nothing on the serving machine
that a terminal reader would run for its user: links open in the browser, pipe commands are off,
exports are downloads, and no terminal is asked what it can draw (images are half cells; see
`ReaderApp.served`).
"""

from __future__ import annotations

import os

SERVED_ENV = "TUI_READER_SERVED"


def served_from_environment() -> bool:
    return os.environ.get(SERVED_ENV) == "1"
