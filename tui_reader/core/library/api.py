"""What the user interface and the commands use of the library: its public names, in one place,
each loaded when first asked for.

A name comes from the module that defines it the first time it is looked up (PEP 562
`__getattr__`, see `core.public_names`): `from tui_reader.core.library.api import
resolve_library` loads `location` alone, so a command that finds its answer in the indexes (a
search, a listing of an unchanged folder) never imports the scanner, the parser and what they
import. The imports under TYPE_CHECKING are the same names, for type checkers.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tui_reader.core.public_names import names_loaded_when_used

if TYPE_CHECKING:
    from tui_reader.core.library.folder_watch import FolderWatch
    from tui_reader.core.library.index import (
        CategoryCount,
        Listing,
        article_of,
        categories_sql,
        default_index_path,
        path_from_sql,
        split_categories,
        split_tags,
    )
    from tui_reader.core.library.library import Library, LibraryError, Snapshot, Summary
    from tui_reader.core.library.location import resolve_library
    from tui_reader.core.library.model import (
        UNCATEGORIZED,
        Article,
        CategoryPath,
        Problem,
        details_by_chunk,
        newest_first,
        with_details,
    )
    from tui_reader.core.library.parse import parse_file, read_body
    from tui_reader.core.library.scan_summary import rescan_summary
    from tui_reader.core.library.scanner import ScanProgress

# each name, and the module of this package that defines it
_HOMES = {
    "Article": "model",
    "article_of": "index",
    "categories_sql": "index",
    "CategoryCount": "index",
    "CategoryPath": "model",
    "default_index_path": "index",
    "details_by_chunk": "model",
    "FolderWatch": "folder_watch",
    "Library": "library",
    "LibraryError": "library",
    "Listing": "index",
    "newest_first": "model",
    "parse_file": "parse",
    "path_from_sql": "index",
    "Problem": "model",
    "read_body": "parse",
    "rescan_summary": "scan_summary",
    "resolve_library": "location",
    "ScanProgress": "scanner",
    "Snapshot": "library",
    "split_categories": "index",
    "split_tags": "index",
    "Summary": "library",
    "UNCATEGORIZED": "model",
    "with_details": "model",
}

__all__ = [
    "Article",
    "article_of",
    "categories_sql",
    "CategoryCount",
    "default_index_path",
    "details_by_chunk",
    "CategoryPath",
    "FolderWatch",
    "Library",
    "LibraryError",
    "Listing",
    "newest_first",
    "parse_file",
    "path_from_sql",
    "Problem",
    "read_body",
    "rescan_summary",
    "resolve_library",
    "ScanProgress",
    "Snapshot",
    "split_categories",
    "split_tags",
    "Summary",
    "UNCATEGORIZED",
    "with_details",
]

__getattr__ = names_loaded_when_used(__name__, _HOMES, globals())
