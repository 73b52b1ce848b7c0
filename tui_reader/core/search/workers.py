"""Run the read-and-tokenize step of an index build in chunks, in worker processes when it pays.

A first build reads every article again and tokenizes its text: CPU work that a second core
halves. Chunks come back in order, a few in flight per worker, and a cancel stops
the flow between chunks (what was already indexed is kept, like the library scan does).
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor, wait
from typing import TypeVar

from tui_reader.core.process_pool import stop_now

C = TypeVar("C")
T = TypeVar("T")
R = TypeVar("R")
CHUNK = 500
PARALLEL_FROM = 3000  # below this, starting processes costs more than it saves


def prepare_all(
    job: C,
    items: list[T],
    function: Callable[[C, list[T]], list[R]],
    cancel: threading.Event | None = None,
    workers: int | None = None,
    ready: Callable[[list[T]], list[T]] | None = None,
) -> Iterator[list[R]]:
    """Yield `function(job, chunk)` for each chunk of `items`, stopping early on `cancel`.
    `ready`, when given, makes each chunk what `function` is given, as the chunk is sent (the
    build gives articles their links and images, read a chunk to a query: an article sent to
    a worker without them would read them one query each)."""
    size = CHUNK
    chunks = (
        items[i : i + size] if ready is None else ready(items[i : i + size])
        for i in range(0, len(items), size)
    )
    count = workers if workers is not None else min(2, os.cpu_count() or 1)
    if count <= 1 or len(items) < PARALLEL_FROM:
        for chunk in chunks:
            if cancel is not None and cancel.is_set():
                return
            yield function(job, chunk)
        return
    # "spawn": the UI calls this from a thread, and forking a threaded process can deadlock.
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=count, mp_context=context) as pool:
        queue = iter(chunks)
        pending: deque[Future[list[R]]] = deque()
        try:
            while True:
                for chunk in queue:  # a few chunks in flight per worker, no more
                    pending.append(pool.submit(function, job, chunk))
                    if len(pending) >= count * 3:
                        break
                if not pending:
                    return
                # in order: keys are given in date order as results arrive (see core.search.index)
                while not pending[0].done():
                    wait([pending[0]], timeout=0.25)
                    if cancel is not None and cancel.is_set():
                        return
                yield pending.popleft().result()
                if cancel is not None and cancel.is_set():
                    return
        finally:
            if pending:  # cancelled, or the caller stopped reading: not a chunk more
                stop_now(pool, pending)
