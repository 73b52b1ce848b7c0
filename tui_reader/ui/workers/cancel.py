"""A cancel event for core work run in a Textual worker.

Scans and index builds take a `threading.Event` and look at it between folders or chunks. A
worker's cancellation (the reader quitting, a newer load replacing this one) sets no event, so
the work went on to its end: a warm start's walk of a million files kept the reader's process
alive 20 s after `q`. This event reads as set from the moment `cancelled()` is true.
"""

from __future__ import annotations

import threading
from collections.abc import Callable


class CancelledWhen(threading.Event):
    """An Event that reads as set once `cancelled()` is true, or once it is set."""

    def __init__(self, cancelled: Callable[[], bool]) -> None:
        super().__init__()
        self.cancelled = cancelled

    def is_set(self) -> bool:
        return self.cancelled() or super().is_set()
