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
same story saved twice) get `~2`, `~3`… in path order, from `disambiguate`.
"""

from __future__ import annotations

import hashlib
from collections import Counter


def article_id(*parts: str) -> str:
    digest = hashlib.sha1("\x1f".join(parts).encode("utf-8", "surrogatepass"))
    return digest.hexdigest()[:16]


def link_id(link: str) -> str:
    return article_id("link", link.strip())


def meta_id(title: str, raw_date: str, author: str, category: str, body_sample: str) -> str:
    return article_id("meta", title, raw_date, author, category, body_sample)


def text_id(text: str) -> str:
    return article_id("text", " ".join(text.split()))


def disambiguate(ids_by_path: dict[str, str]) -> dict[str, str]:
    """Return path -> unique id, suffixing repeats in path order (only repeats are sorted)."""
    counts = Counter(ids_by_path.values())
    unique = dict(ids_by_path)
    repeated: dict[str, list[str]] = {}
    for path, base in ids_by_path.items():
        if counts[base] > 1:
            repeated.setdefault(base, []).append(path)
    for base, paths in repeated.items():
        for number, path in enumerate(sorted(paths)[1:], start=2):
            unique[path] = f"{base}~{number}"
    return unique
