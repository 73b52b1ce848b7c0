"""Inline images never reach into the user's own network: loopback, private and other
non-public addresses are refused after resolving, on every redirect, before connecting, and the
connection goes to the address that was checked. No request leaves the loopback interface: names
resolve through a stand-in resolver, and connections to public addresses are recorded, not made."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tui_reader.core import image_cache, public_http
from tui_reader.core.image_cache import ImageFetchError, cache_path, fetch_image
from tui_reader.core.public_http import MAX_REDIRECTS, public_address

NUMERIC = socket.AI_NUMERICHOST
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


class _Handler(BaseHTTPRequestHandler):
    server: CountingServer

    def do_GET(self) -> None:
        self.server.hits.append(self.path)
        location = self.server.redirects.get(self.path)
        if location is not None:
            self.send_response(302)
            self.send_header("Location", location)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.send_header("Content-Length", str(len(PNG)))
        self.end_headers()
        self.wfile.write(PNG)

    def log_message(self, format: str, *args: object) -> None:
        pass


class CountingServer(ThreadingHTTPServer):
    """An image server on a loopback address that counts the requests it sees."""

    daemon_threads = True

    def __init__(self, host: str) -> None:
        super().__init__((host, 0), _Handler)
        self.hits: list[str] = []
        self.redirects: dict[str, str] = {}

    @property
    def port(self) -> int:
        return self.server_address[1]


@contextmanager
def serving(host: str) -> Iterator[CountingServer]:
    httpd = CountingServer(host)
    threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True).start()
    try:
        yield httpd
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture
def inner() -> Iterator[CountingServer]:
    """A server in the user's own network (here: loopback), which no article may reach."""
    with serving("127.0.0.1") as httpd:
        yield httpd


@pytest.fixture
def names(monkeypatch: pytest.MonkeyPatch) -> dict[str, list[str]]:
    """A stand-in DNS: name -> addresses; a name not listed does not resolve."""
    table: dict[str, list[str]] = {}

    def resolve(host: str, port: int) -> list[str]:
        if host in table:
            return list(table[host])
        # addresses written as numbers, in any form getaddrinfo reads, without any lookup
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=NUMERIC)
        return [info[4][0] for info in found]

    monkeypatch.setattr(public_http, "resolve", resolve)
    return table


@pytest.fixture
def connections(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, int]]:
    """Connections to addresses other than loopback are recorded and refused, never made."""
    made: list[tuple[str, int]] = []
    real = socket.create_connection

    def create_connection(address: tuple[str, int], *args: object, **kwargs: object):  # type: ignore[no-untyped-def]
        if address[0].startswith("127."):
            return real(address, *args, **kwargs)  # type: ignore[arg-type]
        made.append(address)
        raise ConnectionRefusedError(111, "refused by the test")

    monkeypatch.setattr(public_http.socket, "create_connection", create_connection)
    return made


@pytest.mark.parametrize(
    "host",
    [
        "127.0.0.1", "localhost", "0x7f000001", "2130706433", "127.1", "0177.0.0.1", "[::1]",
        "[::ffff:127.0.0.1]", "[::ffff:7f00:1]", "0.0.0.0", "0", "[::]",
        "intranet.example", "mixed.example",
    ],
)  # fmt: skip
def test_loopback_and_private_addresses_are_refused_without_a_request(
    host: str,
    inner: CountingServer,
    names: dict[str, list[str]],
    connections: list[tuple[str, int]],
) -> None:
    names["localhost"] = ["127.0.0.1", "::1"]
    names["intranet.example"] = ["10.1.2.3"]
    names["mixed.example"] = ["192.168.0.7", "127.0.0.1", "169.254.169.254", "fd00::1"]
    url = f"http://{host}:{inner.port}/a.png"
    with pytest.raises(ImageFetchError, match="not a public internet address"):
        fetch_image(url)
    assert inner.hits == []
    assert connections == []
    assert not cache_path(url).exists()


