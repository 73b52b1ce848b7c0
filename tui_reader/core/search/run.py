"""Run a compiled search (core.search.sql) on the search database: rows in order, and the count.

Four things keep it fast on 100k articles and more, each measured:
- newest first is `ORDER BY key DESC LIMIT n` on the driving table: FTS5 and SQLite walk keys
  backwards and stop, no sort; the few `misplaced` rows (see core.search.index) are looked up on
  their own, with the loop order forced, and merged by date;
- `after:`/`before:` that every result must meet become a key range too (keys of rows in place
  follow their dates), found with one look-up in the date index;
- counting reads keys alone, never `docs` unless a condition needs it (`is:`, orphan rows,
  misplaced rows): the FTS5 doclists, the lookup tables of author/cat/tag (`core.search.filters`)
  and key ranges; on 100k articles a broad filter's count went from 10-40 ms to under 1 ms;
- a filter selecting few articles (a table of keys, `sql.Keys`) drives the first page and the
  count, its articles tested one by one (`_small`): three bookmarks or a rare author cost the
  same in any library, and beside a common word the word's matches are not all read.
"""

from __future__ import annotations

import heapq
import itertools
import math
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from tui_reader.core.search.query import Node
from tui_reader.core.search.sql import Keyed, Keys, Statement, condition_of

Row = tuple[int, float, bytes]  # key, timestamp (-inf when undated), record
# What the rows of `stream` hold after the key and timestamp: by default the record; else SQL
# expressions over `docs d`, with the joins they need (see `SearchIndex.stream`).
RECORD = "(SELECT record FROM records r WHERE r.key = d.key)"


@dataclass(frozen=True, slots=True)
class Selection:
    expressions: str = RECORD
    joins: str = ""


RECORD_SELECTION = Selection()


# bm25 weights for body, title, meta: a word in the title counts most.
_BM25 = "bm25(fts, 1.0, 4.0, 2.0)"
_NOT_MISPLACED = "key NOT IN (SELECT key FROM misplaced)"


def run(
    connection: sqlite3.Connection,
    statement: Statement,
    order: str,
    limit: int | None,
    count: bool,
) -> tuple[list[Row], int]:
    """The rows of a search (at most `limit`) and the number of all matches (when `count`)."""
    ranges = _key_ranges(connection, statement)
    if ranges is None:
        return [], 0  # a date range that no article falls in
    rows = list(_rows(connection, statement, order, limit, ranges))
    total = len(rows)
    if count and limit is not None and total >= limit:
        sql, params = _count(connection, statement, ranges)
        total = int(connection.execute(sql, params).fetchone()[0])
    return rows, total


def stream(
    connection: sqlite3.Connection,
    statement: Statement,
    order: str,
    limit: int | None = None,
    columns: Selection = RECORD_SELECTION,
) -> Iterator[tuple[Any, ...]]:
    """The rows of a search in order (at most `limit`), each read from SQLite when it is taken:
    the first is ready before the last is found, and no list of them is held. Each row is the
    key, the timestamp (-inf when undated), then `columns`."""
    ranges = _key_ranges(connection, statement)
    if ranges is not None:
        yield from _rows(connection, statement, order, limit, ranges, columns)


def _rows(
    connection: sqlite3.Connection,
    statement: Statement,
    order: str,
    limit: int | None,
    ranges: list[str],
    columns: Selection = RECORD_SELECTION,
) -> Iterator[tuple[Any, ...]]:
    ordered = not (order == "relevance" and statement.driver == "fts")
    small = _small(connection, statement) if ordered else None
    keys = None if small is None or small.keys is None else _key_table(connection, small.keys)
    if not (ordered and _has_misplaced(connection)):
        sql, params = _select(statement, order, limit, ranges, columns=columns, keys=keys)
        yield from map(_row, connection.execute(sql, params))
        return
    # rows in place come in key order, which is their date order; the misplaced rows (their
    # dates checked: key ranges do not hold for them) come in date order from SQLite too, and
    # the two runs are merged as they are read
    sql, params = _select(
        statement, order, limit, [*ranges, "{row} NOT IN misplaced"], columns=columns, keys=keys
    )
    in_place = map(_row, connection.execute(sql, params))
    sql, params = _select(statement, f"misplaced {order}", limit, [], statement.dated(), columns)
    misplaced = map(_row, connection.execute(sql, params))
    merged = heapq.merge(in_place, misplaced, key=_date_order, reverse=order != "oldest")
    yield from merged if limit is None else itertools.islice(merged, limit)


def _date_order(row: tuple[Any, ...]) -> tuple[float, int]:
    return row[1], row[0]


