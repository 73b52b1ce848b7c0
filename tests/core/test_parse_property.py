"""Property tests: nothing a file contains makes the parser raise, and every string it hands on
is sanitized; dates and category values of any shape are survived."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tui_reader.core.library.dates import parse_date
from tui_reader.core.library.index import Index
from tui_reader.core.library.model import Article, ParseResult
from tui_reader.core.library.parse import INTERNAL_ERROR, categories_from, parse_bytes
from tui_reader.core.sanitize import clean_line

# What must never reach the terminal: C0 (but tab/newline), DEL, C1, bidi overrides.
UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
PROPERTY = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])


def one_line_strings(article: Article) -> list[str]:
    names = [name for path in article.categories for name in path]
    return [article.title, article.author, article.link, article.image, *article.tags, *names]


def check_result(result: ParseResult) -> None:
    assert isinstance(result, ParseResult)
    for problem in result.problems:
        assert problem.path == "x/a.md" and problem.reason
        assert INTERNAL_ERROR not in problem.reason  # the safety net must not be what holds
    article = result.article
    if article is None:
        assert len(result.problems) == 1 and result.problems[0].skipped
        return
    assert article.title
    assert article.categories and all(article.categories)
    for text in one_line_strings(article):
        assert not UNSAFE.search(text), repr(text)
        assert "\n" not in text and "\t" not in text
        assert clean_line(text) == text
    assert article.date is not None and article.date.tzinfo is not None
    assert article.id and article.path == "x/a.md"


def parse(data: bytes) -> ParseResult:
    return parse_bytes(data, "x/a.md", 1_700_000_000_000_000_000, len(data))


@PROPERTY
@given(st.binary(max_size=4000))
def test_arbitrary_bytes_never_raise(data: bytes) -> None:
    check_result(parse(data))


@PROPERTY
@given(st.binary(max_size=2000))
def test_arbitrary_bytes_after_a_front_matter_opening(data: bytes) -> None:
    check_result(parse(b"\n---\ntitle: " + data + b"\n---\n" + data))


# --- YAML-ish front matter --------------------------------------------------------------------

KEYS = st.sampled_from(
    ["title", "date", "updated", "categories", "category", "tags", "tag", "author", "link",
     "url", "permalink", "headimg", "thumbnail", "comments", "weird key", "<<", "? x", "-", ""]
)  # fmt: skip
WEIRD = st.text(alphabet=st.characters(codec="utf-8"), max_size=30)  # surrogates excluded
SCALARS = st.one_of(
    WEIRD,
    st.sampled_from(
        ["Invalid Date", "Tue, 11 Jan 2022 02:11:30 GMT", "2022-01-11 02:11:30", "2022-13-45",
         "1641867090", "-1e400", ".nan", "~", "null", "yes", "0x1F", "'-'", '"\\e]0;x\\a"',
         "&a [1, *a]", "*nope", "!!binary AAAA", "!!python/object/apply:os.system [ls]",
         "!!timestamp 2022-99-99", "|", ">-", "[", "{", "]", "'unclosed", "\x1b[2J", "\u202e"]
    ),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.floats().map(repr),
)  # fmt: skip


@st.composite
def front_matter_lines(draw: st.DrawFn) -> str:
    lines = []
    for _ in range(draw(st.integers(0, 12))):
        key, value = draw(KEYS), draw(SCALARS)
        form = draw(st.integers(0, 5))
        if form == 0:
            lines.append(f"{key}: {value}")
        elif form == 1:
            quote = draw(st.sampled_from("'\""))
            lines.append(f"{key}: {quote}{value}{quote}")
        elif form == 2:  # a block list, sometimes with the broken ` -  - x` entry
            items = draw(st.lists(SCALARS, max_size=4))
            indent = draw(st.sampled_from([" ", "    ", "\t", ""]))
            nest = draw(st.sampled_from(["", " - ", "  -  - "]))
            lines.append(f"{key}: " + "".join(f"\n{indent}-{nest} {item}" for item in items))
        elif form == 3:  # a flow list, perhaps of lists
            items = draw(st.lists(SCALARS, max_size=4))
            lines.append(f"{key}: [{', '.join(items)}, [{', '.join(reversed(items))}]]")
        elif form == 4:
            lines.append(f"  {key}:\n    {value}: {value}")
        else:
            lines.append(value)
    return "\n".join(lines)


@PROPERTY
@given(
    front_matter_lines(),
    st.sampled_from(["utf-8", "utf-8-sig", "gb18030", "utf-16"]),
    st.booleans(),
    st.sampled_from(["", "\n", "\n\n  \n"]),
)
def test_arbitrary_front_matter_never_raises(
    front: str, encoding: str, crlf: bool, leading: str
) -> None:
    text = f"{leading}---\n{front}\n---\n<div><h1>Heading</h1><p>body</p></div>\n"
    if crlf:
        text = text.replace("\n", "\r\n")
    check_result(parse(text.encode(encoding, errors="replace")))


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> Index:
    return Index(tmp_path_factory.mktemp("property-index") / "index.sqlite3")


@PROPERTY
@given(front=front_matter_lines())
def test_whatever_is_parsed_survives_the_index(index: Index, front: str) -> None:
    result = parse(f"---\n{front}\n---\nbody".encode())
    index.save([("x/a.md", (result.article.mtime_ns if result.article else 1, 9), result)])
    articles, problems = index.articles_and_problems()
    if result.article is None:
        assert articles == [] and problems == result.problems
    else:
        assert articles == [result.article]
        assert [p.reason for p in problems] == [p.reason for p in result.problems]


# --- dates and categories of any shape --------------------------------------------------------

ZONES = st.one_of(
    st.none(),
    st.timedeltas(min_value=timedelta(hours=-23), max_value=timedelta(hours=23)).map(timezone),
)
DATE_VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=40),
    st.datetimes(timezones=ZONES),
    st.dates(),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
)


@PROPERTY
@given(DATE_VALUES)
def test_parse_date_never_raises(value: object) -> None:
    result = parse_date(value)
    if result is not None:
        assert result.tzinfo is not None
        assert datetime(1970, 1, 2, tzinfo=UTC) <= result <= datetime(2200, 1, 1, tzinfo=UTC)


@PROPERTY
@given(st.datetimes(min_value=datetime(1974, 1, 1), max_value=datetime(2199, 1, 1)))
def test_parse_date_reads_back_every_form_it_is_given(moment: datetime) -> None:
    # From 1974 on: epoch strings of 8 digits (1971-73) read as YYYYMMDD, on purpose.
    moment = moment.replace(microsecond=0, tzinfo=UTC)
    forms = [
        moment,
        moment.isoformat(),
        moment.strftime("%Y-%m-%d %H:%M:%S"),
        moment.strftime("%a, %d %b %Y %H:%M:%S GMT"),
        str(int(moment.timestamp())),
    ]
    assert [parse_date(form) for form in forms] == [moment] * len(forms)


CATEGORY_LEAVES = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=20), st.dates()
)
CATEGORY_VALUES = st.recursive(
    CATEGORY_LEAVES,
    lambda children: st.one_of(
        st.lists(children, max_size=5),
        st.dictionaries(st.text(max_size=5), children, max_size=3),
    ),
    max_leaves=40,
)


@PROPERTY
@given(CATEGORY_VALUES)
def test_categories_from_never_raises(value: object) -> None:
    paths = categories_from(value)
    assert paths and all(paths)
    assert len(set(paths)) == len(paths)
    for path in paths:
        for name in path:
            assert name and clean_line(name) == name


def test_property_helpers_reject_what_they_should(tmp_path: Path) -> None:
    bad = Article(id="x", path="x/a.md", title="a\x1b[2Jb", date=datetime.now(UTC))
    with pytest.raises(AssertionError):
        check_result(ParseResult(bad, []))
