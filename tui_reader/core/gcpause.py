"""Pausing Python's cyclic garbage collector while a large batch of objects is built.

Building 100k articles, stat tuples or read ids at once makes the collector scan the growing heap
again and again for nothing — none of these objects can be part of a cycle — which doubled the
time of each such load (index load, warm scan, reading-state start-up). Reference counting still
frees everything as usual while the collector is paused.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic collector for the `with` block (as it was before: nested uses are fine)."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


_start_paused = False  # the launch paused the collector until the first frame (pause_for_start)


def pause_for_start() -> None:
    """Pause the cyclic collector from the launch until `end_start_pause` (the reader's first
    frame): the UI's imports and its first frame make hundreds of thousands of objects (classes,
    functions, styles), none of them garbage, and the collector's passes over them took ~12% of
    the imports' CPU time (~25 ms)."""
    global _start_paused
    if gc.isenabled():
        gc.disable()
        _start_paused = True


def end_start_pause() -> None:
    """Let the collector run again if `pause_for_start` paused it (once; else nothing)."""
    global _start_paused
    if _start_paused:
        _start_paused = False
        gc.enable()
