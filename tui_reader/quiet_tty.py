"""Keys typed while the reader starts are not echoed onto the shell's screen.

Until Textual puts the terminal in raw mode (a few hundred milliseconds after launch), the
terminal driver still echoes what is typed, and those characters stayed on the shell's screen
after the reader quit (`jljl` before the prompt), though the reader itself read them as keys.
Echo is turned off first thing and the terminal's settings are put back when the reader ends.
No Textual here: the command line calls it before importing the UI.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager


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
