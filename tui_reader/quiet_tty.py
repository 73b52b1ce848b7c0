"""Keys typed while the reader starts are not echoed onto the shell's screen.

Until Textual puts the terminal in raw mode (a few hundred milliseconds after launch), the
terminal driver still echoes what is typed, and those characters stayed on the shell's screen
after the reader quit (`jljl` before the prompt), though the reader itself read them as keys.
Echo is turned off first thing and the terminal's settings are put back when the reader ends.

SIGTERM and SIGHUP (a logout, a service manager) ended the process on the spot, leaving the
terminal in the alternate screen with the cursor hidden and mouse reporting on. While
`signals_end_cleanly` holds, they raise SystemExit(128 + signal) so that every cleanup runs; once
the app exists it is handed them (`end_signals_with`), and exits as `q` does. Either way the
process ends within `ENDING_GRACE` of the signal, whatever it is doing then. Only the first such
signal counts: a second, raised into the cleanups of the first, would cut them short.

A terminal that goes away (a killed tmux session, a closed window, a dropped ssh connection) is
such a signal too (`ends_with_terminal`): the kernel sends SIGHUP only to the terminal's
controlling process, and a reader that is not one (started by a shell that has gone, under
`setsid`) would learn of it only from its reads, which Textual does not act on. A thread waits
for the hang-up and sends SIGHUP to the main thread; Textual's threads that find the terminal
gone do as well (ui/terminal_driver.py).
`leave` ends the program once the reader has gone (see ui/launch.py), here because a signal's
SystemExit may come in the middle of an import (the UI's, while the reader starts): a module
imported after that may find one it needs half made (asyncio's NameError, exit status 1).
No Textual here: the command line calls it before importing the UI.
"""

from __future__ import annotations

import os
import select
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import FrameType
from typing import NoReturn

ENDING_SIGNALS = (signal.SIGTERM, signal.SIGHUP)
ENDING_GRACE = 10  # seconds the process gets to end on such a signal before it is ended (0: no end)
_ending: Callable[[int], None] | None = None  # what those signals do meanwhile, if not SystemExit
_ended_by: int | None = None  # the signal that began the end, once one has


def _signalled(signum: int, frame: FrameType | None) -> None:
    global _ended_by
    if _ended_by is not None:
        return  # the end is under way
    _ended_by = signum
    # Whatever the process is doing then and after (an app that cannot draw its last frame: the
    # terminal of a killed tmux session is gone; a wait that never ends), the kernel ends it
    # ENDING_GRACE seconds after the signal (SIGALRM's own action), as no Python code could.
    if ENDING_GRACE:
        signal.alarm(ENDING_GRACE)
    if _ending is None:
        raise SystemExit(128 + signum)
    _ending(signum)


@contextmanager
def signals_end_cleanly() -> Iterator[None]:
    """SIGTERM and SIGHUP end the process through its cleanups for the duration (see above)."""
    global _ending, _ended_by
    _ended_by = None
    previous = {signum: signal.signal(signum, _signalled) for signum in ENDING_SIGNALS}
    try:
        yield
    finally:
        _ending = None
        for signum, handler in previous.items():
            signal.signal(signum, handler)
        _ended_by = None


def end_signals_with(callback: Callable[[int], None] | None) -> bool:
    """Have SIGTERM and SIGHUP call `callback(signal)` (in the main thread) instead of raising
    SystemExit, or raise it again with None; False, changing nothing, unless `signals_end_cleanly`
    holds (an app run by tests keeps the signals as they are)."""
    global _ending
    if signal.getsignal(signal.SIGTERM) is not _signalled:
        return False
    _ending = callback
    return True


def terminal_gone() -> None:
    """The terminal has gone away (any thread may say so): while `signals_end_cleanly` holds,
    the process ends as on SIGHUP, and within `ENDING_GRACE` whatever its main thread does (the
    alarm is set here, not by the signal's handler, which only the main thread runs)."""
    if signal.getsignal(signal.SIGHUP) is not _signalled or _ended_by is not None:
        return
    if ENDING_GRACE:
        signal.alarm(ENDING_GRACE)
    signal.pthread_kill(threading.main_thread().ident or 0, signal.SIGHUP)


@contextmanager
def ends_with_terminal() -> Iterator[None]:
    """For the duration, a thread waits for the terminal of the standard streams to hang up
    (its other side closed), and then calls `terminal_gone`. Nothing happens without one."""
    watched = []
    for fd in (0, 1, 2):
        try:
            if os.isatty(fd):
                watched.append(os.dup(fd))  # this process closing the stream changes nothing
        except OSError:
            pass
    if not watched or not hasattr(select, "poll"):
        yield
        return
    stop_reading, stop = os.pipe()
    poll = select.poll()
    for fd in watched:
        poll.register(fd, 0)  # a hang-up, an error: reported whatever the events asked
    poll.register(stop_reading, select.POLLIN)

    def watch() -> None:
        while True:
            for fd, events in poll.poll():
                if fd == stop_reading:
                    return
                if events & (select.POLLHUP | select.POLLERR):
                    terminal_gone()
                    return
                if events & select.POLLNVAL:
                    poll.unregister(fd)

    watcher = threading.Thread(target=watch, name="terminal-watch", daemon=True)
    watcher.start()
    try:
        yield
    finally:
        os.write(stop, b"x")
        watcher.join()
        for fd in (*watched, stop_reading, stop):
            os.close(fd)


@contextmanager
def keys_not_echoed(fd: int | None = None) -> Iterator[None]:
    """Turn the terminal's echo off on `fd` (standard input by default) for the duration;
    nothing happens when it is not a terminal or the platform has no termios."""
    try:
        import termios

        fd = sys.stdin.fileno() if fd is None else fd
        if not os.isatty(fd):
            raise OSError("not a terminal")
        before = termios.tcgetattr(fd)
        quiet = list(before)
        quiet[3] &= ~termios.ECHO  # the local modes
        termios.tcsetattr(fd, termios.TCSANOW, quiet)  # NOW: what was typed stays to be read
    except (ImportError, OSError, ValueError, AttributeError):
        yield
        return
    except termios.error:
        yield
        return
    try:
        yield
    finally:
        try:
            termios.tcsetattr(fd, termios.TCSADRAIN, before)
        except termios.error:
            pass  # the terminal went away: nothing to put back


THREADS_GRACE = 1.0  # seconds the worker threads, cancelled with the app, get to end


def leave(code: int) -> NoReturn:
    """End the process with `code` once the reader has gone: its worker threads get
    `THREADS_GRACE` seconds, worker processes still running are stopped, and the standard
    streams are flushed. A SIGTERM, SIGHUP or Ctrl+C meanwhile changes nothing (its SystemExit
    or KeyboardInterrupt would leave the process to the interpreter, which waits for threads)."""
    for signum in (*ENDING_SIGNALS, signal.SIGINT):
        signal.signal(signum, signal.SIG_IGN)
    deadline = time.monotonic() + THREADS_GRACE
    for thread in threading.enumerate():
        if thread is not threading.main_thread() and not thread.daemon:
            thread.join(max(0.0, deadline - time.monotonic()))
    try:  # a scan's or an index build's pool, if one was started (the module imported)
        children = sys.modules["multiprocessing"].active_children()
    except Exception:  # noqa: BLE001 — never imported, or only half
        children = []
    for child in children:
        child.terminate()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError, AttributeError):
            pass
    os._exit(code)
