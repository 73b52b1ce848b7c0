"""Rules from config.toml: a query of the search language and what to do with its articles.

    [[rule]]
    query = 'author:cnBeta "优惠券"'
    action = "hide"            # hide | highlight | mark-read | bookmark | tag:NAME

Two kinds of action:

- Views, `hide` and `highlight`, hold while the rule does: the ids a rule's query matches in the
  search index now (`views`) are left out of counts, lists, "next unread" and search (`hide`:
  `is:hidden` and the reader's toggle show them) or marked in every list (`highlight`). They are
  computed in a worker over the search index, whenever it has been brought up to date, and kept
  until the next update; until the index has been built once, nothing is hidden.
- Acts, `mark-read`, `bookmark` and `tag:NAME`, happen once to each article that arrives after
  the rule exists, and are written to the state log like any mark (`act_on_arrivals`).
  `RuleRecord` (one small SQLite file per library in the user data folder, never synced) keeps
  what "after" and "once" need: a generation number bumped at each evaluation, the generation
  each article id was first seen at, and for each rule the generation up to which it has
  considered the arrivals (first: the one it was first seen at) and the articles it acted on.
  An article first seen after its rule is acted on once; the articles present when a rule is
  first seen are not (`tui-reader rules apply` acts on those, once).

A rule never overrides the user: it acts only on an article whose field no device's log has
ever set (`StateStore.ever_set`), and the mark it writes carries the time it acted, so a later
change by the user wins under the logs' last-writer-wins merge. Two devices with the same
config both act only on untouched articles and write the same value, so they never fight; the
one race left is a device acting on an article the user changed elsewhere before that device's
copy of the logs caught up.

A rule whose query does not parse (or whose action is unknown) is kept as broken, with the
parser's message, for the Rules view and `tui-reader rules` to show: never silently dropped.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from tui_reader.core.config import RuleEntry
from tui_reader.core.paths import data_dir

if TYPE_CHECKING:
    from tui_reader.core.library.model import Article
    from tui_reader.core.search.index import SearchIndex
    from tui_reader.core.search.query import Node
    from tui_reader.core.state.store import StateStore

VIEWS = ("hide", "highlight")
ACTS = ("mark-read", "bookmark")
TAG_PREFIX = "tag:"
ACTIONS_TEXT = "hide, highlight, mark-read, bookmark or tag:NAME"


@dataclass(frozen=True, slots=True)
class Rule:
    """One rule: its query and action as written, the parsed query, and why it is broken."""

    query: str
    action: str
    node: Node | None = None
    error: str = ""

    @property
    def key(self) -> str:
        """What identifies the rule in the record: its text (a changed rule is a new one)."""
        return f"{self.action}\n{self.query}"

    @property
    def broken(self) -> bool:
        return bool(self.error)

    @property
    def label(self) -> str:
        """The rule as shown: its action and query, whichever it has."""
        return " ".join(part for part in (self.action, self.query) if part) or "(empty rule)"

    @property
    def acting(self) -> bool:
        return not self.broken and not self.is_view

    @property
    def is_view(self) -> bool:
        return self.action in VIEWS

    @property
    def tag(self) -> str | None:
        return self.action[len(TAG_PREFIX) :] if self.action.startswith(TAG_PREFIX) else None


def load_rules(entries: Iterable[RuleEntry]) -> list[Rule]:
    """The rules of config.toml, each parsed; a broken one kept with its message."""
    from tui_reader.core.search.query import QueryError, parse, uses_state

    rules: list[Rule] = []
    for entry in entries:
        if entry.problem:
            rules.append(Rule(entry.query, entry.action, None, entry.problem))
            continue
        action = entry.action.strip()
        tag = action[len(TAG_PREFIX) :].strip() if action.startswith(TAG_PREFIX) else None
        if action not in VIEWS + ACTS and not tag:
            problem = f"unknown action {entry.action!r}: use {ACTIONS_TEXT}"
            rules.append(Rule(entry.query, entry.action, None, problem))
            continue
        if tag is not None:
            from tui_reader.core.state.store import checked_tag

            try:
                action = TAG_PREFIX + checked_tag(tag)
            except ValueError as error:
                rules.append(Rule(entry.query, entry.action, None, f"action: {error}"))
                continue
        try:
            node = parse(entry.query)
        except QueryError as error:
            rules.append(Rule(entry.query, action, None, f"query: {error}"))
            continue
        if node is None:
            rules.append(Rule(entry.query, action, None, "query: empty"))
        elif uses_state(node, "hidden"):
            problem = "query: a rule cannot use is:hidden (the rules decide what is hidden)"
            rules.append(Rule(entry.query, action, None, problem))
        else:
            rules.append(Rule(entry.query, action, node))
    return rules


def configured_rules() -> tuple[list[Rule], list[str]]:
    """The rules of the user's config.toml, and the file's warnings."""
    from tui_reader.core.config import load_config

    config = load_config()
    return load_rules(config.rules), config.warnings


# --- views -------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Views:
    """The ids hidden and highlighted by the rules, and how many each rule matches."""

    hidden: frozenset[str] = frozenset()
    highlighted: frozenset[str] = frozenset()
    matched: Mapping[str, int] = field(default_factory=dict)  # rule key -> matches


def views(
    index: SearchIndex,
    rules: Iterable[Rule],
    read_ids: Iterable[str] = (),
    bookmarked_ids: Iterable[str] = (),
    state: StateStore | None = None,
) -> Views:
    """The hidden and highlighted ids: the union of each view rule's matches in the index
    (`tag:` matching the personal tags of `state` too, when given)."""
    from tui_reader.core.search.reading import tag_state

    read, marked = frozenset(read_ids), frozenset(bookmarked_ids)
    hidden: set[str] = set()
    highlighted: set[str] = set()
    matched: dict[str, int] = {}
    for rule in rules:
        if rule.broken or not rule.is_view or rule.node is None:
            continue
        found = index.matching_ids(
            rule.node, read_ids=read, bookmarked_ids=marked, user_tags=tag_state(rule.node, state)
        )
        matched[rule.key] = len(found)
        (hidden if rule.action == "hide" else highlighted).update(found)
    return Views(frozenset(hidden), frozenset(highlighted), matched)


def hides(rules: Iterable[Rule]) -> bool:
    """Whether any usable rule hides articles."""
    return any(rule.action == "hide" and not rule.broken for rule in rules)


# --- acts --------------------------------------------------------------------------------------


@dataclass(slots=True)
class Acted:
    """What one acting rule did in one evaluation: the ids it changed, and those it matched but
    left alone because a log had already set them (the user's or another device's mark)."""

    rule: Rule
    changed: list[str] = field(default_factory=list)
    left: list[str] = field(default_factory=list)


RECORD_VERSION = 2
_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS rules (
    key TEXT PRIMARY KEY, gen INTEGER NOT NULL, seen REAL NOT NULL,
    done INTEGER NOT NULL, applied INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS articles (id TEXT PRIMARY KEY, gen INTEGER NOT NULL) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS articles_gen ON articles (gen);
CREATE TABLE IF NOT EXISTS acted (
    rule TEXT NOT NULL, id TEXT NOT NULL, at REAL NOT NULL, PRIMARY KEY (rule, id)
) WITHOUT ROWID;
"""


