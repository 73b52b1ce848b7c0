"""File names are untrusted: a name that is not UTF-8 is read like any other, and no name (nor
anything else shown) carries a control sequence to the terminal; the sanitiser and the other
patterns run on file text cost linear time; the size limit is said as the README says it."""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ui_support import make_app, settle

from tui_reader.cli import main
from tui_reader.core.library import parse
from tui_reader.core.library.library import Library
from tui_reader.core.sanitize import clean_line, clean_text, json_text, visible_name
from tui_reader.core.search.index import SearchIndex
from tui_reader.render.wrap import break_offsets

README = Path(__file__).resolve().parents[2] / "README.md"
ARTICLE = "---\ntitle: Story {}\ndate: 2022-01-0{}\n---\n<p>searchable words</p>\n"
# What must never reach a terminal: C0 but tab and newline, DEL, C1, bidi controls, and lone
# surrogates (which cannot even be encoded for output).
UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)


def put(root: Path, name: bytes, content: str) -> Path:
    """Write a file whose name is the raw bytes `name` (which need not be UTF-8)."""
    root.mkdir(parents=True, exist_ok=True)
    path = os.path.join(os.fsencode(root), name)
    with open(path, "wb") as file:
        file.write(content.encode())
    return Path(os.fsdecode(path))


