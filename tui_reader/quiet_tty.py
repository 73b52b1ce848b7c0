"""Keys typed while the reader starts are not echoed onto the shell's screen.

Until Textual puts the terminal in raw mode (a few hundred milliseconds after launch), the
terminal driver still echoes what is typed, and those characters stayed on the shell's screen
after the reader quit (`jljl` before the prompt), though the reader itself read them as keys.
Echo is turned off first thing and the terminal's settings are put back when the reader ends.

SIGTERM and SIGHUP (a logout, a service manager) ended the process on the spot, leaving the
terminal in the alternate screen with the cursor hidden and mouse reporting on. While
`signals_end_cleanly` holds, they raise SystemExit(128 + signal) so that every cleanup runs; once
the app runs it hands them to the app (`end_signals_with`), which exits as `q` does. Either
way the process ends within `ENDING_GRACE` of the signal, whatever it is doing then.
No Textual here: the command line calls it before importing the UI.
"""

from __future__ import annotations

import os
import signal
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import FrameType

ENDING_SIGNALS = (signal.SIGTERM, signal.SIGHUP)
ENDING_GRACE = 10  # seconds the process gets to end on such a signal before it is ended (0: no end)
_ending: Callable[[int], None] | None = None  # what those signals do meanwhile, if not SystemExit


def _signalled(signum: int, frame: FrameType | None) -> None:
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
    global _ending
    previous = {signum: signal.signal(signum, _signalled) for signum in ENDING_SIGNALS}
    try:
        yield
    finally:
        _ending = None
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def end_signals_with(callback: Callable[[int], None] | None) -> bool:
    """Have SIGTERM and SIGHUP call `callback(signal)` (in the main thread) instead of raising
    SystemExit, or raise it again with None; False, changing nothing, unless `signals_end_cleanly`
    holds (an app run by tests keeps the signals as they are)."""
    global _ending
    if signal.getsignal(signal.SIGTERM) is not _signalled:
        return False
    _ending = callback
    return True


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
