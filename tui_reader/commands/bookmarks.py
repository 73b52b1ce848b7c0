"""`tui-reader bookmarks [--markdown | --json]`: export the bookmarks, newest first.

Without a library this reads only the reading state (no scan), so it is instant; with one
(LIBRARY or `--library`), each bookmark says whether its file is still in the library and links
to the file where it is now. Markdown links are absolute `file://` addresses, percent-encoded:
without a library, to the bookmark's file in the default library when it is there; a bookmark
whose file cannot be found is listed without a link, never with a path relative to nowhere.
"""

from __future__ import annotations

import argparse
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

from tui_reader.commands.common import (
    add_library_argument,
    open_library,
    print_warnings,
    run_guarded,
)
from tui_reader.core.config import load_config
from tui_reader.core.library.api import Snapshot, resolve_library
from tui_reader.core.sanitize import json_text
from tui_reader.core.state.api import Bookmark, StateStore

_MARKDOWN_SPECIAL = str.maketrans({c: f"\\{c}" for c in "\\`*_[]<>#|"})


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "bookmarks",
        help="export the bookmarks, newest first",
        description="Print the bookmarks, newest first: as text lines (default), a Markdown "
        "list, or one JSON object per line. Given a library (LIBRARY or --library LIBRARY), each "
        "bookmark says whether its file is still there, and Markdown links go to the file.",
    )
    form = parser.add_mutually_exclusive_group()
    form.add_argument("--markdown", action="store_true", help="a Markdown list")
    form.add_argument("--json", action="store_true", help="one JSON object per line")
    add_library_argument(parser)  # given: each bookmark is checked against it


def run(args: argparse.Namespace) -> int:
    return run_guarded(_run, args)


def _run(args: argparse.Namespace) -> int:
    located: Locator | None = None
    default: Path | None = None
    if args.library:
        library, snapshot = open_library(args.library, report_problems=False)
        located = Locator(library.root, snapshot)
    elif args.markdown:
        default = resolve_library(None, load_config()).path.expanduser().resolve()
    store = StateStore.open()
    marks = store.bookmarks()
    store.close()
    print_warnings(store.warnings)
    write = sys.stdout.write
    if args.markdown:
        write("# Bookmarks\n\n")
    for mark in marks:
        if args.json:
            write(json_text(bookmark_json(mark, located)) + "\n")
        elif args.markdown:
            write(bookmark_markdown(mark, located, default) + "\n")
        else:
            write(bookmark_line(mark, located) + "\n")
    return 0


class Locator:
    """Where a bookmarked article's file is now (it may have moved), or None if it has gone."""

    def __init__(self, root: Path, snapshot: Snapshot) -> None:
        self.root = root.resolve()
        self.snapshot = snapshot

    def file(self, mark: Bookmark) -> Path | None:
        article = self.snapshot.by_id.get(mark.id)
        return self.root / article.path if article else None


def bookmark_json(mark: Bookmark, located: Locator | None = None) -> dict[str, Any]:
    record: dict[str, Any] = {
        "id": mark.id,
        "title": mark.title,
        "path": mark.path,
        "date": mark.date_iso or None,
        "bookmarked": _iso(mark.when),
    }
    if located is not None:
        file = located.file(mark)
        record["missing"] = file is None
        record["file"] = str(file) if file else None
    return record


def bookmark_markdown(
    mark: Bookmark, located: Locator | None = None, default: Path | None = None
) -> str:
    """A Markdown list item; the link goes to the file (`located` in the library given, else
    at the bookmark's path in the `default` library folder if it is there), or nowhere."""
    title = (mark.title or mark.id).translate(_MARKDOWN_SPECIAL)
    file = located.file(mark) if located else _in_folder(default, mark.path)
    text = f"- [{title}]({file.as_uri()})" if file else f"- {title}"
    if mark.date_iso:
        text += f" — {mark.date_iso[:10]}"
    if located is not None and file is None:
        text += " *(missing)*"
    return text


def _in_folder(folder: Path | None, path: str) -> Path | None:
    if folder is None or not path:
        return None
    file = folder / path
    try:
        inside = file.resolve().is_relative_to(folder) and file.is_file()
    except (OSError, RuntimeError, ValueError):
        return None
    return file if inside else None


def bookmark_line(mark: Bookmark, located: Locator | None = None) -> str:
    missing = located is not None and located.file(mark) is None
    return f"{_iso(mark.when)[:16]}  {mark.title}  ({mark.path}){'  [missing]' if missing else ''}"


# A bookmark's time comes from a synced log: a device whose clock is wrong may put it past what
# datetime can show (the year 9999); it is shown as the nearest time that can be.
_LAST_SHOWN = datetime(9999, 12, 30).timestamp()


def _iso(seconds: float) -> str:
    seconds = min(max(seconds, 0.0), _LAST_SHOWN)
    return datetime.fromtimestamp(seconds).astimezone().isoformat(timespec="seconds")
