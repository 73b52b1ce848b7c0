"""The category model keeps nothing per article beyond the article in the lists of its
categories: the id map is the snapshot's own (`by_id`) when nothing is hidden, and the
categories counting an article are kept per distinct set of category paths, not per article.
Counts and read-state changes are those of a model built without either."""

from __future__ import annotations

import tracemalloc
from datetime import UTC, datetime, timedelta

from tui_reader.core.library.model import Article
from tui_reader.ui.model.category_tree import CategoryTree

PATHS = [(("News", "World"),), (("News", "World"), ("News", "Tech")), (("Blog",),), ()]


def library(count: int) -> list[Article]:
    """`count` articles newest first, filed under a few sets of category paths."""
    start = datetime(2024, 1, 1, tzinfo=UTC)
    return [
        Article(
            f"id{n}", f"p{n}.md", f"t{n}", PATHS[n % len(PATHS)], date=start - timedelta(minutes=n)
        )  # fmt: skip
        for n in range(count)
    ]


def counts(model: CategoryTree) -> dict[tuple[str, ...], tuple[int, int, list[str]]]:
    return {
        node.path: (node.total, node.unread, [a.id for a in node.articles])
        for node, _article in model.walk()
    }


def test_the_snapshots_id_map_is_the_models_own() -> None:
    articles = library(40)
    by_id = {a.id: a for a in articles}
    model = CategoryTree(articles, {"id3"}, by_id=by_id)
    assert model.articles is by_id
    plain = CategoryTree(articles, {"id3"})
    assert counts(model) == counts(plain) and (model.total, model.unread) == (40, 39)
    assert [c.path for c in model.members("id1")] == [c.path for c in plain.members("id1")]
    assert {c.path for c in model.members("id1")} == {("News",), ("News", "World"),
                                                     ("News", "Tech")}  # fmt: skip
    changed = model.set_read(["id1", "id2"], True), plain.set_read(["id1", "id2"], True)
    assert [{c.path for c in categories} for categories in changed] == [
        {("News",), ("News", "World"), ("News", "Tech"), ("Blog",)}] * 2  # fmt: skip
    assert counts(model) == counts(plain)
    synced = model.sync_read({"id5"}), plain.sync_read({"id5"})
    assert synced[0][0] == synced[1][0] == {"id1", "id2", "id3", "id5"}
    assert counts(model) == counts(plain)


def test_a_map_that_does_not_match_or_hidden_articles_get_a_map_of_their_own() -> None:
    articles = library(12)
    by_id = {a.id: a for a in articles}
    hidden = CategoryTree(articles, hidden=frozenset({"id4"}), by_id=by_id)
    assert hidden.articles is not by_id and "id4" not in hidden.articles
    assert hidden.total == 11 and "id4" in by_id
    repeated = [*articles, articles[0]]  # a partial scan may list an id twice
    model = CategoryTree(repeated, by_id={a.id: a for a in repeated})
    assert model.total == 12 and list(model.articles) == [a.id for a in articles]


def test_the_model_keeps_nothing_per_article_but_its_place_in_the_lists() -> None:
    articles = library(20_000)
    by_id = {a.id: a for a in articles}
    tracemalloc.start()
    try:
        model = CategoryTree(articles, by_id=by_id)
        size, _peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert model.total == 20_000
    # a reference in a category's list is 8 bytes (12.5 with the lists' spare room): the
    # model made a table per article (an id map, the categories of each) at 80 bytes or more
    assert size / len(articles) < 24
