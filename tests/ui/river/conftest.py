"""Fixtures of the river tests: local time is UTC unless a test sets another zone."""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator

import pytest


def _set_zone(zone: str | None) -> None:
    if zone is None:
        os.environ.pop("TZ", None)
    else:
        os.environ["TZ"] = zone
    time.tzset()


@pytest.fixture(autouse=True)
def zone() -> Iterator[Callable[[str], None]]:
    """Local time is UTC; `zone("Asia/Shanghai")` moves it. The zone before is put back after
    (by hand: `monkeypatch.undo` would undo the per-test user folders too)."""
    before = os.environ.get("TZ")
    _set_zone("UTC")
    try:
        yield _set_zone
    finally:
        _set_zone(before)