def record_path(root: Path) -> Path:
    """One record per library folder, named by the hash the library's index is named by."""
    from tui_reader.core.library.index import default_index_path

    key = default_index_path(root).stem.removeprefix("library-")
    return data_dir() / "rules" / f"rules-{key}.sqlite3"


class RuleRecord:
    """When each rule and each article was first seen, and what each rule has considered."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._connection: sqlite3.Connection | None = None
        self._gen = 0  # the generation of the evaluation begun last

    @classmethod
    def for_library(cls, root: Path) -> RuleRecord:
        return cls(record_path(Path(root).expanduser()))

    def _connect(self) -> sqlite3.Connection:
        """The record's connection, opened once (the file and its tables made if missing);
        write-ahead logging, so that each evaluation's commits cost no wait for the disk."""
        if self._connection is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            connection = sqlite3.connect(self.path, timeout=30, check_same_thread=False)
            connection.execute("PRAGMA journal_mode=WAL")
            connection.execute("PRAGMA synchronous=NORMAL")
            if connection.execute("PRAGMA user_version").fetchone()[0] != RECORD_VERSION:
                with connection:  # another version's tables: start again (rules act anew)
                    for table in ("meta", "rules", "articles", "considered", "acted"):
                        connection.execute(f"DROP TABLE IF EXISTS {table}")
            connection.executescript(_SCHEMA)
            connection.execute(f"PRAGMA user_version={RECORD_VERSION}")
            self._connection = connection
        return self._connection

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None

    def acted_on(self, rule: Rule, limit: int = 5) -> tuple[int, list[str]]:
        """How many articles a rule has acted on, and the ids of the last few."""
        try:
            connection = self._connect()
            total = connection.execute(
                "SELECT count(*) FROM acted WHERE rule=?", (rule.key,)
            ).fetchone()[0]
            last = connection.execute(
                "SELECT id FROM acted WHERE rule=? ORDER BY at DESC LIMIT ?", (rule.key, limit)
            ).fetchall()
        except (OSError, sqlite3.Error):
            return 0, []
        return int(total), [row[0] for row in last]

    def evaluate(
        self, rules: list[Rule], present: Iterable[str], *, everything: bool = False
    ) -> dict[str, set[str]]:
        """Start an evaluation: note new rules and newly seen ids, and return, for each acting
        rule, the ids present that arrived after the last evaluation it finished (the rule's
        first: the articles there when it was first seen are not due). With `everything`
        (`rules apply`), a rule never applied before gets every id present it has not acted
        on. `done` then notes what was considered."""
        present_ids = set(present)
        acting = [rule for rule in rules if rule.acting]
        connection = self._connect()
        with connection:
            row = connection.execute("SELECT value FROM meta WHERE key='gen'").fetchone()
            gen = self._gen = int(row[0]) + 1 if row else 1
            connection.execute("INSERT OR REPLACE INTO meta VALUES ('gen', ?)", (str(gen),))
            now = time.time()
            connection.executemany(
                "INSERT OR IGNORE INTO rules (key, gen, seen, done) VALUES (?, ?, ?, ?)",
                ((rule.key, gen, now, gen) for rule in acting),
            )
            known = {ident for (ident,) in connection.execute("SELECT id FROM articles")}
            connection.executemany(
                "INSERT INTO articles VALUES (?, ?)", ((i, gen) for i in present_ids - known)
            )
            arrived: dict[int, set[str]] = {}  # since a generation: rules share the answer
            due: dict[str, set[str]] = {}
            for rule in acting:
                since, applied = connection.execute(
                    "SELECT done, applied FROM rules WHERE key=?", (rule.key,)
                ).fetchone()
                if everything and not applied:
                    acted = connection.execute("SELECT id FROM acted WHERE rule=?", (rule.key,))
                    candidates = present_ids - {ident for (ident,) in acted}
                else:
                    if since not in arrived:
                        rows = connection.execute("SELECT id FROM articles WHERE gen > ?", (since,))
                        arrived[since] = {i for (i,) in rows} & present_ids
                    candidates = arrived[since]
                if candidates:
                    due[rule.key] = candidates
        return due

    def done(self, done: Iterable[tuple[Rule, Iterable[str]]], *, everything: bool = False) -> None:
        """Note, for each (rule, ids it acted on), that the rule has considered what was due in
        the evaluation begun last (`evaluate`): never again. One transaction for them all."""
        now = time.time()
        connection = self._connect()
        with connection:
            for rule, acted in done:
                connection.execute(
                    "UPDATE rules SET done=?, applied=applied OR ? WHERE key=?",
                    (self._gen, int(everything), rule.key),
                )
                connection.executemany(
                    "INSERT OR REPLACE INTO acted VALUES (?, ?, ?)",
                    ((rule.key, ident, now) for ident in acted),
                )


