"""Which addresses from an article may be opened, and opening them without a shell.

Article files are untrusted, and so are the addresses in them. Only `http`, `https` and `mailto`
are ever handed to another program; `javascript:`, `file:`, `data:` and custom schemes that could
start local programs are refused with a reason the UI shows. Opening passes the address as one
argument in an argument list (or to `webbrowser`), never through a shell, so `;`, `|`, `$(…)` and
backticks in an address are just characters of the address.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import webbrowser
from urllib.parse import urlsplit

ALLOWED_SCHEMES = frozenset(("http", "https", "mailto"))
MAX_URL_LENGTH = 8192


def check_url(url: str) -> str | None:
    """None when `url` may be opened, else the reason it is refused (shown to the user)."""
    if not url:
        return "empty address"
    if len(url) > MAX_URL_LENGTH:
        return f"address too long ({len(url)} characters)"
    if any(ord(char) < 0x21 or 0x7F <= ord(char) <= 0x9F for char in url):
        return "address contains spaces or control characters"
    try:
        parts = urlsplit(url)
    except ValueError as error:
        return f"malformed address ({error})"
    scheme = parts.scheme.lower()
    if not scheme:
        return "relative address without a scheme"
    if scheme not in ALLOWED_SCHEMES:
        return f"{scheme}: addresses are not opened, only http, https and mailto"
    if scheme in ("http", "https") and not parts.hostname:
        return "web address without a host"
    if scheme == "mailto" and not parts.path:
        return "mailto: address without a recipient"
    return None


def open_url(url: str) -> str | None:
    """Open `url` in the browser or mail program; None on success, else why it was not opened.

    On Linux and the BSDs `xdg-open` is used, and only with a graphical session: `webbrowser`
    would fall back to a console browser (lynx, w3m) that would fight the reader for the terminal.
    """
    if reason := check_url(url):
        return reason
    if sys.platform in ("darwin", "win32"):
        return None if webbrowser.open(url) else "no browser could be started"
    if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        return "no graphical session to open a browser in; copy the address instead"
    opener = shutil.which("xdg-open")
    if opener is None:
        return "xdg-open was not found; copy the address instead"
    try:
        subprocess.Popen(  # an argument list: the address is never seen by a shell
            [opener, url],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
    except OSError as error:
        return f"could not start xdg-open: {error.strerror or error}"
    return None
