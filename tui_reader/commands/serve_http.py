"""The web server of `tui-reader serve`: textual-serve's `Server`, guarded.

textual-serve runs one reader process per websocket and draws it with xterm.js in the page. On
top of it, every request (the page, the websocket, the static files, downloads) passes `guard`:

- With a token (any address but loopback, or a public URL): the request carries it as `?token=`
  or in the cookie the first authorised page sets (HttpOnly, SameSite=Strict, Secure behind
  https), compared in constant time; without it, 403 and no page.
- Without a token (loopback only): the Host must name this machine (localhost, 127.0.0.1, ::1)
  or the public URL's host, so a web site cannot reach the reader by pointing its own name at
  127.0.0.1 (DNS rebinding).
- The websocket: a browser's Origin must be this page's own (its Host, or the public URL), so no
  other site's page can drive a reader through the user's browser.

The page is our own template (`serve_page.html`): textual-serve's loads a font from Google. It
loads nothing but this server's files, and its Content-Security-Policy lets the browser fetch
from nowhere else: article images are never fetched by the browser (the reader draws cells).
The websocket address follows the address the page was loaded from, or `--public-url`.
"""

from __future__ import annotations

import asyncio
import hmac
import logging
import re
import socket
from collections.abc import Awaitable, Callable
from pathlib import Path
from urllib.parse import quote, urlsplit

import aiohttp_jinja2
from aiohttp import web
from textual_serve.app_service import AppService
from textual_serve.server import Server, to_int

from tui_reader.commands.serve import loopback

TEMPLATE = Path(__file__).with_name("serve_page.html")
LOCAL_NAMES = frozenset(("localhost", "127.0.0.1", "::1"))
SHUTDOWN_WAIT = 10.0  # seconds for the open tabs' readers to quit when the server stops
# The largest terminal a page may ask for (a 4K screen in a small font is about 800 by 220):
# textual-serve passed any size on, so a page could have its reader lay out billions of cells.
MAX_COLUMNS, MAX_ROWS = 1000, 400
FORBIDDEN = "403: this reader needs the address with its token, as printed when it started.\n"
ELSEWHERE = "403: this reader answers only to this machine's own names (localhost, 127.0.0.1).\n"
OTHER_SITE = "403: the reader's websocket is only for its own page.\n"

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


WILDCARD_HOSTS = ("0.0.0.0", "::", "")


