"""`tui-reader list`: every article, newest first, as text lines or JSON lines."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from tui_reader.commands.common import add_library_argument, open_library, run_guarded
from tui_reader.core.model import Article


def add_parser(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser(
        "list",
        help="list articles, newest first",
        description="Print one line per article (date, category path, title), newest first.",
    )
    add_library_argument(parser)
    parser.add_argument("--json", action="store_true", help="one JSON object per line")


def run(args: argparse.Namespace) -> int:
    return run_guarded(_run, args)


def _run(args: argparse.Namespace) -> int:
    _library, snapshot = open_library(args.library)
    write = sys.stdout.write
    for article in snapshot.articles:
        if args.json:
            write(json.dumps(article_json(article), ensure_ascii=False) + "\n")
        else:
            write(article_line(article) + "\n")
    return 0


def article_line(article: Article) -> str:
    when = article.date.astimezone().strftime("%Y-%m-%d %H:%M") if article.date else "?"
    marker = "~" if article.date_from_file else " "  # ~ : date taken from the file's mtime
    return f"{when}{marker} {' | '.join(article.category_labels())}  {article.title}"


def article_json(article: Article) -> dict[str, Any]:
    return {
        "id": article.id,
        "path": article.path,
        "title": article.title,
        "categories": [list(path) for path in article.categories],
        "author": article.author,
        "date": article.date.isoformat() if article.date and not article.date_from_file else None,
        "file_date": article.date.isoformat() if article.date and article.date_from_file else None,
        "tags": list(article.tags),
        "link": article.link or None,
        "image": article.image or None,
    }
