"""Which addresses from an article may be opened, and opening them without a shell.

Article files are untrusted, and so are the addresses in them. Only `http`, `https` and `mailto`
are ever handed to another program; `javascript:`, `file:`, `data:` and custom schemes that could
start local programs are refused with a reason the UI shows. Opening passes the address as one
argument in an argument list (or to `webbrowser`), never through a shell, so `;`, `|`, `$(…)` and
backticks in an address are just characters of the address.

Which program: on Linux and the BSDs, the first command of `$BROWSER` found on PATH (read as
Python's `webbrowser` reads it), else `xdg-open` in a graphical session, else a console browser
on PATH. A console browser (w3m, lynx, elinks, links, or any command without a graphical session)
needs the terminal: `find_browser` says so and the UI runs it with the reader suspended; only web
addresses go to one.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import webbrowser
from dataclasses import dataclass
from urllib.parse import urlsplit

ALLOWED_SCHEMES = frozenset(("http", "https", "mailto"))
MAX_URL_LENGTH = 8192
CONSOLE_BROWSERS = ("w3m", "lynx", "elinks", "links")  # looked for on PATH in this order


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

    On Linux and the BSDs a graphical `$BROWSER`, else `xdg-open`, and only with a graphical
    session: a console browser (lynx, w3m) would fight the reader for the terminal, so it is left
    to the UI, which can suspend itself (`find_browser`, `run_in_terminal`).
    """
    if reason := check_url(url):
        return reason
    if sys.platform in ("darwin", "win32"):
        return None if webbrowser.open(url) else "no browser could be started"
    browser = find_browser(url)
    if browser is not None and not browser.console:
        return start_in_background(browser.command)
    if not graphical_session():
        return "no graphical session to open a browser in; copy the address instead"
    opener = shutil.which("xdg-open")
    if opener is None:
        return "xdg-open was not found; copy the address instead"
    return start_in_background([opener, url])


def start_in_background(command: list[str]) -> str | None:
    """Start `command` detached from the reader's terminal; None, or why it could not start."""
    try:
        subprocess.Popen(  # an argument list: the address is never seen by a shell
            command,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
    except OSError as error:
        return f"could not start {os.path.basename(command[0])}: {error.strerror or error}"
    return None


@dataclass(frozen=True)
class Browser:
    """A command that opens one address; `console` when it runs in the reader's terminal."""

    command: list[str]
    console: bool


def graphical_session() -> bool:
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def find_browser(url: str) -> Browser | None:
    """The browser for `url` on Linux and the BSDs: the first `$BROWSER` command found, else a
    console browser on PATH when there is no graphical session; None when `xdg-open` (or, on
    macOS and Windows, `webbrowser`) is the way, or `url` is refused. Console browsers get only
    web addresses."""
    if check_url(url) or sys.platform in ("darwin", "win32"):
        return None
    web = urlsplit(url).scheme.lower() in ("http", "https")
    if commands := browser_commands(url):
        console = os.path.basename(commands[0][0]) in CONSOLE_BROWSERS or not graphical_session()
        return Browser(commands[0], console) if web or not console else None
    if web and not graphical_session():
        found = next((path for name in CONSOLE_BROWSERS if (path := shutil.which(name))), None)
        return Browser([found, url], console=True) if found else None
    return None


def browser_commands(url: str) -> list[list[str]]:
    """The commands of `$BROWSER` (separated by os.pathsep) found on PATH, each with `url` as
    one argument: in place of `%s`, else last. Split as shell words, but never run by a shell."""
    commands = []
    for entry in os.environ.get("BROWSER", "").split(os.pathsep):
        try:
            words = shlex.split(entry)
        except ValueError:
            continue
        if not words or (program := shutil.which(words[0])) is None:
            continue
        args = [word.replace("%s", url) for word in words[1:]]
        if not any("%s" in word for word in words[1:]):
            args.append(url)
        commands.append([program, *args])
    return commands


def run_in_terminal(command: list[str]) -> str | None:
    """Run a console browser in this terminal and wait for it to end; None, or why it could not
    start. The caller hands the terminal over first (the UI suspends itself)."""
    try:
        subprocess.run(command, check=False)  # an argument list, as in start_in_background
    except OSError as error:
        return f"could not start {os.path.basename(command[0])}: {error.strerror or error}"
    return None
