"""`tui-reader mark read|unread|bookmark|unbookmark ARTICLE…|--query QUERY`: change reading
state from scripts.

An ARTICLE is an id (as `list --json` prints it), a path relative to the library, or a path to the
file. Every one is found before anything changes, so a typo marks nothing. An id the library no
longer has may still be unmarked or unbookmarked (a bookmark whose file has gone).

With `[stories] mark_copies_read` (on by default), marking an article read or unread marks every
copy of its story too (see `core.search.stories`; the search index is brought up to date first).

`--query QUERY` acts on every article the query finds, as `tui-reader search QUERY` lists them
(articles a rule hides left out unless the query asks for them with `is:hidden`), all in one
write to the log; what changed is counted, and named when it is a few articles.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

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
from tui_reader.core.wording import counted

if TYPE_CHECKING:
    from tui_reader.core.search.api import SearchIndex

ACTIONS = ("read", "unread", "bookmark", "unbookmark")
FEW = 10  # changes named one by one, title by title; more are only counted


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "mark",
        help="mark articles read or unread, bookmark or unbookmark them",
        description="Change the reading state of articles given by id or path, or of every "
        "article a search finds (--query). Nothing changes unless every ARTICLE is found (exit "
        "status 2 otherwise). The library is given as --library LIBRARY, or as a folder among "
        "the ARTICLEs (an article is never a folder).",
    )
    parser.add_argument("action", choices=ACTIONS)
    add_targets(parser)


def add_targets(parser: argparse.ArgumentParser) -> None:
    """ARTICLE… or --query QUERY, and the library."""
    parser.add_argument(
        "articles", nargs="*", metavar="ARTICLE", help="an article id or path (or the library)"
    )
    parser.add_argument(
        "--query", metavar="QUERY",
        help="act on every article this search finds (see tui-reader search --help)",
    )  # fmt: skip
    add_library_argument(parser, positional=False)


VALUE_OPTIONS = ("--query", "--library")


def prepare_args(args: list[str]) -> list[str]:
    """Options that take a value moved after the ARTICLEs, as `--option=VALUE`: argparse takes no
    ARTICLE after an option (`mark read --query x LIBRARY`), nor a value starting with `-`
    (`--query -tag:x`)."""
    kept: list[str] = []
    moved: list[str] = []
    words = iter(args)
    for word in words:
        option = next((o for o in VALUE_OPTIONS if o == word), None)
        if option is not None:
            moved.append(f"{option}={next(words, '')}")
        elif word.startswith(tuple(f"{o}=" for o in VALUE_OPTIONS)):
            moved.append(word)
        else:
            kept.append(word)
    return kept + moved


def run(args: argparse.Namespace) -> int:
    return run_guarded(_run, args)


def _run(args: argparse.Namespace) -> int:
    take_library(args)
    if args.query is not None:
        action = args.action
        return act_on_query(
            args.query, args.library, action,
            lambda store, ids, index: _apply_ids(store, action, ids, index),
            lambda store, article_id: _holds(store, action, article_id),
        )  # fmt: skip
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


def take_library(args: argparse.Namespace) -> None:
    """The library given as a folder among the ARTICLEs (as list, show and search take it)
    moved to `args.library`; ARTICLEs or --query checked to be there, not both."""
    folders = [ref for ref in args.articles if Path(ref).expanduser().is_dir()]
    given = argparse.Namespace(library=folders[-1] if folders else None,
                               library_option=args.library)  # fmt: skip
    args.library = library_argument(given)
    if len(folders) > 1:
        raise CommandError(f"more than one library given: {', '.join(map(repr, folders))}")
    args.articles = [ref for ref in args.articles if ref not in folders]
    if args.query is not None and args.articles:
        raise CommandError("give ARTICLEs or --query, not both")
    if args.query is None and not args.articles:
        if folders:
            raise CommandError("no ARTICLE given (the folder is taken as the library)")
        raise CommandError("no ARTICLE given (or --query QUERY for the articles a search finds)")


def act_on_query(
    query: str,
    library: str | None,
    what: str,
    change: Callable[[StateStore, list[str], SearchIndex], list[str]],
    holds: Callable[[StateStore, str], bool],
) -> int:
    """Apply `change` to the ids of every article `query` finds (it returns those it changed),
    then say `what` was done to how many; the exit status (1 when a change did not take)."""
    index, ids = query_ids(query, library)
    store = StateStore.open()
    try:
        matched = ids(store)
        changed = change(store, matched, index)
        held = all(holds(store, article_id) for article_id in changed)
    finally:
        store.close()
        index.close()
    print_warnings(store.warnings)
    if store.read_only:
        return 1
    report(what, changed, matched, index)
    return 0 if held else 1


def query_ids(
    query: str, library: str | None
) -> tuple[SearchIndex, Callable[[StateStore], list[str]]]:
    """The library's search index (brought up to date) and a function giving, from an open
    state store, the ids of every article `query` finds (those the rules hide left out unless
    it asks for them), newest first. Raises CommandError for a query that does not parse."""
    from tui_reader.commands.search import up_to_date_index
    from tui_reader.core.rules import configured_rules, hides, views
    from tui_reader.core.search.api import (
        QueryError,
        parse,
        reading_state,
        tag_state,
        without_hidden,
    )

    try:
        node = parse(query)
    except QueryError as error:
        raise CommandError(f"bad query: {error}") from None
    if node is None:
        raise CommandError("empty query")
    index = up_to_date_index(library, False)
    rules, _warnings = configured_rules()

    def ids(store: StateStore) -> list[str]:
        hiding = hides(rules)
        read, marked = reading_state(node, store, wanted=hiding)
        hidden = views(index, rules, read, marked, store).hidden if hiding else frozenset()
        found = index.matching_ids(
            without_hidden(node) if hidden else node, read_ids=read, bookmarked_ids=marked,
            hidden_ids=hidden, user_tags=tag_state(node, store),
        )  # fmt: skip
        return sorted(found)

    return index, ids


def report(what: str, changed: list[str], matched: list[str], index: SearchIndex) -> None:
    """Say what a change of the articles a query `matched` did: each article by title when
    there are few, then the count of those found, and of the copies of their stories changed
    with them (`[stories] mark_copies_read`)."""
    if len(changed) <= FEW:
        articles = index.articles(changed)  # newest first
        named = {article.id for article in articles}
        for title in [a.title for a in articles] + [i for i in changed if i not in named]:
            print(f"{what}: {title}")
    found = set(matched)
    of_found = sum(1 for article_id in changed if article_id in found)
    unchanged = len(found) - of_found
    already = f" ({unchanged:,} already so)" if unchanged else ""
    copies = len(changed) - of_found
    also = f", and {counted(copies, 'copy', 'copies')} of their stories" if copies else ""
    print(f"{what}: {counted(of_found, 'article')} changed of {len(found):,} found{already}{also}")


def _apply_ids(store: StateStore, action: str, ids: list[str], index: SearchIndex) -> list[str]:
    if action in ("read", "unread"):
        if load_config().mark_copies_read:
            ids = _ids_with_copies(ids, index)
        return store.set_read(ids, action == "read")
    if action == "unbookmark":
        gone = [Article(id=i, path="", title="") for i in ids if store.is_bookmarked(i)]
        return store.set_bookmarks(gone, False)
    wanted = [i for i in ids if not store.is_bookmarked(i)]
    return store.set_bookmarks(index.articles(wanted), True)


def find_article(
    ref: str, library: Library, snapshot: Snapshot, gone_ok: Callable[[str], bool]
) -> tuple[str, Article | None]:
    """The article `ref` names; an id the library does not have when `gone_ok(ref)` (an article
    whose file has gone, to unmark). Raises CommandError when there is none."""
    if article := snapshot.find(ref, library.root):
        return article.id, article
    path = Path(ref).expanduser()
    if path.is_file():  # a file outside the library: its id comes from its content
        if article := parse_file(path, path.parent).article:
            return article.id, article
    if gone_ok(ref):
        return ref, None
    raise CommandError(f"no article matches {ref!r} in {library.root} (nothing was changed)")


def _find(
    ref: str, library: Library, snapshot: Snapshot, store: StateStore, action: str
) -> tuple[str, Article | None]:
    def gone_ok(article_id: str) -> bool:
        if action == "unread":
            return store.is_read(article_id)
        return action == "unbookmark" and store.is_bookmarked(article_id)

    return find_article(ref, library, snapshot, gone_ok)


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


def _ids_with_copies(ids: list[str], index: SearchIndex) -> list[str]:
    """`ids` and, after each, the other copies of its story (each id once)."""
    stories = index.story_map()
    members: dict[str, list[str]] = {}
    for article_id, (story, _copies) in stories.items():
        members.setdefault(story, []).append(article_id)
    out: dict[str, None] = {}
    for article_id in ids:
        out[article_id] = None
        if article_id in stories:
            out.update(dict.fromkeys(members[stories[article_id][0]]))
    return list(out)


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
