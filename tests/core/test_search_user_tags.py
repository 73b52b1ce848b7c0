"""`tag:NAME` finds the articles with the tag in their front matter and those the user tagged
(personal tags, from the reading state), in any case or script, excluded with `-`, in ORs, with
text or without; the first page, the count and `tui-reader search` agree."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from ui_support import write

from tui_reader.cli import main
from tui_reader.core.library.library import Library
from tui_reader.core.search.index import SearchIndex
from tui_reader.core.search.reading import tag_state
from tui_reader.core.state.store import StateStore

# name: (front-matter tags, personal tags)
ARTICLES = {
    "own-chip": (["芯片"], []),
    "own-tech": (["Tech"], []),
    "mine-later": ([], ["later"]),
    "mine-both": ([], ["later", "芯片"]),
    "mine-to-read": ([], ["to read"]),
    "own-and-mine": (["Tech"], ["later"]),
    "plain": ([], []),
}
ALL = set(ARTICLES)


@pytest.fixture
def library(tmp_path: Path) -> tuple[SearchIndex, StateStore, dict[str, str], Path]:
    folder = tmp_path / "library"
    for number, (name, (tags, _)) in enumerate(ARTICLES.items()):
        listed = "".join(f"\n - {tag}" for tag in tags)
        head = f"---\ntitle: '{name}'\ndate: 2024-01-{number + 1:02d} 09:00:00 +0000\n"
        text = f"{head}categories:\n - News\ntags:{listed or ' []'}\n---\n<p>北约 {name}</p>\n"
        write(folder / f"{name}.md", text)
    snapshot = Library(folder).scan(workers=1)
    index = SearchIndex.for_library(folder)
    index.sync(folder, snapshot.articles, workers=1)
    ids = {a.title: a.id for a in snapshot.articles}
    assert set(ids) == ALL
    store = StateStore.open()
    for name, (_, mine) in ARTICLES.items():
        for tag in mine:
            store.set_tags([ids[name]], tag, True)
    return index, store, ids, folder


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("tag:later", {"mine-later", "mine-both", "own-and-mine"}),
        ("tag:LATER", {"mine-later", "mine-both", "own-and-mine"}),
        ("tag:芯片", {"own-chip", "mine-both"}),
        ("tag:晶片", set()),
        ("tag:tech", {"own-tech", "own-and-mine"}),
        ('tag:"to read"', {"mine-to-read"}),
        ("tag:to-read", {"mine-to-read"}),
        ("tag:#later", {"mine-later", "mine-both", "own-and-mine"}),  # as lists show it
        ("tag:#later OR tag:#芯片", {"mine-later", "mine-both", "own-and-mine"}),  # personal
        ("-tag:#later", ALL - {"mine-later", "mine-both", "own-and-mine"}),
        ("-tag:later", ALL - {"mine-later", "mine-both", "own-and-mine"}),
        ("tag:later OR tag:tech", {"mine-later", "mine-both", "own-and-mine", "own-tech"}),
        ("tag:later OR tag:芯片", {"mine-later", "mine-both", "own-and-mine", "own-chip"}),
        ("tag:later tag:tech", {"own-and-mine"}),
        ("北约 tag:later", {"mine-later", "mine-both", "own-and-mine"}),
        ("北约 -tag:later", ALL - {"mine-later", "mine-both", "own-and-mine"}),
        ("both tag:later", {"mine-both"}),
        ("own tag:later", {"own-and-mine"}),
        ("(tag:later OR plain) -tag:芯片", {"mine-later", "own-and-mine", "plain"}),
    ],
)
def test_tag_finds_front_matter_and_personal_tags(
    library: tuple[SearchIndex, StateStore, dict[str, str], Path], query: str, expected: set[str]
) -> None:
    index, store, ids, _ = library
    names = {v: k for k, v in ids.items()}
    tags = tag_state(query, store)
    found = index.search(query, limit=None, user_tags=tags)
    assert {names[hit.article.id] for hit in found.hits} == expected
    assert index.count_matches(query, user_tags=tags) == len(expected)
    first = index.search(query, limit=1, user_tags=tags)  # a full page: counted apart
    assert first.total == len(expected)


def test_tag_state_loads_only_the_tags_a_query_names(
    library: tuple[SearchIndex, StateStore, dict[str, str], Path],
) -> None:
    _, store, ids, _ = library
    assert tag_state("北约 is:unread", store) == {}
    assert tag_state('"tag:later"', store) == {}  # a phrase, not a filter
    assert tag_state("tag:Later -tag:nothing", store) == {
        "later": {ids["mine-later"], ids["mine-both"], ids["own-and-mine"]}
    }
    opened: list[int] = []

    def opening() -> StateStore:
        opened.append(1)
        return store

    assert tag_state("plain words", opening) == {} and opened == []
    assert tag_state("tag:芯片", opening) == {"芯片": {ids["mine-both"]}} and opened == [1]


def test_tagging_changes_what_a_search_finds(
    library: tuple[SearchIndex, StateStore, dict[str, str], Path],
) -> None:
    index, store, ids, _ = library
    store.set_tags([ids["plain"]], "later", True)
    store.set_tags([ids["mine-later"]], "later", False)
    found = index.search("tag:later", limit=None, user_tags=tag_state("tag:later", store))
    assert {hit.article.title for hit in found.hits} == {"plain", "mine-both", "own-and-mine"}


def test_search_command_finds_personal_tags_and_prints_them(
    library: tuple[SearchIndex, StateStore, dict[str, str], Path],
    capsys: pytest.CaptureFixture[str],
) -> None:
    index, store, ids, folder = library
    index.close()
    store.close()
    assert main(["search", "tag:later", str(folder), "--count"]) == 0
    assert capsys.readouterr().out == "3\n"
    assert main(["search", "tag:later", str(folder), "--json"]) == 0
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert {r["title"]: r["user_tags"] for r in records} == {
        "mine-later": ["later"], "mine-both": ["later", "芯片"], "own-and-mine": ["later"]
    }  # fmt: skip
    assert main(["list", str(folder), "--json"]) == 0
    listed = {
        r["title"]: r["user_tags"]
        for r in map(json.loads, capsys.readouterr().out.split("\n")[:-1])
    }
    assert listed == {name: sorted(tag.replace(" ", "-") for tag in mine)
                      for name, (_, mine) in ARTICLES.items()}  # fmt: skip
