"""The search index over the real samples: each filter, CJK of every length, words, order,
incremental updates, rebuilds and damaged files. Expected sets come from the samples' own text."""

from __future__ import annotations

import math
import shutil
import threading
from datetime import datetime, time
from pathlib import Path

import pytest

from tui_reader.core.library.library import Library, Snapshot
from tui_reader.core.library.model import Article
from tui_reader.core.search import index as search_module
from tui_reader.core.search.htmltext import html_to_text
from tui_reader.core.search.index import SearchIndex, SyncProgress
from tui_reader.core.search.query import QueryError
from tui_reader.core.search.tokens import normalize

SAMPLES = Path(__file__).parent.parent / "samples"


def _when(article: Article) -> float:
    """The date search orders by: an article dated by its file's time (`~`) is undated."""
    return -math.inf if article.date_from_file else article.timestamp


class Setup:
    def __init__(self, folder: Path) -> None:
        self.library = Library(folder)
        self.index = SearchIndex.for_library(folder)
        self.snapshot: Snapshot = self.sync()

    def sync(self) -> Snapshot:
        self.snapshot = self.library.scan(workers=1)
        self.index.sync(self.library.root, self.snapshot.articles, workers=1)
        return self.snapshot

    def ids(self, query: str, **options: object) -> list[str]:
        return [h.article.id for h in self.index.search(query, limit=None, **options).hits]  # type: ignore[arg-type]

    def containing(self, text: str) -> set[str]:
        """Articles whose title or visible body contains `text` (any case): a plain scan."""
        needle = normalize(text)
        return {
            a.id
            for a in self.snapshot.articles
            if needle in normalize(a.title)
            or needle in normalize(html_to_text(self.library.body(a)))
        }


@pytest.fixture
def samples(tmp_path: Path) -> Setup:
    folder = tmp_path / "library"
    shutil.copytree(SAMPLES, folder)
    return Setup(folder)


@pytest.mark.parametrize("text", ["北", "约", "北约", "英伟达", "超级芯片", "幼女戦記", "的"])
def test_cjk_of_every_length_finds_exactly_the_articles_containing_it(
    samples: Setup, text: str
) -> None:
    expected = samples.containing(text)
    assert expected, "pick text the samples contain"
    assert set(samples.ids(text)) == expected


def test_cjk_not_in_any_article_finds_nothing(samples: Setup) -> None:
    assert samples.ids("北约芯片") == []
    # both bigrams occur, but never next to each other
    assert samples.containing("超级") and samples.containing("级芯") and not samples.ids("超级的")


def test_english_words_whole_and_prefix_any_case(samples: Setup) -> None:
    grace = samples.ids("grace")
    assert grace and samples.ids("GRACE") == grace == samples.ids("Grace")
    assert samples.ids("gra") == []  # a whole word only...
    assert set(grace) <= set(samples.ids("gra*"))  # ...unless asked for a prefix
    assert set(samples.ids("cpu")) == samples.containing("cpu")


def test_phrase_and_exclusion(samples: Setup) -> None:
    both = set(samples.ids("grace cpu"))
    assert set(samples.ids('"grace cpu"')) <= both
    assert samples.ids('"cpu grace"') == []
    everything = {a.id for a in samples.snapshot.articles}
    assert set(samples.ids("-北约")) == everything - samples.containing("北约")
    assert set(samples.ids("北 -北约")) == samples.containing("北") - samples.containing("北约")


def test_or_and_groups(samples: Setup) -> None:
    either = samples.containing("北约") | samples.containing("grace")
    assert set(samples.ids("北约 OR grace")) == either
    assert set(samples.ids("(北约 OR grace) -cpu")) == either - samples.containing("cpu")


def test_each_filter(samples: Setup) -> None:
    articles = samples.snapshot.articles
    by_author = {a.id for a in articles if "cnbeta" in a.author.lower()}
    assert by_author and set(samples.ids("author:cnBeta")) == by_author
    in_cat = {a.id for a in articles if any(p[:2] == ("新媒体", "cnBeta") for p in a.categories)}
    assert in_cat and set(samples.ids("cat:新媒体/cnBeta")) == in_cat
    wider = {a.id for a in articles if any(p[:1] == ("新媒体",) for p in a.categories)}
    assert set(samples.ids("cat:新媒体")) == wider > in_cat
    assert samples.ids("cat:新媒") == []  # whole names, not a text prefix
    tagged = {a.id for a in articles if a.tags}
    for tag in {t for a in articles for t in a.tags}:
        expected = {a.id for a in articles if tag in a.tags}
        assert set(samples.ids(f'tag:"{tag}"')) == expected <= tagged
    midnight = datetime.combine(datetime(2022, 6, 1).date(), time()).astimezone()
    dated = [a for a in articles if a.date and not a.date_from_file]
    after = {a.id for a in dated if a.date and a.date >= midnight}
    before = {a.id for a in dated if a.date and a.date < midnight}
    assert after and before
    assert set(samples.ids("after:2022-06-01")) == after
    assert set(samples.ids("before:2022-06-01")) == before


