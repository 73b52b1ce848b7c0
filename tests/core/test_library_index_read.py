"""Reading the library index's articles (`Index.read_all`, what `Library.cached` shows): newest
first, ties by title then path, every article as saved; the rows read in the table's own order
(a table scan), not looked up one by one along the newest-first index, which at a million rows
cost a second of CPU and, on a cold disk, a random read a row."""

from __future__ import annotations

import random
import sqlite3
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from tui_reader.core.library import index as index_module
from tui_reader.core.library.index import Index, index_row
from tui_reader.core.library.model import Article, ParseResult, Problem, newest_first

BASE = datetime(2024, 5, 1, 10, 0, tzinfo=UTC)


def articles(count: int, seed: int = 0) -> list[Article]:
    """Articles dated out of their paths' order, with ties of date and of date and title, some
    undated, some dated from their file, other zones, shared and unshared categories, authors
    and tags, and a name that is not UTF-8."""
    rng = random.Random(seed)
    made = []
    for number in range(count):
        dated = number % 11 != 0
        zone = timezone(timedelta(hours=8)) if number % 3 == 0 else UTC
        date = (BASE - timedelta(hours=rng.randrange(40))).astimezone(zone) if dated else None
        made.append(
            Article(
                f"id{number}",
                f"src/{number % 7}/{number:04d}.md" if number != 5 else "src/caf\udce9.md",
                rng.choice(["Same title", "Другой", "同じ", f"T{number}"]),
                ((f"Cat{number % 4}", "Sub"),) if number % 5 else (("Uncategorized",),),
                rng.choice(["", "Ann", "新华社"]),
                date,
                date is not None and number % 13 == 0,
                tuple(f"tag{t}" for t in range(number % 3)),
                mtime_ns=10**18 + number * 7919,
                size=100 + number % 50,
            )
        )
    rng.shuffle(made)  # saved in no order of date: row ids do not follow the newest first
    return made


def save(index: Index, made: list[Article], problems: int = 0) -> None:
    rows = [index_row(a.path, (a.mtime_ns, a.size), ParseResult(a), 1) for a in made]
    rows += [
        index_row(f"bad/{n}.md", (1, 1), ParseResult(None, [Problem(f"bad/{n}.md", "empty")]), 1)
        for n in range(problems)
    ]
    index.save_rows(rows)


def as_saved(article: Article) -> tuple[object, ...]:
    return (*article._kept(), article.link, article.image)


@pytest.mark.parametrize("count", [1, 2, 300])
def test_the_articles_come_newest_first_as_saved(tmp_path: Path, count: int) -> None:
    made = articles(count)
    index = Index(tmp_path / "index.sqlite3")
    save(index, made, problems=2)
    read, problems, generation = index.read_all()
    assert [as_saved(a) for a in read] == [as_saved(a) for a in newest_first(made)]
    assert len(problems) == 2 and generation == index.generation()


def test_after_rows_removed_and_saved_again(tmp_path: Path) -> None:
    """Row ids with gaps, and rows saved again (an update keeps a row's id, a new row takes a
    new one above the others)."""
    made = articles(200, seed=1)
    index = Index(tmp_path / "index.sqlite3")
    save(index, made)
    gone = made[::3]
    index.remove(a.path for a in gone)
    kept = [a for a in made if a not in gone]
    changed = [Article(a.id, a.path, "Changed", date=BASE + timedelta(days=1)) for a in kept[:9]]
    new = [Article(f"n{n}", f"new/{n}.md", "New", date=BASE - timedelta(days=n)) for n in range(5)]
    save(index, changed + new)
    expected = newest_first(changed + kept[9:] + new)
    assert [as_saved(a) for a in index.read_all()[0]] == [as_saved(a) for a in expected]


def test_sparse_row_ids_cost_memory_by_the_rows_not_the_highest_id(tmp_path: Path) -> None:
    """An archive that adds and prunes files for years leaves its rows at ever higher ids,
    with gaps below: reading them costs what the rows cost, not a slot for every id."""
    import tracemalloc

    made = articles(200, seed=5)
    path = tmp_path / "index.sqlite3"
    index = Index(path)
    save(index, made)
    expected = [as_saved(a) for a in index.read_all()[0]]
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE files SET rowid = rowid * 50000")  # ids up to 10 million
    tracemalloc.start()
    try:
        got = index.read_all()[0]
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert [as_saved(a) for a in got] == expected
    assert peak < 8_000_000  # a slot for every id: 80 MB


def test_an_index_without_its_sorting_indexes_gives_the_same(tmp_path: Path) -> None:
    """A first scan killed before building them leaves the rows without them (see
    `Index.filling`): read the same, only slower."""
    made = articles(120, seed=3)
    path = tmp_path / "index.sqlite3"
    index = Index(path)
    save(index, made)
    expected = [as_saved(a) for a in index.read_all()[0]]
    with sqlite3.connect(path) as connection:
        connection.execute("DROP INDEX files_newest_first")
    got = index_module._articles(sqlite3.connect(path), index._details)
    assert [as_saved(a) for a in got] == expected == [as_saved(a) for a in newest_first(made)]


def test_no_article_row_is_looked_up_along_an_index(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every query `read_all` makes of the files either scans the table, or reads a covering
    index, or looks up only the few rows of problems: SQLite's plan of each, as traced."""
    made = articles(300, seed=4)
    path = tmp_path / "index.sqlite3"
    index = Index(path)
    save(index, made, problems=3)
    traced: list[str] = []
    real = index_module.connect_prepared

    def tracing(*args, **kwargs):  # type: ignore[no-untyped-def]
        connection = real(*args, **kwargs)
        connection.set_trace_callback(traced.append)
        return connection

    monkeypatch.setattr(index_module, "connect_prepared", tracing)
    assert len(index.read_all()[0]) == 300
    queries = [sql for sql in traced if sql.lstrip().startswith("SELECT") and "files" in sql]
    assert queries
    looked_up = {}
    with sqlite3.connect(path) as connection:
        for sql in queries:
            plan = " ".join(row[3] for row in connection.execute(f"EXPLAIN QUERY PLAN {sql}"))
            if "USING INDEX" in plan and "COVERING" not in plan:
                looked_up[sql] = connection.execute(f"SELECT count(*) FROM ({sql})").fetchone()[0]
    assert all(rows <= 3 for rows in looked_up.values()), looked_up