def count(connection: sqlite3.Connection, statement: Statement) -> int:
    """The number of rows a search matches."""
    ranges = _key_ranges(connection, statement)
    if ranges is None:
        return 0
    sql, params = _count(connection, statement, ranges)
    return int(connection.execute(sql, params).fetchone()[0])


def _row(row: tuple[Any, ...]) -> tuple[Any, ...]:
    return row if row[1] is not None else (row[0], -math.inf, *row[2:])


def _has_misplaced(connection: sqlite3.Connection) -> bool:
    return connection.execute("SELECT EXISTS (SELECT 1 FROM misplaced)").fetchone()[0] == 1


def _key_ranges(connection: sqlite3.Connection, statement: Statement) -> list[str] | None:
    """Key conditions equivalent, for rows in place, to the statement's date bounds."""
    conditions: list[str] = []
    if any(key == "before" for key, _ in statement.bounds):
        # undated rows sit below every dated row in place, and before: never matches them
        sql = f"SELECT key FROM docs WHERE ts IS NOT NULL AND {_NOT_MISPLACED} ORDER BY ts, key"
        found = connection.execute(sql + " LIMIT 1").fetchone()
        if found is not None:
            conditions.append(f"{{row}} >= {int(found[0])}")
    for key, seconds in statement.bounds:
        if key == "after":  # the first row in place dated on or after: it and all above
            sql = f"SELECT key FROM docs WHERE ts >= ? AND {_NOT_MISPLACED} ORDER BY ts, key"
            operator = ">="
        else:  # the last row in place dated before: it and all below
            sql = (
                f"SELECT key FROM docs WHERE ts < ? AND {_NOT_MISPLACED} ORDER BY ts DESC, key DESC"
            )
            operator = "<="
        found = connection.execute(sql + " LIMIT 1", (seconds,)).fetchone()
        if found is None:
            if not _has_misplaced(connection):
                return None
            conditions.append("0")  # only misplaced rows can match; they are looked up apart
            continue
        conditions.append(f"{{row}} {operator} {int(found[0])}")
    return conditions


def _source(
    statement: Statement, misplaced: bool, keys: tuple[str, list[object]] | None = None
) -> tuple[str, list[str], list[object]]:
    where: list[str] = []
    params: list[object] = []
    if keys is not None and not misplaced:  # a small set of keys, each tested (see `_small`)
        source = f"{keys[0]} CROSS JOIN docs d ON d.key = g.key"
        params += keys[1]
        if statement.driver is not None:
            where.append(_text_check(statement, "g.key"))
            params.append(statement.match)
    elif statement.driver is None:
        source = "misplaced m CROSS JOIN docs d ON d.key = m.key" if misplaced else "docs d"
    else:
        table = statement.driver
        source = f"{table} f JOIN docs d ON d.key = f.rowid"
        if misplaced:  # CROSS JOIN: loop over the few misplaced keys, not over every match
            source = (
                f"misplaced m CROSS JOIN {table} f ON f.rowid = m.key JOIN docs d ON d.key = m.key"
            )
        where.append(f"{table} MATCH ?")
        params.append(statement.match)
    return source, where + statement.where, params + statement.params


def _select(
    statement: Statement,
    order: str,
    limit: int | None,
    ranges: list[str],
    dated: tuple[list[str], list[object]] = ([], []),
    columns: Selection = RECORD_SELECTION,
    keys: tuple[str, list[object]] | None = None,
) -> tuple[str, list[object]]:
    misplaced = order.startswith("misplaced")
    source, where, params = _source(statement, misplaced, keys)
    where, params = where + dated[0], params + dated[1]
    if keys is not None and not misplaced:
        row_id = "g.key"
    else:
        row_id = "f.rowid" if statement.driver is not None else "d.key"
    where += [condition.format(row=row_id) for condition in ranges]
    clause = " AND ".join(where) or "1"
    if order == "relevance" and statement.driver == "fts":
        ordering = f" ORDER BY {_BM25}, {row_id} DESC"
    elif misplaced:  # by date, as the merge with the rows in place needs (NULL: the lowest)
        oldest = order.endswith("oldest")
        ordering = " ORDER BY d.ts, d.key" if oldest else " ORDER BY d.ts DESC, d.key DESC"
    else:
        ordering = f" ORDER BY {row_id} {'ASC' if order == 'oldest' else 'DESC'}"
    sql = f"SELECT d.key, d.ts, {columns.expressions} FROM {source}{columns.joins}"
    sql += f" WHERE {clause}{ordering}"
    if limit is not None:
        sql += f" LIMIT {int(limit)}"
    return sql, params


