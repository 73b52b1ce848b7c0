"""A web server on the loopback interface for the image tests: each route answers with a status,
headers, a body and a delay chosen by the test, and every request is recorded."""

from __future__ import annotations

import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class _Handler(BaseHTTPRequestHandler):
    """Serves the routes of `ImageServer.routes`: path -> (status, headers, body, delay)."""

    server: ImageServer

    def do_GET(self) -> None:
        self.server.requests.append(self.path)
        status, headers, body, delay = self.server.routes.get(
            self.path, (404, {"Content-Type": "text/plain"}, b"missing", 0.0)
        )
        if delay:
            time.sleep(delay)
        self.send_response(status)
        for name, value in headers.items():
            if value:  # an empty value leaves the header out
                self.send_header(name, value)
        if "Content-Length" not in headers:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        try:
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client stopped reading (too large, timed out): as intended

    def log_message(self, format: str, *args: object) -> None:
        pass


class ImageServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.requests: list[str] = []
        self.routes: dict[str, tuple[int, dict[str, str], bytes, float]] = {}

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}{path}"
