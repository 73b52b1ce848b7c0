"""What the reader's first frame needs, read while the user interface is still being imported.

The first frame wants the reading state and the index's category counts (or, for a small
library, its articles). Reading them is mostly SQLite and file reads, which release the GIL, so a
thread started before the UI's ~90 ms of imports has them ready when the main screen mounts, and
the tree is painted in the first frame instead of one started by a worker after it.

Anything that goes wrong here is left for the main screen's own load to meet again and report
the usual way: this is a head start, never a second code path for errors.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path

from tui_reader.core.library.library import Library, LibraryError, Snapshot, Summary
from tui_reader.core.state.store import StateStore

# From this many articles in the index, the first frame shows the category counts only: below
# it, building the articles takes a few tens of milliseconds and a second tree is not worth it.
COUNTS_FIRST_FROM = 2_000


@dataclass
class FirstLook:
    """The reading state and what the index holds, as read before the first frame. `cached`
    (the index's articles) is read only for libraries below `COUNTS_FIRST_FROM` articles;
    `summary` is None when the folder cannot be used."""

    state: StateStore | None
    summary: Summary | None
    cached: Snapshot | None

    @property
    def counts_only(self) -> bool:
        """True when the first tree is drawn from the category counts."""
        return self.summary is not None and self.cached is None


def summary_size(summary: Summary) -> int:
    """How many articles the index's category counts add up to."""
    return sum(total for _paths, total, _read in summary.counts)


def first_look(library: Library, state: StateStore | None) -> FirstLook:
    """Read what the first frame shows of `library` from its index (the folder is only
    checked): the category counts of a big library, the articles of a small one."""
    try:
        library.check()
    except LibraryError:  # the load reports an unusable folder
        return FirstLook(state, None, None)
    summary = library.summary(state.read_ids() if state is not None else ())
    if summary_size(summary) >= COUNTS_FIRST_FROM:
        return FirstLook(state, summary, None)
    return FirstLook(state, summary, library.cached())


class EarlyStart:
    """Reads the first look in a thread; `take` hands it over once (later calls get None)."""

    def __init__(self, library: Library, state_dir: Path | None) -> None:
        self.library = library
        self.state_dir = state_dir
        self._look: FirstLook | None = None
        self._done = threading.Event()
        self._taken = False
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._run, name="first-look", daemon=True)

    def start(self) -> EarlyStart:
        self._thread.start()
        return self

    def _run(self) -> None:
        try:
            state = StateStore.open(self.state_dir)
            self._look = first_look(self.library, state)
        except Exception:  # noqa: BLE001 - the main screen's load meets and reports it
            self._look = None
        finally:
            self._done.set()

    def wait(self, timeout: float | None = None) -> bool:
        """Wait for the thread to finish (whether or not it found anything), without taking the
        first look; False if `timeout` passed first."""
        return self._done.wait(timeout)

    def take(self, wait: bool = True) -> FirstLook | None:
        """The first look, once: None when not ready (and `wait` is False), when it failed,
        or when it was taken already."""
        if not wait and not self._done.is_set():
            return None
        self._done.wait()
        with self._lock:
            if self._taken:
                return None
            self._taken = True
            return self._look

    def close(self) -> None:
        """Close a state nobody took (the app ended first)."""
        look = self.take()
        if look is not None and look.state is not None:
            look.state.close()