def _count(
    connection: sqlite3.Connection, statement: Statement, ranges: list[str]
) -> tuple[str, list[object]]:
    """`SELECT count(*)` over keys: driven by the FTS5 match, else by a table of keys (a
    filter's: the fewest when some are few, else the first), else by `docs`; driven by a small
    table of keys beside text too (see `_small`). `docs` is joined only when a condition or the
    index's state needs it."""
    where: list[str] = []
    params: list[object] = []
    keyed = list(statement.keyed)
    small = _small(connection, statement)
    if small is None and statement.driver is None:
        small = _fewest(connection, [k for k in keyed if k.keys is not None])
    if small is not None:  # key tables hold live articles only
        assert small.keys is not None
        keyed.remove(small)
        table, params = _key_table(connection, small.keys)
        source, row, needs_docs = table, "g.key", False
        if statement.driver is not None:
            where.append(_text_check(statement, row))
            params.append(statement.match)
    elif statement.driver is not None:
        source, row = f"{statement.driver} f", "f.rowid"
        where.append(f"{statement.driver} MATCH ?")
        params.append(statement.match)
        # orphan rows stay in FTS5 (see core.search.index): only `docs` tells them apart
        orphans = connection.execute("SELECT value FROM meta WHERE key='orphans'").fetchone()
        needs_docs = bool(orphans and int(orphans[0]))
    else:
        source, row, needs_docs = "docs d", "d.key", False
    if source == "docs d":  # every row is read anyway: tests on it beat a probe per row
        where += statement.where
        params += statement.params
    else:
        for conjunct in keyed:
            where.append(conjunct.condition.format(row=row))
            params += conjunct.params
    if _has_misplaced(connection):  # key ranges do not hold for every row: the dates do
        dated, dated_params = statement.dated()
        where += dated
        params += dated_params
    else:
        where += [condition.format(row=row) for condition in ranges]
    if small is not None and small.keys is not None and small.keys.table and not where:
        return f"SELECT count(*) FROM {small.keys.table}", []  # off its b-tree
    # the keyed conditions name `docs d` only where they need it (is:, a nested date, …)
    if (needs_docs or any("d." in condition for condition in where)) and source != "docs d":
        source += f" JOIN docs d ON d.key = {row}"
    return f"SELECT count(*) FROM {source} WHERE {' AND '.join(where) or '1'}", params


# A filter with at most this many keys drives a first page or a count (each of its articles
# tested), instead of every article walked newest first or every match of the text; with
# text, each key costs a look-up in FTS5 (~50 µs for a common word at 400k articles), hence
# fewer. Counting the keys to know stops at these numbers.
SMALL = 2000
SMALL_BESIDE_TEXT = 200
FIRST_LOOK = 64  # keys counted at first (then 8 times as many, up to SMALL)


def _small(connection: sqlite3.Connection, statement: Statement) -> Keyed | None:
    """The conjunct with the fewest keys, when it has at most SMALL (SMALL_BESIDE_TEXT beside
    text to match); None when none has so few. The keys are counted up to a growing bound, so
    that a filter of a few articles beside a broad one is found having read few of either."""
    largest = SMALL if statement.driver is None else SMALL_BESIDE_TEXT
    candidates = [keyed for keyed in statement.keyed if keyed.keys is not None]
    bound = min(FIRST_LOOK, largest)
    while candidates:
        best: tuple[int, Keyed] | None = None
        for keyed in candidates:
            assert keyed.keys is not None
            size = size_within(connection, keyed.keys, bound if best is None else best[0] - 1)
            if size is not None:
                best = (size, keyed)
        if best is not None:
            return best[1]
        if bound >= largest:
            break
        bound = min(bound * 8, largest)
    return None


def _fewest(connection: sqlite3.Connection, candidates: list[Keyed]) -> Keyed | None:
    """Of conjuncts with many keys each, the one with the fewest, to drive a count: each of its
    keys is then probed in the others' (at 400k articles, the 29k of `author:cnbeta` probed in
    the 135k read ids: 15 ms; the other way round, 78 ms). Counting them reads an index range
    (~30 ns a key) or a whole table's b-tree."""
    if len(candidates) < 2:
        return candidates[0] if candidates else None
    sizes: list[tuple[int, int]] = []
    for position, keyed in enumerate(candidates):
        assert keyed.keys is not None
        if keyed.keys.table is not None:
            sql = f"SELECT count(*) FROM {keyed.keys.table}"
            size = int(connection.execute(sql).fetchone()[0])
        else:  # each part counted alone: an upper bound of the union
            size = 0
            for select, params in keyed.keys.parts:
                size += int(
                    connection.execute(f"SELECT count(*) FROM ({select})", params).fetchone()[0]
                )
        sizes.append((size, position))
    return candidates[min(sizes)[1]]


