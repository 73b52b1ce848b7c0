"""Every date form found in archived front matter, and the file-time fallback without one."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from tui_reader.core.library.dates import parse_date
from tui_reader.core.library.model import Article
from tui_reader.core.library.parse import parse_bytes

MTIME = datetime(2024, 5, 6, 7, 8, 9, tzinfo=UTC)
MTIME_NS = int(MTIME.timestamp()) * 1_000_000_000
JAN_11 = datetime(2022, 1, 11, 2, 11, 30, tzinfo=UTC)
PLUS_8 = timezone(timedelta(hours=8))


def article_with_date(line: str) -> Article:
    text = f"\n---\ntitle: 'A'\n{line}\n---\n<p>body</p>\n"
    result = parse_bytes(text.encode(), "a.md", MTIME_NS, len(text))
    assert result.article is not None
    return result.article


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("date: Tue, 11 Jan 2022 02:11:30 GMT", JAN_11),  # RFC 2822
        ("date: Tue, 11 Jan 2022 10:11:30 +0800", JAN_11),  # RFC 2822 with an offset
        ("date: '2022-01-11T02:11:30Z'", JAN_11),  # ISO, Z, as a string
        ("date: '2022-01-11T10:11:30+08:00'", JAN_11),  # ISO with zone, as a string
        ("date: 2022-01-11T10:11:30+08:00", JAN_11),  # YAML timestamp with zone
        ("date: '2022-01-11T02:11:30'", JAN_11),  # ISO without zone: UTC
        ("date: 2022-01-11 02:11:30", JAN_11),  # YYYY-MM-DD HH:MM:SS, a naive YAML datetime
        ("date: '2022-01-11 02:11:30'", JAN_11),  # the same, quoted
        ("date: 2022-01-11", datetime(2022, 1, 11, tzinfo=UTC)),  # a YAML date
        ("date: 2022/01/11 02:11:30", JAN_11),  # slashes
        ("date: 1641867090", JAN_11),  # epoch seconds
        ("date: '1641867090'", JAN_11),  # epoch seconds as a string
        ("date: 1641867090000", JAN_11),  # epoch milliseconds
        ("updated: Tue, 11 Jan 2022 02:11:30 GMT", JAN_11),  # `updated` when `date` is absent
    ],
)
def test_date_forms(line: str, expected: datetime) -> None:
    article = article_with_date(line)
    assert article.date == expected
    assert article.date is not None and article.date.tzinfo is not None
    assert not article.date_from_file


@pytest.mark.parametrize(
    "line",
    [
        "date: Invalid Date",
        "date: ''",
        "date:",
        "date: yesterday",
        "date: 0",  # epoch 0 is junk, not 1970
        "date: 9999-12-31 00:00:00",  # beyond any plausible clock
        "date: [2022, 1, 11]",
        "date: {y: 2022}",
        "date: true",
        "date: 2022-13-45 25:61:00",
        "date: 67768036191676796929",  # fromtimestamp raises OSError (EOVERFLOW) on this
        "date: -67768036191676796929",
        "date: 1e300",
        "title2: no date key at all",
    ],
)
def test_unusable_dates_fall_back_to_mtime_and_say_so(line: str) -> None:
    article = article_with_date(line)
    assert article.date_from_file
    assert article.date == MTIME


def test_parse_date_keeps_an_aware_datetime_and_its_instant() -> None:
    value = datetime(2022, 1, 11, 10, 11, 30, tzinfo=PLUS_8)
    assert parse_date(value) == JAN_11
    assert parse_date(value).utcoffset() == timedelta(hours=8)  # type: ignore[union-attr]


def test_parse_date_objects_and_numbers() -> None:
    assert parse_date(date(2022, 1, 11)) == datetime(2022, 1, 11, tzinfo=UTC)
    assert parse_date(datetime(2022, 1, 11, 2, 11, 30)) == JAN_11  # naive -> UTC
    assert parse_date(1641867090.0) == JAN_11
    assert parse_date(True) is None  # a bool is an int, but never a date
    assert parse_date(None) is None
    assert parse_date(float("nan")) is None
    assert parse_date(10**30) is None


def test_the_json_date_is_null_when_taken_from_the_file() -> None:
    from tui_reader.commands.list_articles import article_json

    fallback = article_json(article_with_date("date: Invalid Date"))
    assert fallback["date"] is None
    assert fallback["file_date"] == MTIME.isoformat()
    dated = article_json(article_with_date("date: Tue, 11 Jan 2022 02:11:30 GMT"))
    assert dated["date"] == JAN_11.isoformat()
    assert dated["file_date"] is None