class ReaderServer(Server):
    """textual-serve's server with the guard, the page and the start-up lines of tui-reader."""

    def __init__(
        self, command: str, *, host: str, port: int, public_url: str | None, token: str | None
    ) -> None:
        super().__init__(
            command, host=host, port=port, title="tui-reader", public_url=public_url,
            templates_path=TEMPLATE.parent,
        )  # fmt: skip
        self.given_public_url = public_url
        self.token = token
        self.cookie = f"tui_reader_token_{port}"  # cookies ignore ports: one per server
        self.sessions: set[asyncio.Task[object]] = set()  # the open tabs' websocket handlers

    def address(self) -> str:
        """The address to open, with the token when there is one. Listening on every address
        (0.0.0.0, ::), it names the machine: a browser cannot open 0.0.0.0 from elsewhere."""
        if self.given_public_url:
            base = self.given_public_url
        else:
            host = socket.gethostname() if self.host in WILDCARD_HOSTS else self.host
            host = f"[{host}]" if ":" in host else host
            base = f"http://{host}:{self.port}"
        return f"{base}/?token={self.token}" if self.token else f"{base}/"

    def initialize_logging(self) -> None:
        logging.basicConfig(level=logging.DEBUG if self.debug else logging.WARNING)

    async def on_startup(self, app: web.Application) -> None:
        """The address was printed by the command (textual-serve prints a banner here)."""

    async def on_shutdown(self, app: web.Application) -> None:
        """End the open tabs' sessions: each reader is told to quit (and saves its state), and
        the server waits for them. aiohttp alone waited for the websockets' heartbeats to fail,
        then left the readers running."""
        sessions = list(self.sessions)
        for task in sessions:
            task.cancel()  # textual-serve's handler then closes the websocket, stops its reader
        if sessions:
            await asyncio.wait(sessions, timeout=SHUTDOWN_WAIT)

    async def _make_app(self) -> web.Application:
        app = await super()._make_app()
        app.middlewares.append(self.guard)
        app.on_response_prepare.append(name_download)
        return app

    @web.middleware
    async def guard(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        if self.token is not None:
            if not self.authorised(request):
                raise web.HTTPForbidden(text=FORBIDDEN)
        elif not self.local_host(request.host):
            raise web.HTTPForbidden(text=ELSEWHERE)
        if request.path == "/ws" and not self.same_origin(request):
            raise web.HTTPForbidden(text=OTHER_SITE)
        if request.path == "/ws" and (task := asyncio.current_task()) is not None:
            width, height = request.query.get("width", "80"), request.query.get("height", "24")
            size = terminal_size(to_int(width, 80), to_int(height, 24))
            request = request.clone(
                rel_url=request.rel_url.update_query(width=size[0], height=size[1])
            )
            self.sessions.add(task)
            try:
                return await handler(request)
            finally:
                self.sessions.discard(task)
        response = await handler(request)
        if self.token is not None and request.path == "/" and "token" in request.query:
            response.set_cookie(
                self.cookie, self.token, path="/", httponly=True, samesite="Strict",
                secure=(self.given_public_url or "").startswith("https:"),
            )  # fmt: skip
        return response

    async def _process_messages(
        self, websocket: web.WebSocketResponse, app_service: AppService
    ) -> None:
        """textual-serve's, with the sizes a page asks for kept within bounds."""
        resize = app_service.set_terminal_size

        async def bounded(width: object, height: object) -> None:
            await resize(*terminal_size(width, height))

        app_service.set_terminal_size = bounded  # type: ignore[method-assign]
        await super()._process_messages(websocket, app_service)

    def authorised(self, request: web.Request) -> bool:
        assert self.token is not None
        expected = self.token.encode()
        given = [request.query.get("token"), request.cookies.get(self.cookie)]
        # Every candidate is compared in full: the time taken says nothing about the token.
        return any([hmac.compare_digest(value.encode(), expected) for value in given if value])

    def local_host(self, host: str) -> bool:
        """The Host header names this machine, or the public URL's host."""
        name = urlsplit(f"//{host}").hostname or ""
        public = urlsplit(self.given_public_url or "").hostname
        return name in LOCAL_NAMES or loopback(name) or (public is not None and name == public)

    def same_origin(self, request: web.Request) -> bool:
        """No Origin (not a browser), or the page's own: its Host, or the public URL's."""
        origin = request.headers.get("Origin")
        if origin is None:
            return True
        parts = urlsplit(origin)
        if parts.netloc and parts.netloc.lower() == request.host.lower():
            return True
        if self.given_public_url:
            public = urlsplit(self.given_public_url)
            return (parts.scheme, parts.netloc.lower()) == (public.scheme, public.netloc.lower())
        return False

    async def handle_index(self, request: web.Request) -> web.StreamResponse:
        base = self.given_public_url or f"{request.scheme}://{request.host}"
        secure = base.startswith("https:")
        websocket_base = ("wss:" if secure else "ws:") + base.split(":", 1)[1]
        context = {
            "title": "tui-reader",
            "font_size": to_int(request.query.get("fontsize", "16"), 16),
            "static_url": f"{base}/static/",
            "websocket_url": f"{websocket_base}/ws",
        }
        response = aiohttp_jinja2.render_template(TEMPLATE.name, request, context)
        response.headers.update(
            {
                "Content-Security-Policy": content_policy(websocket_base),
                "Referrer-Policy": "no-referrer",
                "X-Content-Type-Options": "nosniff",
                "Cache-Control": "no-store",
            }
        )
        return response


def terminal_size(width: object, height: object) -> tuple[int, int]:
    """A page's terminal size as whole numbers within 1..MAX_COLUMNS and 1..MAX_ROWS (a value
    that is no number counts as the smallest)."""

    def bounded(value: object, most: int) -> int:
        try:
            number = int(value)  # type: ignore[call-overload]
        except (TypeError, ValueError, OverflowError):
            number = 1
        return min(max(number, 1), most)

    return bounded(width, MAX_COLUMNS), bounded(height, MAX_ROWS)


async def name_download(request: web.Request, response: web.StreamResponse) -> None:
    """A download's file name as browsers read it (RFC 6266): textual-serve writes it raw, and a
    name such as 二次元.html arrived as its UTF-8 bytes read as Latin-1."""
    disposition = response.headers.get("Content-Disposition", "")
    kind, _, name = disposition.partition("; filename=")
    if not name:
        return
    fallback = _NOT_PLAIN.sub("_", name).strip("._") or "download"
    response.headers["Content-Disposition"] = (
        f"{kind}; filename=\"{fallback}\"; filename*=UTF-8''{quote(name, safe='')}"
    )
    response.headers["X-Content-Type-Options"] = "nosniff"


_NOT_PLAIN = re.compile(r"[^A-Za-z0-9._-]+")


def content_policy(websocket_base: str) -> str:
    """The page may load this server's files and open its websocket, nothing else."""
    return "; ".join(
        (
            "default-src 'none'",
            "script-src 'self'",
            "style-src 'self' 'unsafe-inline'",  # xterm.js sets styles of its own
            "font-src 'self'",
            "img-src 'self' data:",
            f"connect-src 'self' {websocket_base}",
            "base-uri 'none'",
            "form-action 'none'",
            "frame-ancestors 'none'",
        )
    )
