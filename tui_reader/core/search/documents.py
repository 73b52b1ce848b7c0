"""One article as the search index stores it: its FTS5 columns and its compressed record.

Kept apart from the database code because it runs in worker processes during a first build: it
takes and returns plain data. The body text is not stored (the index would outgrow the library);
snippets read the file again for the few results shown.
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, NamedTuple

from tui_reader.core.library.model import Article
from tui_reader.core.library.parse import read_body
from tui_reader.core.markdown_body import body_html
from tui_reader.core.search.htmltext import html_to_text
from tui_reader.core.search.sql import category_key, tags_key
from tui_reader.core.search.stories import band_keys, has_links, segments_signature, story_text
from tui_reader.core.search.tokens import (
    SEGMENT,
    normalize,
    parts_string,
    segments_string,
    unigrams,
)

# body, title, meta (the `fts` table), `uni`, then the story signature (core.search.stories)
Columns = tuple[str, str, str, str, bytes | None]


@dataclass(frozen=True, slots=True)
class Document:
    """An article with its visible body text, ready to index; `linked`, its story text
    (core.search.stories.story_text) when its body has links, else its title and body are;
    not `readable`: the body could not be read, and the article has no story signature."""

    article: Article
    body: str
    linked: str | None = None
    readable: bool = True

    def columns(self) -> Columns:
        article = self.article
        parts = [article.author, *(name for path in article.categories for name in path)]
        meta = parts_string([*parts, *article.tags])
        title, body = normalize(article.title), normalize(self.body)
        title_words, body_words = SEGMENT.findall(title), SEGMENT.findall(body)
        # the meta tokens hold every CJK character of those fields (bigrams overlap)
        chars = unigrams((title, body, meta))
        story = None
        if self.readable:  # the story text normalized, its title and body as normalized above
            linked = self.linked
            story = segments_signature(
                title_words + body_words if linked is None else SEGMENT.findall(normalize(linked))
            )
        return segments_string(body_words), segments_string(title_words), meta, chars, story


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


def read_document(root: Path, article: Article) -> Document:
    """The article's file read again for its body (and its story text when it has links); an
    unreadable body indexes as empty."""
    try:
        markup = body_html(article.path, read_body(root / article.path))
        linked = story_text(article.title, markup) if has_links(markup) else None
        return Document(article, html_to_text(markup), linked)
    except (OSError, ValueError, RecursionError):
        return Document(article, "", readable=False)


@dataclass(frozen=True, slots=True)
class Job:
    """What the workers of an index build need besides the articles: the library's folder, and
    the dictionary records are compressed against (its number and bytes; see `compress_record`)."""

    root: str
    dictionary: tuple[int, bytes] | None = None


class Prepared(NamedTuple):
    """An article ready for the index's tables, made in a worker process: its FTS5 columns and
    story signature, its compressed record, its `docs` fields for filters (normalized author,
    `category_key`, `tags_key`), and the band keys of its signature (empty without one)."""

    article: Article
    columns: Columns
    record: bytes
    author: str
    cats: str
    tags: str
    bands: list[int]


def prepare_chunk(job: Job, articles: list[Article]) -> list[Prepared]:
    """Read and tokenize a batch of articles (in a worker process during big builds)."""
    base = Path(job.root)
    out: list[Prepared] = []
    for article in articles:
        columns = read_document(base, article).columns()
        story = columns[4]
        out.append(
            Prepared(
                article,
                columns,
                article_record(article, job.dictionary),
                normalize(article.author),
                category_key(article.categories),
                tags_key(article.tags),
                [] if story is None else band_keys(story),
            )
        )
    return out