def run(*args: str) -> tuple[int, str, str]:
    """A command in this process, its output as the terminal would get it."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = main(list(args))
    return status, out.getvalue(), err.getvalue()


def assert_inert(text: str) -> None:
    """Nothing in `text` can drive a terminal, and all of it can be written as UTF-8."""
    assert not UNSAFE.search(text), repr(UNSAFE.search(text))
    text.encode("utf-8")


UNDECODABLE = [b"caf\xe9.md", b"\xd6\xd0\xce\xc4.md", b"\xff\xfe.md", b"ok\xe4\xb8.md"]


@pytest.mark.parametrize("name", UNDECODABLE, ids=["latin-1", "gbk", "ff-fe", "cut-utf8"])
def test_a_name_that_is_not_utf8_is_read_like_any_other(tmp_path: Path, name: bytes) -> None:
    root = tmp_path / "lib"
    put(root, b"plain.md", ARTICLE.format("plain", 1))
    path = put(root, name, ARTICLE.format("odd", 2))
    rel = os.fsdecode(name)
    for _ in range(2):  # the first scan fills the index, the second reads from it
        status, out, err = run("list", str(root))
        assert (status, err) == (0, "")
        assert "Story odd" in out and "Story plain" in out
    status, out, _ = run("list", str(root), "--json")
    assert status == 0
    assert_inert(out)
    rows = {os.fsencode(row["path"]): row for row in map(json.loads, out.splitlines())}
    assert rows[name]["title"] == "Story odd"  # the bytes of the name come back from the JSON
    for ref in (rel, str(path), visible_name(rel), rows[name]["id"]):
        status, out, err = run("show", ref, str(root))
        assert (status, err) == (0, "") and "Story odd" in out, ref
    assert run("mark", "read", rel, "--library", str(root))[0] == 0
    status, out, _ = run("list", str(root), "--unread")
    assert "Story odd" not in out and "Story plain" in out
    assert run("mark", "bookmark", rel, "--library", str(root))[0] == 0
    status, out, _ = run("bookmarks")
    assert status == 0 and "Story odd" in out
    assert_inert(out)
    for _ in range(2):
        status, out, _ = run("search", "searchable", str(root), "--json")
        assert status == 0
        assert {os.fsencode(json.loads(line)["path"]) for line in out.splitlines()} == {
            name,
            b"plain.md",
        }


def test_undecodable_names_survive_the_indexes_unchanged(tmp_path: Path) -> None:
    root = tmp_path / "lib"
    put(root, b"caf\xe9.md", ARTICLE.format("odd", 2))
    put(root, b"empty\xff.md", "")  # a problem row, keyed by its path too
    library = Library(root)
    first = library.scan()
    assert [a.path for a in first.articles] == ["caf\udce9.md"]
    assert [p.path for p in first.problems] == ["empty\udcff.md"]
    again = Library(root).scan()  # a fresh object: what it knows comes from the index
    assert (again.changes.added, again.changes.changed, again.changes.removed) == (0, 0, 0)
    assert [a.path for a in again.articles] == ["caf\udce9.md"]
    index = SearchIndex.for_library(root)
    assert index.sync(root, again.articles).added == 1
    assert index.sync(root, again.articles).unchanged == 1  # the stored path matched
    os.remove(os.path.join(os.fsencode(root), b"caf\xe9.md"))
    assert Library(root).scan().articles == []


def test_the_title_taken_from_an_undecodable_name_shows_its_bytes(tmp_path: Path) -> None:
    path = put(tmp_path, b"caf\xe9\x1b[2J.md", "no front matter, no heading")
    article = parse.parse_file(path, tmp_path).article
    assert article is not None and article.title == "caf\\xe9"  # the sequence cleaned as text


UNDATED = b"---\ndate: 2022-01-02\n---\n<p>no title, heading or link</p>\n"


@pytest.mark.parametrize(
    ("name", "as_text"),
    [
        ("a\tb.md", "a b.md"),  # white space folds, as in any title
        ("two\nlines.md", "two lines.md"),
        ("x\u202ey.md", "xy.md"),  # a bidi control goes, as from article text
        ("p\x1b[1mq.md", "pq.md"),  # so does an escape sequence
        ("c1\x9b31m.md", "c1.md"),
    ],
)
def test_a_title_from_a_name_is_the_name_cleaned_as_text(name: str, as_text: str) -> None:
    """The title (and with it the id of an article without a link) is what it was before names
    that are not UTF-8 were read: a name with a tab or a control character keeps the id its
    read mark and bookmark are on."""
    named = parse.parse_bytes(UNDATED, name, 0, len(UNDATED)).article
    plain = parse.parse_bytes(UNDATED, as_text, 0, len(UNDATED)).article
    assert named is not None and plain is not None
    assert (named.title, named.id) == (plain.title, plain.id)


HOSTILE_NAMES = [
    b"\x1b]2;pwned\x07.md",  # window title
    b"\x1b]52;c;ZXZpbA==\x1b\\.md",  # clipboard
    b"\x1b]2;cut short\x1b[0m.md",  # an OSC ended by the next ESC
    b"\xc2\x9b31m.md",  # U+009B, the 8-bit CSI
    b"\xc2\x9d0;t\xc2\x9c.md",  # 8-bit OSC
    b"evil\xe2\x80\xaedm.exe.md",  # U+202E
    b"line\nbreak.md",
]


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_names_with_terminal_sequences_are_shown_inert(tmp_path: Path, name: bytes) -> None:
    root = tmp_path / "lib"
    put(root, b"fine.md", ARTICLE.format("fine", 1))
    put(root, b"empty-" + name, "")  # skipped: said on stderr with its name
    broken = put(root, b"broken-" + name, "---\ntitle: [unclosed\n---\nbody\n")
    put(root, name, ARTICLE.format("named", 2))
    shown = visible_name(os.fsdecode(b"empty-" + name))
    status, out, err = run("list", str(root))
    assert status == 0 and f"{shown}: empty file" in err
    assert_inert(out + err)
    status, out, err = run("list", str(root), "--json")
    assert_inert(out + err)
    assert os.fsdecode(name) in {json.loads(line)["path"] for line in out.splitlines()}
    status, out, err = run("show", str(broken))  # read in part: its problem on stderr
    assert status == 0 and "broken front matter" in err
    assert_inert(out + err)
    status, out, err = run("search", "searchable", str(root), "--rescan")
    assert status == 0 and shown in err
    assert_inert(out + err)


def test_json_escapes_c1_bidi_and_undecodable_bytes() -> None:
    value = {"path": "a\x9b\x85\u202e\u2028\x1b\udce9b"}
    text = json_text(value)
    assert_inert(text)
    assert "\\u009b" in text and "\\u202e" in text and "\\udce9" in text
    assert json.loads(text) == value


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("plain 中文.md", "plain 中文.md"),
        ("caf\udce9.md", "caf\\xe9.md"),
        ("\x1b]0;t\x07", "\\x1b]0;t\\x07"),
        ("a\tb\nc\rd", "a\\tb\\nc\\rd"),
        ("x\x85y\u202ez\u2028", "x\\u0085y\\u202ez\\u2028"),
    ],
)
def test_visible_name_writes_out_what_could_drive_a_terminal(name: str, shown: str) -> None:
    assert visible_name(name) == shown


async def test_the_problems_view_shows_names_inert(tmp_path: Path) -> None:
    from textual.widgets import DataTable

    from tui_reader.ui.screens.problems import ProblemsScreen

    root = tmp_path / "lib"
    put(root, b"fine.md", ARTICLE.format("fine", 1))
    put(root, b"caf\xe9.md", ARTICLE.format("odd", 2))
    put(root, b"\x1b]2;pwned\x07\xe2\x80\xae.md", "")
    app = make_app(root)
    async with app.run_test() as pilot:
        await settle(pilot)
        await pilot.press("P")
        await pilot.pause()
        assert isinstance(app.screen, ProblemsScreen)
        table = app.screen.query_one(DataTable)
        cells = [str(cell) for i in range(table.row_count) for cell in table.get_row_at(i)]
        assert "\\x1b]2;pwned\\x07\\u202e.md" in cells
        assert_inert("".join(cells))
        assert "Story odd" in {article.title for article in app.main_screen.snapshot.articles}


# Bytes that make hostile names: C0, C1 (UTF-8 encoded and raw), bidi controls, bytes that are
# not UTF-8, line separators, CJK.
PIECES = [
    b"\x1b", b"\x1b]0;t\x07", b"\x1b[2J", b"\x07", b"\x9b", b"\xc2\x9b", b"\xc2\x9d", b"\xc2\x85",
    b"\xe2\x80\xae", b"\xe2\x81\xa6", b"\xe2\x80\xa8", b"\xe9", b"\xff", b"\xd6\xd0", b"\xe4\xb8",
    b"\n", b"\t", b"\r", b"\x7f", b"a", b" ", b"\xe4\xb8\xad", b"\\",
]  # fmt: skip
NAMES = st.lists(
    st.one_of(st.sampled_from(PIECES), st.binary(min_size=1, max_size=3)), min_size=1, max_size=8
).map(lambda parts: b"".join(parts).replace(b"/", b"_").replace(b"\0", b"_")[:100])


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(names=st.lists(NAMES, min_size=1, max_size=4, unique=True), empty=st.booleans())
def test_any_file_name_is_read_and_shown_inert(
    tmp_path_factory: pytest.TempPathFactory, names: list[bytes], empty: bool
) -> None:
    from tui_reader.ui.screens.problems import problem_cells

    root = tmp_path_factory.mktemp("lib")
    wanted = set()
    for number, name in enumerate(names):
        name = b"n" + name + b".md"  # not hidden, an article's suffix
        text = "" if empty and number == 0 else ARTICLE.format(number, 1 + number % 9)
        path = put(root, name, text)
        wanted.add(name)
        status, out, err = run("show", str(path))
        assert status == (2 if not text else 0)
        assert_inert(out + err)
    status, out, err = run("list", str(root))
    assert status == 0
    assert_inert(out + err)
    status, out, err = run("list", str(root), "--json")
    assert_inert(out + err)
    listed = {os.fsencode(json.loads(line)["path"]) for line in out.splitlines()}
    assert listed == {n for n in wanted if not (empty and n == b"n" + names[0] + b".md")}
    snapshot = Library(root).scan()
    assert_inert("".join(str(cell) for p in snapshot.problems for cell in problem_cells(p)))
    assert_inert("".join(visible_name(a.path) + a.title for a in snapshot.articles))


# -- cost: linear in the text ---------------------------------------------------------------------


def best_of_3(function: Callable[[str], object], text: str) -> float:
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        function(text)
        best = min(best, time.perf_counter() - start)
    return best


def assert_linear(function: Callable[[str], object], make: Callable[[int], str]) -> None:
    """At 100 KB against 800 KB the time grows well under the quadratic 64 (bound 32, as the
    other hostile tests: linear work measured up to 20 on a loaded machine), and hostile text
    costs at most 50 times text of the same size with nothing to remove (the old sanitiser:
    about 4000 times)."""
    plain = best_of_3(function, "a" * 800_000 + "\x1b")
    small, large = best_of_3(function, make(100_000)), best_of_3(function, make(800_000))
    assert large / small < 32, (small, large)  # linear 8, quadratic 64
    assert large / plain < 50, (plain, large)


STRING_RUNS = ["\x90", "\x98", "\x9d", "\x9e", "\x9f", "\x1b]", "\x1bP", "\x1b", "\x9b", "\x9d\x1b"]


@pytest.mark.parametrize("run_of", STRING_RUNS, ids=[repr(r) for r in STRING_RUNS])
def test_the_sanitiser_is_linear_on_runs_of_introducers(run_of: str) -> None:
    assert_linear(clean_text, lambda n: "t" + run_of * (n // len(run_of)))
    assert_linear(clean_line, lambda n: ("x" * 99 + run_of) * (n // (99 + len(run_of))))


def test_the_sanitiser_gives_the_same_text_as_before_on_ordinary_escapes() -> None:
    assert clean_text("a\x1b]0;title\x07b\x9b1mc\x9d0;x\x9cd\u202ee\r\n") == "abcde\n"
    assert clean_text("keep \x9d all of this") == "keep  all of this"  # unterminated
    assert clean_text("\x9d0;a\x90b\x07") == "0;a"  # a string ends at the next introducer
    assert clean_text("lone \udce9 surrogate") == "lone  surrogate"


def test_headings_followed_by_spaces_cost_linear_time() -> None:
    # The title is looked for in the first 20,000 characters: sizes below that, each read 100
    # times so that the time is not noise.
    def titles(body: str) -> None:
        for _ in range(100):
            parse._title(None, body, "x.md")

    small, large = (best_of_3(titles, "# a" + " " * n + "b") for n in (2_000, 16_000))
    assert large / small < 32, (small, large)  # linear 8, quadratic 64
    assert parse._title(None, "# Title ##  \n", "x.md") == "Title"
    assert parse._title(None, "#\t\n<h2>html</h2>", "x.md") == "html"


@pytest.mark.parametrize("space", [" ", "\n", "\t", "\u3000 "])
def test_wrapping_white_space_costs_linear_time(space: str) -> None:
    assert_linear(lambda text: break_offsets(text, 80), lambda n: space * (n // len(space)))


# -- the size limit -------------------------------------------------------------------------------


def test_the_size_limit_is_said_as_the_readme_says_it(tmp_path: Path) -> None:
    found = re.search(r"oversize \(over (\d+) MB", README.read_text().replace("\n", " "))
    assert found is not None
    assert int(found[1]) == parse.MAX_FILE_MB
    big = tmp_path / "big.md"
    with open(big, "wb") as file:
        file.truncate(parse.MAX_FILE_BYTES + 1)  # sparse: no 32 MB written
    result = parse.parse_file(big, tmp_path)
    assert result.article is None
    assert f"limit {found[1]} MB" in result.problems[0].reason
    assert "file too large (32.1 MB" in result.problems[0].reason