def test_reading_state_filters(samples: Setup) -> None:
    ids = sorted(a.id for a in samples.snapshot.articles)
    read, marked = set(ids[:5]), {ids[0], ids[7]}
    state = {"read_ids": read, "bookmarked_ids": marked}
    assert set(samples.ids("is:read", **state)) == read
    assert set(samples.ids("is:unread", **state)) == set(ids) - read
    assert set(samples.ids("is:bookmarked", **state)) == marked
    assert set(samples.ids("is:read is:bookmarked", **state)) == {ids[0]}
    # the state is reloaded when it changes
    assert set(samples.ids("is:read", read_ids=set(), bookmarked_ids=set())) == set()


def test_combination_of_text_and_filters(samples: Setup) -> None:
    articles = samples.snapshot.articles
    expected = {a.id for a in articles if "cnbeta" in a.author.lower()} & samples.containing("微软")
    assert expected and set(samples.ids("微软 author:cnbeta")) == expected


def test_newest_first_oldest_first_limit_and_total(samples: Setup) -> None:
    result = samples.index.search("的", limit=3)
    every = samples.index.search("的", limit=None)
    assert result.total == len(every.hits) > 3
    assert [h.article.id for h in result.hits] == [h.article.id for h in every.hits[:3]]
    stamps = [_when(h.article) for h in every.hits]
    assert stamps == sorted(stamps, reverse=True)
    oldest = samples.index.search("的", limit=None, order="oldest")
    assert [_when(h.article) for h in oldest.hits] == sorted(stamps)


def test_relevance_puts_title_matches_first(samples: Setup) -> None:
    hits = samples.index.search("grace OR cpu", limit=None, order="relevance").hits
    assert "grace" in hits[0].article.title.lower()
    assert {h.article.id for h in hits} == set(samples.ids("grace OR cpu"))


def test_results_carry_the_article_as_in_the_library(samples: Setup) -> None:
    for hit in samples.index.search("的", limit=None).hits:
        assert hit.article == samples.snapshot.by_id[hit.article.id]


def test_malformed_query_raises_query_error(samples: Setup) -> None:
    with pytest.raises(QueryError):
        samples.index.search("(北约")
    assert samples.index.search("   ").hits == []


def test_changed_and_deleted_files_are_followed(samples: Setup) -> None:
    folder = samples.library.root
    target = folder / "cnbeta-blockquotes.md"
    assert samples.ids("英伟达")
    target.write_text(
        target.read_text(encoding="utf-8").replace("英伟达", "苹果公司"), encoding="utf-8"
    )
    (folder / "aljazeera-figures.md").unlink()
    samples.sync()
    assert set(samples.ids("英伟达")) == samples.containing("英伟达")
    assert set(samples.ids("苹果公司")) == samples.containing("苹果公司") != set()
    assert set(samples.ids("北约")) == samples.containing("北约")
    assert samples.index.size() == len(samples.snapshot.articles)


def test_articles_added_out_of_date_order_are_listed_by_date(samples: Setup) -> None:
    folder = samples.library.root
    for number, when in enumerate(["2015-03-01", "2022-03-01", "2030-01-01"]):
        (folder / f"added-{number}.md").write_text(
            f"---\ntitle: 'added {number}'\ndate: {when} 10:00:00\n---\n<p>的 zebra</p>\n",
            encoding="utf-8",
        )
    samples.sync()
    for order in ("newest", "oldest"):
        for limit in (None, 2, 5):
            hits = samples.index.search("的", limit=limit, order=order).hits
            stamps = [_when(h.article) for h in hits]
            assert stamps == sorted(stamps, reverse=order == "newest")
    assert len(samples.ids("zebra")) == 3
    assert len(samples.ids("zebra after:2022-01-01 before:2023")) == 1


