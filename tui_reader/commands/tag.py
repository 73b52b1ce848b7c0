"""`tui-reader tag add|remove TAG ARTICLE…|--query QUERY`: personal tags from scripts.

Articles are named as `tui-reader mark` names them (ids, paths, or every article a search finds
with `--query`); a tag is taken in its canonical form (lower case, spaces as `-`: see
`core.state.log.tag_name`) and found again by `tag:TAG` in searches. An id the library no longer
has may still lose a tag it has.
"""

from __future__ import annotations

import argparse
import sys

from tui_reader.commands.common import CommandError, open_library, print_warnings, run_guarded
from tui_reader.commands.mark import (
    act_on_query,
    add_targets,
    find_article,
    prepare_args,
    take_library,
)

__all__ = ["add_parser", "prepare_args", "run"]
from tui_reader.core.state.api import StateStore, checked_tag


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "tag",
        help="add a personal tag to articles or remove it",
        description="Add a personal tag to articles given by id or path, or to every article a "
        "search finds (--query), or remove it; searches find it with tag:TAG. Nothing changes "
        "unless every ARTICLE is found (exit status 2 otherwise).",
    )
    parser.add_argument("action", choices=("add", "remove"))
    parser.add_argument("tag", metavar="TAG", help="the tag (lower case, spaces become -)")
    add_targets(parser)


def run(args: argparse.Namespace) -> int:
    return run_guarded(_run, args)


def _run(args: argparse.Namespace) -> int:
    try:
        tag = checked_tag(args.tag)
    except ValueError as error:
        raise CommandError(str(error)) from None
    take_library(args)
    on = args.action == "add"
    what = f"{'tagged' if on else 'untagged'} {tag}"
    if args.query is not None:
        return act_on_query(
            args.query, args.library, what,
            lambda store, ids, _index: store.set_tags(ids, tag, on),
            lambda store, article_id: (tag in store.tags_of(article_id)) == on,
        )  # fmt: skip
    library, snapshot = open_library(args.library, report_problems=False)
    store = StateStore.open()
    try:
        targets = [
            find_article(ref, library, snapshot, lambda i: not on and tag in store.tags_of(i))
            for ref in args.articles
        ]
        done = set(store.set_tags([article_id for article_id, _ in targets], tag, on))
        tagged = store.tagged(tag)
    finally:
        store.close()
    print_warnings(store.warnings)
    if store.read_only:
        return 1
    failed = False
    for article_id, article in targets:
        title = article.title if article else article_id
        if (article_id in tagged) != on:  # a synced change no stamp can pass
            print(f"tui-reader: not changed ({what}): {title}", file=sys.stderr)
            failed = True
        else:
            print(f"{what}: {title}" + ("" if article_id in done else " (already so)"))
    return 1 if failed else 0
