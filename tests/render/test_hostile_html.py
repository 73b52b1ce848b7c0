"""Hostile HTML bodies: every kind is rendered, and read for search, in linear time, safely.

Each kind is a construct the standard library's HTML parser (or a tag pattern) cannot see the end
of, repeated: an unclosed attribute quote, `</p`, `<?x`, `<!x`, `<![CDATA[` with no end, a start
tag whose quoted values hold `>` and that never ends, and the like. Linear time is checked by
ratio in one run: the body eight times larger must take well under the 64 times longer that
quadratic time takes (min of runs, bodies of 100 KB and 800 KB; the bound, 32, sits halfway
between linear and quadratic, as a body of 800 KB alone outgrows the processor's caches).
"""

from __future__ import annotations

import io
import random
import re
import sys
import time
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console, Group

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))

from bench_hostile_html import HOSTILE  # noqa: E402  (the kinds the benchmark times)

from tui_reader.core.library.model import Article
from tui_reader.core.search.htmltext import html_to_text
from tui_reader.render import convert as convert_module
from tui_reader.render.article import render_article
from tui_reader.render.convert import Converted, convert, escape_lone_lt
from tui_reader.render.linkset import LinkSet

LINEAR_BOUND = 32
KINDS = [pytest.param(fragment, id=name) for name, fragment in HOSTILE]


def body(fragment: str, size: int) -> str:
    return fragment * max(1, size // len(fragment))


def render(html: str) -> object:
    return convert(html, LinkSet())


def seconds(function: Callable[[str], object], text: str, runs: int) -> float:
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        function(text)
        best = min(best, time.perf_counter() - start)
    return best


def growth(function: Callable[[str], object], make: Callable[[int], str]) -> float:
    """How many times longer `function` takes on a body 8 times larger (linear: about 8,
    quadratic: 64). Measured again (three times at most) while it looks too long: a few
    milliseconds of a loaded machine must not pass for quadratic time."""
    small, large = make(100_000), make(800_000)
    function(small)  # imports and caches warm
    ratio = float("inf")
    for _ in range(3):
        ratio = seconds(function, large, 3) / max(seconds(function, small, 5), 1e-4)
        if ratio < LINEAR_BOUND:
            break
    return ratio


@pytest.mark.parametrize("fragment", KINDS)
def test_each_hostile_kind_renders_in_linear_time(fragment: str) -> None:
    assert growth(render, lambda size: body(fragment, size)) < LINEAR_BOUND


@pytest.mark.parametrize("fragment", KINDS)
def test_each_hostile_kind_reads_for_search_in_linear_time(fragment: str) -> None:
    assert growth(html_to_text, lambda size: body(fragment, size)) < LINEAR_BOUND


@pytest.mark.parametrize("fragment", KINDS)
def test_each_hostile_kind_renders_without_an_error(fragment: str) -> None:
    text = body(fragment, 20_000)
    converted = convert(text, LinkSet())
    assert isinstance(converted.plain, str)
    assert isinstance(html_to_text(text), str)


def mixed(seed: int, size: int) -> str:
    """A random interleaving of every hostile fragment and some ordinary HTML."""
    choices = [fragment for _, fragment in HOSTILE if len(fragment) < 100]
    choices += ["<p>text</p>", "<b>bold</b>", ">", "'", '"', "-->", "]]>", "\n"]
    pick = random.Random(seed).choice
    parts: list[str] = []
    length = 0
    while length < size:
        parts.append(pick(choices))
        length += len(parts[-1])
    return "".join(parts)


def test_a_random_mix_of_hostile_fragments_renders_in_linear_time() -> None:
    assert growth(render, lambda size: mixed(11, size)) < LINEAR_BOUND
    assert growth(html_to_text, lambda size: mixed(11, size)) < LINEAR_BOUND


def test_well_formed_constructs_are_still_read_as_before() -> None:
    html = (
        "<p>one<!-- a comment --> two<![CDATA[hidden]]> three<![if !x]>four<![endif]>"
        "<?php hidden ?> five</p><p title='a > b' class=\"c\">six</p><p>&#0000065;&#12345678;</p>"
    )
    plain = convert(html, LinkSet()).plain
    assert plain == "one two threefour five\n\nsix\n\nA\ufffd"
    # (search text reads a tag to its first `>`, even one in a quoted value)
    assert html_to_text(html.replace(" > ", " ")) == "one two threefour five\nsix\nA\ufffd"


def test_an_unterminated_construct_shows_as_text_and_the_rest_still_renders() -> None:
    html = "<p>before</p><a href='x<p>after <b>bold</b></p>"
    plain = convert(html, LinkSet()).plain
    assert "before" in plain and "after" in plain and "bold" in plain


_SGR = re.compile(r"\x1b\[[0-9;]*m")
_FORBIDDEN = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
FRAGMENTS = [fragment for _, fragment in HOSTILE if len(fragment) < 100] + [
    "<p>", "</p>", "<b>", "</b>", "<a href='https://e.org/'>", "</a>", "<pre>", "</pre>",
    "<table><tr><td>", "</td></tr></table>", "<script>", "</script>", "<style>", "-->", "]]>",
    ">", "'", '"', "&#27;[2J", "\x1b]52;c;eA==\x07", "&#" + "1" * 30 + ";", "&#x110000;", "text",
]  # fmt: skip


@settings(max_examples=80, deadline=None)
@given(st.lists(st.sampled_from(FRAGMENTS) | st.text(max_size=6), max_size=60).map("".join))
def test_any_mix_of_hostile_fragments_renders_safely(html: str) -> None:
    article = Article(id="x", path="x.md", title="t", link="https://example.com/a")
    rendered = render_article(article, html)
    assert _FORBIDDEN.search(rendered.plain_text.replace("\n", " ")) is None
    output = io.StringIO()
    Console(file=output, width=60, force_terminal=True, color_system="standard").print(
        Group(rendered.header, *rendered.body)
    )
    assert _FORBIDDEN.search(_SGR.sub("", output.getvalue()).replace("\n", " ")) is None
    assert _FORBIDDEN.search(html_to_text(html).replace("\n", " ")) is None


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="<a/!? &x", max_size=80), st.integers(min_value=1, max_value=9))
def test_lone_lt_is_escaped_a_piece_at_a_time_as_in_one_go(html: str, piece: int) -> None:
    assert escape_lone_lt(html, piece) == escape_lone_lt(html, len(html) + 1)
    assert escape_lone_lt(html, piece) == re.sub(r"<(?![a-zA-Z/!?])", "&lt;", html)


