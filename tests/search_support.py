"""A synthetic library for the search index tests, and the reference the index is held to.

`naive_match` is the reference: it reads each article's fields and checks every term with a
substring test (CJK) or a regular expression over the normalized text (words, prefixes, phrases).
Synthetic libraries use a small alphabet so that queries hit often, miss often and overlap;
`atom` and `queries` are Hypothesis strategies over that alphabet.
"""

from __future__ import annotations

import random
import re
import tracemalloc
from datetime import UTC, datetime, time, timedelta
from pathlib import Path

from hypothesis import strategies as st

from tui_reader.core.library.library import Library
from tui_reader.core.library.model import Article
from tui_reader.core.search.htmltext import html_to_text
from tui_reader.core.search.index import SearchIndex
from tui_reader.core.search.query import And, Filter, Node, Not, Or, Phrase, Substring, Word, parse
from tui_reader.core.search.tokens import BREAK, CJK_CHAR, WORD_CHARS, normalize, tokens

HAN = "北约峰会中国制裁芯片的"
WORDS = ["grace", "cpu", "graceful", "nvidia", "new", "york", "mail", "e", "Grace", "CPU"]
GLUE = [" ", " ", "，", ", ", "<b>", "</b>", "<p>", "</p>", "-", "。", " &amp; ", "\n", "_"]
AUTHORS = ["cnBeta", "Al Jazeera", "cnbeta.COM", ""]
CATS = [("新媒体", "cnBeta", "最新"), ("新媒体", "cnBeta"), ("News",), ("新媒体", "其他"),
        ("cnBeta", "新媒体")]  # fmt: skip
TAGS = ["x", "芯片", "Tech", "tech news"]
SEP = r"[\W_]+"  # what may stand between two words of a phrase


# --- the reference ---------------------------------------------------------------------------


class Plain:
    """One article's searchable fields, normalized, read straight from its file."""

    def __init__(self, article: Article, body_html: str) -> None:
        self.article = article
        meta = [article.author, *(n for p in article.categories for n in p), *article.tags]
        self.fields = [normalize(article.title), normalize(html_to_text(body_html))]
        self.fields += [normalize(part) for part in meta]


def naive_match(node: Node, plain: Plain, read: set[str], marked: set[str]) -> bool:
    if isinstance(node, And):
        return all(naive_match(n, plain, read, marked) for n in node.nodes)
    if isinstance(node, Or):
        return any(naive_match(n, plain, read, marked) for n in node.nodes)
    if isinstance(node, Not):
        return not naive_match(node.node, plain, read, marked)
    if isinstance(node, Substring):
        return any(node.text in field for field in plain.fields)
    if isinstance(node, Word):
        pattern = rf"(?<!{WORD_CHARS}){re.escape(node.text)}" + (
            "" if node.prefix else rf"(?!{WORD_CHARS})"
        )
        return any(re.search(pattern, field) for field in plain.fields)
    if isinstance(node, Phrase):
        return any(_phrase_in(node, field) for field in plain.fields)
    assert isinstance(node, Filter)
    return _filter(node, plain.article, read, marked)


def _phrase_in(node: Phrase, field: str) -> bool:
    if all(not CJK_CHAR.search(t) and t != BREAK for t in node.tokens):  # words: a regex
        body = SEP.join(re.escape(t) for t in node.tokens)
        end = "" if node.prefix else rf"(?!{WORD_CHARS})"
        return re.search(rf"(?<!{WORD_CHARS}){body}{end}", field) is not None
    stream, want = tokens(field), list(node.tokens)  # CJK in a phrase: the token stream
    for start in range(len(stream) - len(want) + 1):
        window = stream[start : start + len(want)]
        if window[:-1] == want[:-1] and (
            window[-1] == want[-1] or (node.prefix and window[-1].startswith(want[-1]))
        ):
            return True
    return False


def _filter(node: Filter, article: Article, read: set[str], marked: set[str]) -> bool:
    value = normalize(node.value)
    if node.key == "author":
        return value in normalize(article.author)
    if node.key == "cat":
        want = [normalize(n).strip() for n in value.split("/") if n.strip()]
        paths = [[normalize(n) for n in p] for p in article.categories]
        return any(p[at : at + len(want)] == want for p in paths for at in range(len(p)))
    if node.key == "tag":
        return any(normalize(t) == value for t in article.tags)
    if node.key == "is":
        if value == "bookmarked":
            return article.id in marked
        return (article.id in read) == (value == "read")
    start = datetime.combine(node.day, time()).astimezone()  # type: ignore[arg-type]
    if article.date is None or article.date_from_file:  # a file's time is no date to filter on
        return False
    return article.date >= start if node.key == "after" else article.date < start


# --- synthetic libraries ---------------------------------------------------------------------


def _text(rng: random.Random, pieces: int) -> str:
    out: list[str] = []
    last = ""
    for _ in range(pieces):
        roll = rng.random()
        if roll < 0.5:
            run = "".join(rng.choice(HAN) for _ in range(rng.randint(1, 6)))
            if last and rng.random() < 0.5:  # `北约，约峰`: a bigram phrase must not span the comma
                run = last[-1] + run
            out.append(run)
            last = run
        elif roll < 0.8:
            out.append(rng.choice(WORDS))
            last = ""
        out.append(rng.choice(GLUE))
    return "".join(out)


