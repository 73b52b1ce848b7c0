"""`tui-reader rules [LIBRARY] [--json]`: each rule of config.toml and what it matches now;
`tui-reader rules apply [LIBRARY]`: the acting rules applied, once, to the articles already there.

A broken rule is listed with the parser's message (and makes the exit status 1), never skipped.
The search index is brought up to date first, as `tui-reader search` does.
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
from typing import TYPE_CHECKING, Any

from tui_reader.commands.common import (
    CommandError,
    add_library_argument,
    open_library,
    print_warnings,
    run_guarded,
    synced_index,
)
from tui_reader.core.config import load_config
from tui_reader.core.rules import (
    Rule,
    RuleRecord,
    act_on_arrivals,
    configured_rules,
    hides,
    load_rules,
)
from tui_reader.core.sanitize import json_text, visible_name
from tui_reader.core.wording import counted

if TYPE_CHECKING:
    from tui_reader.core.search.api import SearchIndex
    from tui_reader.core.state.api import StateStore

LAST = 3  # the last few articles shown for each rule


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "rules",
        help="the rules of config.toml and what they match; `rules apply` applies them",
        description="Print each [[rule]] of config.toml with how many articles it matches now "
        "and the newest few; a rule that cannot be used is printed with the reason (exit "
        "status 1). `tui-reader rules apply [LIBRARY]` applies the acting rules (mark-read, "
        "bookmark, tag:NAME) once to the articles already in the library, leaving alone any "
        "article whose state was already set, and prints what changed.",
    )
    parser.add_argument("--apply", action="store_true", help=argparse.SUPPRESS)
    add_library_argument(parser)
    parser.add_argument("--json", action="store_true", help="one JSON object per rule")


def prepare_args(args: list[str]) -> list[str]:
    """`rules apply …` is `rules --apply …`."""
    if args and args[0] == "apply":
        return ["--apply", *args[1:]]
    return args


def run(args: argparse.Namespace) -> int:
    return run_guarded(_run, args)


def _run(args: argparse.Namespace) -> int:
    config = load_config()
    print_warnings(config.warnings)
    rules = load_rules(config.rules)
    if not rules:
        print("no rules: add [[rule]] tables (query, action) to config.toml", file=sys.stderr)
        return 0
    library, snapshot = open_library(args.library, config=config)
    from tui_reader.core.search.api import reading_state
    from tui_reader.core.state.api import StateStore

    index = synced_index(library, snapshot)
    store = StateStore.open()
    try:
        if args.apply:
            record = RuleRecord.for_library(library.root)
            try:
                done = act_on_arrivals(index, rules, store, snapshot.by_id, record, everything=True)
            except (OSError, sqlite3.Error) as error:
                raise CommandError(f"the rules' record cannot be used: {error}") from None
            finally:
                record.close()
            for acted in done:
                _say_acted(acted.rule, acted.changed, acted.left, snapshot.by_id)
            if not any(acted.changed for acted in done):
                print("rules apply: nothing to change")
            for rule in rules:  # the status 1 says there are some: say which, and why
                if rule.broken:
                    line = f"{rule.label}: broken, {rule.error}; not applied"
                    print(visible_name(line), file=sys.stderr)
        else:
            read, marked = reading_state(None, store, wanted=True)
            record = RuleRecord.for_library(library.root)
            for rule in rules:
                _show(rule, index, store, read, marked, args.json, record)
            record.close()
    finally:
        store.close()
        print_warnings(store.warnings)
    return 1 if any(rule.broken for rule in rules) else 0


def _say_acted(rule: Rule, changed: list[str], left: list[str], articles: Any) -> None:
    verb = {"mark-read": "marked read", "bookmark": "bookmarked"}.get(
        rule.action, f"tagged {rule.tag}"
    )
    line = f"{rule.label}: {verb} {counted(len(changed), 'article')}"
    if left:
        line += f" ({len(left)} left as already set)"
    print(visible_name(line))
    for ident in changed:
        article = articles.get(ident)
        print(f"  {visible_name(article.title if article else ident)}")


def _show(
    rule: Rule,
    index: SearchIndex,
    store: StateStore,
    read: frozenset[str],
    marked: frozenset[str],
    as_json: bool,
    record: RuleRecord,
) -> None:
    record_json: dict[str, Any] = {
        "query": rule.query,
        "action": rule.action,
        "broken": rule.broken,
        "error": rule.error or None,
    }
    if rule.broken or rule.node is None:
        if as_json:
            sys.stdout.write(json_text(record_json) + "\n")
        else:
            print(visible_name(f"{rule.label}: broken, {rule.error}"))
        return
    from tui_reader.core.search.api import tag_state

    result = index.search(
        rule.node, limit=LAST, read_ids=read, bookmarked_ids=marked,
        user_tags=tag_state(rule.node, store),
    )  # fmt: skip
    acted, _last = record.acted_on(rule) if rule.acting else (0, [])
    record_json.update(
        matches=result.total,
        last=[
            {"id": hit.article.id, "title": hit.article.title, "path": hit.article.path}
            for hit in result.hits
        ],
    )
    if rule.acting:
        record_json["acted"] = acted
    if as_json:
        sys.stdout.write(json_text(record_json) + "\n")
        return
    line = f"{rule.label}: matches {counted(result.total, 'article')}"
    if rule.acting:
        line += f", acted on {acted}"
    print(visible_name(line))
    for hit in result.hits:
        print(f"  {visible_name(hit.article.title)}")


def hidden_ids(index: SearchIndex, state: StateStore | None) -> frozenset[str]:
    """The ids the hide rules of config.toml hide now (for `list --json` and `search`)."""
    from tui_reader.core.rules import views

    rules, _warnings = configured_rules()
    if not hides(rules):
        return frozenset()
    read = state.read_ids() if state is not None else set()
    marked = {bookmark.id for bookmark in state.bookmarks()} if state is not None else set()
    return views(index, rules, read, marked, state).hidden
