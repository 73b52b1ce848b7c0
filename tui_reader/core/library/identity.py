"""Stable article ids.

An id must survive renaming or moving the file and any rescan, so it is made from what the article
*is*, never from where it lies:

1. the article's own link (`link`/`url`/`permalink`…) when the front matter has one — the same
   story archived twice is then one article;
2. otherwise the title, the date exactly as written, the author and the first category path;
   when the date is missing or unusable (`Invalid Date`) the first 4 KiB of the body join them,
   so that undated posts with the same title (`'-'`) stay apart;
3. a file without front matter: its whole text, whitespace folded.

The id is the first 16 hex digits of a SHA-1 over those parts. Two files that still collide (the
same story saved twice, or a new file that repeats an old one's link) are told apart by
`disambiguate`: the first claim keeps the id and later ones get `~2`, `~3`… The library orders the
claims by when the index first saw each file with that id, then by the files' inode change times
(ctime: set by the system, never by an archive, unlike the modification time), then modification
times, then paths. So an article already indexed keeps its id (and its read mark and bookmark)
when a newcomer repeats its link, across rescans, and in an index built afresh unless the article
itself was renamed or changed after the newcomer came.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable
from typing import Any


def article_id(*parts: str) -> str:
    digest = hashlib.sha1("\x1f".join(parts).encode("utf-8", "surrogatepass"))
    return digest.hexdigest()[:16]


def link_id(link: str) -> str:
    return article_id("link", link.strip())


def meta_id(title: str, raw_date: str, author: str, category: str, body_sample: str) -> str:
    return article_id("meta", title, raw_date, author, category, body_sample)


def text_id(text: str) -> str:
    return article_id("text", " ".join(text.split()))


def disambiguate(
    ids_by_path: dict[str, str], order: Callable[[str], Any] | None = None
) -> dict[str, str]:
    """Return path -> unique id, suffixing repeats in the order of `order` (a sort key on the
    path; the path itself by default). Only repeats are sorted."""
    counts = Counter(ids_by_path.values())
    unique = dict(ids_by_path)
    repeated: dict[str, list[str]] = {}
    for path, base in ids_by_path.items():
        if counts[base] > 1:
            repeated.setdefault(base, []).append(path)
    for base, paths in repeated.items():
        for number, path in enumerate(sorted(paths, key=order)[1:], start=2):
            unique[path] = f"{base}~{number}"
    return unique
