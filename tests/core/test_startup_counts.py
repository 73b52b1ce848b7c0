"""The category counts a big library starts from: the index's counts per set of category paths,
the tree drawn from them, and that tree against the full model built from the articles."""

from __future__ import annotations

import sqlite3
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from tui_reader.core.library.index import Index
from tui_reader.core.library.library import Library
from tui_reader.core.library.model import Article, ParseResult, Problem
from tui_reader.ui.model.category_tree import Category, CategoryTree, tree_from_counts

NAMES = ("News", "Tech", "Blog", "新闻", "A")
paths = st.lists(st.sampled_from(NAMES), min_size=1, max_size=3).map(tuple)


@st.composite
def libraries(draw: st.DrawFn) -> tuple[list[Article], set[str]]:
    """Articles with one to three category paths (often sharing prefixes, sometimes the same
    path twice) and a set of read ids, some of them not in the library."""
    count = draw(st.integers(min_value=0, max_value=40))
    start = datetime(2024, 1, 1, tzinfo=UTC)
    articles = [
        Article(
            id=f"id{n}",
            path=f"a/{n}.md",
            title=f"Article {n}",
            categories=tuple(draw(st.lists(paths, min_size=1, max_size=3))),
            date=start - timedelta(hours=n),
            mtime_ns=n,
            size=n,
        )  # fmt: skip
        for n in range(count)
    ]
    ids = [a.id for a in articles] + ["gone1", "gone2"]
    read = set(draw(st.lists(st.sampled_from(ids), max_size=len(ids))))
    return articles, read


def save(index: Index, articles: list[Article], problems: list[Problem] = ()) -> None:  # type: ignore[assignment]
    results = [(a.path, (a.mtime_ns, a.size), ParseResult(a)) for a in articles]
    results += [(p.path, (1, 1), ParseResult(None, [p])) for p in problems]
    index.save(results)


def categories(node: Category) -> dict[tuple[str, ...], Category]:
    found = {node.path: node}
    for child in node.subcategories():
        found.update(categories(child))
    return found


def assert_same_counts(counted: CategoryTree, full: CategoryTree) -> None:
    """Same categories in the same order, same totals and unread counts; what a category holds
    directly is `pending` in the counted tree and the articles in the full one."""
    assert not counted.complete and full.complete
    mine, theirs = categories(counted.root), categories(full.root)
    assert list(mine) == list(theirs)
    for path, node in theirs.items():
        other = mine[path]
        assert (other.name, other.total, other.unread) == (node.name, node.total, node.unread)
        assert other.pending == len(node.articles)
        assert other.articles == []


@settings(max_examples=60, deadline=None)
@given(libraries())
def test_the_tree_from_counts_matches_the_full_model(
    library: tuple[list[Article], set[str]],
) -> None:
    articles, read = library
    with tempfile.TemporaryDirectory() as folder:
        index = Index(Path(folder, "index.sqlite3"))
        save(index, articles)
        counted = tree_from_counts(index.summary(read)[0], read)
        loaded, _problems = index.articles_and_problems()
    assert_same_counts(counted, CategoryTree(loaded, read))
    read_here = read & {a.id for a in articles}
    assert (counted.total, counted.unread) == (len(articles), len(articles) - len(read_here))


def test_counts_follow_every_write_of_the_index(tmp_path: Path) -> None:
    index = Index(tmp_path / "index.sqlite3")
    first = Article("one", "one.md", "One", (("News", "Tech"),), mtime_ns=1, size=1)
    second = Article("two", "two.md", "Two", (("News", "Tech"), ("Blog",)), mtime_ns=1, size=1)
    save(index, [first, second])
    assert sorted(index.summary({"two"})[0]) == [
        ((("News", "Tech"),), 1, 0),
        ((("News", "Tech"), ("Blog",)), 1, 1),
    ]
    moved = Article("one", "one.md", "One", (("Blog",),), mtime_ns=2, size=1)
    save(index, [moved])  # a changed file replaces its row
    index.remove(["two.md"])
    assert index.summary({"two"})[0] == [(((("Blog",),)), 1, 0)]
    save(index, [], [Problem("bad.md", "no front matter")])  # skipped rows are not articles
    assert index.summary()[0] == [(((("Blog",),)), 1, 0)]


def test_summary_has_the_problems_of_a_scan(tmp_path: Path) -> None:
    root = tmp_path / "library"
    (root / "news").mkdir(parents=True)
    (root / "news/ok.md").write_text("---\ntitle: Fine\ncategories: [News]\n---\n<p>x</p>\n")
    (root / "news/empty.md").write_text("")
    library = Library(root, tmp_path / "index.sqlite3")
    snapshot = library.scan(workers=0)
    summary = library.summary()
    assert summary.problems == snapshot.problems and summary.problems
    assert summary.counts == [(((("News",),)), 1, 0)]


def test_an_index_written_before_the_counts_index_gains_it_and_keeps_its_rows(
    tmp_path: Path,
) -> None:
    path = tmp_path / "index.sqlite3"
    index = Index(path)
    article = Article("one", "one.md", "One", (("News",),), mtime_ns=1, size=1)
    save(index, [article])
    with sqlite3.connect(path) as connection:  # as the previous version left it
        connection.execute("DROP INDEX files_categories")
        connection.execute("DROP INDEX files_problems")
    assert index.summary()[0] == [(((("News",),)), 1, 0)]
    with sqlite3.connect(path) as connection:
        names = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
    assert {"files_categories", "files_problems"} <= names
    assert [a.id for a in index.articles_and_problems()[0]] == ["one"]
