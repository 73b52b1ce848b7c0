"""`tui-reader [LIBRARY]`: load settings, find the library and run the app.

No traceback ever reaches the user: anything unexpected is reported in one line and the exit
status is 1.

Once the app has gone, the program ends the process (`quiet_tty.leave`) without waiting for its
worker threads beyond a moment: a thread busy with a million articles (building the tree's model,
say) does not look at its cancellation, and `asyncio.run`, then the interpreter, waited for it
(22-29 s after `q` at 1M), and then freed every object one by one. What the reader saves is on
disk by then: the reading state as each change is made, the indexes in transactions a stop at
any point keeps whole.
"""

from __future__ import annotations

import asyncio
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from tui_reader.core.config import load_config
from tui_reader.core.library.api import Library, resolve_library
from tui_reader.core.served import served_from_environment
from tui_reader.core.startup import EarlyStart
from tui_reader.quiet_tty import end_signals_with


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
        loop = asyncio.new_event_loop()  # not asyncio.run's: it waits for every worker thread
        threads = ThreadPoolExecutor(thread_name_prefix="worker")  # the app's thread workers
        loop.set_default_executor(threads)
        asyncio.set_event_loop(loop)
        end_signals_with(app.end_by_signal)  # from now on, not a SystemExit (see there)
        try:
            result = app.run(loop=loop)
        finally:
            threads.shutdown(wait=False, cancel_futures=True)  # idle threads end now
    except KeyboardInterrupt:
        return 130
    except Exception as error:  # the reader must never end in a traceback
        try:
            print(f"tui-reader: {type(error).__name__}: {error}", file=sys.stderr)
        except (OSError, ValueError):  # no terminal to say it on any more
            pass
        return 1
    if app.return_code not in (None, 0):
        return int(app.return_code or 1)
    return int(result or 0)