def act_on_arrivals(
    index: SearchIndex,
    rules: list[Rule],
    state: StateStore,
    articles: Mapping[str, Article],
    record: RuleRecord,
    *,
    everything: bool = False,
) -> list[Acted]:
    """Apply the acting rules once to each article of `articles` (the library as the search
    index now holds it) that arrived after the rule was first seen — to every article not
    considered before when `everything`. Returns what each rule did."""
    from tui_reader.core.search.reading import tag_state

    due = record.evaluate(rules, articles, everything=everything)
    read = frozenset(state.read_ids()) if due else frozenset()
    marked = frozenset(bookmark.id for bookmark in state.bookmarks()) if due else frozenset()
    results: list[Acted] = []
    considered: list[tuple[Rule, Iterable[str]]] = []
    try:
        for rule in rules:
            if not rule.acting or rule.node is None:
                continue
            candidates = due.get(rule.key)
            if candidates:
                tags = tag_state(rule.node, state)
                found = index.matching_ids(
                    rule.node, within=candidates, read_ids=read, bookmarked_ids=marked,
                    user_tags=tags,
                )  # fmt: skip
                acted = _act(rule, sorted(found), state, articles)
                results.append(acted)
                considered.append((rule, acted.changed))
            else:
                considered.append((rule, ()))
    finally:
        # what was done is noted even when a later rule failed (a rule that acted and is not
        # noted would leave its articles alone anyway: their fields are set)
        record.done(considered, everything=everything)
    return results


def _act(rule: Rule, found: list[str], state: StateStore, articles: Mapping[str, Article]) -> Acted:
    """Do a rule's action on the articles it found that no log has set yet."""
    from tui_reader.core.state.log import BOOKMARK, READ, tag_field

    result = Acted(rule)
    field_name = READ if rule.action == "mark-read" else BOOKMARK
    if rule.tag is not None:
        field_name = tag_field(rule.tag)
    for ident in found:
        (result.left if state.ever_set(ident, field_name) else result.changed).append(ident)
    if rule.action == "mark-read":
        state.set_read(result.changed, True, undoable=False)
    elif rule.action == "bookmark":
        state.set_bookmarks((articles[i] for i in result.changed), True, undoable=False)
    elif rule.tag is not None:
        state.set_tags(result.changed, rule.tag, True, undoable=False)
    return result
