"""`tui-reader list`: every article, newest first, as text lines or JSON lines."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

from tui_reader.commands.common import (
    add_library_argument,
    open_library,
    print_warnings,
    run_guarded,
    story_fields,
    synced_index,
)
from tui_reader.core.library.api import Article
from tui_reader.core.sanitize import json_text
from tui_reader.core.state.api import StateStore

if TYPE_CHECKING:
    from tui_reader.core.search.api import SearchIndex


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "list",
        help="list articles, newest first",
        description="Print one line per article (date, category path, title), newest first.",
    )
    add_library_argument(parser)
    parser.add_argument("--json", action="store_true", help="one JSON object per line")
    parser.add_argument("--unread", action="store_true", help="only articles not marked read")
    parser.add_argument("--bookmarked", action="store_true", help="only bookmarked articles")
    parser.add_argument(
        "--rescan",
        action="store_true",
        help="check every file for changes first (files rewritten in place); otherwise the "
        "library is read again only when a folder's time has changed (a file added, removed "
        "or renamed)",
    )


def run(args: argparse.Namespace) -> int:
    return run_guarded(_run, args)


BATCH = 1000  # lines printed with one write


def _run(args: argparse.Namespace) -> int:
    library, snapshot = open_library(args.library, rescan=args.rescan)
    state = StateStore.open()
    state.close()  # only read from here on
    print_warnings(state.warnings)
    index = synced_index(library, snapshot) if args.json else None
    hidden = _hidden(index, state) if index is not None else frozenset()
    stories = index.story_map() if index is not None else {}

    def text(article: Article) -> str:
        if not args.json:
            return article_line(article) + "\n"
        record = article_json(article)
        record.update(
            read=state.is_read(article.id),
            bookmarked=state.is_bookmarked(article.id),
            hidden=article.id in hidden,
            user_tags=list(state.tags_of(article.id)),
        )
        record.update(story_fields(stories, article.id))
        return json_text(record) + "\n"

    articles = snapshot.articles
    if args.unread:
        articles = [article for article in articles if not state.is_read(article.id)]
    if args.bookmarked:
        articles = [article for article in articles if state.is_bookmarked(article.id)]
    for start in range(0, len(articles), BATCH):  # one write for each: see commands.search
        sys.stdout.write("".join([text(article) for article in articles[start : start + BATCH]]))
    return 0


def _hidden(index: SearchIndex, state: StateStore) -> frozenset[str]:
    """The ids hidden by the rules of config.toml, from the search index brought up to date
    (read only when there is a hide or highlight rule)."""
    from tui_reader.core.rules import configured_rules, hides

    if not hides(configured_rules()[0]):
        return frozenset()
    from tui_reader.commands.rules import hidden_ids

    return hidden_ids(index, state)


def article_line(article: Article) -> str:
    if article.date:  # an f-string: strftime made up 40% of listing 100k articles
        d = article.date.astimezone()
        when = f"{d.year:04}-{d.month:02}-{d.day:02} {d.hour:02}:{d.minute:02}"
    else:
        when = "?"
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
