"""Chinese in simplified and traditional script searched as one: the index, the count, snippets,
highlights, find in the article, and `tui-reader search`, whichever script the query is in."""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from ui_support import article, write

from tui_reader.cli import main
from tui_reader.core.library.library import Library
from tui_reader.core.search import scripts
from tui_reader.core.search.index import SearchIndex
from tui_reader.core.search.query import QueryError, parse, terms
from tui_reader.core.search.snippet import find_spans, make_snippet
from tui_reader.core.search.tokens import normalize
from tui_reader.ui.widgets.reader.highlight import find_pattern

ARTICLES = {
    # name: (title, body)
    "traditional": ("多羅羅 劇場版 公開", "<p>臺灣的經典動畫，劇場版明年上映。</p>"),
    "simplified": ("某剧场版定档", "<p>经典作品重映，多罗罗也在台湾上映。</p>"),
    "mixed": ("Mixed scripts", "<p>一篇文章里有劇场版，也有多罗羅和經典。</p>"),
    "near-miss": ("剧本与场地", "<p>剧本写好了，场版不是一个词。</p>"),
}


@pytest.fixture
def library(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """A library of ARTICLES, and each article's id by its name."""
    folder = tmp_path / "library"
    for number, (name, (title, body)) in enumerate(ARTICLES.items()):
        when = f"2024-01-{number + 1:02d} 09:00:00 +0000"
        write(folder / f"{name}.md", article(title, when, " - 动画", body))
    snapshot = Library(folder).scan(workers=1)
    titles = {title: name for name, (title, _) in ARTICLES.items()}
    return folder, {titles[a.title]: a.id for a in snapshot.articles}


@pytest.fixture
def index(library: tuple[Path, dict[str, str]]) -> tuple[SearchIndex, dict[str, str]]:
    folder, ids = library
    search = SearchIndex.for_library(folder)
    search.sync(folder, Library(folder).scan(workers=1).articles, workers=1)
    return search, ids


# each query in either script, and the articles it finds
CASES = [
    ("剧场版", {"traditional", "simplified", "mixed"}),
    ("劇場版", {"traditional", "simplified", "mixed"}),
    ("多罗罗", {"traditional", "simplified", "mixed"}),
    ("多羅羅", {"traditional", "simplified", "mixed"}),
    ("經典", {"traditional", "simplified", "mixed"}),
    ("经典 -多羅羅", set()),
    ("台湾", {"traditional", "simplified"}),
    ("臺灣 OR 剧本", {"traditional", "simplified", "near-miss"}),
    ('"劇場版 公开"', {"traditional"}),
    ("劇", {"traditional", "simplified", "mixed", "near-miss"}),  # one character: `uni`
    ("臺", {"traditional", "simplified"}),
    ("cat:動畫 多罗罗", {"traditional", "simplified", "mixed"}),
]


@pytest.mark.parametrize(("query", "expected"), CASES)
def test_either_script_finds_both(
    index: tuple[SearchIndex, dict[str, str]], query: str, expected: set[str]
) -> None:
    search, ids = index
    wanted = {ids[name] for name in expected}
    result = search.search(query, limit=None)
    assert {hit.article.id for hit in result.hits} == wanted
    assert result.total == len(wanted) == search.count_matches(query)
    first = search.search(query, limit=1)  # a page shorter than the matches: counted apart
    assert first.total == len(wanted)


@pytest.mark.parametrize("query", ["剧场版", "劇場版", "劇场版"])
def test_snippets_and_highlights_mark_the_text_as_written(query: str) -> None:
    matched = terms(parse(query))
    for name, (title, body) in ARTICLES.items():
        text = f"{title} {re.sub('<[^>]+>', '', body)}"
        spans = find_spans(text, matched)
        if name == "near-miss":
            assert spans == []
            continue
        shown = [text[a:b] for a, b in spans]
        assert shown and all(normalize(piece) == "剧场版" for piece in shown)
        assert {"劇場版", "剧场版", "劇场版"} >= set(shown)
        snippet = make_snippet(text, matched)
        assert snippet.matches == len(spans)
        assert [snippet.text[a:b] for a, b in snippet.spans] == shown[: len(snippet.spans)]


@pytest.mark.parametrize(
    ("needle", "text"), [("剧场版", "劇場版"), ("臺灣", "台湾"), ("劇场", "剧場")]
)
def test_find_in_the_article_finds_either_script(needle: str, text: str) -> None:
    pattern = find_pattern(needle)
    assert pattern is not None
    assert pattern.fullmatch(text) and pattern.fullmatch(needle)
    assert not pattern.search("剧本场地")


@pytest.mark.parametrize("query", ["ai", "AI", "ＡＩ", "ａｉ"])
def test_full_width_letters_are_highlighted_and_found_as_typed(query: str) -> None:
    text = "ＡＩ芯片 and AI chips, not aim or ＡＩＭ"
    spans = find_spans(text, terms(parse(query)))
    assert [text[a:b] for a, b in spans] == ["ＡＩ", "AI"]
    pattern = find_pattern(query)
    assert pattern is not None
    assert pattern.findall(text) == ["ＡＩ", "AI", "ai", "ＡＩ"]  # find: any text, words or not
    phrase = terms(parse('"ＡＩ chips"'))
    assert [text[a:b] for a, b in find_spans(text, phrase)] == ["AI chips"]


def test_the_command_line_finds_either_script(
    library: tuple[Path, dict[str, str]], capsys: pytest.CaptureFixture[str]
) -> None:
    folder, ids = library
    for query in ("剧场版", "劇場版", "多罗罗", "多羅羅"):
        assert main(["search", query, str(folder), "--json"]) == 0
        found = {json.loads(line)["id"] for line in capsys.readouterr().out.splitlines()}
        assert found == {ids["traditional"], ids["simplified"], ids["mixed"]}
        assert main(["search", query, str(folder), "--count"]) == 0
        assert capsys.readouterr().out.split() == ["3"]


def test_an_index_of_the_version_before_is_rebuilt(
    library: tuple[Path, dict[str, str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """An index built without folding would keep missing traditional text: it is built again."""
    folder, ids = library
    articles = Library(folder).scan(workers=1).articles
    with monkeypatch.context() as patch:  # undone on leaving, the test's own folders kept
        patch.setattr(scripts, "fold", lambda text: text)
        patch.setattr("tui_reader.core.search.tokens.fold", lambda text: text)
        patch.setattr("tui_reader.core.search.schema.SCHEMA_VERSION", "6")
        old = SearchIndex.for_library(folder)
        old.sync(folder, articles, workers=1)
        assert {hit.article.id for hit in old.search("剧场版").hits} == {ids["simplified"]}
        old.close()
    search = SearchIndex.for_library(folder)
    stats = search.sync(folder, articles, workers=1)
    assert stats.added == len(articles)
    assert len(search.search("剧场版").hits) == 3


def test_classes_are_small_and_fold_to_their_first_member() -> None:
    classes = scripts._load()[1]
    assert len(classes) > 2000  # the tables were read
    assert max(map(len, classes.values())) <= 8
    for first, members in classes.items():
        assert members[0] == first
        assert scripts.fold(members) == first * len(members)


def test_text_without_chinese_does_not_load_the_tables(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(scripts, "_tables", None)
    monkeypatch.setattr(scripts, "_classes", lambda: pytest.fail("tables loaded"))
    assert scripts.fold("Grace CPU ｅ-mail 12:30") == "Grace CPU ｅ-mail 12:30"


def test_folding_with_the_tables_cached_does_not_import_opencc(tmp_path: Path) -> None:
    """Importing OpenCC takes tens of milliseconds, most of a search from the command line:
    once its tables are in the cache folder, a fresh process folds without it."""
    import os
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[2]  # this checkout's code, wherever pytest runs
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache"), "PYTHONPATH": str(root)}
    program = (
        "import sys\n"
        "from tui_reader.core.search.scripts import fold\n"
        "print(fold('劇場版 臺灣'), 'opencc' in sys.modules)\n"
    )
    runs = [
        subprocess.run(
            [sys.executable, "-c", program], env=env, cwd=root, capture_output=True, text=True
        )
        for _ in range(2)
    ]
    assert [run.stdout.split() for run in runs] == [
        ["剧场版", "台湾", "True"],  # the first builds the tables from OpenCC
        ["剧场版", "台湾", "False"],
    ], [run.stderr for run in runs]


@pytest.mark.parametrize(
    ("folders", "version"),
    [
        (["opencc-1.4.2.dist-info"], "1.4.2"),
        (["OpenCC-1.1.9.dist-info"], "1.1.9"),
        (["opencc-2.0.0rc1.dist-info", "other-1.0.dist-info"], "2.0.0rc1"),
        (["opencc-1.4.2.dist-info", "opencc-1.3.0.dist-info"], None),  # which one is it?
        ([], None),
        (["opencc-..dist-info"], None),
    ],
)
def test_the_installed_version_is_read_from_its_one_dist_info(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, folders: list[str], version: str | None
) -> None:
    import importlib.util
    from importlib.machinery import ModuleSpec

    package = tmp_path / "site-packages" / "opencc"
    package.mkdir(parents=True)
    for name in folders:
        (tmp_path / "site-packages" / name).mkdir()
    spec = ModuleSpec("opencc", None, origin=str(package / "__init__.py"))
    monkeypatch.setattr(importlib.util, "find_spec", lambda name: spec)
    assert scripts._installed_version() == version


CJK_OR_ASCII = st.text(
    st.one_of(
        st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF),
        st.characters(min_codepoint=0x20000, max_codepoint=0x2A6DF),
        st.sampled_from("劇場版多羅羅臺灣经典台里裡裏着著干乾幹"),
        st.characters(max_codepoint=0x7F),
    ),
    max_size=40,
)


@settings(max_examples=60, deadline=None)
@given(query=CJK_OR_ASCII)
def test_any_query_folds_and_finds_itself(query: str) -> None:
    folded = scripts.fold(query)
    assert len(folded) == len(query) and scripts.fold(folded) == folded
    pattern = re.compile(scripts.either_script(query))
    assert pattern.fullmatch(query) and pattern.fullmatch(folded)
    try:
        node = parse('"' + query.replace('"', " ") + '"')
    except QueryError:  # nothing to search for in it (`:`)
        node = None
    for term in terms(node):
        find_spans(query, [term])  # a pattern is made of every term: none raises


def _best(work: object, repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()  # type: ignore[operator]
        times.append(time.perf_counter() - start)
    return min(times)


def test_folding_and_patterns_take_linear_time() -> None:
    piece = "劇場版 and 多罗羅 經典 ab12 台湾 "
    small = piece * (100_000 // len(piece.encode()))
    large = small * 8
    scripts.fold(small)  # tables loaded before timing

    def both(text: str) -> object:
        return lambda: (scripts.fold(text), scripts.either_script(text))

    ratio = _best(both(large)) / _best(both(small))
    assert ratio < 20  # quadratic would be 64
