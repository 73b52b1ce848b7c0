"""Dates at the ends of the calendar (0001-01-01, 9999-12-31) in a query: `after:` and `before:`
search as any other day does, in any time zone, and a date given to a word that is not a filter
(`on:9999-12-31`) is answered with a hint that is itself a query that runs."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tui_reader.cli import main
from tui_reader.core.search.query import QueryError, parse

ZONES = ["UTC", "Asia/Tokyo", "Pacific/Kiritimati", "America/Los_Angeles", "Pacific/Pago_Pago"]


def _count(capsys: pytest.CaptureFixture[str], query: str, library: Path) -> int:
    status = main(["search", "--count", query, str(library)])
    captured = capsys.readouterr()
    assert status in (0, 1), (query, captured.err)
    assert "Traceback" not in captured.err
    return int(captured.out)


@pytest.mark.parametrize("zone", ZONES)
def test_after_and_before_at_the_ends_of_the_calendar(
    zone: str,
    local_zone: Callable[[str], None],
    samples_library: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    local_zone(zone)
    dated = _count(capsys, "after:1970", samples_library)
    assert dated > 0
    for query in ("after:0001", "after:0001-01", "after:0001-01-01", "before:9999-12-31",
                  "before:9999", "after:0001 before:9999-12-31"):  # fmt: skip
        assert _count(capsys, query, samples_library) == dated, query
    for query in ("before:0001-01-01", "before:0001-01-02", "before:0002", "after:9999-12-31",
                  "after:9999", "after:9999-12"):  # fmt: skip
        assert _count(capsys, query, samples_library) == 0, query
    undated = _count(capsys, "-after:0001", samples_library)
    assert undated == _count(capsys, "-after:1970", samples_library)


@pytest.mark.parametrize(
    "query",
    [
        "on:9999-12-31",
        "on:9999-12",
        "on:9999",
        "date:9998-12",
        "day:0001-01-01",
        "since:0001",
        "in:0099-12",
        "until:0999",
    ],
)
def test_a_date_hint_at_the_ends_of_the_calendar_is_a_query_that_runs(query: str) -> None:
    with pytest.raises(QueryError) as raised:
        parse(query)
    hint = str(raised.value).split("for that date use ", 1)[1]
    assert hint.startswith("after:")
    parse(hint)  # every date in it is one the query language takes
