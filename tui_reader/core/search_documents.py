"""One article as the search index stores it: its FTS5 columns and its compressed record.

Kept apart from the database code because it runs in worker processes during a first build (it
takes and returns plain data), and because deleting a row from a contentless FTS5 table needs the
very same column values again: they are rebuilt from the stored record with the same functions.
"""

from __future__ import annotations

import json
import zlib
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from tui_reader.core.htmltext import html_to_text
from tui_reader.core.model import Article
from tui_reader.core.parse import read_body
from tui_reader.core.search_tokens import normalize, parts_string, token_string, unigrams

Columns = tuple[str, str, str, str]  # title, body, meta, uni


@dataclass(frozen=True, slots=True)
class Document:
    """An article with its visible body text, ready to index."""

    article: Article
    body: str

    def columns(self) -> Columns:
        article = self.article
        parts = [article.author, *(name for path in article.categories for name in path)]
        meta = parts_string([*parts, *article.tags])
        title = token_string(article.title)
        body = token_string(self.body)
        # unigrams read the token strings: they hold every CJK character of the fields, normalized
        return title, body, meta, unigrams((title, body, meta))

    def record(self) -> bytes:
        """The article and its body text, compressed (for results, snippets and deletion)."""
        a = self.article
        fields = [
            a.id, a.path, a.title, [list(p) for p in a.categories], a.author,
            a.date.isoformat() if a.date else None, a.date_from_file, list(a.tags), a.link,
            a.image, a.mtime_ns, a.size, self.body,
        ]  # fmt: skip
        return zlib.compress(json.dumps(fields, ensure_ascii=False).encode("utf-8"), 6)


def load_document(record: bytes) -> Document:
    fields = json.loads(zlib.decompress(record))
    (ident, path, title, categories, author, date, from_file, tags, link, image, mtime_ns, size,
     body) = fields  # fmt: skip
    article = Article(
        ident, path, title, tuple(tuple(p) for p in categories), author,
        datetime.fromisoformat(date) if date else None, from_file, tuple(tags), link, image,
        mtime_ns, size,
    )  # fmt: skip
    return Document(article, body)


def read_document(root: Path, article: Article) -> Document:
    """The article's file read again for its body; an unreadable body indexes as empty."""
    try:
        body = html_to_text(read_body(root / article.path))
    except (OSError, ValueError, RecursionError):
        body = ""
    return Document(article, body)


def prepare_chunk(root: str, articles: list[Article]) -> list[tuple[Document, Columns, bytes]]:
    """Read and tokenize a batch of articles (in a worker process during big builds)."""
    base = Path(root)
    out = []
    for article in articles:
        document = read_document(base, article)
        out.append((document, document.columns(), document.record()))
    return out


def author_key(author: str) -> str:
    return normalize(author)
