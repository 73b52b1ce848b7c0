"""Fetching images into the cache, against a real HTTP server on the loopback interface."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from http_support import ImageServer

from tui_reader.core.image_cache import (
    ImageFetchError,
    cache_path,
    check_image_url,
    fetch_image,
    images_dir,
    prune_cache,
)

PNG = b"\x89PNG\r\n\x1a\n" + b"not really, but the cache does not decode" * 10


def test_fetch_writes_the_image_to_the_user_cache(server: ImageServer, tmp_path: Path) -> None:
    server.routes["/a.png"] = (200, {"Content-Type": "image/png"}, PNG, 0.0)
    path = fetch_image(server.url("/a.png"))
    assert path == cache_path(server.url("/a.png"))
    assert path.parent == images_dir()
    assert images_dir().is_relative_to(tmp_path.parent.parent)  # XDG_CACHE_HOME of the fixture
    assert path.read_bytes() == PNG
    assert [p.name for p in path.parent.iterdir()] == [path.name]  # no temporary file is left


def test_a_cache_hit_does_no_network_io(server: ImageServer) -> None:
    server.routes["/a.png"] = (200, {"Content-Type": "image/png"}, PNG, 0.0)
    first = fetch_image(server.url("/a.png"))
    second = fetch_image(server.url("/a.png"))
    assert first == second
    assert server.requests == ["/a.png"]


def test_different_addresses_are_different_files(server: ImageServer) -> None:
    server.routes["/a.png"] = (200, {"Content-Type": "image/png"}, PNG, 0.0)
    server.routes["/b.png"] = (200, {"Content-Type": "image/png"}, PNG[::-1], 0.0)
    assert fetch_image(server.url("/a.png")) != fetch_image(server.url("/b.png"))
    assert fetch_image(server.url("/b.png")).read_bytes() == PNG[::-1]


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "/etc/passwd",
        "data:image/png;base64,iVBORw0KGgo=",
        "ftp://example.org/a.png",
        "javascript:alert(1)",
        "mailto:someone@example.org",
        "http:///no-host.png",
        "http://exa mple.org/a.png",
        "",
    ],
)
def test_other_addresses_are_refused_without_io(url: str, server: ImageServer) -> None:
    assert check_image_url(url) is not None
    with pytest.raises(ImageFetchError):
        fetch_image(url)
    assert not images_dir().exists()


def test_http_and_https_are_allowed() -> None:
    assert check_image_url("http://example.org/a.png") is None
    assert check_image_url("HTTPS://example.org/a.png?x=1") is None


def test_an_oversized_image_is_refused_and_nothing_is_cached(server: ImageServer) -> None:
    big = b"x" * 300_000
    server.routes["/big.png"] = (200, {"Content-Type": "image/png"}, big, 0.0)
    with pytest.raises(ImageFetchError, match="too large"):
        fetch_image(server.url("/big.png"), max_bytes=100_000)
    assert not cache_path(server.url("/big.png")).exists()


def test_an_oversized_image_without_a_length_stops_reading(server: ImageServer) -> None:
    # No Content-Length (HTTP/1.0, read to the end): the cap counts the bytes actually read.
    big = b"x" * 300_000
    server.routes["/endless.png"] = (200, {"Content-Type": "image/png", "Content-Length": ""},
                                     big, 0.0)  # fmt: skip
    with pytest.raises(ImageFetchError, match="too large"):
        fetch_image(server.url("/endless.png"), max_bytes=100_000)
    assert not cache_path(server.url("/endless.png")).exists()


def test_a_body_cut_short_is_refused_and_nothing_is_cached(server: ImageServer) -> None:
    server.routes["/cut.png"] = (200, {"Content-Type": "image/png", "Content-Length": "5000"},
                                 PNG, 0.0)  # fmt: skip
    with pytest.raises(ImageFetchError):
        fetch_image(server.url("/cut.png"))
    assert not cache_path(server.url("/cut.png")).exists()


def test_a_response_that_is_not_an_image_is_refused(server: ImageServer) -> None:
    server.routes["/page"] = (200, {"Content-Type": "text/html"}, b"<html></html>", 0.0)
    with pytest.raises(ImageFetchError, match="not an image"):
        fetch_image(server.url("/page"))
    assert not cache_path(server.url("/page")).exists()


def test_an_http_error_is_a_reason(server: ImageServer) -> None:
    with pytest.raises(ImageFetchError, match="HTTP 404"):
        fetch_image(server.url("/missing.png"))
    assert not cache_path(server.url("/missing.png")).exists()


def test_a_slow_server_times_out(server: ImageServer) -> None:
    server.routes["/slow.png"] = (200, {"Content-Type": "image/png"}, PNG, 2.0)
    with pytest.raises(ImageFetchError, match="timed out"):
        fetch_image(server.url("/slow.png"), timeout=0.3)
    assert not cache_path(server.url("/slow.png")).exists()


def test_redirects_are_followed_to_http(server: ImageServer) -> None:
    server.routes["/old.png"] = (301, {"Location": "/new.png"}, b"", 0.0)
    server.routes["/new.png"] = (200, {"Content-Type": "image/png"}, PNG, 0.0)
    assert fetch_image(server.url("/old.png")).read_bytes() == PNG
    assert server.requests == ["/old.png", "/new.png"]


@pytest.mark.parametrize("target", ["file:///etc/passwd", "ftp://127.0.0.1/a.png"])
def test_redirects_elsewhere_are_refused(server: ImageServer, target: str) -> None:
    server.routes["/jump.png"] = (302, {"Location": target}, b"", 0.0)
    with pytest.raises(ImageFetchError, match="redirected"):
        fetch_image(server.url("/jump.png"))
    assert not cache_path(server.url("/jump.png")).exists()


def test_a_closed_port_is_a_reason(server: ImageServer) -> None:
    url = server.url("/a.png")
    server.shutdown()
    server.server_close()
    with pytest.raises(ImageFetchError):
        fetch_image(url, timeout=2)


def test_prune_deletes_the_least_recently_used_past_the_cap(server: ImageServer) -> None:
    for index, name in enumerate(("/old.png", "/middle.png", "/new.png")):
        server.routes[name] = (200, {"Content-Type": "image/png"}, PNG, 0.0)
        path = fetch_image(server.url(name))
        os.utime(path, (1_700_000_000 + index, 1_700_000_000 + index))
    fetch_image(server.url("/old.png"))  # a cache hit: used again, now the most recent
    leftover = images_dir() / ".fetch-dead"
    leftover.write_bytes(b"half")
    os.utime(leftover, (1_700_000_000, 1_700_000_000))
    assert prune_cache(max_total=2 * len(PNG)) == 2
    assert sorted(p.name for p in images_dir().iterdir()) == sorted(
        cache_path(server.url(name)).name for name in ("/old.png", "/new.png")
    )
    assert prune_cache(max_total=2 * len(PNG)) == 0


def test_prune_of_a_missing_cache_does_nothing(tmp_path: Path) -> None:
    assert prune_cache(tmp_path / "none") == 0