@pytest.mark.parametrize(
    "target",
    [
        "http://127.0.0.1:{port}/secret.png",
        "http://0x7f000001:{port}/secret.png",
        "http://[::ffff:127.0.0.1]:{port}/secret.png",
        "http://intranet.example:{port}/secret.png",
        "/via-relative",  # a relative redirect on to one of them
    ],
)
def test_a_redirect_to_a_private_address_is_refused(
    target: str,
    inner: CountingServer,
    names: dict[str, list[str]],
    connections: list[tuple[str, int]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A second loopback server stands in for a public site; the inner one must see nothing.
    with serving("127.0.0.2") as outer_server:
        monkeypatch.setattr(
            image_cache, "address_allowed", lambda a: a == "127.0.0.2" or public_address(a)
        )
        names["intranet.example"] = ["10.1.2.3"]
        outer_server.redirects["/a.png"] = target.format(port=inner.port)
        outer_server.redirects["/via-relative"] = f"http://127.0.0.1:{inner.port}/secret.png"
        url = f"http://127.0.0.2:{outer_server.port}/a.png"
        with pytest.raises(ImageFetchError, match="not a public internet address"):
            fetch_image(url)
        assert outer_server.hits and inner.hits == []
    assert connections == []
    assert not cache_path(url).exists()


def test_redirects_are_bounded(inner: CountingServer, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(image_cache, "address_allowed", lambda a: a == "127.0.0.1")
    inner.redirects["/loop.png"] = "/loop.png"
    with pytest.raises(ImageFetchError, match=f"more than {MAX_REDIRECTS} redirects"):
        fetch_image(f"http://127.0.0.1:{inner.port}/loop.png")
    assert len(inner.hits) == MAX_REDIRECTS + 1


def test_the_connection_goes_to_the_address_checked(
    names: dict[str, list[str]], connections: list[tuple[str, int]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A name that resolves to a public address, then to loopback (DNS rebinding), is resolved
    once and connected to at the public address."""
    answers = [["93.184.216.34"], ["127.0.0.1"]]
    looked_up: list[str] = []

    def rebinding(host: str, port: int) -> list[str]:
        looked_up.append(host)
        return answers.pop(0) if answers else ["127.0.0.1"]

    monkeypatch.setattr(public_http, "resolve", rebinding)
    with pytest.raises(ImageFetchError, match="refused by the test"):
        fetch_image("http://rebind.example/a.png")
    assert looked_up == ["rebind.example"]
    assert connections == [("93.184.216.34", 80)]


def test_a_public_address_among_private_ones_is_the_one_used(
    names: dict[str, list[str]], connections: list[tuple[str, int]]
) -> None:
    names["both.example"] = ["10.0.0.1", "::1", "2606:4700::1111", "93.184.216.34"]
    with pytest.raises(ImageFetchError):
        fetch_image("https://both.example:8443/a.png")
    assert connections == [("2606:4700::1111", 8443)]


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1", "127.255.0.9", "10.0.0.1", "172.16.5.4", "192.168.1.1", "169.254.169.254",
        "100.64.0.1", "0.0.0.0", "224.0.0.1", "239.255.255.250", "240.0.0.1",
        "255.255.255.255", "192.0.2.1", "198.18.0.1", "::1", "::", "fe80::1", "fe80::1%eth0",
        "fc00::1", "fd12:3456::1", "ff02::1", "::ffff:127.0.0.1", "::ffff:10.0.0.1",
        "::127.0.0.1", "::ffff:93.184.216.34", "2002:7f00:1::1", "2002:c0a8:101::1",
        "64:ff9b::7f00:1", "64:ff9b::a00:1", "2001:0:4136:e378:8000:63bf:80ff:fffe",
        "2001:db8::1", "not an address",
    ],
)  # fmt: skip
def test_non_public_addresses(address: str) -> None:
    assert not public_address(address)


@pytest.mark.parametrize(
    "address",
    ["93.184.216.34", "8.8.8.8", "1.1.1.1", "2606:4700::1111", "2a00:1450:4001::200e",
     "64:ff9b::808:808", "2002:5db8:d822::1"],
)  # fmt: skip
def test_public_addresses(address: str) -> None:
    assert public_address(address)
