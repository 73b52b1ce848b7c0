"""Saved searches: the queries a user keeps, shown in the tree as the "Saved searches" category.

Stored with the recent searches in `core.search.history` (a small JSON file in the user data
folder, written atomically), under each query as its own name. The file is read afresh for each
change, so a search screen that remembered a recent search in between is not overwritten.
`run_saved` runs a saved query for the tree, in a thread worker: it opens its own connection to
the search index and closes it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tui_reader.core.sanitize import clean_line
from tui_reader.core.search.api import SearchHistory

if TYPE_CHECKING:
    from tui_reader.core.library.api import Article, Library, Snapshot
    from tui_reader.core.state.api import StateStore
    from tui_reader.ui.model.rule_state import RuleState

SAVED_LIMIT = 200  # articles listed under a saved search in the tree; the label gives the total


def saved_queries() -> list[str]:
    """The saved queries, in the order they were saved."""
    return list(SearchHistory.load().saved.values())


def save_search(query: str, empty: str = "Type a search first.") -> tuple[bool, str]:
    """Keep `query`: whether it was saved, and what to tell the user. A query the parser refuses
    is not kept (the tree could only say it cannot run); `empty` says what to do instead."""
    # The query parser and the search index are imported on first use: the main screen shows
    # the saved searches' names in its first frame, and those modules cost it ~15 ms to import.
    from tui_reader.core.search.api import QueryError, parse

    query = clean_line(query).strip()
    try:
        if parse(query) is None:
            return False, empty
    except QueryError as error:
        return False, f"Not saved: {error}"
    history = SearchHistory.load()
    if query in history.saved.values():
        return False, f"“{query}” is saved already."
    if problem := history.save_search(query, query):
        return False, f"Not saved: {problem}"
    return True, f"Saved: “{query}” is now in the tree."


def forget_search(query: str) -> str:
    """Delete the saved searches of `query`: "" when done, else why not (the search stays)."""
    history = SearchHistory.load()
    for name, saved in list(history.saved.items()):
        if saved == query and (problem := history.forget_search(name)):
            return f"Not deleted: {problem}"
    return ""


def run_saved(
    library: Library,
    snapshot: Snapshot,
    query: str,
    read_ids: frozenset[str],
    bookmarked_ids: frozenset[str],
    hidden_ids: frozenset[str] = frozenset(),
    user_tags: dict[str, set[str]] | None = None,
    limit: int | None = SAVED_LIMIT,
    order: str = "newest",
) -> tuple[list[Article], int, str]:
    """The newest `limit` articles a saved query finds (None: all; those the rules hide,
    `hidden_ids`, left out unless it asks for them with `is:hidden`), their total, and an error
    (if the query cannot be understood any more, or the search index cannot answer, it says
    why)."""
    import sqlite3

    from tui_reader.core.search.api import (
        QueryError,  # imported on first use, as above
        SearchIndex,
    )

    try:
        index = SearchIndex.for_library(library.root)
        try:
            result = index.search(query, limit=limit, order=order, read_ids=read_ids,
                                  bookmarked_ids=bookmarked_ids, hidden_ids=hidden_ids,
                                  user_tags=user_tags)  # fmt: skip
        finally:
            index.close()
    except QueryError as error:
        return [], 0, str(error)
    except (sqlite3.Error, OSError) as error:
        return [], 0, f"search failed: {error}"
    articles = [a for hit in result.hits if (a := snapshot.by_id.get(hit.article.id)) is not None]
    return articles, result.total, ""


def run_for_reader(
    library: Library,
    snapshot: Snapshot,
    query: str,
    state: StateStore | None,
    rules: RuleState,
    *,
    limit: int | None = SAVED_LIMIT,
    order: str = "newest",
) -> tuple[list[Article], int, str, frozenset[str]]:
    """`run_saved` with what the reader knows: the reading state and tags the query's filters
    ask for, and the ids the rules hide from it (returned last, for "also in")."""
    from tui_reader.core.search.api import QueryError, parse, reading_state, tag_state

    try:
        hidden = rules.hidden_for(parse(query))
    except QueryError:
        hidden = frozenset()  # run_saved says what is wrong with the query
    read, marked = reading_state(query, state)
    tags = tag_state(query, state)
    articles, total, error = run_saved(
        library, snapshot, query, read, marked, hidden, tags, limit=limit, order=order
    )
    return articles, total, error, hidden
