"""The category hierarchy of a snapshot, with unread counts, as plain Python.

The sidebar shows this model lazily; building it touches every article once, so for big
libraries it is built in a thread worker and handed to the UI whole. It imports nothing from
Textual: it can be built anywhere and tested on its own.

An article with several category paths is listed under each; a category counts an article once
even when two of the article's paths pass through it. Articles hidden by a rule (`hidden`) are
left out: they are in no list and no count.

Once the stories are known (`use_stories`: each article with copies to its story), a category's
shown counts (`unread_stories` / `stories`) count stories: the copies of one story below it
count once, unread while one of them is. Each category keeps, for the stories with copies
below it, a Counter of their copies and of their unread copies, so a change of read state
updates the counts in steps as before. The categories still list every copy.

At start-up a big library's tree is first drawn from the index's category counts alone
(`tree_from_counts`: no article built, a few milliseconds at 100k); the full model, built
from the articles right after, replaces it with the same counts.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from tui_reader.core.library.api import UNCATEGORIZED, Article, CategoryCount, CategoryPath

DEFAULT_PATHS: tuple[CategoryPath, ...] = ((UNCATEGORIZED,),)


@dataclass(eq=False, slots=True)
class Category:
    """One node of the hierarchy: its sub-categories and the articles filed directly in it."""

    name: str
    path: CategoryPath
    children: dict[str, Category] = field(default_factory=dict)
    articles: list[Article] = field(default_factory=list)  # newest first
    total: int = 0  # articles in this category or below, each counted once
    unread: int = 0
    pending: int = 0  # articles filed directly here, counted but not loaded (from_counts)
    # stories with copies here or below: their copies, and their unread copies (none at zero)
    copies: Counter[str] = field(default_factory=Counter)
    unread_copies: Counter[str] = field(default_factory=Counter)
    folded: int = 0  # the copies here or below beyond each story's first
    folded_unread: int = 0  # the unread ones beyond each story's first unread
    _sorted: list[Category] | None = None

    @property
    def stories(self) -> int:
        """The stories in this category or below (`total`, the copies of each counted once)."""
        return self.total - self.folded

    @property
    def unread_stories(self) -> int:
        """The stories with an unread article in this category or below."""
        return self.unread - self.folded_unread

    def subcategories(self) -> list[Category]:
        """Sub-categories sorted by name (case-insensitively), cached."""
        if self._sorted is None:
            self._sorted = sorted(self.children.values(), key=lambda c: (c.name.casefold(), c.name))
        return self._sorted

    def child(self, name: str) -> Category:
        node = self.children.get(name)
        if node is None:
            node = self.children[name] = Category(name, (*self.path, name))
            self._sorted = None
        return node

    @property
    def label(self) -> str:
        return " / ".join(self.path)


class CategoryTree:
    """Categories of a list of articles (given newest first) and the read state they were
    counted with. `read` is the model's own copy; keep it in step with `set_read` / `sync_read`."""

    def __init__(
        self,
        articles: Iterable[Article] = (),
        read_ids: Iterable[str] = (),
        hidden: frozenset[str] = frozenset(),
        by_id: dict[str, Article] | None = None,
    ) -> None:
        """`by_id`, when given, maps the id of each of `articles` (told apart: no two alike) to
        it, in their order, as `Snapshot.by_id` does: with nothing hidden it is kept as the
        model's own (`articles`) rather than a copy made (a million entries are ~40 MB)."""
        self.root = Category("", ())
        self.read: set[str] = set(read_ids)
        # the ids hidden by the rules (core.rules) when it was built: left out of it entirely
        self.hidden = hidden
        self.articles: dict[str, Article] = {}
        # the categories counting the articles of each distinct set of category paths (every
        # prefix of each path, once), and the categories filing them (each path's last)
        self._members: dict[tuple[CategoryPath, ...], tuple[Category, ...]] = {}
        self._filed: dict[tuple[CategoryPath, ...], tuple[Category, ...]] = {}
        # False for a tree drawn from counts alone: its categories hold no articles yet
        self.complete = True
        self.story_of: dict[str, str] = {}  # article id -> its story's, for those with copies
        if hidden or not isinstance(articles, list) or len(by_id or ()) != len(articles):
            by_id = None  # (a partial scan's articles may repeat an id: kept once, as here)
        self._add_all(articles, by_id)

    def members(self, article_id: str) -> tuple[Category, ...]:
        """The categories counting an article of the model: every prefix of each of its
        category paths, once."""
        return self._members[self.articles[article_id].categories or DEFAULT_PATHS]

    def _add_all(self, articles: Iterable[Article], by_id: dict[str, Article] | None) -> None:
        # Built for 100k articles: most share a handful of category paths, so each distinct
        # set of paths is looked up once, and counts are summed per distinct set at the end.
        chains: dict[CategoryPath, tuple[Category, ...]] = {}
        totals: Counter[tuple[CategoryPath, ...]] = Counter()
        unread: Counter[tuple[CategoryPath, ...]] = Counter()
        known, read, hidden = self.articles, self.read, self.hidden
        members, filed = self._members, self._filed
        if by_id is not None:
            self.articles = known = by_id
        for article in articles:
            if by_id is None:
                if article.id in known or article.id in hidden:
                    continue
                known[article.id] = article
            paths = article.categories or DEFAULT_PATHS
            leaves = filed.get(paths)
            if leaves is None:
                leaves = self._add_paths(paths, chains)
            for leaf in leaves:
                leaf.articles.append(article)
            totals[paths] += 1
            if article.id not in read:
                unread[paths] += 1
        for paths, count in totals.items():
            for node in members[paths]:
                node.total += count
            self.root.total += count
        for paths, count in unread.items():
            for node in members[paths]:
                node.unread += count
            self.root.unread += count

    def _add_paths(
        self, paths: tuple[CategoryPath, ...], chains: dict[CategoryPath, tuple[Category, ...]]
    ) -> tuple[Category, ...]:
        """The categories of a new set of category paths (see `_members` and `_filed`)."""
        nodes: dict[int, Category] = {}
        leaves = []
        for path in paths:
            found = chains.get(path) or self._chain(path, chains)
            leaves.append(found[-1])
            nodes.update((id(node), node) for node in found)
        self._members[paths] = tuple(nodes.values())
        self._filed[paths] = filed = tuple(leaves)
        return filed

    def _chain(
        self, path: CategoryPath, chains: dict[CategoryPath, tuple[Category, ...]]
    ) -> tuple[Category, ...]:
        node, chain = self.root, []
        for name in path:
            node = node.child(name)
            chain.append(node)
        chains[path] = found = tuple(chain)
        return found

    # -- lookups --------------------------------------------------------------------------------

    @property
    def total(self) -> int:
        return self.root.total

    @property
    def unread(self) -> int:
        return self.root.unread

    def find(self, path: CategoryPath) -> Category | None:
        node = self.root
        for name in path:
            found = node.children.get(name)
            if found is None:
                return None
            node = found
        return node

    def is_read(self, article_id: str) -> bool:
        return article_id in self.read

    def visible_articles(self, category: Category, unread_only: bool) -> list[Article]:
        """The articles filed directly in `category`, only the unread ones if asked."""
        if not unread_only:
            return category.articles
        return [a for a in category.articles if a.id not in self.read]

    def walk(self) -> Iterator[tuple[Category, Article]]:
        """Every (category, article) in the sidebar's order: depth first, sub-categories before
        the category's own articles, articles newest first."""
        return self._walk(self.root)

    def _walk(self, node: Category) -> Iterator[tuple[Category, Article]]:
        for child in node.subcategories():
            yield from self._walk(child)
        for article in node.articles:
            yield node, article

    # -- stories --------------------------------------------------------------------------------

    def use_stories(self, story_of: dict[str, str]) -> set[Category]:
        """Count stories from now on: `story_of` maps each article with copies to its story's
        id (others are their own story). Returns the categories whose shown counts changed."""
        before = {node: (node.stories, node.unread_stories) for node in self._nodes(self.root)}
        for node in before:
            node.copies.clear()
            node.unread_copies.clear()
        self.story_of = {i: s for i, s in story_of.items() if i in self.articles}
        for article_id, story in self.story_of.items():
            unread = article_id not in self.read
            for node in self.members(article_id):
                node.copies[story] += 1
                if unread:
                    node.unread_copies[story] += 1
        for node in before:
            node.folded = node.copies.total() - len(node.copies)
            node.folded_unread = node.unread_copies.total() - len(node.unread_copies)
        return {n for n, counts in before.items() if counts != (n.stories, n.unread_stories)}

    def _nodes(self, node: Category) -> Iterator[Category]:
        for child in node.children.values():
            yield child
            yield from self._nodes(child)

    # -- read state -----------------------------------------------------------------------------

    def set_read(self, article_ids: Iterable[str], read: bool) -> set[Category]:
        """Record a change of read state; returns the categories whose counts changed."""
        changed: set[Category] = set()
        for article_id in article_ids:
            if article_id not in self.articles or (article_id in self.read) == read:
                continue
            if read:
                self.read.add(article_id)
            else:
                self.read.discard(article_id)
            step = -1 if read else 1
            self.root.unread += step
            story = self.story_of.get(article_id)
            for node in self.members(article_id):
                node.unread += step
                changed.add(node)
                if story is not None:
                    had = node.unread_copies[story]
                    node.folded_unread += step if had + min(step, 0) else 0  # not 0 <-> 1
                    if had + step:
                        node.unread_copies[story] = had + step
                    else:
                        del node.unread_copies[story]
        return changed

    def sync_read(self, read_ids: set[str]) -> tuple[set[str], set[Category]]:
        """Bring the model in step with `read_ids` (another process or device changed them);
        returns the article ids and categories that changed."""
        newly_read = (read_ids - self.read) & self.articles.keys()
        newly_unread = (self.read - read_ids) & self.articles.keys()
        changed = self.set_read(newly_read, True) | self.set_read(newly_unread, False)
        # ids of articles not in this snapshot are kept so counts stay right when they return
        self.read = set(read_ids)
        return newly_read | newly_unread, changed

    def unread_in(self, category: Category) -> list[str]:
        """Ids of the unread articles in `category` and below."""
        ids: dict[str, None] = {}
        for _, article in self._walk(category):
            if article.id not in self.read:
                ids[article.id] = None
        return list(ids)


def tree_from_counts(counts: Iterable[CategoryCount], read_ids: Iterable[str] = ()) -> CategoryTree:
    """The categories with their totals and unread counts but no articles, from the index's
    counts per distinct set of category paths (`Index.summary`). Counted the way
    `CategoryTree._add_all` counts, so the full model built later shows the same numbers."""
    tree = CategoryTree(read_ids=read_ids)
    tree.complete = False
    chains: dict[CategoryPath, tuple[Category, ...]] = {}
    for paths, total, read in counts:
        nodes: dict[int, Category] = {}
        for path in paths or DEFAULT_PATHS:
            found = chains.get(path) or tree._chain(path, chains)
            found[-1].pending += total
            nodes.update((id(node), node) for node in found)
        for node in (*nodes.values(), tree.root):
            node.total += total
            node.unread += total - read
    return tree