def size_within(connection: sqlite3.Connection, keys: Keys, bound: int) -> int | None:
    """How many keys `keys` gives (counting a key each time a part gives it), None when more
    than `bound`: reads at most `bound` + 1 of them."""
    if keys.table is not None:  # read off the table's b-tree
        whole = int(connection.execute(f"SELECT count(*) FROM {keys.table}").fetchone()[0])
        return whole if whole <= bound else None
    total = 0
    for select, params in keys.parts:
        sql = f"SELECT count(*) FROM ({select} LIMIT {int(bound) + 1 - total})"
        total += int(connection.execute(sql, params).fetchone()[0])
        if total > bound:
            return None
    return total


def _key_table(connection: sqlite3.Connection, keys: Keys) -> tuple[str, list[object]]:
    """The keys as a table `g` holding each once, with its parameters."""
    params = [value for _, values in keys.parts for value in values]
    if len(keys.parts) > 1:
        return "(" + " UNION ".join(select for select, _ in keys.parts) + ") g", params
    select = keys.parts[0][0]
    if keys.names is not None:  # one key under two of the names counts once
        names, names_params = keys.names
        found = connection.execute(f"SELECT count(*) FROM ({names})", names_params).fetchone()
        if int(found[0]) > 1:
            select = f"SELECT DISTINCT key FROM ({select})"
    return f"({select}) g", params


def _text_check(statement: Statement, row: str) -> str:
    """Whether the article at `row` has the statement's text: one look-up in its FTS5 table
    (its parameter, the MATCH expression, to add)."""
    table = statement.driver
    return f"EXISTS (SELECT 1 FROM {table} WHERE {table} MATCH ? AND rowid = {row})"


def ids_matching(connection: sqlite3.Connection, statement: Statement) -> set[str]:
    """The ids of every row a search matches, in no order: driven as a search is, the date
    bounds tested on each row (key ranges do not hold for misplaced rows)."""
    source, where, params = _source(statement, False)
    dated, dated_params = statement.dated()
    clause = " AND ".join(where + dated) or "1"
    sql = f"SELECT d.id FROM {source} WHERE {clause}"
    return {row[0] for row in connection.execute(sql, params + dated_params)}


KEY_GAP = 1000  # keys further apart than this are read as separate ranges (see `ids_within`)
MAX_RANGES = 8


Batch = tuple[dict[int, str], list[tuple[int, int]]]  # key -> id, and the ranges of the keys


def keys_of_ids(connection: sqlite3.Connection) -> Batch:
    """The key of each id in `temp.within_ids` (those indexed), and the few ranges those keys
    lie in, for `ids_within`."""
    sql = "SELECT d.key, d.id FROM temp.within_ids w JOIN docs d ON d.id = w.id"
    wanted = dict(connection.execute(sql).fetchall())
    return wanted, _key_ranges_of(sorted(wanted))


def ids_within(connection: sqlite3.Connection, node: Node, batch: Batch) -> set[str]:
    """The ids of a batch (see `keys_of_ids`) that a query matches (a rule over a
    batch of new articles), visiting only the ranges of keys those rows hold: new articles sit
    at the top of the keys, undated or older-than-all ones at the bottom (see
    core.search.index), so neither the other rows nor a common word's whole list of articles
    are read. Driven by `docs` over each range
    (joining the batch's ids first made SQLite run the text terms again for every row: 150 ms
    for 电影 over 1,000 new articles of 10k, 0.5 ms this way)."""
    wanted, ranges = batch
    found: set[str] = set()
    for low, high in ranges:
        params: list[object] = [low, high]
        condition = condition_of(node, params, (low, high))
        sql = f"SELECT d.key FROM docs d WHERE d.key BETWEEN ? AND ? AND {condition}"
        found.update(wanted[key] for (key,) in connection.execute(sql, params) if key in wanted)
    return found


def _key_ranges_of(keys: list[int]) -> list[tuple[int, int]]:
    """Sorted keys as a few (lowest, highest) ranges, split at the widest gaps."""
    if not keys:
        return []
    gaps = sorted(
        (keys[n + 1] - keys[n], n) for n in range(len(keys) - 1) if keys[n + 1] - keys[n] > KEY_GAP
    )
    cuts = sorted(n for _gap, n in gaps[-(MAX_RANGES - 1) :]) if gaps else []
    ranges, start = [], 0
    for cut in cuts:
        ranges.append((keys[start], keys[cut]))
        start = cut + 1
    ranges.append((keys[start], keys[-1]))
    return ranges
