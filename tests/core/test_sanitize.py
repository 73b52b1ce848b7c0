"""Text from files never drives the terminal, and sanitizing never eats more than the sequence."""

from __future__ import annotations

import pytest

from tui_reader.core.sanitize import clean_line, clean_text


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("a\x1b[2Jb", "ab"),  # clear screen
        ("a\x1b]0;evil title\x07b", "ab"),  # window title
        ("a\x1b]52;c;ZXZpbA==\x1b\\b", "ab"),  # clipboard write
        ("a\x1b]8;;https://x\x1b\\link\x1b]8;;\x1b\\b", "alinkb"),  # hyperlink
        ("a\x9b31mb", "ab"),  # 8-bit CSI
        ("a\x9d0;t\x9cb", "ab"),  # 8-bit OSC with 8-bit ST
        ("safe\u202etxt.exe", "safetxt.exe"),  # bidi override
        ("tab\tand\nnewline", "tab\tand\nnewline"),
        ("crlf\r\n", "crlf\n"),
    ],
)
def test_escape_sequences_and_controls_are_removed(raw: str, expected: str) -> None:
    assert clean_text(raw) == expected


def test_an_unterminated_string_sequence_loses_only_its_introducer() -> None:
    assert clean_text("keep \x9d all of this text") == "keep  all of this text"
    assert clean_text("keep \x1b]0;this too") == "keep 0;this too"


def test_clean_line_folds_whitespace() -> None:
    assert clean_line("  two\n lines\x1b[1m ") == "two lines"
