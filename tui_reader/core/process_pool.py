"""Stopping a pool of worker processes at once.

A scan and a search index build hand chunks of files to worker processes, a few chunks in flight
per worker. When they are cancelled (the reader quits, a new scan replaces one), the chunks not
started are dropped, but those already handed to a worker used to run to their end: leaving the
pool waits for them, and so does the interpreter's exit. A chunk of the index build is a second
or more of CPU, several times that on a busy machine, so quitting the reader during its first
build kept the process alive for 20 s after its screen had gone. The workers only read files and
return results (the index is written by the parent), so stopping one mid-chunk loses nothing.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from concurrent.futures import Future
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the pool's modules are imported only by the scans that start one
    from concurrent.futures import ProcessPoolExecutor


def stop_now(pool: ProcessPoolExecutor, pending: Iterable[Future[Any]]) -> None:
    """Cancel `pending` and end the pool's worker processes without waiting for their chunks."""
    for future in pending:
        future.cancel()
    processes = list((getattr(pool, "_processes", None) or {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        if process.is_alive():
            process.terminate()
    for process in processes:
        process.join(5)


def start_tracker() -> None:
    """Start multiprocessing's resource tracker (the process a pool's workers report to), if it
    is not running, handing it the real standard error. A pool started with none running starts
    it itself, handing it `sys.stderr`'s descriptor: in the reader that is Textual's capture,
    whose descriptor is -1, and the pool failed ("bad value(s) in fds_to_keep"). Call it on the
    thread that runs the app (it swaps `sys.stderr` for the moment) before a pool may start; the
    reader does so when it starts a load, after its first frame: the tracker is a process of its
    own, ~25 ms of CPU, which the first frame does not need."""
    from multiprocessing import resource_tracker

    captured, sys.stderr = sys.stderr, sys.__stderr__
    try:
        resource_tracker.ensure_running()
    finally:
        sys.stderr = captured
