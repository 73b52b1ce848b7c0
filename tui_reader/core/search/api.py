"""What the user interface and the commands use of search, each name loaded when first asked for.

Start-up leaves the search modules out (the query parser, the index: tests/ui/test_startup_early.py)
but reads the search history, so loading this module imports none of them: a name comes from
the module that defines it the first time it is looked up (PEP 562 `__getattr__`), so
`from tui_reader.core.search.api import SearchHistory` loads `history` alone and `parse`
loads the query parser then, not before. The imports under TYPE_CHECKING are the same names,
for type checkers.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tui_reader.core.public_names import names_loaded_when_used

if TYPE_CHECKING:
    from tui_reader.core.search import stamps
    from tui_reader.core.search.history import SearchHistory
    from tui_reader.core.search.htmltext import html_to_text, tame_charrefs
    from tui_reader.core.search.index import ORDERS, SearchIndex, SyncProgress, SyncStats
    from tui_reader.core.search.query import (
        FILTERS,
        Node,
        QueryError,
        TextNode,
        parse,
        terms,
        uses_reading_state,
        uses_state,
        uses_tags,
        without_hidden,
    )
    from tui_reader.core.search.reading import reading_state, tag_state
    from tui_reader.core.search.records import load_article
    from tui_reader.core.search.run import RECORD, RECORD_SELECTION, Selection
    from tui_reader.core.search.scripts import either_script, load_tables
    from tui_reader.core.search.snippet import Snippet, find_spans, make_snippet, term_pattern
    from tui_reader.core.search.stories import also_in, preferred_copy, source_of

# each name, and the module of this package that defines it (a module: itself)
_HOMES = {
    "also_in": "stories",
    "either_script": "scripts",
    "FILTERS": "query",
    "find_spans": "snippet",
    "html_to_text": "htmltext",
    "load_article": "records",
    "load_tables": "scripts",
    "make_snippet": "snippet",
    "Node": "query",
    "ORDERS": "index",
    "parse": "query",
    "preferred_copy": "stories",
    "QueryError": "query",
    "RECORD": "run",
    "RECORD_SELECTION": "run",
    "reading_state": "reading",
    "tag_state": "reading",
    "SearchHistory": "history",
    "SearchIndex": "index",
    "Selection": "run",
    "Snippet": "snippet",
    "source_of": "stories",
    "stamps": "stamps",
    "SyncProgress": "index",
    "SyncStats": "index",
    "tame_charrefs": "htmltext",
    "term_pattern": "snippet",
    "terms": "query",
    "TextNode": "query",
    "uses_reading_state": "query",
    "uses_state": "query",
    "uses_tags": "query",
    "without_hidden": "query",
}

__all__ = [
    "also_in",
    "either_script",
    "FILTERS",
    "find_spans",
    "html_to_text",
    "load_article",
    "load_tables",
    "make_snippet",
    "Node",
    "ORDERS",
    "parse",
    "preferred_copy",
    "QueryError",
    "RECORD",
    "RECORD_SELECTION",
    "reading_state",
    "SearchHistory",
    "SearchIndex",
    "Selection",
    "Snippet",
    "source_of",
    "stamps",
    "SyncProgress",
    "SyncStats",
    "tame_charrefs",
    "term_pattern",
    "terms",
    "tag_state",
    "TextNode",
    "uses_reading_state",
    "uses_state",
    "uses_tags",
    "without_hidden",
]


__getattr__ = names_loaded_when_used(__name__, _HOMES, globals())
