"""The numbered links of one article, in reading order, each address listed once."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from tui_reader.core.sanitize import clean_text
from tui_reader.render.cfemail import decode_protected_href

# Browsers drop tabs and newlines anywhere in an address and spaces at its ends.
_URL_WHITESPACE = re.compile(r"[\t\n\r]")
MAX_URL_CHARS = 8192


@dataclass
class Link:
    """One address the article refers to. `kind` is "source" (the article's own page, always
    first), "link" (an anchor or embedded frame) or "image"."""

    number: int
    text: str
    url: str
    kind: str


class LinkSet:
    """Collects links while the article is converted; equal addresses share one number."""

    def __init__(self, base: str = "") -> None:
        self.links: list[Link] = []
        self._numbers: dict[str, int] = {}
        self._base = base if _scheme(base) in ("http", "https") else ""

    def add(self, url: str, text: str, kind: str) -> int | None:
        """Number for `url` (resolved against the article's address), or None when there is no
        address worth listing (empty, or a jump inside the page)."""
        url = normalize_url(url, self._base)
        if not url:
            return None
        if number := self._numbers.get(url):
            link = self.links[number - 1]
            if not link.text and text:
                link.text = text
            return number
        number = len(self.links) + 1
        self.links.append(Link(number, text, url, kind))
        self._numbers[url] = number
        return number

    def truncate(self, count: int) -> None:
        """Forget every link after the first `count` (a conversion is being retried)."""
        for link in self.links[count:]:
            del self._numbers[link.url]
        del self.links[count:]

    def set_text(self, number: int, text: str) -> None:
        if not self.links[number - 1].text:
            self.links[number - 1].text = text


def normalize_url(url: str, base: str = "") -> str:
    """A displayable, absolute-where-possible address; "" for nothing or an in-page fragment."""
    url = _URL_WHITESPACE.sub("", clean_text(url)).strip()
    if not url or url.startswith("#"):
        return ""
    if mailto := decode_protected_href(url):
        return mailto
    if base and not _scheme(url):
        try:
            url = urljoin(base, url)
        except ValueError:  # a malformed address (bad IPv6 literal …): keep it as written
            pass
    return url[:MAX_URL_CHARS]


def _scheme(url: str) -> str:
    try:
        return urlsplit(url).scheme.lower()
    except ValueError:
        return ""