def test_image_placeholders_are_found_in_linear_time_in_any_text() -> None:
    from rich.text import Text

    from tui_reader.ui.widgets.reader.images import _placeholders

    def find(text: str) -> object:
        return list(_placeholders([Text(text)], {1: "https://e.org/a.png"}))

    assert find("[image: " + "a]" * 300 + "[1]") == []  # a label is never longer than 200
    assert find("x [image: a b][1]") == [(1, 0)]
    assert growth(find, lambda size: body("[image: x", size)) < LINEAR_BOUND


WELL_FORMED = [
    "<p>", "</p>", "<b>", "</b>", "<i>x</i>", "<a href='https://e.org/a?b=1&amp;c=2'>", "</a>",
    "<a title=\"1 > 0\" href=x>", "<img src='p.png' alt='a &lt;b&gt;'>", "<br/>", "<hr>",
    "<ul><li>", "</li></ul>", "<pre>", "</pre>", "<dependency>", "</Dependency>",
    "<table><tr><td>", "</td></tr></table>", "<script>x<y</script>", "<style>p{}</style>",
    "<!-- note -->", "<!---->", "<![CDATA[hidden]]>", "<![if !x]>", "<![endif]>", "<?php x ?>",
    "<!DOCTYPE html>", "&amp;", "&nbsp;", "&#65;", "&#x4e2d;", "&bogus;", "a < b", "text", " ",
    "\n", "中文",
]  # fmt: skip


class StandardParsing(convert_module._Converter):
    """The same converter on the standard library's construct parsers."""

    parse_starttag = HTMLParser.parse_starttag
    parse_pi = HTMLParser.parse_pi
    parse_html_declaration = HTMLParser.parse_html_declaration

    def parse_comment(self, i: int, report: int = 1) -> int:
        return HTMLParser.parse_comment(self, i, report)

    def parse_endtag(self, i: int) -> int:
        end = self.rawdata.find(">", i)
        self._raw_end_tag = self.rawdata[i : end + 1] if end != -1 else ""
        return HTMLParser.parse_endtag(self, i)


def convert_by_the_standard_parser(html: str) -> Converted:
    linear = convert_module._Converter
    convert_module._Converter = StandardParsing  # type: ignore[misc]
    try:
        return convert(html, LinkSet("https://e.org/"))
    finally:
        convert_module._Converter = linear  # type: ignore[misc]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(WELL_FORMED), max_size=40).map("".join))
def test_bodies_that_end_every_construct_render_as_the_standard_parser_renders_them(
    html: str,
) -> None:
    ours = convert(html, LinkSet("https://e.org/"))
    standard = convert_by_the_standard_parser(html)
    assert (ours.plain, ours.first_image) == (standard.plain, standard.first_image)
