"""Kinsoku: a wrapped line never starts with closing CJK punctuation (。，、；：？！」』）】), over
random CJK text and widths, and on a sample with `。` after a digit and a space."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console

from tui_reader.cli import main
from tui_reader.render.wrap import Paragraph, break_offsets

CLOSING = "。，、；：？！」』）】"
HAN = "的一是了我不人在他有这个上们来到时大地为子中你说生国年着就那和要她出也得里后自以会"
OPENING = "「『（【"

# Units of text: a Han character with up to two closing marks after it (`字。」`), a mark after a
# space (`0 。`, as in a sample), an opening bracket before a character, spaces, Latin words.
unit = st.one_of(
    st.tuples(st.sampled_from(HAN), st.text(CLOSING, max_size=2)).map("".join),
    st.tuples(st.sampled_from(HAN + "0123"), st.sampled_from(CLOSING)).map(" ".join),
    st.tuples(st.sampled_from(OPENING), st.sampled_from(HAN)).map("".join),
    st.just(" "),
    st.text("abcdefghxyz", min_size=1, max_size=8),
)
paragraph = st.lists(unit, min_size=1, max_size=80).map("".join)


def lines_of(text: str, width: int) -> list[str]:
    console = Console(width=width, color_system=None, legacy_windows=False)
    return [line.plain for line in Paragraph(text).wrap(console, width)]


@settings(max_examples=300, deadline=None)
@given(text=paragraph, width=st.integers(min_value=10, max_value=80))
def test_no_line_starts_with_closing_punctuation(text: str, width: int) -> None:
    lines = lines_of(text, width)
    for line in lines[1:]:
        assert line.lstrip()[:1] not in set(CLOSING), (lines, width)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")  # nothing cropped


@settings(max_examples=200, deadline=None)
@given(text=paragraph, width=st.integers(min_value=10, max_value=80))
def test_breaks_never_sit_before_closing_punctuation(text: str, width: int) -> None:
    for offset in break_offsets(text, width):
        assert text[offset:].lstrip()[:1] not in set(CLOSING)


@pytest.mark.parametrize("width", [40, 61])
def test_the_sample_has_no_line_starting_with_a_full_stop(
    capsys: pytest.CaptureFixture[str], width: int
) -> None:
    sample = Path(__file__).parent.parent / "samples" / "juejin-long-style-tables.md"
    assert main(["show", str(sample), "--width", str(width)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert any("0 。" in line for line in lines)  # the 。 after `0 ` is kept with its 0
    assert not [line for line in lines if line.lstrip()[:1] in set(CLOSING)]


def test_latin_word_starting_with_a_full_stop_is_not_glued_to_the_word_before() -> None:
    # ` .NET` is a word of its own, not a lone `.` to keep with the word before
    assert [line.rstrip() for line in lines_of("我我 .NET", 5)] == ["我我", ".NET"]
    assert lines_of("我我 0 。Windows", 5)[1].startswith("0 。")


def test_a_folded_word_lends_a_character_not_a_space() -> None:
    """Found by the property test in CI: the piece before `。` lent its space, so `。` still
    began the line."""
    assert lines_of("aaaaaaa0 。", 10) == ["aaaaaaa", "0 。"]
    assert lines_of("aaaaaaaaa0 。", 10) == ["aaaaaaaaa", "0 。"]  # the space began a piece
