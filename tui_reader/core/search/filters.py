"""Lookup tables from each author, category path prefix and tag to the keys of its articles.

Counting a broad filter (`cat:二次元` holds a fifth of the library) by checking each `docs` row
visits every row; these tables let a count read one index range instead (100k articles: 20 ms
of `instr` over `docs` against 0.3 ms here). They are kept in step with `docs` by
`core.search.index`: rows are added with the article and removed with it.

- `names`: each distinct (kind, name): kind `author`, `cat` (every path prefix: `新媒体`,
  `新媒体/cnbeta`, `新媒体/cnbeta/最新`) or `tag`, in the normalized form `docs` stores.
  `cat:cnbeta` (names at any level of the path) selects the prefixes that end with them.
- `filters`: (name id, key) for each article and each of its names, without row ids, so that
  the rows of one name are one contiguous range in key (date) order.

The names are taken from the very strings `docs` stores (`category_key`, `tags_key`), line by
line, so that a lookup finds exactly what `instr` over those strings finds; a value a lookup
cannot express (empty, or holding a line break) keeps the `instr` test (see `core.search.sql`).
"""

from __future__ import annotations

import sqlite3

SCHEMA = """
CREATE TABLE IF NOT EXISTS names (
    id INTEGER PRIMARY KEY, kind TEXT NOT NULL, name TEXT NOT NULL, UNIQUE (kind, name)
);
CREATE TABLE IF NOT EXISTS filters (
    name INTEGER NOT NULL, key INTEGER NOT NULL, PRIMARY KEY (name, key)
) WITHOUT ROWID;
"""
TABLES = ("names", "filters")


def article_names(author: str, cats: str, tags: str) -> set[tuple[str, str]]:
    """The (kind, name) pairs of an article, from its `docs` columns."""
    names = {("author", author)}
    for line in cats.split("\n"):
        if line:
            parts = line.split("/")
            names.update(("cat", "/".join(parts[:end])) for end in range(1, len(parts) + 1))
    names.update(("tag", line) for line in tags.split("\n") if line)
    return names


def add(connection: sqlite3.Connection, key: int, author: str, cats: str, tags: str) -> None:
    for kind, name in article_names(author, cats, tags):
        connection.execute("INSERT OR IGNORE INTO names (kind, name) VALUES (?, ?)", (kind, name))
        connection.execute(
            "INSERT OR IGNORE INTO filters SELECT id, ? FROM names WHERE kind=? AND name=?",
            (key, kind, name),
        )


def remove(connection: sqlite3.Connection, key: int) -> None:
    """Drop the rows of the article at `key`; call it before its `docs` row goes."""
    row = connection.execute("SELECT author, cats, tags FROM docs WHERE key=?", (key,)).fetchone()
    if row is None:
        return
    name_id = "(SELECT id FROM names WHERE kind=? AND name=?)"
    for kind, name in article_names(*row):
        connection.execute(f"DELETE FROM filters WHERE key=? AND name={name_id}", (key, kind, name))


def names_select(kind: str, value: str) -> tuple[str, list[object]] | None:
    """`SELECT id FROM names …` for the names a filter value selects, or None when the value is
    one a lookup cannot express exactly (see the module docstring)."""
    if not value or "\n" in value:
        return None
    if kind == "author":  # author:x means the author contains x
        return "SELECT id FROM names WHERE kind='author' AND instr(name, ?) > 0", [value]
    if kind == "cat":  # names at any level: every path prefix is a name, so a suffix of one
        suffix = f"/{value}"
        return (
            "SELECT id FROM names WHERE kind='cat' AND (name=? OR substr(name, -?)=?)",
            [value, len(suffix), suffix],
        )
    return f"SELECT id FROM names WHERE kind='{kind}' AND name=?", [value]
