"""A parsed query (core.search.query) to one SQL statement over the search database.

Text terms become FTS5 expressions; filters become conditions on the `docs` table. When the query
has text that every result must contain, an FTS5 table (`fts`, or `uni` for one-character CJK)
drives the statement and the filters are checked on its matches; otherwise `docs` is scanned and
text terms become `key IN (…MATCH…)` sub-queries. Keys follow the article dates (see
`core.search.index`), so "newest first, first 50" reads keys backwards and stops, without sorting;
`after:`/`before:` that every result must meet become key ranges (`bounds`), not conditions.

Counting compiles the same conditions a second way (`keyed`): over keys alone (`{row}`), with
author/cat/tag read from the lookup tables of `core.search.filters`, so that a count need not read
`docs` at all. A filter with a table of keys (`Keys`: author/cat/tag/source, is:read,
is:bookmarked, is:hidden, is:copy) can drive a count, or a first page when it selects few
articles (core.search.run). A row-at-a-time `instr` test over `docs` is cheaper for the first
page of a broad filter, which stops after 50 matches. Conditions on a row never offer SQLite a
table of keys to start from (`+d.key IN …`): which set drives is chosen by core.search.run, from
their sizes, which the planner does not know (it read 333k read ids and sorted their rows for
the 50 newest of `is:read`).

`tag:` matches the article's own tags (front matter) and the user's personal tags (see
`core.state`), which the index is handed with the query (`SearchIndex.search(user_tags=…)`) and
keeps in temporary tables, as it keeps the read and bookmarked ids.

Each filter of `core.search.query.FILTERS` has its SQL in `FILTER_SQL`, under its key.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time

from tui_reader.core.search.filters import names_select
from tui_reader.core.search.query import (
    STORY_STATES,
    And,
    Filter,
    Node,
    Not,
    Or,
    Phrase,
    Substring,
    Word,
)
from tui_reader.core.search.tokens import cjk_tokens, normalize


@dataclass(frozen=True, slots=True)
class Keys:
    """The keys of the articles one filter selects, read from a table of keys instead of testing
    every row: the lookup tables of core.search.filters (author, cat, tag, source), the
    temporary tables of the reading state (is:read, is:bookmarked, is:hidden), the personal
    tags' (tag:, beside the articles' own) and the stories (is:copy). `parts` are SELECTs of one
    column `key`, with their parameters, whose union is the set; every key is a live article's.
    `names`: for one part over `filters`, the SELECT of the name ids it reads (several names,
    e.g. `cat:x` at two levels of an article's two paths, can give one key twice). `table`:
    the table whose every row is a key, when the set is one (its size is read off its b-tree)."""

    parts: tuple[tuple[str, tuple[object, ...]], ...]
    names: tuple[str, tuple[object, ...]] | None = None
    table: str | None = None


@dataclass(frozen=True, slots=True)
class Keyed:
    """One conjunct of a search (not its text, not its date bounds) over keys: the condition
    on `{row}` (a key; `d.` only where `docs` is needed), its parameters, and the set of keys
    it confines the matches to, when it has one."""

    condition: str
    params: tuple[object, ...]
    keys: Keys | None = None


@dataclass(slots=True)
class Statement:
    """One search: the FTS5 table that drives it (`fts`, `uni`, or None to scan `docs`), its
    MATCH expression, and further conditions on `docs d` with their parameters."""

    driver: str | None = None
    match: str | None = None
    where: list[str] = field(default_factory=list)
    params: list[object] = field(default_factory=list)
    # after:/before: that every result must meet, as (key, seconds): they narrow the key range
    bounds: list[tuple[str, float]] = field(default_factory=list)
    # the conjuncts of `where` again, over keys: for counting, and for reading a small set of
    # keys first (core.search.run)
    keyed: list[Keyed] = field(default_factory=list)

    def dated(self) -> tuple[list[str], list[object]]:
        """The bounds as conditions on `docs d`, for rows that key ranges cannot place."""
        where = ["d.ts >= ?" if key == "after" else "d.ts < ?" for key, _ in self.bounds]
        return where, [seconds for _, seconds in self.bounds]


def day_start(day: date | None) -> float:
    """Local midnight at the start of a day, in seconds since the epoch (after: and before:)."""
    assert day is not None
    midnight = datetime.combine(day, time())
    try:
        return midnight.astimezone().timestamp()
    except (ValueError, OverflowError, OSError):  # the calendar's first or last day: the zone's
        return midnight.replace(tzinfo=UTC).timestamp()  # offset cannot be looked up there


def compile_query(node: Node) -> Statement:
    statement = Statement()
    conjuncts = list(node.nodes) if isinstance(node, And) else [node]
    for driver, expression in (("fts", main_fts), ("uni", uni_fts)):
        positive = [c for c in conjuncts if not isinstance(c, Not) and expression(c) is not None]
        if not positive:
            continue
        negative = [c for c in conjuncts if isinstance(c, Not) and expression(c.node) is not None]
        statement.driver = driver
        statement.match = " AND ".join(f"({expression(c)})" for c in positive) + "".join(
            f" NOT ({expression(c.node)})" for c in negative
        )
        conjuncts = [c for c in conjuncts if c not in positive and c not in negative]
        break
    rest: list[Node] = []
    for conjunct in conjuncts:
        if isinstance(conjunct, Filter) and conjunct.key in ("after", "before"):
            statement.bounds.append((conjunct.key, day_start(conjunct.day)))
        else:
            statement.where.append(_condition(conjunct, statement.params))
            rest.append(conjunct)
    for conjunct in rest:
        params: list[object] = []
        condition = _condition(conjunct, params, keyed=True)
        statement.keyed.append(Keyed(condition, tuple(params), keys_of(conjunct)))
    return statement


def main_fts(node: Node) -> str | None:
    """The expression of a text-only node over the `fts` table (words, phrases, CJK of two
    characters or more), or None when it has filters, one-character CJK or a lone NOT."""
    if isinstance(node, Word):
        return f'"{node.text}"' + ("*" if node.prefix else "")
    if isinstance(node, Substring):
        return None if len(node.text) == 1 else f'"{" ".join(cjk_tokens(node.text))}"'
    if isinstance(node, Phrase):
        return f'"{" ".join(node.tokens)}"' + ("*" if node.prefix else "")
    return _combine(node, main_fts)


def uni_fts(node: Node) -> str | None:
    """The expression of one-character CJK terms over the `uni` table (see core.search.tokens)."""
    if isinstance(node, Substring) and len(node.text) == 1:
        return f'"{node.text}"'
    if isinstance(node, Word | Substring | Phrase):
        return None
    return _combine(node, uni_fts)


def _combine(node: Node, expression: Callable[[Node], str | None]) -> str | None:
    if isinstance(node, Or):
        parts = [expression(child) for child in node.nodes]
        return None if None in parts else " OR ".join(f"({p})" for p in parts)
    if isinstance(node, And):
        positive = [expression(c) for c in node.nodes if not isinstance(c, Not)]
        negative = [expression(c.node) for c in node.nodes if isinstance(c, Not)]
        if not positive or None in positive or None in negative:
            return None
        return " AND ".join(f"({p})" for p in positive) + "".join(f" NOT ({n})" for n in negative)
    return None


def condition_of(node: Node, params: list[object], keys: tuple[int, int] | None = None) -> str:
    """A whole query as one condition on a row of `docs d` (its parameters added to `params`),
    for rows whose keys lie in `keys` (lowest, highest) when given: the text terms then read
    only that range of the FTS5 tables (a batch of new articles: the top of the keys)."""
    within = "" if keys is None else f" AND rowid BETWEEN {int(keys[0])} AND {int(keys[1])}"
    return _condition(node, params, within=within)


def _condition(node: Node, params: list[object], keyed: bool = False, within: str = "") -> str:
    # `+`: never hand `rowid IN` to a driving FTS5 table (measured: 200 ms instead of 4 ms)
    row = "+{row}" if keyed else "d.key"
    for table, expression in (("fts", main_fts), ("uni", uni_fts)):
        if (text := expression(node)) is not None:
            params.append(text)
            return f"{row} IN (SELECT rowid FROM {table} WHERE {table} MATCH ?{within})"
    if isinstance(node, Not):
        return f"NOT ({_condition(node.node, params, keyed, within)})"
    if isinstance(node, And | Or):
        joiner = " AND " if isinstance(node, And) else " OR "
        parts = (_condition(child, params, keyed, within) for child in node.nodes)
        return "(" + joiner.join(parts) + ")"
    if isinstance(node, Filter):
        if keyed and (names := _names(node)) is not None:
            # a probe per row: cheaper than listing a broad filter's keys for a narrow driver
            probe = _probe(names, params, "{row}")
            if node.key != "tag":
                return probe
            params.append(user_tag_key(node.value))
            return f"({probe} OR {row} IN (SELECT key FROM temp.user_tag_keys WHERE tag = ?))"
        if keyed and node.key == "is" and node.value in STORY_STATES:
            return _story_condition(node.value, row)
        if keyed and node.key == "is":
            return f"{row} {'NOT IN' if node.value == 'unread' else 'IN'} {_state_keys(node)}"
        return _filter(node, params)
    raise TypeError(f"cannot compile {node!r}")  # text terms always have an FTS5 expression


def _filter(node: Filter, params: list[object]) -> str:
    """The condition of a filter on one row of `docs d`."""
    sql = FILTER_SQL[node.key]
    if sql.row is not None:
        return sql.row(node, params)
    names = _names(node)
    return "0" if names is None else _probe(names, params, "d.key")


def _probe(names: tuple[str, list[object]], params: list[object], row: str) -> str:
    """Whether the lookup tables give the article at `row` one of `names`."""
    params.extend(names[1])
    return f"EXISTS (SELECT 1 FROM filters h WHERE h.name IN ({names[0]}) AND h.key = {row})"


def keys_of(node: Node) -> Keys | None:
    """The keys a conjunct (a filter, or an OR of author/cat/tag filters) selects, read from a
    table of keys; None when it has none (text, dates, exclusions, is:unread, is:story)."""
    if isinstance(node, Filter) and node.key == "is" and node.value in STORY_STATES:
        return _table_keys("story") if node.value == "copy" else None
    if isinstance(node, Filter) and node.key == "is":
        return None if node.value == "unread" else _table_keys(_state_keys(node))
    if isinstance(node, Filter) and node.key != "tag" and (names := _names(node)) is not None:
        select, params = names[0], tuple(names[1])
        return Keys(
            ((f"SELECT key FROM filters WHERE name IN ({select})", params),), (select, params)
        )
    if isinstance(node, Filter):
        node = Or((node,))  # a tag: with the personal tags' keys, as an OR of one
    if not (isinstance(node, Or) and all(isinstance(child, Filter) for child in node.nodes)):
        return None
    parts: list[tuple[str, tuple[object, ...]]] = []
    for child in node.nodes:
        if not isinstance(child, Filter) or (names := _names(child)) is None:
            return None
        parts.append((f"SELECT key FROM filters WHERE name IN ({names[0]})", tuple(names[1])))
        if child.key == "tag":
            tag = (user_tag_key(child.value),)
            parts.append(("SELECT key FROM temp.user_tag_keys WHERE tag = ?", tag))
    return Keys(tuple(parts))


def _table_keys(table: str) -> Keys:
    return Keys(((f"SELECT key FROM {table}", ()),), table=table)


STATE_TABLES = {"read": "read", "unread": "read", "bookmarked": "marked", "hidden": "hidden"}


def _state_keys(node: Filter) -> str:
    """The temporary table of the keys of read, bookmarked or hidden articles (see
    core.search.index)."""
    return f"temp.{STATE_TABLES[node.value]}_keys"


def _names(node: Filter) -> tuple[str, list[object]] | None:
    """The name ids of a filter's value in the lookup tables (see core.search.filters), None for
    a filter they do not hold or a value they cannot express."""
    names = FILTER_SQL[node.key].names
    return None if names is None else names(normalize(node.value))


def category_key(paths: list[list[str]] | tuple[tuple[str, ...], ...]) -> str:
    """Category paths as stored for `cat:`: `\\n新媒体/cnbeta/最新\\n…`, normalized names."""
    lines = ["/".join(normalize(name).strip() for name in path if name.strip()) for path in paths]
    return "\n" + "\n".join(lines) + "\n"


def tags_key(tags: tuple[str, ...]) -> str:
    return "\n" + "\n".join(normalize(tag).strip() for tag in tags) + "\n"


def _category_run(value: str) -> str:
    """A `cat:` value as the names it stands for appear in `docs.cats`: `新媒体/cnbeta`."""
    return category_key([value.split("/")])[1:-1]


def _author_row(node: Filter, params: list[object]) -> str:
    params.append(normalize(node.value))
    return "instr(d.author, ?) > 0"


def _category_row(node: Filter, params: list[object]) -> str:
    """Whole names, at any level: a line of `cats` starts, holds or ends with them."""
    run = _category_run(normalize(node.value))
    params.extend([f"\n{run}\n", f"\n{run}/", f"/{run}\n", f"/{run}/"])
    return "(" + " OR ".join(["instr(d.cats, ?) > 0"] * 4) + ")"


def user_tag_key(name: str) -> str:
    """A personal tag's name, or a `tag:` value, as the two are compared: normalized, with runs
    of spaces as one `-` (personal tags hold no spaces: `tag:"to read"` finds `to-read`), without
    the `#` that lists show before a personal tag (`tag:#later` finds `later`)."""
    return "-".join(normalize(name).split()).lstrip("#")


def _tag_row(node: Filter, params: list[object]) -> str:
    params.extend([f"\n{normalize(node.value).strip()}\n", user_tag_key(node.value)])
    return "(instr(d.tags, ?) > 0 OR +d.key IN (SELECT key FROM temp.user_tag_keys WHERE tag = ?))"


def _story_condition(value: str, row: str) -> str:
    """`is:copy`: the article has copies (a row of `story`); `is:story`: it is its story's
    first copy, or has no copies (see core.search.stories)."""
    if value == "copy":
        return f"{row} IN (SELECT key FROM story)"
    return f"{row} NOT IN (SELECT key FROM story WHERE key != root)"


def _state_row(node: Filter, params: list[object]) -> str:
    value = normalize(node.value)
    if value in STORY_STATES:
        return _story_condition(value, "+d.key")
    return f"+d.key {'NOT IN' if value == 'unread' else 'IN'} temp.{STATE_TABLES[value]}_keys"


def _date_row(node: Filter, params: list[object]) -> str:
    """Undated articles (ts NULL) match neither `after:` nor `before:`: false, not NULL, so that
    `-before:` takes them in."""
    params.append(day_start(node.day))
    return f"coalesce(d.ts {'>=' if node.key == 'after' else '<'} ?, 0)"


def _second_level(value: str) -> tuple[str, list[object]] | None:
    """`source:`, from the lookup tables: the path prefixes of two names ending in `value`."""
    if not value or "\n" in value:
        return None
    suffix = f"/{value.strip()}"
    return (
        "SELECT id FROM names WHERE kind='cat' AND substr(name, -?)=? "
        "AND length(name) - length(replace(name, '/', '')) = 1",
        [len(suffix), suffix],
    )


@dataclass(frozen=True, slots=True)
class FilterSQL:
    """What the index makes of one filter: `row`, its condition on one row of `docs d` (adding
    its parameters to the list); `names`, from a normalized value, the `SELECT id FROM names …`
    of the lookup tables (core.search.filters) and its parameters, None for a value they cannot
    express. Counting prefers `names`; a filter with `names` alone is tested on a row by a
    probe of the lookup tables."""

    row: Callable[[Filter, list[object]], str] | None = None
    names: Callable[[str], tuple[str, list[object]] | None] | None = None


# the key of each filter of core.search.query.FILTERS, and its SQL
FILTER_SQL: dict[str, FilterSQL] = {
    "author": FilterSQL(_author_row, lambda value: names_select("author", value)),
    "cat": FilterSQL(_category_row, lambda value: names_select("cat", _category_run(value))),
    "source": FilterSQL(names=_second_level),
    "tag": FilterSQL(_tag_row, lambda value: names_select("tag", value.strip())),
    "is": FilterSQL(_state_row),
    "after": FilterSQL(_date_row),
    "before": FilterSQL(_date_row),
}
