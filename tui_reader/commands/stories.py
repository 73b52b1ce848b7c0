"""`tui-reader stories [LIBRARY]`: the stories the library holds more than one copy of.

A story is one news item as several sources (or one source, twice) carry it, found by the search
index as it learns each article (see `core.search.stories`). Largest first; each story's copies
earliest first. The index is brought up to date first, as `search` does.
"""

from __future__ import annotations

import argparse
import sys

from tui_reader.commands.common import (
    add_library_argument,
    open_library,
    print_warnings,
    run_guarded,
    synced_index,
)
from tui_reader.commands.list_articles import article_json, article_line
from tui_reader.core.sanitize import json_text
from tui_reader.core.state.api import StateStore
from tui_reader.core.wording import counted


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "stories",
        help="list the stories held in more than one copy",
        description="Print each story the library holds more than once (the same news item from "
        "several sources, or reposted), largest first, with its copies earliest first.",
    )
    add_library_argument(parser)
    parser.add_argument(
        "--json",
        action="store_true",
        help="one JSON object per story: story (its id), copies, articles (as list --json)",
    )


def run(args: argparse.Namespace) -> int:
    return run_guarded(_run, args)


def _run(args: argparse.Namespace) -> int:
    library, snapshot = open_library(args.library)
    groups = synced_index(library, snapshot).story_groups()
    state = StateStore.open()
    state.close()  # only read from here on
    print_warnings(state.warnings)
    write = sys.stdout.write
    for group in groups:
        if args.json:
            articles = []
            for article in group:
                record = article_json(article)
                record.update(
                    read=state.is_read(article.id), bookmarked=state.is_bookmarked(article.id)
                )
                articles.append(record)
            write(json_text({"story": group[0].id, "copies": len(group), "articles": articles}))
            write("\n")
        else:
            write(f"{len(group)} copies: {group[0].title}\n")
            write("".join(f"  {article_line(article)}\n" for article in group))
    if not groups and not args.json:  # said apart from the list, which stays empty
        among = counted(len(snapshot.articles), "article")
        print(f"no story is held more than once (among {among})", file=sys.stderr)
    return 0
