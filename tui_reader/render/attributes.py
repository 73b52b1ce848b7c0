"""What an HTML element's attributes say about showing it: hidden, a tracking pixel, where an
image really is (lazy loading), where a list starts, and short labels made from addresses."""

from __future__ import annotations

import re
from urllib.parse import unquote, urlsplit

from tui_reader.render.textclean import one_line

_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_PIXEL_STYLE = re.compile(r"(?:^|[;\s])(?:width|height)\s*:\s*[01](?:\.0*)?px", re.I)
_LAZY_SOURCES = ("data-src", "data-original", "data-lazy-src", "data-actualsrc", "file")


def is_hidden(attributes: dict[str, str]) -> bool:
    """The `hidden` attribute, or a style that hides the element (`display: none`)."""
    return "hidden" in attributes or bool(_HIDDEN_STYLE.search(attributes.get("style", "")))


def is_pixel(attributes: dict[str, str]) -> bool:
    """Tracking pixels and hidden images: 0 or 1 pixel wide or high, or not displayed."""
    for name in ("width", "height"):
        value = attributes.get(name, "").strip().lower().removesuffix("px").strip()
        if value in ("0", "1"):
            return True
    style = attributes.get("style", "")
    return bool(_PIXEL_STYLE.search(style) or _HIDDEN_STYLE.search(style))


def image_source(attributes: dict[str, str]) -> str:
    """An image's address: `src`, or where lazy-loading pages keep it while `src` is a stand-in."""
    src = attributes.get("src", "").strip()
    if not src or src.startswith("data:"):
        for name in _LAZY_SOURCES:
            if lazy := attributes.get(name, "").strip():
                return lazy
    return "" if src.startswith("data:") else src


def start_number(attributes: dict[str, str]) -> int:
    """The number before an ordered list's first item (its `start` less one)."""
    try:
        return int(attributes.get("start", "1")) - 1
    except ValueError:
        return 0


def file_name(url: str) -> str:
    """The last part of an address's path, decoded, for an image's label."""
    try:
        path = urlsplit(url).path
    except ValueError:
        return ""
    return one_line(unquote(path.rstrip("/").rpartition("/")[2]), 80)


def short_address(url: str) -> str:
    """Host and path of an address, on one line and shortened, for an embed's label."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return one_line(url, 60)
    return one_line(f"{parts.netloc}{parts.path}", 60) or one_line(url, 60)
