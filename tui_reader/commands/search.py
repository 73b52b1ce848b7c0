"""`tui-reader search QUERY [LIBRARY]`: the articles a query finds, newest first.

Speed is the point (a terminal user's other choice is `grep -rl`), so this never imports the UI
nor, when the folder has not changed since the last search, the library scanner: the times of
the library's folders are compared with those saved beside the search index (see
`core.search.stamps`), and on a match the index answers alone. Otherwise, or with `--rescan`,
the library is scanned and the search index brought up to date first (the first time, over a
large library, this takes minutes and says so on stderr).
"""

from __future__ import annotations

import argparse
import itertools
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from tui_reader.commands.common import (
    CommandError,
    add_library_argument,
    print_warnings,
    run_guarded,
    story_fields,
)
from tui_reader.commands.list_articles import article_json, article_line
from tui_reader.core.cache_fallback import in_memory
from tui_reader.core.config import load_config
from tui_reader.core.library.api import categories_sql, default_index_path, resolve_library
from tui_reader.core.rules import configured_rules, hides, views
from tui_reader.core.sanitize import json_text
from tui_reader.core.search.api import (
    FILTERS,
    ORDERS,
    RECORD,
    RECORD_SELECTION,
    Node,
    QueryError,
    SearchIndex,
    Selection,
    load_article,
    parse,
    reading_state,
    tag_state,
)
from tui_reader.core.search.api import stamps as search_stamps

if TYPE_CHECKING:
    from tui_reader.core.state.api import StateStore

QUERY_TEXT = (
    "words (whole words; word* for a prefix), Chinese of any length in either script (剧场版 "
    'finds 劇場版), "a phrase", -exclude or NOT exclude, a OR b, (groups)'
)


def query_help() -> str:
    """The query language in one paragraph: its text terms, then each filter of its table."""
    filters = "; ".join(f"{' or '.join(f.examples)}: {f.help}" for f in FILTERS)
    return (
        f"{QUERY_TEXT}; {filters}. Articles dated by their file's time are listed last; "
        "articles hidden by a rule (config.toml) are left out unless the query has is:hidden"
    )


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "search",
        help="search the library (full text and filters)",
        description="Print the articles matching QUERY, newest first. Query language: "
        + query_help()
        + ". Exit status: 0 when something was found, 1 when nothing, 2 on error.",
    )
    parser.add_argument("query", help="the search, quoted as one argument")
    add_library_argument(parser)
    parser.add_argument("--json", action="store_true", help="one JSON object per line")
    parser.add_argument("--limit", type=int, default=None, help="print at most N articles")
    parser.add_argument("--order", choices=ORDERS, default="newest", help="result order")
    parser.add_argument("--count", action="store_true", help="print only the number of matches")
    parser.add_argument(
        "--rescan",
        action="store_true",
        help="check every file for changes first (files rewritten in place)",
    )


VALUE_OPTIONS = ("--limit", "--order", "--library")  # the options above that take a value


def prepare_args(
    args: list[str],
    value_options: tuple[str, ...] = VALUE_OPTIONS,
    short_value_options: tuple[str, ...] = (),
) -> list[str]:
    """Let the query start with `-` (`-微软` excludes): argparse takes such a word for an unknown
    option. The query, the first word that is no option nor an option's value, gets a leading
    space (argparse leaves it alone, the query parser skips it); a `--` before it is dropped,
    so that options may still follow (`search -- -微软 LIB --count`). Another command taking
    a query names its own options that take a value (long, and short such as `-o`)."""
    args = list(args)
    value_next = False
    for position, word in enumerate(args):
        if value_next:
            value_next = False
        elif word == "--":
            del args[position]
            if position < len(args) and args[position].startswith("-"):
                args[position] = " " + args[position]
            break
        elif word in short_value_options:
            value_next = True
        elif word.startswith("--") or word == "-h" or word[:2] in short_value_options:
            value_next = "=" not in word and any(o.startswith(word) for o in value_options)
        else:
            if word.startswith("-") and word != "-":
                args[position] = " " + word
            break
    return args


def run(args: argparse.Namespace) -> int:
    return run_guarded(_run, args)


def _run(args: argparse.Namespace) -> int:
    try:
        node = parse(args.query)
    except QueryError as error:
        raise CommandError(f"bad query: {error}") from None
    if node is None:
        raise CommandError("empty query")
    index = up_to_date_index(args.library, args.rescan)
    rules, _warnings = configured_rules()
    hiding = hides(rules)
    marks = query_marks(node, hiding or (args.json and not args.count))
    read_ids, bookmarked, tags = marks.read, marks.bookmarked, marks.tags
    hidden = (
        views(index, rules, read_ids, bookmarked, marks.state).hidden if hiding else frozenset()
    )
    stories = index.story_map() if args.json else {}
    write = sys.stdout.write
    if args.count:
        total = index.count_matches(
            node, read_ids=read_ids, bookmarked_ids=bookmarked, hidden_ids=hidden, user_tags=tags
        )
        write(f"{total}\n")
        return 0 if total else 1
    if args.limit is not None and args.limit <= 0:
        raise CommandError("--limit must be at least 1")
    dictionaries = index.record_dictionaries()
    if args.json:  # the objects of `list --json`, reading state included
        selection, attach = RECORD_SELECTION, dict[str, Path]()

        def text(row: tuple[Any, ...]) -> str:
            article = load_article(row[2], dictionaries)
            ident = article.id
            fields = article_json(article)
            fields.update(
                read=ident in read_ids,
                bookmarked=ident in bookmarked,
                hidden=ident in hidden,
                user_tags=list(marks.tags_of(ident)),
            )
            fields.update(story_fields(stories, ident))
            return json_text(fields) + "\n"

    else:
        selection, attach = _line_selection(args.library)

        def text(row: tuple[Any, ...]) -> str:
            return _line(row, dictionaries)

    rows = index.stream(
        node, order=args.order, limit=args.limit, read_ids=read_ids, bookmarked_ids=bookmarked,
        hidden_ids=hidden, user_tags=tags, columns=selection, attach=attach,
    )  # fmt: skip
    found = 0
    for batch in _batches(rows):
        found += len(batch)
        write("".join([text(row) for row in batch]))
    sys.stdout.flush()
    return 0 if found else 1


