"""The category model behind the sidebar and where n, p and . go, without an app."""

from __future__ import annotations

from datetime import UTC, datetime

from tui_reader.core.library.model import Article
from tui_reader.ui.model.category_tree import CategoryTree
from tui_reader.ui.model.navigation import neighbour, next_unread


def make(id: str, day: int, *paths: tuple[str, ...]) -> Article:
    date = datetime(2024, 1, day, tzinfo=UTC)
    return Article(id=id, path=f"{id}.md", title=id, categories=paths, date=date)


ARTICLES = [  # newest first, as snapshots give them
    make("a", 9, ("News", "World")),
    make("b", 8, ("News", "World"), ("News", "Tech")),  # two paths under one parent
    make("c", 7, ("News", "Tech")),
    make("d", 6, ("Blog",)),
    make("e", 5, ("News",)),
]


def test_counts_each_article_once_per_category() -> None:
    model = CategoryTree(ARTICLES, {"c"})
    news = model.find(("News",))
    assert (news.total, news.unread) == (4, 3)  # b counted once though filed twice
    assert (model.find(("News", "Tech")).total, model.find(("News", "Tech")).unread) == (2, 1)
    assert [a.id for a in model.find(("News", "World")).articles] == ["a", "b"]
    assert (model.total, model.unread) == (5, 4)


def test_set_read_and_sync_read_change_counts_once() -> None:
    model = CategoryTree(ARTICLES)
    changed = model.set_read(["b", "b"], True)
    assert {c.path for c in changed} == {("News",), ("News", "World"), ("News", "Tech")}
    assert model.find(("News",)).unread == 3
    assert model.set_read(["b"], True) == set()  # already read: nothing changes
    ids, _ = model.sync_read({"a", "d"})
    assert ids == {"a", "b", "d"}
    assert model.unread == 3 and model.find(("Blog",)).unread == 0
    assert sorted(model.unread_in(model.find(("News",)))) == ["b", "c", "e"]


def test_walk_is_the_sidebar_order() -> None:
    model = CategoryTree(ARTICLES)
    order = [(c.path, a.id) for c, a in model.walk()]
    assert order == [
        (("Blog",), "d"),
        (("News", "Tech"), "b"),
        (("News", "Tech"), "c"),
        (("News", "World"), "a"),
        (("News", "World"), "b"),
        (("News",), "e"),
    ]


def test_next_and_previous_cross_categories() -> None:
    model = CategoryTree(ARTICLES)
    tech = model.find(("News", "Tech"))
    article, category = neighbour(model, model.articles["c"], tech, 1)
    assert (article.id, category.path) == ("a", ("News", "World"))
    world = model.find(("News", "World"))
    article, category = neighbour(model, model.articles["b"], world, 1)
    assert (article.id, category.path) == ("e", ("News",))  # News's own come after its children
    article, category = neighbour(model, model.articles["b"], tech, -1)
    assert (article.id, category.path) == ("d", ("Blog",))
    assert neighbour(model, None, None, 1)[0].id == "d"
    assert neighbour(model, model.articles["d"], model.find(("Blog",)), -1) is None


def test_next_unread_skips_read_and_wraps() -> None:
    model = CategoryTree(ARTICLES, {"c", "e"})
    tech = model.find(("News", "Tech"))
    article, category = next_unread(model, model.articles["b"], tech)
    assert (article.id, category.path) == ("a", ("News", "World"))
    model.set_read(["a", "b"], True)
    article, _ = next_unread(model, model.articles["a"], model.find(("News", "World")))
    assert article.id == "d"  # wrapped around to the top
    model.set_read(["d"], True)
    assert next_unread(model, None, None) is None
