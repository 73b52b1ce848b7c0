"""Who may use `tui-reader serve` (tui_reader/commands/serve_http.py): bound to anything but
loopback (here 0.0.0.0, reached at 127.0.0.1) every request needs the token printed at start —
the page, the static files, the websocket — and without it gets 403 and no page; with it, the
page sets an HttpOnly, SameSite=Strict cookie that lets the page's own requests in. On loopback
no token is needed, but a Host naming another site (DNS rebinding) and a websocket opened from
another site's page (its Origin) are refused."""

from __future__ import annotations

import base64
import http.client
import os
import socket
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from serve_support import Served, make_library, run_cli, serving, user_environment

from tui_reader.commands.serve import loopback, needs_token

PAGE_MARK = 'id="terminal"'  # the element the page draws the reader in


@pytest.fixture(scope="module")
def public(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    home = tmp_path_factory.mktemp("serve-public")
    library = make_library(home / "library")
    with serving(library, user_environment(home), "--host", "0.0.0.0") as served:
        yield served


@pytest.fixture(scope="module")
def local(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    home = tmp_path_factory.mktemp("serve-local")
    library = make_library(home / "library")
    with serving(library, user_environment(home)) as served:
        yield served


def get(
    served: Served, path: str, headers: dict[str, str] | None = None
) -> tuple[int, dict[str, str], str]:
    connection = http.client.HTTPConnection("127.0.0.1", served.port, timeout=30)
    try:
        connection.request("GET", path, headers=headers or {})
        response = connection.getresponse()
        if response.status == 101:  # a websocket: the reader starts; nothing more to read
            return response.status, dict(response.getheaders()), ""
        return response.status, dict(response.getheaders()), response.read().decode()
    finally:
        connection.close()


def websocket_headers(origin: str | None = None, **extra: str) -> dict[str, str]:
    headers = {
        "Connection": "Upgrade",
        "Upgrade": "websocket",
        "Sec-WebSocket-Version": "13",
        "Sec-WebSocket-Key": base64.b64encode(os.urandom(16)).decode(),
        **extra,
    }
    if origin is not None:
        headers["Origin"] = origin
    return headers


def token_of(served: Served) -> str:
    return parse_qs(urlsplit(served.address).query)["token"][0]


def test_a_public_address_prints_a_token(public: Served) -> None:
    parts = urlsplit(public.address)
    assert (parts.hostname, parts.port, parts.path) == (socket.gethostname(), public.port, "/")
    assert len(token_of(public)) >= 40  # 32 random bytes, URL-safe


@pytest.mark.parametrize(
    "path",
    ["/", "/?token=", "/?token=wrong", "/static/js/textual.js", "/static/css/xterm.css",
     "/download/anything", "/nowhere"],
)  # fmt: skip
def test_without_the_token_every_request_is_refused(public: Served, path: str) -> None:
    status, _headers, body = get(public, path)
    assert status == 403
    assert PAGE_MARK not in body and "<script" not in body and "textual" not in body.lower()


def test_a_nearly_right_token_is_refused(public: Served) -> None:
    token = token_of(public)
    for wrong in (token[:-1], token + "x", token.upper(), token[1:] + token[0]):
        assert get(public, f"/?token={wrong}")[0] == 403
        assert get(public, "/", {"Cookie": f"tui_reader_token_{public.port}={wrong}"})[0] == 403


def test_the_websocket_without_the_token_is_refused(public: Served) -> None:
    origin = f"http://127.0.0.1:{public.port}"
    assert get(public, "/ws", websocket_headers(origin))[0] == 403
    assert get(public, "/ws", websocket_headers())[0] == 403


def test_the_token_opens_the_page_and_its_cookie_the_rest(public: Served) -> None:
    token = token_of(public)
    status, headers, body = get(public, f"/?token={token}")
    assert status == 200 and PAGE_MARK in body
    cookie = headers["Set-Cookie"]
    assert cookie.startswith(f"tui_reader_token_{public.port}={token};")
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie
    jar = {"Cookie": f"tui_reader_token_{public.port}={token}"}
    assert get(public, "/static/js/textual.js", jar)[0] == 200
    assert get(public, "/", jar)[0] == 200
    origin = f"http://127.0.0.1:{public.port}"
    assert get(public, "/ws", websocket_headers(origin, **jar))[0] == 101


def test_token_asks_for_it_on_loopback_too(tmp_path: Path) -> None:
    library = make_library(tmp_path / "library")
    with serving(library, user_environment(tmp_path), "--token") as served:
        parts = urlsplit(served.address)
        assert (parts.hostname, parts.port) == ("127.0.0.1", served.port)
        token = token_of(served)
        status, _headers, body = get(served, "/")
        assert status == 403 and PAGE_MARK not in body
        assert get(served, "/static/js/textual.js")[0] == 403
        assert get(served, f"/?token={token}")[0] == 200


def test_the_websocket_refuses_another_sites_page(public: Served, local: Served) -> None:
    jar = {"Cookie": f"tui_reader_token_{public.port}={token_of(public)}"}
    for origin in ("http://evil.example", f"http://127.0.0.1:{public.port + 1}", "null"):
        assert get(public, "/ws", websocket_headers(origin, **jar))[0] == 403, origin
        assert get(local, "/ws", websocket_headers(origin))[0] == 403, origin
    assert get(local, "/ws", websocket_headers(f"http://127.0.0.1:{local.port}"))[0] == 101
    named = websocket_headers(f"http://localhost:{local.port}", Host=f"localhost:{local.port}")
    assert get(local, "/ws", named)[0] == 101


def test_loopback_needs_no_token_but_refuses_other_host_names(local: Served) -> None:
    assert urlsplit(local.address).query == ""
    status, headers, body = get(local, "/")
    assert status == 200 and PAGE_MARK in body and "Set-Cookie" not in headers
    for host in ("localhost", f"localhost:{local.port}", f"[::1]:{local.port}"):
        assert get(local, "/", {"Host": host})[0] == 200, host
    for host in ("evil.example", f"evil.example:{local.port}", "127.0.0.1.evil.example"):
        status, _headers, body = get(local, "/", {"Host": host})
        assert status == 403 and PAGE_MARK not in body, host


def test_the_page_loads_only_from_its_server(local: Served) -> None:
    _status, headers, body = get(local, "/")
    policy = headers["Content-Security-Policy"]
    assert "default-src 'none'" in policy and "frame-ancestors 'none'" in policy
    assert "googleapis" not in body  # textual-serve's own page loads a font from Google
    origin = f"http://127.0.0.1:{local.port}"
    sources = [part.split('"')[0] for part in body.split('src="')[1:]]
    sources += [part.split('"')[0] for part in body.split('href="')[1:]]
    assert sources and all(
        url.startswith(f"{origin}/static/") or url in ("", "data:,") for url in sources
    )
    assert f'data-session-websocket-url="ws://127.0.0.1:{local.port}/ws"' in body


@pytest.mark.parametrize(
    ("host", "public_url", "expected"),
    [("127.0.0.1", None, False), ("::1", None, False), ("localhost", None, False),
     ("[::1]", None, False), ("0.0.0.0", None, True), ("127.0.0.2", None, True),
     ("192.168.1.5", None, True), ("::", None, True), ("reader.example", None, True),
     ("127.0.0.1", "https://reader.example.org", True)],
)  # fmt: skip
def test_which_addresses_need_the_token(host: str, public_url: str | None, expected: bool) -> None:
    assert needs_token(host, public_url) is expected
    assert loopback(host) is (host in ("127.0.0.1", "::1", "localhost", "[::1]"))


@pytest.mark.parametrize(
    "url", ["ftp://reader.example.org", "https://", "https://reader.example.org/reader",
            "https://reader.example.org/?a=1", "reader.example.org"],
)  # fmt: skip
def test_a_public_url_is_the_root_of_a_web_address(tmp_path: Path, url: str) -> None:
    result = run_cli(user_environment(tmp_path), "serve", "--public-url", url)
    assert result.returncode == 2 and "public-url" in result.stderr, result.stderr
    assert "Traceback" not in result.stderr


def test_a_library_that_is_not_there_is_said_plainly(tmp_path: Path) -> None:
    result = run_cli(user_environment(tmp_path), "serve", str(tmp_path / "missing"))
    assert result.returncode == 2
    assert "no library folder" in result.stderr and "Traceback" not in result.stderr


def test_the_command_loads_no_textual_and_the_server_only_when_run() -> None:
    import subprocess
    import sys

    code = (
        "import sys, tui_reader.commands.serve\n"
        "assert not [m for m in sys.modules if m.split('.')[0] in ('aiohttp', 'textual_serve')]\n"
        "import tui_reader.commands.serve_http\n"
        "assert 'aiohttp' in sys.modules\n"
        "assert not [m for m in sys.modules if m.split('.')[0] == 'textual'], 'textual loaded'\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("hostile", ["\x1b]0;PWNED\x07", "\x1b[2J", "\u202e"], ids=repr)
def test_a_hostile_library_folder_name_cannot_drive_the_terminal(
    tmp_path: Path, hostile: str
) -> None:
    library = make_library(tmp_path / f"news{hostile}archive")
    with serving(library, user_environment(tmp_path)) as served:
        said = "".join(served.output)
    assert "serving " in said
    assert not any(char in said for char in "\x1b\x07\u202e"), repr(said)
