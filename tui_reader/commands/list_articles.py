"""`tui-reader list`: every article, newest first, as text lines or JSON lines."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from tui_reader.commands.common import (
    add_library_argument,
    index_in_step,
    library_for,
    print_problems,
    print_warnings,
    run_guarded,
    scanned,
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
    library = library_for(args.library)
    if not args.rescan:  # the index alone, read a batch at a time, while the folder is unchanged
        with library.unchanged_listing(BATCH) as listing:
            index = index_in_step(library, listing) if listing is not None and args.json else None
            if listing is not None and (index is not None or not args.json):
                print_problems(listing)
                _print(args, listing.batches, lambda: index)
                return 0
    snapshot = scanned(library, rescan=args.rescan)
    articles = snapshot.articles
    batches = (articles[start : start + BATCH] for start in range(0, len(articles), BATCH))
    _print(args, batches, lambda: synced_index(library, snapshot))
    return 0


def _print(
    args: argparse.Namespace,
    batches: Iterable[list[Article]],
    search_index: Callable[[], SearchIndex | None],
) -> None:
    """Print the articles of `batches` (newest first), each batch with one write (see
    commands.search); `search_index`, called for `--json` only, gives the search index in
    step with them (hidden articles and stories are kept there)."""
    state = StateStore.open()
    state.close()  # only read from here on
    print_warnings(state.warnings)
    index = search_index() if args.json else None
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

    write = sys.stdout.write
    for articles in batches:
        if args.unread:
            articles = [article for article in articles if not state.is_read(article.id)]
        if args.bookmarked:
            articles = [article for article in articles if state.is_bookmarked(article.id)]
        write("".join([text(article) for article in articles]))


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