def test_rebuild_when_too_many_rows_are_orphans(
    samples: Setup, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(search_module, "REBUILD_FROM", 1)
    for path in sorted(samples.library.root.iterdir())[:8]:
        path.write_text(path.read_text(encoding="utf-8") + "\n<p>改写</p>\n", encoding="utf-8")
    snapshot = samples.library.scan(workers=1)
    stats = samples.index.sync(samples.library.root, snapshot.articles, workers=1)
    samples.snapshot = snapshot
    assert stats.rebuilt
    assert set(samples.ids("改写")) == samples.containing("改写") != set()
    assert set(samples.ids("的")) == samples.containing("的")


def test_unchanged_library_syncs_nothing(samples: Setup) -> None:
    stats = samples.index.sync(samples.library.root, samples.snapshot.articles, workers=1)
    assert (stats.added, stats.removed, stats.unchanged) == (0, 0, len(samples.snapshot.articles))


def test_cancel_keeps_what_was_indexed_and_resumes(
    samples: Setup, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr("tui_reader.core.search.workers.CHUNK", 4)
    index = SearchIndex(tmp_path / "other.sqlite3")
    cancel = threading.Event()
    seen: list[SyncProgress] = []

    def progress(update: SyncProgress) -> None:
        seen.append(update)
        if update.done >= 4:
            cancel.set()

    articles = samples.snapshot.articles
    stats = index.sync(samples.library.root, articles, progress=progress, cancel=cancel)
    assert stats.cancelled and index.size() == 4 < len(articles)
    assert seen[0] == SyncProgress(0, len(articles))
    stats = index.sync(samples.library.root, articles, workers=1)
    assert not stats.cancelled and stats.added == len(articles) - 4
    assert {h.article.id for h in index.search("的", limit=None).hits} == samples.containing("的")


def test_corrupt_index_file_is_rebuilt(samples: Setup) -> None:
    samples.index.close()
    samples.index.path.write_bytes(b"this is not a database" * 100)
    index = SearchIndex(samples.index.path)
    assert index.size() == 0
    index.sync(samples.library.root, samples.snapshot.articles, workers=1)
    assert {h.article.id for h in index.search("北约", limit=None).hits} == samples.containing(
        "北约"
    )


def test_index_lives_beside_the_library_index(samples: Setup) -> None:
    assert samples.index.path.parent == samples.library.index.path.parent
    assert samples.index.path.name.startswith("search-")
    assert samples.index.path != samples.library.index.path


@pytest.mark.parametrize(
    ("query", "reads_docs"),
    [("cat:新媒体", False), ("author:cnBeta after:2020-01-01", False), ("tag:x -cat:新媒体", False),
     ("微软 author:cnbeta", False), ("微软 -北约 before:2030-01-01", False),
     ("cat:新媒体 is:unread", False), ("is:read 微软", False), ("is:unread", False),
     ("-tag:x", False), ("-北约 -cat:新媒体", False),
     ("cat:新媒体 -before:2022-01-01", True),
     ("cat:新媒体 (北约 OR before:2022-01-01)", True)],
)  # fmt: skip
def test_counts_read_keys_alone_unless_a_condition_needs_docs(
    samples: Setup, query: str, reads_docs: bool
) -> None:
    # What makes a broad filter's count fast (BENCHMARKS.md, Search): no `docs` row is visited.
    statements: list[str] = []
    samples.index.count_matches(query)  # opens the reader connection
    connection = samples.index._connection()
    connection.set_trace_callback(statements.append)
    counted = samples.index.count_matches(query)
    connection.set_trace_callback(None)
    counts = [s for s in statements if s.startswith("SELECT count(*)")]
    assert counts and any("docs d" in sql for sql in counts) == reads_docs, counts
    assert counted == len(samples.ids(query))


def test_counts_follow_a_sync_by_another_connection(samples: Setup) -> None:
    # Counts of is:read use the keys of the read articles; a rewritten article gets a new key.
    articles = samples.snapshot.articles
    read = {a.id for a in articles[::2]}
    assert samples.index.count_matches("is:read", read_ids=read) == len(read)
    for article in articles[:6]:  # rewritten in place: new keys, same ids
        path = samples.library.root / article.path
        path.write_text(path.read_text(encoding="utf-8") + "\n<p>更新</p>\n", encoding="utf-8")
    now = samples.library.scan(workers=1).articles
    other = SearchIndex(samples.index.path)  # the CLI beside the app, say
    other.sync(samples.library.root, now, workers=1)
    still = read & {a.id for a in now}  # an article without front matter is known by its text
    assert samples.index.count_matches("is:read", read_ids=read) == len(still)
    assert samples.index.count_matches("is:unread", read_ids=read) == len(now) - len(still)
