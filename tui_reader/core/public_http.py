"""HTTP GET that reaches public internet addresses only, for addresses taken from article files.

An archive chooses the addresses the reader fetches (its images), so without care it could make
the reader send requests into the user's own network: `http://localhost/…`, a router at
`http://192.168.1.1/…`, `http://0x7f000001/…` (127.0.0.1 spelled another way), a name that
resolves to a private address, or a public page that redirects to any of these. Here every host
is resolved once, each address it resolves to is checked (`public_address`), and the connection
goes to the address that passed: a name that resolves differently a moment later (DNS rebinding)
changes nothing. Redirects are followed here, at most `MAX_REDIRECTS`, each checked the same way.
Proxies are not used: a proxy would resolve the name again, out of reach of the check.
"""

from __future__ import annotations

import http.client
import ipaddress
import socket
import ssl
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from urllib.parse import urljoin, urlsplit

MAX_REDIRECTS = 5
REDIRECTS = (301, 302, 303, 307, 308)
_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")  # IPv4 addresses reached through a NAT64 gateway


class FetchError(Exception):
    """A request refused or failed; the message is a short reason for the user."""


def public_address(text: str) -> bool:
    """Whether an address (as `getaddrinfo` gives it) is on the public internet: not loopback,
    private, link-local, shared (CGNAT), multicast, reserved or unspecified, nor an IPv6 address
    that carries such an IPv4 one (6to4, Teredo, NAT64); IPv4-mapped IPv6 addresses
    (`::ffff:127.0.0.1`) are refused whatever they carry."""
    try:
        ip = ipaddress.ip_address(text.partition("%")[0])  # `fe80::1%eth0`: a zone
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address):
        if ip in _NAT64:  # public exactly when the IPv4 address behind the gateway is
            return public_address(str(ipaddress.IPv4Address(int(ip) & 0xFFFF_FFFF)))
        embedded = ip.ipv4_mapped or ip.sixtofour or (ip.teredo[1] if ip.teredo else None)
        if embedded is not None and not public_address(str(embedded)):
            return False
    return ip.is_global and not (
        ip.is_multicast
        or ip.is_private
        or ip.is_loopback
        or ip.is_link_local
        or ip.is_reserved
        or ip.is_unspecified
    )


def resolve(host: str, port: int) -> list[str]:
    """Every address `host` resolves to (an address written as a number gives itself)."""
    return [str(info[4][0]) for info in socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)]


def checked_address(host: str, port: int, allowed: Callable[[str], bool]) -> str:
    """The first address of `host` that `allowed` accepts; FetchError when none is."""
    try:
        found = resolve(host, port)
    except (OSError, UnicodeError):
        raise FetchError(f"cannot find the address of {host}") from None
    for address in found:
        if allowed(address):
            return address
    raise FetchError(f"{host} is not a public internet address: not fetched")


class _PinnedHTTP(http.client.HTTPConnection):
    """A connection to `address`, the one checked, whatever `host` (sent as Host) resolves to."""

    def __init__(self, host: str, port: int, address: str, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout)
        self.address = address

    def connect(self) -> None:
        self.sock = socket.create_connection((self.address, self.port), self.timeout)


class _PinnedHTTPS(http.client.HTTPSConnection):
    """As `_PinnedHTTP`, over TLS: the certificate is checked against `host`."""

    def __init__(self, host: str, port: int, address: str, timeout: float) -> None:
        self.tls = ssl.create_default_context()
        super().__init__(host, port, timeout=timeout, context=self.tls)
        self.address = address

    def connect(self) -> None:
        raw = socket.create_connection((self.address, self.port), self.timeout)
        try:
            self.sock = self.tls.wrap_socket(raw, server_hostname=self.host)
        except BaseException:
            raw.close()
            raise


def _connection(url: str, timeout: float, allowed: Callable[[str], bool]) -> tuple[
    http.client.HTTPConnection, str
]:  # fmt: skip
    """A connection for `url` to a checked address, and the request target (path and query)."""
    parts = urlsplit(url)
    host = parts.hostname
    if not host:
        raise FetchError("no host in the address")
    try:
        port = parts.port or (443 if parts.scheme.lower() == "https" else 80)
    except ValueError:
        raise FetchError("a bad port in the address") from None
    address = checked_address(host, port, allowed)
    kind = _PinnedHTTPS if parts.scheme.lower() == "https" else _PinnedHTTP
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return kind(host, port, address, timeout), target


@contextmanager
def open_public(
    url: str,
    *,
    headers: dict[str, str],
    timeout: float,
    check_url: Callable[[str], str | None],
    allowed: Callable[[str], bool] = public_address,
) -> Iterator[http.client.HTTPResponse]:
    """GET `url` and yield the response (its status may be any but a redirect).

    `check_url` says why an address may not be fetched (None when it may), for redirects;
    `allowed` which resolved addresses may be connected to. Raises FetchError for a refused
    address, a redirect without a target or too many of them; the network's own errors
    (OSError, TimeoutError, http.client.HTTPException) go through.
    """
    for _hop in range(MAX_REDIRECTS + 1):
        connection, target = _connection(url, timeout, allowed)
        try:
            connection.request("GET", target, headers=headers)
            response = connection.getresponse()
            if response.status not in REDIRECTS:
                yield response
                return
            location = (response.getheader("Location") or "").strip()
            if not location:
                raise FetchError(f"HTTP {response.status} without an address")
            url = urljoin(url, location)
            if reason := check_url(url):
                raise FetchError(f"redirected elsewhere: {reason}")
        finally:
            connection.close()
    raise FetchError(f"more than {MAX_REDIRECTS} redirects")