def write_library(folder: Path, count: int, seed: int) -> None:
    rng = random.Random(seed)
    start = datetime(2021, 6, 1, tzinfo=UTC)
    for number in range(count):
        when = start + timedelta(hours=rng.randint(0, 24 * 500))
        categories = "\n".join(f"  - {name}" for name in rng.choice(CATS))
        tags = rng.sample(TAGS, rng.randint(0, 2))
        tag_lines = "".join(f"\n  - '{t}'" for t in tags)
        text = (
            f"---\ntitle: '{_text(rng, 3).replace(chr(10), ' ').replace(chr(39), '')} {number}'\n"
            f"categories:\n{categories}\nauthor: '{rng.choice(AUTHORS)}'\n"
            f"date: {when.strftime('%Y-%m-%d %H:%M:%S')}\ntags:{tag_lines or ' []'}\n---\n"
            f"<div>{_text(rng, rng.randint(0, 40))}</div>\n"
        )
        (folder / f"a{number:04d}.md").write_text(text, encoding="utf-8")


class Fixture:
    def __init__(self, folder: Path, index_path: Path) -> None:
        self.library = Library(folder, index_path.with_name("library.sqlite3"))
        self.index = SearchIndex(index_path)
        self.refresh()

    def refresh(self) -> None:
        snapshot = self.library.scan(workers=1)
        self.index.sync(self.library.root, snapshot.articles, workers=1)
        self.plain = [Plain(a, self.library.body(a)) for a in snapshot.articles]
        ids = sorted(a.id for a in snapshot.articles)
        self.read, self.marked = set(ids[::3]), set(ids[::5])

    def check(self, query: str) -> None:
        node = parse(query)
        assert node is not None
        result = self.index.search(node, limit=None, read_ids=self.read, bookmarked_ids=self.marked)
        found = [hit.article.id for hit in result.hits]
        expected = {
            p.article.id for p in self.plain if naive_match(node, p, self.read, self.marked)
        }
        assert set(found) == expected, query
        assert len(found) == len(expected) == result.total, query
        dates = [hit.article.timestamp for hit in result.hits]
        assert dates == sorted(dates, reverse=True), query  # newest first
        first = self.index.search(node, limit=7, read_ids=self.read, bookmarked_ids=self.marked)
        assert first.total == len(expected), query  # counted, not only listed
        counted = self.index.count_matches(node, read_ids=self.read, bookmarked_ids=self.marked)
        assert counted == len(expected), query
        assert [h.article.timestamp for h in first.hits] == dates[:7], query
        assert {h.article.id for h in first.hits} <= expected, query


# --- queries ---------------------------------------------------------------------------------

han = st.text(alphabet=HAN, min_size=1, max_size=4)
word = st.sampled_from(WORDS)
prefix = st.sampled_from(["gr*", "grac*", "c*", "ny*", "Ne*", "e*"])
phrase = st.lists(st.sampled_from(WORDS + ["北约", "芯片", "中国的"]), min_size=2, max_size=3).map(
    lambda words: '"' + " ".join(words) + '"'
)
glued = st.sampled_from(["e-mail", "grace,cpu", "grace芯片", "cpu北", "new_york"])
filters = st.sampled_from(
    ["author:cnbeta", "author:jazeera", "cat:新媒体", "cat:新媒体/cnBeta", "cat:新媒体/cnbeta/最新",
     "cat:news", "cat:cnbeta", "cat:CNBETA/最新", "cat:其他", "cat:最新/", "cat:cnbeta/新媒体",
     "tag:x", "tag:tech", 'tag:"tech news"', "is:read", "is:unread", "is:bookmarked",
     "after:2022-01-01", "before:2022-03", "after:2022-06-15", "before:2021-07-01"]
)  # fmt: skip
atom = st.one_of(han, word, prefix, phrase, glued, filters)
negatable = st.one_of(atom, atom.map(lambda a: "-" + a))
clause = st.one_of(negatable, st.tuples(negatable, negatable).map(lambda t: f"{t[0]} OR {t[1]}"))
queries = (
    st.lists(clause, min_size=1, max_size=3)
    .map(" ".join)
    .filter(lambda q: not all(part.startswith("-") for part in q.split()))
)


class _Stopped(Exception):
    pass


def peak_before_writing(root: Path, articles: list[Article], indexed: int) -> int:
    """tracemalloc's peak of `SearchIndex.sync` of `articles` (newest first) up to its first
    chunk, on a new index holding the rows of the last `indexed` of them (the oldest) as they
    are, a hundredth changed (their rows written directly, no text)."""
    from tui_reader.core.library.index import path_to_sql
    from tui_reader.core.search import workers as search_workers
    from tui_reader.core.search.migrate import migrate

    index = SearchIndex(root / f"search-{len(articles)}-{indexed}.sqlite3")
    with index._writer() as connection, connection:
        migrate(connection)
        connection.executemany(
            "INSERT INTO docs (key, id, path, mtime_ns, size, author, cats, tags)"
            " VALUES (?, ?, ?, ?, ?, '', '', '')",
            [
                (n + 1, a.id, path_to_sql(a.path), a.mtime_ns + (n % 100 == 0), a.size)
                for n, a in enumerate(articles[::-1][:indexed])
            ],
        )
    peaks: list[int] = []

    def stop(*_args: object, **_options: object) -> None:
        peaks.append(tracemalloc.get_traced_memory()[1])
        raise _Stopped

    real = search_workers.prepare_all
    search_workers.prepare_all = stop  # type: ignore[assignment]
    tracemalloc.start()
    try:
        index.sync(root, articles, workers=2)
    except _Stopped:
        pass
    finally:
        tracemalloc.stop()
        search_workers.prepare_all = real
    return peaks[0]
