"""`tui-reader serve [LIBRARY] [--host HOST] [--port PORT] [--public-url URL]`: the reader in a
web browser, through textual-serve.

Each browser tab that connects gets its own reader process (`python -m tui_reader LIBRARY`, told
by `core.served.SERVED_ENV` that it is drawn in a browser), on the same library and the same
reading state as the terminal reader. The web server itself is `commands.serve_http` (imported
only here, when the command runs: aiohttp is no part of the other commands' start-up).

Who may connect: bound to the loopback interface (127.0.0.1, the default, ::1 or localhost) and
without a public URL, anyone on this machine (every user of it: `--token` asks for the token
there too); bound to any other address, or given a public URL (a reverse proxy makes it reachable
from elsewhere), a secret token is made at start and printed in the address
(`http://HOST:PORT/?token=…`), and every request without it gets 403 (see `serve_http`).
"""

from __future__ import annotations

import argparse
import errno
import ipaddress
import os
import secrets
import shlex
import socket
import sys
from urllib.parse import urlsplit

from tui_reader.commands.common import (
    CommandError,
    add_library_argument,
    print_warnings,
    run_guarded,
    whole_number,
)
from tui_reader.core.config import load_config
from tui_reader.core.library.api import resolve_library
from tui_reader.core.sanitize import visible_name
from tui_reader.core.served import SERVED_ENV

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "serve",
        help="read in a web browser",
        description="Serve the reader to a web browser (textual-serve): each tab runs its own "
        "reader on the library, with the same reading state as the terminal reader. Bound to "
        "127.0.0.1 by default; bound to any other address, or with --public-url, a secret "
        "token is printed in the address and every request without it is refused.",
    )
    add_library_argument(parser)
    parser.add_argument(
        "--host", default=DEFAULT_HOST,
        help=f"address to listen on (default: {DEFAULT_HOST}; any other needs the token)",
    )  # fmt: skip
    parser.add_argument(
        "--port", type=whole_number(1, 65535, "the port"), default=DEFAULT_PORT,
        help=f"port to listen on (default: {DEFAULT_PORT})",
    )  # fmt: skip
    parser.add_argument(
        "--public-url", metavar="URL", type=_public_url,
        help="the address browsers use when a reverse proxy stands in front, e.g. "
        "https://reader.example.org (the page's websocket goes there; needs the token)",
    )  # fmt: skip
    parser.add_argument(
        "--token", action="store_true",
        help="ask for the token on a loopback address too (a machine other people log in to)",
    )  # fmt: skip


def run(args: argparse.Namespace) -> int:
    return run_guarded(_run, args)


def _run(args: argparse.Namespace) -> int:
    config = load_config()
    print_warnings(config.warnings)
    folder = resolve_library(args.library, config).path.expanduser().resolve()
    if not folder.is_dir():
        raise CommandError(f"no library folder at {folder}")
    check_listen(args.host, args.port)
    wanted = args.token or needs_token(args.host, args.public_url)
    token = secrets.token_urlsafe(32) if wanted else None
    # The reader each browser tab runs: this Python, this library, told that it is served.
    # `exec`: the shell textual-serve starts becomes the reader, which its signals then reach.
    command = "exec " + shlex.join([sys.executable, "-m", "tui_reader", str(folder)])
    os.environ[SERVED_ENV] = "1"
    from tui_reader.commands.serve_http import ReaderServer  # aiohttp: only for this command

    server = ReaderServer(
        command, host=args.host, port=args.port, public_url=args.public_url, token=token
    )
    print(f"tui-reader: serving {visible_name(str(folder))}", flush=True)
    print(f"tui-reader: open {server.address()}", flush=True)
    if token is None:
        print(
            "tui-reader: only this machine can connect (loopback address; --token to ask for "
            "a token here too)", flush=True,
        )  # fmt: skip
    server.serve()
    return 0


def check_listen(host: str, port: int) -> None:
    """Bind every address `host` names at `port` as the server will (and let go at once), so
    that a port another program holds or an address this machine lacks is said plainly before
    an address to open is printed; CommandError says why."""
    where = f"{host}:{port}"
    try:
        found = socket.getaddrinfo(
            host.strip("[]"), port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
        )
    except (socket.gaierror, UnicodeError) as error:
        raise CommandError(f"cannot listen on {where}: no such host name ({error})") from None
    for family, kind, proto, _name, address in found:
        try:
            with socket.socket(family, kind, proto) as trial:
                trial.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the server
                if family == socket.AF_INET6:
                    trial.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
                trial.bind(address)
                trial.listen()
        except OSError as error:
            raise CommandError(f"cannot listen on {where}: {_listen_error(error)}") from None


def _listen_error(error: OSError) -> str:
    if error.errno == errno.EADDRINUSE:
        return "the port is already in use (by another program?): give another with --port"
    if error.errno == errno.EADDRNOTAVAIL:
        return "not an address of this machine (give one of its own, or 0.0.0.0 for all)"
    if error.errno == errno.EACCES:
        return "not allowed (ports below 1024 need privileges): give another with --port"
    return error.strerror or str(error)


def needs_token(host: str, public_url: str | None) -> bool:
    """A token unless only this machine can connect: a loopback address and no public URL."""
    return public_url is not None or not loopback(host)


def loopback(host: str) -> bool:
    """127.0.0.1, ::1 and localhost: the addresses only this machine reaches. Any other
    (0.0.0.0, a LAN address, even 127.0.0.2) is treated as reachable by others."""
    if host.lower() == "localhost":
        return True
    try:
        address = ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return False
    return address in (ipaddress.ip_address("127.0.0.1"), ipaddress.ip_address("::1"))


def _public_url(value: str) -> str:
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise argparse.ArgumentTypeError(f"not an http or https address: {value!r}")
    if parts.query or parts.fragment or parts.path not in ("", "/"):
        raise argparse.ArgumentTypeError(
            f"a public URL is the root of its host (no path, query or fragment): {value!r}"
        )
    return value.rstrip("/")
