"""An article's record in the search index: its metadata as JSON, compressed (against a deflate
dictionary made from the library's first records), so that results are shown without the library
index; and its date as the index orders by it (`timestamp`). Read by every search; written by the
index's update (core.search.documents, update.py).
"""

from __future__ import annotations

import json
import math
import zlib
from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from tui_reader.core.library.model import Article


def timestamp(article: Article) -> float:
    """The date the index orders and filters by: -inf (oldest of all) for an article with no
    date of its own, also when the library shows its file's time: `after:2026-11-01` must not
    find an old article whose file was copied last week."""
    return -math.inf if article.date_from_file else article.timestamp


ZLIB_RECORD = 0x78  # the first byte of a record compressed without a dictionary (schema 8)
DICTIONARY_BYTES = 32 * 1024  # what deflate can refer back to


def record_json(a: Article) -> bytes:
    """The article's metadata as stored in its record, before compression."""
    fields = [
        a.id, a.path, a.title, [list(p) for p in a.categories], a.author,
        a.date.isoformat() if a.date else None, a.date_from_file, list(a.tags), a.link,
        a.image, a.mtime_ns, a.size,
    ]  # fmt: skip
    # surrogatepass: a file name that is not UTF-8 holds lone surrogates (json.loads of bytes
    # reads them back the same way)
    return json.dumps(fields, ensure_ascii=False).encode("utf-8", "surrogatepass")


def make_dictionary(records: Iterable[bytes]) -> bytes:
    """A deflate dictionary for the records of a library, from some of them (`record_json`,
    the first `DICTIONARY_BYTES`). A record alone is too short for deflate to find much to
    refer back to; against records of the same sources (their category names, authors, paths,
    link prefixes, the JSON's own shape) it finds most of it: 119 instead of 279 bytes a record
    on the generated library."""
    out: list[bytes] = []
    size = 0
    for record in records:
        out.append(record)
        size += len(record)
        if size >= DICTIONARY_BYTES:
            break
    return b"".join(out)[-DICTIONARY_BYTES:]


def article_record(a: Article, dictionary: tuple[int, bytes] | None = None) -> bytes:
    """The article's metadata, compressed: results are shown without the library index."""
    return compress_record(record_json(a), dictionary)


def compress_record(data: bytes, dictionary: tuple[int, bytes] | None) -> bytes:
    """A record's JSON compressed: with a `dictionary` (its number, 1-255 but not
    `ZLIB_RECORD`, and its bytes), that number then raw deflate against it; without, zlib."""
    if dictionary is None:
        return zlib.compress(data)
    number, zdict = dictionary
    packer = _primed(zdict).copy()
    return bytes([number]) + packer.compress(data) + packer.flush()


_PRIMED: dict[bytes, Any] = {}


def _primed(zdict: bytes) -> Any:
    """A raw deflate compressor that has read `zdict` and nothing else, to be copied for each
    record: loading a 32 KB dictionary costs more than compressing a record (a copy: 20 µs
    against 47 µs a record, the same bytes). zlib's default level and memory: level 9 made
    records 1% smaller and took 40% longer."""
    primed = _PRIMED.get(zdict)
    if primed is None:
        _PRIMED.clear()
        primed = _PRIMED[zdict] = zlib.compressobj(wbits=-15, zdict=zdict)
    return primed


def record_data(record: bytes, dictionaries: Mapping[int, bytes] | None = None) -> bytes:
    """A record's JSON; `dictionaries` by number, for a record made with one."""
    if record[0] == ZLIB_RECORD:
        return zlib.decompress(record)
    unpacker = zlib.decompressobj(-15, zdict=(dictionaries or {})[record[0]])
    return unpacker.decompress(record[1:]) + unpacker.flush()


def load_article(record: bytes, dictionaries: Mapping[int, bytes] | None = None) -> Article:
    """An article from its record (see `record_data`)."""
    (ident, path, title, categories, author, date, from_file, tags, link, image, mtime_ns,
     size) = json.loads(record_data(record, dictionaries))  # fmt: skip
    return Article(
        ident, path, title, tuple(tuple(p) for p in categories), author,
        datetime.fromisoformat(date) if date else None, from_file, tuple(tags), link, image,
        mtime_ns, size,
    )  # fmt: skip
