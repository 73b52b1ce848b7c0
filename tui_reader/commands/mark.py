"""`tui-reader mark read|unread|bookmark|unbookmark ARTICLE…`: change reading state from scripts.

An ARTICLE is an id (as `list --json` prints it), a path relative to the library, or a path to the
file. Every one is found before anything changes, so a typo marks nothing. An id the library no
longer has may still be unmarked or unbookmarked (a bookmark whose file has gone).

With `[stories] mark_copies_read` (on by default), marking an article read or unread marks every
copy of its story too (see `core.search.stories`; the search index is brought up to date first).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from tui_reader.commands.common import (
    CommandError,
    add_library_argument,
    library_argument,
    open_library,
    print_warnings,
    run_guarded,
    synced_index,
)
from tui_reader.core.config import load_config
from tui_reader.core.library.api import Article, Library, Snapshot, parse_file
from tui_reader.core.state.api import StateStore

ACTIONS = ("read", "unread", "bookmark", "unbookmark")


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "mark",
        help="mark articles read or unread, bookmark or unbookmark them",
        description="Change the reading state of articles given by id or path. Nothing changes "
        "unless every ARTICLE is found (exit status 2 otherwise). The library is given as "
        "--library LIBRARY, or as a folder among the ARTICLEs (an article is never a folder).",
    )
    parser.add_argument("action", choices=ACTIONS)
    parser.add_argument(
        "articles", nargs="+", metavar="ARTICLE", help="an article id or path (or the library)"
    )
    add_library_argument(parser, positional=False)


def run(args: argparse.Namespace) -> int:
    return run_guarded(_run, args)


def _run(args: argparse.Namespace) -> int:
    folders = [ref for ref in args.articles if Path(ref).expanduser().is_dir()]
    if folders:  # LIBRARY given as an argument, as list, show and search take it
        given = argparse.Namespace(library=folders[-1], library_option=args.library)
        args.library = library_argument(given)
        if len(folders) > 1:
            raise CommandError(f"more than one library given: {', '.join(map(repr, folders))}")
        args.articles = [ref for ref in args.articles if ref not in folders]
        if not args.articles:
            raise CommandError("no ARTICLE given (the folder is taken as the library)")
    config = load_config()
    print_warnings(config.warnings)
    library, snapshot = open_library(args.library, report_problems=False, config=config)
    store = StateStore.open()
    try:
        targets = [_find(ref, library, snapshot, store, args.action) for ref in args.articles]
        if args.action in ("read", "unread") and config.mark_copies_read:
            targets = _with_copies(targets, library, snapshot)
        _apply(store, args.action, targets)
        held = [_holds(store, args.action, article_id) for article_id, _ in targets]
    finally:
        store.close()
    print_warnings(store.warnings)
    if store.read_only:
        return 1
    for (article_id, article), holds in zip(targets, held, strict=True):
        title = article.title if article else article_id
        if holds:
            print(f"{args.action}: {title}")
        else:  # a synced change no stamp can pass (the warnings above name its log)
            print(f"tui-reader: not changed ({args.action}): {title}", file=sys.stderr)
    return 0 if all(held) else 1


def _find(
    ref: str, library: Library, snapshot: Snapshot, store: StateStore, action: str
) -> tuple[str, Article | None]:
    if article := snapshot.find(ref, library.root):
        return article.id, article
    path = Path(ref).expanduser()
    if path.is_file():  # a file outside the library: its id comes from its content
        if article := parse_file(path, path.parent).article:
            return article.id, article
    if (
        action == "unread"
        and store.is_read(ref)
        or action == "unbookmark"
        and (store.is_bookmarked(ref))
    ):
        return ref, None  # an article whose file has gone
    raise CommandError(f"no article matches {ref!r} in {library.root} (nothing was changed)")


def _with_copies(
    targets: list[tuple[str, Article | None]], library: Library, snapshot: Snapshot
) -> list[tuple[str, Article | None]]:
    """`targets` and, after each, the other copies of its story (each article once)."""
    index = synced_index(library, snapshot)
    seen = {article_id for article_id, _ in targets}
    out: list[tuple[str, Article | None]] = []
    for article_id, article in targets:
        out.append((article_id, article))
        if article is None:
            continue
        for copy in index.story_copies(article_id):
            if copy.id not in seen:
                seen.add(copy.id)
                out.append((copy.id, copy))
    return out


def _holds(store: StateStore, action: str, article_id: str) -> bool:
    """Whether the merged state now says what `action` asked for the article."""
    if action in ("read", "unread"):
        return store.is_read(article_id) == (action == "read")
    return store.is_bookmarked(article_id) == (action == "bookmark")


def _apply(store: StateStore, action: str, targets: list[tuple[str, Article | None]]) -> None:
    if action in ("read", "unread"):
        store.set_read([article_id for article_id, _ in targets], action == "read")
        return
    for article_id, article in targets:
        if article is not None:
            store.set_bookmark(article, action == "bookmark")
        else:  # unbookmark by id alone: the Article is only needed to bookmark
            store.set_bookmark(Article(id=article_id, path="", title=""), False)
