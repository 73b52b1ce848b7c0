"""Turn the many date forms found in archived front matter into timezone-aware datetimes.

Seen in real archives: RFC 2822 (`Tue, 11 Jan 2022 02:11:30 GMT`), ISO 8601 with or without a zone,
`YYYY-MM-DD HH:MM:SS` (which YAML already turns into a naive datetime), YAML dates, epoch seconds
(or milliseconds), and junk such as `Invalid Date`. A date without a zone is taken as UTC: RSS
archivers run on servers in UTC, and one fixed rule keeps the order the same everywhere.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time
from email.utils import parsedate_to_datetime

_EPOCH = re.compile(r"^\s*-?\d{9,13}(\.\d+)?\s*$")
_SLASHED = re.compile(r"^(\d{4})/(\d{1,2})/(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$")
# Dates before this are almost surely junk (epoch 0, year 1); after it, clocks gone wrong.
_EARLIEST = datetime(1970, 1, 2, tzinfo=UTC)
_LATEST = datetime(2200, 1, 1, tzinfo=UTC)


def parse_date(value: object) -> datetime | None:
    """Return an aware datetime for `value`, or None when it holds no usable date."""
    try:
        result = _parse(value)
    except (ValueError, TypeError, OverflowError, IndexError, OSError):  # OSError: EOVERFLOW
        return None
    if result is None:
        return None
    if result.tzinfo is None:
        result = result.replace(tzinfo=UTC)
    if not (_EARLIEST <= result <= _LATEST):
        return None
    return result


def _parse(value: object) -> datetime | None:
    if isinstance(value, datetime):
        return value
    if isinstance(value, date):
        return datetime.combine(value, time(), tzinfo=UTC)
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return _from_epoch(float(value))
    if not isinstance(value, str):
        return None
    text = value.strip()
    if not text:
        return None
    if _EPOCH.match(text):
        return _from_epoch(float(text))
    return _from_string(text)


def _from_epoch(seconds: float) -> datetime:
    if abs(seconds) > 1e11:  # milliseconds, as JavaScript writes them
        seconds /= 1000
    return datetime.fromtimestamp(seconds, tz=UTC)


def _from_string(text: str) -> datetime | None:
    iso = text[:-1] + "+00:00" if text.endswith(("Z", "z")) else text
    try:
        return datetime.fromisoformat(iso)
    except ValueError:
        pass
    if match := _SLASHED.match(text):
        y, m, d, hh, mm, ss = (int(g) if g else 0 for g in match.groups())
        return datetime(y, m, d, hh, mm, ss)
    if "," in text or text[:3].isalpha():
        try:
            return parsedate_to_datetime(text)
        except (ValueError, TypeError, IndexError):
            return None
    return None
