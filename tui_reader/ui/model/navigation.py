"""Where `n`, `p` and `.` go: the next article in reading order, plain Python over the model.

Reading order is the sidebar's order: categories depth first (sub-categories before a
category's own articles), articles newest first. `n` at the end of a category carries on into the
next category that has articles, so `space` can read through the whole library.

The open article may have left the model (its file was deleted, or its category emptied): `n`
and `p` then go on from the place it had, which its date, title and path and its category's
path still tell, not from the start or the end of the library.

An article opened from a saved search is read through that search's list instead (`ReadingList`):
the list as it was when the article was chosen, as newsboat keeps an article list while you read
through it, so an `is:unread` search does not lose its place as each article is marked read.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass

from tui_reader.core.library.api import Article
from tui_reader.ui.model.category_tree import Category, CategoryTree

Place = tuple[Article, Category]


def categories_in_order(model: CategoryTree) -> list[Category]:
    """Categories in the order their own articles appear in the sidebar: sub-categories first."""
    order: list[Category] = []

    def visit(node: Category) -> None:
        for child in node.subcategories():
            visit(child)
        order.append(node)

    for top in model.root.subcategories():
        visit(top)
    return order


def _article_key(article: Article) -> tuple[float, str, str]:
    """An article's place among its category's articles (newest first, as the index sorts)."""
    return (-article.timestamp, article.title, article.path)


def _category_key(path: tuple[str, ...]) -> tuple[tuple[int, str, str], ...]:
    """A category's place in `categories_in_order`: names as the sidebar sorts them, and after
    them a mark that sorts after every name, so that a category comes after its
    sub-categories (and a category that is gone still has its place)."""
    return (*((0, name.casefold(), name) for name in path), (1, "", ""))


def _position(articles: list[Article], current: Article, step: int) -> int | None:
    """The index `step` away from `current` in `articles`, where it is or would be."""
    ids = [a.id for a in articles]
    if current.id in ids:
        return ids.index(current.id) + step
    keys = [_article_key(a) for a in articles]
    place = bisect_left(keys, _article_key(current))  # the first article after it
    return place if step > 0 else place - 1


def _shown(model: CategoryTree, category: Category, unread_only: bool, keep: str) -> list[Article]:
    if not unread_only:
        return category.articles
    return [a for a in category.articles if a.id == keep or not model.is_read(a.id)]


def neighbour(
    model: CategoryTree, current: Article | None, category: Category | None, step: int,
    unread_only: bool = False,
) -> Place | None:  # fmt: skip
    """The article `step` (+1 or -1) away from `current` in `category`, continuing into the
    next or previous category; the first article of all when nothing is open."""
    order = categories_in_order(model)
    keep = current.id if current else ""
    if current is None or category is None:
        for node in order if step > 0 else reversed(order):
            if articles := _shown(model, node, unread_only, keep):
                return (articles[0] if step > 0 else articles[-1]), node
        return None
    in_model = model.find(category.path)
    if in_model is not None:
        articles = _shown(model, in_model, unread_only, keep)
        index = _position(articles, current, step)
        if index is not None and 0 <= index < len(articles):
            return articles[index], in_model
    keys = [_category_key(c.path) for c in order]
    position = bisect_left(keys, _category_key(category.path))  # where it is or would be
    found = position < len(order) and order[position].path == category.path
    others = order[position + found :] if step > 0 else reversed(order[:position])
    for other in others:
        if articles := _shown(model, other, unread_only, keep):
            return (articles[0] if step > 0 else articles[-1]), other
    return None


def next_unread(
    model: CategoryTree,
    current: Article | None,
    category: Category | None,
    is_read: Callable[[str], bool] | None = None,
) -> Place | None:
    """The first unread article after `current` in reading order, wrapping around; `is_read`
    (else the model's marks) says which are read (a story with a copy read, say)."""
    is_read = is_read or model.is_read
    places = list(model.walk())
    start = 0
    if current is not None:
        path = category.path if category is not None else None
        for index, (node, article) in enumerate(places):
            if article.id == current.id and (path is None or node.path == path):
                start = index + 1
                break
    for node, article in places[start:] + places[:start]:
        if not is_read(article.id) and (current is None or article.id != current.id):
            return article, node
    return None


@dataclass(frozen=True, slots=True)
class ReadingList:
    """The articles of a saved search as listed when one of them was opened: `n`, `p` and `.`
    step through them (those whose files have gone are skipped)."""

    query: str
    ids: tuple[str, ...]

    def _present(self, model: CategoryTree, current_id: str) -> list[str]:
        return [i for i in self.ids if i == current_id or i in model.articles]

    def neighbour(self, model: CategoryTree, current_id: str, step: int) -> Article | None:
        """The article `step` (+1 or -1) away from `current_id` in the list; None at its ends."""
        ids = self._present(model, current_id)
        if current_id not in ids:
            return None
        index = ids.index(current_id) + step
        return model.articles.get(ids[index]) if 0 <= index < len(ids) else None

    def next_unread(
        self, model: CategoryTree, current_id: str, is_read: Callable[[str], bool] | None = None
    ) -> Article | None:
        """The first unread article after `current_id` in the list, wrapping around (`is_read`
        as for `next_unread`)."""
        is_read = is_read or model.is_read
        ids = self._present(model, current_id)
        start = ids.index(current_id) + 1 if current_id in ids else 0
        for article_id in ids[start:] + ids[:start]:
            if article_id != current_id and not is_read(article_id):
                return model.articles.get(article_id)
        return None
