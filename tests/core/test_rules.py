"""core/rules.py: rules from config.toml, the hidden and highlighted sets, and the acting rules
applied once to the articles that arrive after them, never over a mark a log already holds."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from search_support import Fixture, write_library
from search_support import queries as search_queries
from ui_support import article, write

from tui_reader.core.config import RuleEntry, load_config
from tui_reader.core.library.library import Library, Snapshot
from tui_reader.core.rules import (
    RuleRecord,
    act_on_arrivals,
    load_rules,
    views,
)
from tui_reader.core.search.index import SearchIndex
from tui_reader.core.state.store import StateStore


def post(root: Path, name: str, title: str, author: str = "Tester", day: int = 1) -> None:
    text = article(title, f"2024-03-{day:02d} 09:00:00 +0000", " - News", f"<p>{title}</p>")
    write(root / f"{name}.md", text.replace("author: Tester", f"author: {author}"))


class Setup:
    """A library, its search index and a state store, rescanned and re-indexed on `scan`."""

    def __init__(self, root: Path, state_dir: Path) -> None:
        self.root = root
        self.library = Library(root)
        self.index = SearchIndex.for_library(root)
        self.state = StateStore.open(state_dir)
        self.record = RuleRecord.for_library(root)
        self.snapshot: Snapshot | None = None

    def scan(self) -> Snapshot:
        self.snapshot = self.library.scan()
        self.index.sync(self.root, self.snapshot.articles)
        return self.snapshot

    def act(self, *rules: tuple[str, str], everything: bool = False) -> dict[str, list[str]]:
        """Rescan, apply the rules; the titles each rule changed, by action."""
        snapshot = self.scan()
        parsed = load_rules(RuleEntry(query, action) for query, action in rules)
        done = act_on_arrivals(
            self.index, parsed, self.state, snapshot.by_id, self.record, everything=everything
        )
        by_id = snapshot.by_id
        return {a.rule.action: sorted(by_id[i].title for i in a.changed) for a in done}

    def id_of(self, title: str) -> str:
        assert self.snapshot is not None
        return next(a.id for a in self.snapshot.articles if a.title == title)


@pytest.fixture
def setup(tmp_path: Path) -> Setup:
    root = tmp_path / "library"
    post(root, "old-deal", "Old deal", "cnBeta")
    post(root, "old-note", "Old note")
    return Setup(root, tmp_path / "state")


def test_rules_are_read_from_config_and_a_broken_one_is_kept_with_the_reason(
    tmp_path: Path,
) -> None:
    config = tmp_path / "config.toml"
    config.write_text(
        '[[rule]]\nquery = \'author:cnBeta "优惠券"\'\naction = "hide"\n'
        '[[rule]]\nquery = \'"unclosed\'\naction = "highlight"\n'
        "[[rule]]\nquery = 'x'\naction = \"explode\"\n"
        '[[rule]]\naction = "hide"\n'
        "[[rule]]\nquery = 'is:hidden'\naction = \"mark-read\"\n"
        "[[rule]]\nquery = 'title:x'\naction = \"tag: keep \"\n"
        "[[rule]]\nquery = 'x'\naction = \"tag:a,b\"\n"
        "[[rule]]\nquery = 'x'\naction = \"tag:To Read\"\n",
        encoding="utf-8",
    )
    rules = load_rules(load_config(config).rules)
    assert [(r.action, r.broken) for r in rules] == [
        ("hide", False),
        ("highlight", True),
        ("explode", True),
        ("hide", True),
        ("mark-read", True),
        ("tag:keep", True),
        ("tag:a,b", True),
        ("tag:to-read", False),
    ]
    assert rules[1].error == 'query: missing closing quote "'
    assert "unknown action 'explode'" in rules[2].error
    assert "query must be a non-empty string" in rules[3].error
    assert "is:hidden" in rules[4].error
    assert "title: is not a filter" in rules[5].error
    assert "cannot be a tag" in rules[6].error
    assert rules[0].acting is False and rules[0].node is not None


def test_views_are_the_union_of_each_rules_matches(setup: Setup) -> None:
    post(setup.root, "chip", "Chip news")
    setup.scan()
    rules = load_rules(
        [
            RuleEntry("author:cnBeta", "hide"),
            RuleEntry("note", "hide"),
            RuleEntry("chip", "highlight"),
            RuleEntry('"broken', "hide"),
        ]
    )
    found = views(setup.index, rules)
    assert found.hidden == {setup.id_of("Old deal"), setup.id_of("Old note")}
    assert found.highlighted == {setup.id_of("Chip news")}
    # a hidden article leaves every search but is:hidden's
    result = setup.index.search("news OR deal OR note", limit=None, hidden_ids=found.hidden)
    assert [hit.article.title for hit in result.hits] == ["Chip news"]
    assert result.total == 1
    assert setup.index.count_matches("news OR note", hidden_ids=found.hidden) == 1
    hidden = setup.index.search("is:hidden", limit=None, hidden_ids=found.hidden)
    assert sorted(hit.article.title for hit in hidden.hits) == ["Old deal", "Old note"]
    assert setup.index.count_matches("-is:hidden", hidden_ids=found.hidden) == 1


@pytest.mark.parametrize(
    ("action", "check"),
    [
        ("mark-read", lambda state, ident: state.is_read(ident)),
        ("bookmark", lambda state, ident: state.is_bookmarked(ident)),
        ("tag:deals", lambda state, ident: "deals" in state.tags_of(ident)),
    ],
)
def test_an_acting_rule_acts_once_on_articles_that_arrive_after_it(
    setup: Setup, action: str, check
) -> None:  # type: ignore[no-untyped-def]
    rule = ("author:cnBeta", action)
    assert setup.act(rule) == {}  # the articles there when the rule is first seen: left alone
    assert not check(setup.state, setup.id_of("Old deal"))
    post(setup.root, "new-deal", "New deal", "cnBeta", day=5)
    post(setup.root, "new-note", "New note", day=5)
    assert setup.act(rule) == {action: ["New deal"]}
    assert check(setup.state, setup.id_of("New deal"))
    assert not check(setup.state, setup.id_of("New note"))
    assert not check(setup.state, setup.id_of("Old deal"))
    assert setup.act(rule) == {}  # once


def test_the_user_undoing_a_rules_mark_is_never_undone(setup: Setup) -> None:
    rule = ("author:cnBeta", "mark-read")
    setup.act(rule)
    post(setup.root, "new-deal", "New deal", "cnBeta", day=5)
    setup.act(rule)
    ident = setup.id_of("New deal")
    assert setup.state.is_read(ident)
    assert setup.state.undo() is None  # the rule's mark is not the user's to undo with `u`
    setup.state.set_read([ident], False)  # the user marks it unread again
    setup.act(rule)
    setup.act(rule, everything=True)
    assert not setup.state.is_read(ident)
    # a restart (a new store and record over the same files) does not apply it again
    state_dir = setup.state.state_dir
    setup.state.close()
    setup.state = StateStore.open(state_dir)
    setup.record = RuleRecord.for_library(setup.root)
    setup.act(rule)
    assert not setup.state.is_read(ident)


def test_an_article_the_user_already_marked_is_left_alone(setup: Setup) -> None:
    rule = ("deal", "mark-read")
    setup.act(rule)
    post(setup.root, "new-deal", "New deal", day=5)
    setup.scan()
    ident = setup.id_of("New deal")
    setup.state.set_read([ident], True)
    setup.state.set_read([ident], False)  # set, then unset: the user has decided
    assert setup.act(rule) == {"mark-read": []}
    assert not setup.state.is_read(ident)


@pytest.mark.parametrize(
    ("action", "undo", "check"),
    [
        ("mark-read", lambda s, i: s.set_read([i], False), lambda s, i: s.is_read(i)),
        ("tag:deals", lambda s, i: s.set_tags([i], "deals", False), lambda s, i: s.tags_of(i)),
        ("bookmark", None, None),
    ],
)
def test_rules_apply_acts_on_the_articles_already_there_once(
    setup: Setup, action: str, undo, check
) -> None:  # type: ignore[no-untyped-def]
    rule = ("author:cnBeta", action)
    setup.act(rule)
    assert setup.act(rule, everything=True) == {action: ["Old deal"]}
    ident = setup.id_of("Old deal")
    if check is None:
        assert setup.state.is_bookmarked(ident)
        setup.state.set_bookmarks([setup.snapshot.by_id[ident]], False)  # type: ignore[union-attr]
    else:
        assert check(setup.state, ident)
        undo(setup.state, ident)
    assert setup.act(rule, everything=True) == {}
    assert not setup.state.is_read(ident)
    assert not setup.state.tags_of(ident) and not setup.state.is_bookmarked(ident)


def test_a_changed_rule_is_a_new_rule(setup: Setup) -> None:
    setup.act(("author:cnBeta", "mark-read"))
    post(setup.root, "new-deal", "New deal", "cnBeta", day=5)
    # the rule was edited before the reader saw the new article: the new text starts now
    assert setup.act(("author:cnbeta deal", "mark-read")) == {}


def test_two_devices_with_the_same_rules_do_not_fight(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Device A acts, the user marks the article unread on A; device B, whose copy of the
    library gets the article later, sees A's log and leaves the article alone."""
    shared = tmp_path / "shared-state"
    root = tmp_path / "library"
    post(root, "old", "Old deal", "cnBeta")
    rule = ("author:cnBeta", "mark-read")

    def machine(name: str) -> None:
        for var in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
            folder = tmp_path / name / var.lower()
            folder.mkdir(parents=True, exist_ok=True)
            monkeypatch.setenv(var, str(folder))

    machine("a")
    a = Setup(root, shared)
    a.act(rule)
    machine("b")
    b = Setup(root, shared)
    b.act(rule)
    machine("a")
    post(root, "new", "New deal", "cnBeta", day=5)
    assert a.act(rule) == {"mark-read": ["New deal"]}
    ident = a.id_of("New deal")
    a.state.set_read([ident], False)
    machine("b")
    b.state.refresh()
    assert b.act(rule) == {"mark-read": []}
    assert not b.state.is_read(ident)
    b.state.close()
    a.state.close()
    assert not StateStore.open(shared).is_read(ident)


