"""The category tree counts stories once the stories are known: a category's unread count is
the number of stories with an unread article in it or below, its total the number of stories;
each source still lists (and counts) its own copies."""

from __future__ import annotations

import random
from datetime import UTC, datetime

from tui_reader.core.library.model import Article
from tui_reader.ui.model.category_tree import Category, CategoryTree

SOURCES = ("cnBeta", "IT之家", "快科技")


def make(id: str, day: int, *paths: tuple[str, ...]) -> Article:
    date = datetime(2024, 1, day, tzinfo=UTC)
    return Article(id=id, path=f"{id}.md", title=id, categories=paths, date=date)


def library() -> tuple[list[Article], dict[str, str]]:
    """Two stories, each from three sources under 新媒体, and three articles without copies
    (one of them filed under two sources)."""
    articles, story_of = [], {}
    for story in ("s1", "s2"):
        for source in SOURCES:
            article_id = f"{story}-{source}"
            articles.append(make(article_id, 9, ("新媒体", source)))
            story_of[article_id] = f"{story}-cnBeta"
    articles += [
        make("alone-1", 8, ("新媒体", "cnBeta")),
        make("alone-2", 7, ("新媒体", "IT之家"), ("新媒体", "快科技")),
        make("elsewhere", 6, ("Blog",)),
    ]
    return articles, story_of


def counts(node: Category | None) -> tuple[int, int]:
    assert node is not None
    return node.unread_stories, node.stories


def test_a_parent_counts_stories_and_each_source_its_own() -> None:
    articles, story_of = library()
    model = CategoryTree(articles)
    parent = model.find(("新媒体",))
    assert counts(parent) == (8, 8)  # articles, until the stories are known
    changed = model.use_stories(story_of)
    assert parent in changed and model.find(("Blog",)) not in changed
    assert counts(parent) == (4, 4)  # 2 stories + 2 alone
    assert counts(model.find(("新媒体", "cnBeta"))) == (3, 3)
    assert counts(model.find(("新媒体", "快科技"))) == (3, 3)
    assert [a.id for a in model.find(("新媒体", "IT之家")).articles][:2] == [
        "s1-IT之家",
        "s2-IT之家",
    ]  # every copy still listed


def test_a_story_stays_unread_while_a_copy_below_is() -> None:
    articles, story_of = library()
    model = CategoryTree(articles, {"alone-1"})
    model.use_stories(story_of)
    parent, cnbeta = model.find(("新媒体",)), model.find(("新媒体", "cnBeta"))
    assert counts(parent) == (3, 4) and counts(cnbeta) == (2, 3)
    model.set_read(["s1-cnBeta"], True)  # one copy only: mark_copies_read off
    assert counts(cnbeta) == (1, 3) and counts(parent) == (3, 4)
    model.set_read(["s1-IT之家"], True)
    assert counts(parent) == (3, 4)
    model.set_read(["s1-快科技"], True)  # the story's last unread copy
    assert counts(parent) == (2, 4) and counts(model.find(("新媒体", "快科技"))) == (2, 3)
    model.set_read(["s1-IT之家"], False)
    assert counts(parent) == (3, 4) and counts(model.find(("新媒体", "IT之家"))) == (3, 3)
    model.set_read(["s2-cnBeta", "s2-IT之家", "s2-快科技"], True)  # mark_copies_read on
    assert counts(parent) == (2, 4) and counts(cnbeta) == (0, 3)


def test_read_state_synced_from_elsewhere_counts_stories() -> None:
    articles, story_of = library()
    model = CategoryTree(articles)
    model.use_stories(story_of)
    model.sync_read({"s1-cnBeta", "s1-IT之家", "s1-快科技", "s2-cnBeta"})
    assert counts(model.find(("新媒体",))) == (3, 4)
    model.sync_read(set())
    assert counts(model.find(("新媒体",))) == (4, 4)


def test_steps_agree_with_counting_afresh() -> None:
    """Any sequence of marks leaves the same counts as a tree built with the end state."""
    articles, story_of = library()
    ids = [a.id for a in articles]
    rng = random.Random(14)
    model = CategoryTree(articles)
    model.use_stories(story_of)
    for _ in range(300):
        model.set_read(rng.sample(ids, rng.randint(1, 3)), rng.random() < 0.5)
        fresh = CategoryTree(articles, model.read)
        fresh.use_stories(story_of)
        for path in (("新媒体",), ("新媒体", "cnBeta"), ("新媒体", "快科技"), ("Blog",)):
            assert counts(model.find(path)) == counts(fresh.find(path))
            unread_stories = {
                story_of.get(a.id, a.id)
                for _, a in fresh._walk(fresh.find(path))  # noqa: SLF001
                if a.id not in fresh.read
            }
            assert model.find(path).unread_stories == len(unread_stories)


def test_new_stories_replace_the_old() -> None:
    """A copy arriving or leaving gives a new story map: counts follow it, not the old one."""
    articles, story_of = library()
    model = CategoryTree(articles)
    model.use_stories(story_of)
    del story_of["s2-快科技"], story_of["s2-IT之家"], story_of["s2-cnBeta"]
    story_of["alone-1"] = story_of["alone-2"] = "alone-2"
    model.use_stories(story_of)
    assert counts(model.find(("新媒体",))) == (5, 5)  # s1, s2 × 3, alone-1+2
    assert counts(model.find(("新媒体", "cnBeta"))) == (3, 3)