BATCH = 1000  # rows printed with one write


def _batches(rows: Iterator[tuple[Any, ...]]) -> Iterator[list[tuple[Any, ...]]]:
    """The rows of a search `BATCH` at a time, each batch printed with one write (a write per
    line is a call per match, and a system call each when the output is unbuffered)."""
    while batch := list(itertools.islice(rows, BATCH)):
        yield batch


def _line(row: tuple[Any, ...], dictionaries: dict[int, bytes]) -> str:
    """A match's line as `list` prints it: made by SQLite, else from the article (see
    `search_lines`; `dictionaries` to read its record)."""
    _key, _ts, line, record = row
    if line is None:
        line = article_line(load_article(record, dictionaries))
    return line + "\n"


# `article_line` computed by SQLite over a row `l` of the library index's `files` table, so that
# `tui-reader search` prints every match without building its article. SQLite's local time is
# the C library's, as Python's is, but only for years 1971-2037 (it reckons the offset of other
# years on 2000's) and on whole seconds: other rows (and rows of another version of the file
# than the one indexed) are NULL, and printed from the article the search index keeps.
_EXACT_LINE = (
    "(l.title IS NOT NULL AND l.categories IS NOT NULL"
    " AND (l.date = '' OR l.epoch >= 31536000 AND l.epoch < 2145916800))"
)
_LINE = (
    f"CASE WHEN {_EXACT_LINE} THEN"
    " iif(l.date = '', '?',"
    " strftime('%Y-%m-%d %H:%M', CAST(l.epoch AS INTEGER), 'unixepoch', 'localtime'))"
    f" || iif(l.date_from_file, '~ ', '  ') || {categories_sql('l.categories', ' | ', ' / ')}"
    " || '  ' || l.title END"
)
_SAME_FILE = (
    " LEFT JOIN lib.files l ON l.path = d.path AND l.id = d.id AND l.skipped = 0"
    " AND l.mtime_ns = d.mtime_ns AND l.size = d.size"
)


def _line_selection(argument: str | None) -> tuple[Selection, dict[str, Path]]:
    """What `SearchIndex.stream` selects for each match's line (see `_LINE`), and the library
    index it attaches for it; the record alone when that index is not a file here."""
    library_index = default_index_path(resolve_library(argument, load_config()).path)
    if not library_index.is_file() or in_memory(library_index) is not None:
        return Selection(f"NULL, {RECORD}"), {}
    record = f"CASE WHEN coalesce({_EXACT_LINE}, 0) THEN NULL ELSE {RECORD} END"
    return Selection(f"{_LINE}, {record}", _SAME_FILE), {"lib": library_index}


def up_to_date_index(argument: str | None, rescan: bool) -> SearchIndex:
    root = resolve_library(argument, load_config()).path
    index = SearchIndex.for_library(root)
    if not rescan and search_stamps.unchanged(root, index.get_meta("folders")):
        return index
    index.close()
    from tui_reader.commands.common import open_library, synced_index  # the scanner, when needed

    return synced_index(*open_library(argument))


class QueryMarks(NamedTuple):
    """The reading state a query's search needs (see `query_marks`)."""

    read: frozenset[str]
    bookmarked: frozenset[str]
    tags: dict[str, set[str]]  # the ids under the personal tags the query names
    tags_of: Callable[[str], tuple[str, ...]]  # an article's personal tags (when wanted)
    state: StateStore | None  # the store they came from (closed: only read), if it was opened


def query_marks(query: Node, wanted: bool) -> QueryMarks:
    """Read marks, bookmarks and personal tags, the state store opened only when the query
    filters on them (`is:`, `tag:`) or they are `wanted` in the output."""
    opened: list[StateStore] = []

    def open_store() -> StateStore:
        from tui_reader.core.state.api import StateStore

        if not opened:
            opened.append(StateStore.open())
        return opened[0]

    try:
        read, bookmarked = reading_state(query, open_store, wanted=wanted)
        tags = tag_state(query, open_store)
        tags_of = open_store().tags_of if wanted else _no_tags
        return QueryMarks(read, bookmarked, tags, tags_of, opened[0] if opened else None)
    finally:
        for store in opened:
            store.close()  # what it merged stays readable
            print_warnings(store.warnings)


def _no_tags(_article_id: str) -> tuple[str, ...]:
    return ()
