"""`tui-reader [LIBRARY]`: load settings, find the library and run the app.

No traceback ever reaches the user: anything unexpected is reported in one line and the exit
status is 1.
"""

from __future__ import annotations

import sys
from pathlib import Path

from tui_reader.core.config import load_config
from tui_reader.core.library.api import Library, resolve_library
from tui_reader.core.served import served_from_environment
from tui_reader.core.startup import EarlyStart


def launch(library_arg: str | None) -> int:
    """Run the reader on `library_arg` (or the configured library); the exit status."""
    try:
        config = load_config()
        location = resolve_library(library_arg, config)
        library = Library(location.path, follow_outside_links=config.follow_outside_links)
        state_dir = Path(config.state_dir) if config.state_dir else None
        # The state and the index's counts are read while the UI is imported (see startup.py).
        early = EarlyStart(library, state_dir).start()
        from tui_reader.ui.app import ReaderApp

        # Ask the terminal now (once Textual reads the keys, it cannot); served to a browser,
        # there is none to ask: images are drawn in half cells.
        served = served_from_environment()
        if config.inline_images:
            from tui_reader.ui.widgets.reader.image_support import prepare_inline_images

            prepare_inline_images(config, served=served)

        app = ReaderApp(library, config, state_dir=state_dir, early=early, served=served)
        result = app.run()
    except KeyboardInterrupt:
        return 130
    except Exception as error:  # the reader must never end in a traceback
        print(f"tui-reader: {type(error).__name__}: {error}", file=sys.stderr)
        return 1
    if app.return_code not in (None, 0):
        return int(app.return_code or 1)
    return int(result or 0)