def test_hidden_set_follows_the_library(setup: Setup) -> None:
    rules = load_rules([RuleEntry("author:cnBeta", "hide")])
    setup.scan()
    assert views(setup.index, rules).hidden == {setup.id_of("Old deal")}
    shutil.rmtree(setup.root)
    post(setup.root, "other", "Other", "cnBeta")
    setup.scan()
    assert views(setup.index, rules).hidden == {setup.id_of("Other")}


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """The search tests' synthetic library, 150 articles, then 40 more (new keys on top)."""
    folder = tmp_path_factory.mktemp("rules-synthetic")
    write_library(folder, 150, seed=7)
    fixture = Fixture(folder, folder.parent / "search.sqlite3")
    extra = folder.parent / "extra"
    extra.mkdir()
    write_library(extra, 190, seed=8)
    for path in sorted(extra.glob("*.md"))[150:]:
        path.rename(folder / f"new-{path.name}")
    fixture.refresh()
    return fixture


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(query=search_queries, pick=st.randoms(use_true_random=False))
def test_a_rule_over_a_batch_finds_what_the_whole_search_finds_in_it(
    synthetic, query: str, pick
) -> None:  # type: ignore[no-untyped-def]
    """`matching_ids(within=…)` (the acting rules' path, over key ranges) agrees with the full
    search, for the new articles on top and for a batch spread over every key."""
    from tui_reader.core.search.query import parse

    node = parse(query)
    assert node is not None
    index, read, marked = synthetic.index, synthetic.read, synthetic.marked
    every = index.matching_ids(node, read_ids=read, bookmarked_ids=marked)
    ids = sorted(p.article.id for p in synthetic.plain)
    new = {p.article.id for p in synthetic.plain if p.article.path.startswith("new-")}
    for batch in (new, set(pick.sample(ids, 30))):
        found = index.matching_ids(node, within=batch, read_ids=read, bookmarked_ids=marked)
        assert found == every & batch, query


def test_a_rule_on_a_personal_tag_sees_the_users_tags(setup: Setup) -> None:
    """`tag:NAME` in a rule's query matches the personal tags too (hide what the user tagged
    `noise`; a rule that tags arrivals feeds another that hides by that tag)."""
    setup.scan()
    note = setup.id_of("Old note")
    setup.state.set_tags([note], "noise", True)
    rules = load_rules([RuleEntry("tag:noise", "hide")])
    assert views(setup.index, rules, state=setup.state).hidden == {note}
    assert views(setup.index, rules).hidden == set()  # without the state: front matter only


def test_the_readme_examples_are_rules_the_reader_accepts() -> None:
    import tomllib

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    block = readme.split("### Rules", 1)[1].split("```toml", 1)[1].split("```", 1)[0]
    entries = [RuleEntry(r["query"], r["action"]) for r in tomllib.loads(block)["rule"]]
    rules = load_rules(entries)
    assert len(rules) >= 4 and not [r.error for r in rules if r.broken]
    assert {r.action.split(":")[0] for r in rules} >= {"hide", "highlight", "mark-read", "tag"}
