"""What the user interface and the commands use of the library: its public names, in one place.

Start-up loads every module behind them anyway (the first frame needs the index and the
model), so they are imported here directly; the modules themselves say how each works.
"""

from __future__ import annotations

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
