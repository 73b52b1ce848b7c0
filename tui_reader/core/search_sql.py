"""A parsed query (core.query) to one SQL statement over the search database.

Text terms become FTS5 expressions; filters become conditions on the `docs` table. When the query
has text that every result must contain, the FTS5 table drives the statement and the filters are
checked on its matches; otherwise `docs` is scanned newest first and text terms become `rowid IN
(…MATCH…)` sub-queries. Row ids are in date order, so "newest first, first 50" never sorts: it reads
rowids backwards and stops (see `search_index.date_key`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, time

from tui_reader.core.query import And, Filter, Node, Not, Or, Phrase, Substring, Word
from tui_reader.core.search_tokens import cjk_tokens, normalize

TEXT_COLUMNS = "{title body meta}"
UNDATED_LIMIT = -(1 << 61)  # undated rows sit below this (see search_index.date_key)
SLOTS_PER_SECOND = 1 << 20


@dataclass(slots=True)
class Statement:
    """The pieces of one search: an optional FTS5 MATCH that drives it, and docs conditions."""

    match: str | None = None
    where: list[str] = field(default_factory=list)
    params: list[object] = field(default_factory=list)


def day_key(day: object) -> int:
    """The first row id of a day at local midnight (used by after: and before:)."""
    start = datetime.combine(day, time()).astimezone()  # type: ignore[call-overload]
    return int(start.timestamp()) * SLOTS_PER_SECOND


def compile_query(node: Node) -> Statement:
    statement = Statement()
    conjuncts = list(node.nodes) if isinstance(node, And) else [node]
    positive = [c for c in conjuncts if not isinstance(c, Not) and fts(c) is not None]
    if positive:
        negative = [c for c in conjuncts if isinstance(c, Not) and fts(c.node) is not None]
        expression = " AND ".join(f"({fts(c)})" for c in positive)
        statement.match = expression + "".join(f" NOT ({fts(c.node)})" for c in negative)
        conjuncts = [c for c in conjuncts if c not in positive and c not in negative]
    for conjunct in conjuncts:
        statement.where.append(_condition(conjunct, statement.params))
    return statement


def fts(node: Node) -> str | None:
    """The FTS5 expression of a text-only node, or None when it has filters or a lone NOT."""
    if isinstance(node, Word):
        return f'{TEXT_COLUMNS} : "{node.text}"' + ("*" if node.prefix else "")
    if isinstance(node, Substring):
        if len(node.text) == 1:
            return f'uni : "{node.text}"'
        return f'{TEXT_COLUMNS} : "{" ".join(cjk_tokens(node.text))}"'
    if isinstance(node, Phrase):
        return f'{TEXT_COLUMNS} : "{" ".join(node.tokens)}"' + ("*" if node.prefix else "")
    if isinstance(node, Or):
        parts = [fts(child) for child in node.nodes]
        return None if None in parts else " OR ".join(f"({p})" for p in parts)
    if isinstance(node, And):
        positive = [fts(c) for c in node.nodes if not isinstance(c, Not)]
        negative = [fts(c.node) for c in node.nodes if isinstance(c, Not)]
        if not positive or None in positive or None in negative:
            return None
        return " AND ".join(f"({p})" for p in positive) + "".join(f" NOT ({n})" for n in negative)
    return None


def _condition(node: Node, params: list[object]) -> str:
    if (expression := fts(node)) is not None:
        params.append(expression)
        return "d.rowid IN (SELECT rowid FROM fts WHERE fts MATCH ?)"
    if isinstance(node, Not):
        return f"NOT ({_condition(node.node, params)})"
    if isinstance(node, And | Or):
        joiner = " AND " if isinstance(node, And) else " OR "
        return "(" + joiner.join(_condition(child, params) for child in node.nodes) + ")"
    if isinstance(node, Filter):
        return _filter(node, params)
    raise TypeError(f"cannot compile {node!r}")  # pragma: no cover - every node kind is above


def _filter(node: Filter, params: list[object]) -> str:
    value = normalize(node.value)
    if node.key == "author":
        params.append(value)
        return "instr(d.author, ?) > 0"
    if node.key == "cat":
        path = category_key([value.split("/")])
        params.extend([path[:-1] + "/", path])  # the path itself or anything below it
        return "(instr(d.cats, ?) > 0 OR instr(d.cats, ?) > 0)"
    if node.key == "tag":
        params.append(f"\n{value.strip()}\n")
        return "instr(d.tags, ?) > 0"
    if node.key == "is":
        table = "marked_ids" if value == "bookmarked" else "read_ids"
        return f"d.id {'NOT IN' if value == 'unread' else 'IN'} temp.{table}"
    if node.key == "after":
        params.append(day_key(node.day))
        return "d.rowid >= ?"
    if node.key == "before":
        params.extend([day_key(node.day), UNDATED_LIMIT])
        return "(d.rowid < ? AND d.rowid > ?)"
    raise TypeError(f"unknown filter {node.key}")  # pragma: no cover - the parser checks keys


def category_key(paths: list[list[str]] | tuple[tuple[str, ...], ...]) -> str:
    """Category paths as stored for `cat:`: `\\n新媒体/cnbeta/最新\\n…`, normalized names."""
    lines = ["/".join(normalize(name).strip() for name in path if name.strip()) for path in paths]
    return "\n" + "\n".join(lines) + "\n"


def tags_key(tags: tuple[str, ...]) -> str:
    return "\n" + "\n".join(normalize(tag).strip() for tag in tags) + "\n"
