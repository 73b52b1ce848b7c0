"""One article as the search index stores it: its FTS5 columns and its compressed record.

Kept apart from the database code because it runs in worker processes during a first build: it
takes and returns plain data. The body text is not stored (the index would outgrow the library);
snippets read the file again for the few results shown.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from tui_reader.core.library.model import Article
from tui_reader.core.library.parse import read_body
from tui_reader.core.markdown_body import body_html
from tui_reader.core.search.htmltext import html_to_text
from tui_reader.core.search.records import article_record
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
    the dictionary records are compressed against (its number and bytes; see
    `records.compress_record`)."""

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
