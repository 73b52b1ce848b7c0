"""Fetching an article's images into the user cache directory, for showing them inline.

Image addresses come from untrusted article files, so fetching is narrow on purpose: only `http`
and `https` (redirects too) to public internet addresses (`core.public_http`: never loopback,
the local network or any other private address, checked after resolving and on every redirect),
a timeout on every network wait and an overall deadline, a size cap that stops reading past it,
and only responses that say they are images. A file is written to a
temporary name and renamed into place, so a crash or a concurrent fetch never leaves half an
image under the final name, and a cached image is read back with no network I/O at all.

Only the reading pane calls this, and only when the user turned `inline_images` on and the
terminal can draw images: otherwise nothing is ever fetched.
"""

from __future__ import annotations

import hashlib
import http.client
import os
import tempfile
import time
from email.message import Message
from pathlib import Path
from typing import IO
from urllib.parse import urlsplit

from tui_reader.core.cache_fallback import report
from tui_reader.core.links import check_url
from tui_reader.core.paths import cache_dir
from tui_reader.core.public_http import FetchError, open_public, public_address

MAX_BYTES = 8 * 1024 * 1024  # larger images are refused: nothing in an article needs more
MAX_CACHE_BYTES = 256 * 1024 * 1024  # `prune_cache` deletes the least recently used past this
TIMEOUT = 10.0  # seconds for each network wait (connecting, each read)
DEADLINE = 30.0  # seconds for a whole fetch, however slowly the bytes trickle in
CHUNK = 64 * 1024
USER_AGENT = "tui-reader (inline images)"
FETCHED_SCHEMES = ("http", "https")
# Images fetched while the cache folder could not be written (see `_save`)
_spare: Path | None = None
# Which resolved addresses may be connected to: public ones (tests put a loopback server in).
address_allowed = public_address


class ImageFetchError(Exception):
    """An image was not fetched; the message is a short reason to show the user."""


def images_dir() -> Path:
    """Where fetched images are kept: `<user cache dir>/images`."""
    return cache_dir() / "images"


def cache_path(url: str, folder: Path | None = None) -> Path:
    """The file an address is cached in (named by the SHA-256 of the address)."""
    return (folder or images_dir()) / hashlib.sha256(url.encode("utf-8")).hexdigest()


def check_image_url(url: str) -> str | None:
    """None when `url` may be fetched, else why not: an address the reader may open at all
    (`core.links.check_url`: scheme, host, length, no control characters) that is also web."""
    if reason := check_url(url):
        return reason
    if urlsplit(url).scheme.lower() not in FETCHED_SCHEMES:
        return "only http and https addresses are fetched"
    return None


def fetch_image(
    url: str,
    *,
    folder: Path | None = None,
    timeout: float = TIMEOUT,
    deadline: float = DEADLINE,
    max_bytes: int = MAX_BYTES,
) -> Path:
    """The cached file of the image at `url`, fetched first unless it is cached already.

    Raises `ImageFetchError` with a short reason when the address is refused or the fetch fails.
    Blocking: call it from a worker thread.
    """
    if reason := check_image_url(url):
        raise ImageFetchError(reason)
    path = cache_path(url, folder)
    for cached in (path, *([cache_path(url, _spare)] if _spare is not None else [])):
        if cached.is_file():
            _touch(cached)  # recently used: pruned last
            return cached  # a cache hit: no network I/O
    started = time.monotonic()
    headers = {"User-Agent": USER_AGENT, "Accept": "image/*"}
    try:
        with open_public(
            url, headers=headers, timeout=timeout, check_url=check_image_url,
            allowed=address_allowed,
        ) as response:  # fmt: skip
            if response.status != 200:
                raise ImageFetchError(f"HTTP {response.status}")
            length = _check_response(response.headers, max_bytes)
            data = _read_body(response, max_bytes, started + deadline, length)
    except FetchError as error:
        raise ImageFetchError(str(error)) from None
    except TimeoutError:
        raise ImageFetchError("timed out") from None
    # A connection reset, a body cut short, a bad status line, an invalid address …
    except (OSError, ValueError, http.client.HTTPException) as error:
        raise ImageFetchError(_reason(error)) from None
    return _save(data, path)


def prune_cache(folder: Path | None = None, max_total: int = MAX_CACHE_BYTES) -> int:
    """Delete the least recently used images until the cache holds at most `max_total` bytes
    (temporary files of fetches that died too); how many files were deleted."""
    folder = folder or images_dir()
    try:
        entries = [(entry.stat(), entry) for entry in os.scandir(folder) if entry.is_file()]
    except OSError:
        return 0
    entries.sort(key=lambda item: item[0].st_mtime)  # oldest first
    total = sum(stat.st_size for stat, _entry in entries)
    stale = time.time() - 3600
    deleted = 0
    for stat, entry in entries:
        leftover = entry.name.startswith(".fetch-") and stat.st_mtime < stale
        if total <= max_total and not leftover:
            continue
        try:
            os.unlink(entry.path)
        except OSError:
            continue
        total -= stat.st_size
        deleted += 1
    return deleted


def _touch(path: Path) -> None:
    try:
        os.utime(path)
    except OSError:
        pass  # a read-only cache still serves its images


def _check_response(headers: Message, max_bytes: int) -> int | None:
    """The announced length (None when not given); raises when the response will not do."""
    content_type = headers.get_content_type()
    if not content_type.startswith("image/"):
        raise ImageFetchError(f"not an image ({content_type})")
    length = headers.get("Content-Length", "").strip()
    if not length.isdigit():
        return None
    if int(length) > max_bytes:
        raise ImageFetchError(f"too large ({int(length) // 1024:,} KB)")
    return int(length)


def _read_body(response: IO[bytes], max_bytes: int, deadline: float, length: int | None) -> bytes:
    """The whole body (at most `max_bytes`), read before anything is written."""
    chunks: list[bytes] = []
    size = 0
    while chunk := response.read(CHUNK):
        size += len(chunk)
        if size > max_bytes:  # stop reading: Content-Length may be absent or wrong
            raise ImageFetchError(f"too large (over {max_bytes // 1024:,} KB)")
        if time.monotonic() > deadline:
            raise ImageFetchError("timed out")
        chunks.append(chunk)
    if size == 0:
        raise ImageFetchError("empty response")
    if length is not None and size < length:  # http.client does not say so for read(n)
        raise ImageFetchError("the connection closed before the end of the image")
    return b"".join(chunks)


def _save(data: bytes, path: Path) -> Path:
    """Where the image was written: `path`, or when the cache folder cannot be written (a
    read-only folder, a full disk) the same name in a private temporary folder of this process,
    which the cache failure is reported for (see core.cache_fallback) once."""
    global _spare
    try:
        _write(data, path)
        return path
    except OSError as error:
        report(path, error)
    try:
        if _spare is None:
            _spare = Path(tempfile.mkdtemp(prefix="tui-reader-images-"))
        spare = _spare / path.name
        _write(data, spare)
    except OSError as error:
        raise ImageFetchError(f"cannot store the image: {_reason(error)}") from None
    return spare


def _write(data: bytes, path: Path) -> None:
    """Write to a temporary file beside `path`, then rename it into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".fetch-")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _reason(error: object) -> str:
    if isinstance(error, TimeoutError):
        return "timed out"
    if isinstance(error, OSError) and error.strerror:
        return error.strerror
    return str(error) or type(error).__name__
