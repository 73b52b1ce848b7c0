"""Fixtures of the UI tests: the fixture library the reader is run on."""

from __future__ import annotations

from pathlib import Path

import pytest
from ui_support import make_library

from tui_reader.core.library.library import Library


@pytest.fixture
def library(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    """The fixture library of ui_support.make_library: the real samples and the crafted articles
    (a long English one, a small category of three, one filed twice, files that fail to load).

    A module or a test asks for less or more with `pytest.mark.library(...)`: `samples=False`
    leaves the samples out (a small tree), `warm=True` scans it once first, so that the reader
    starts from a warm index as at every start but the first."""
    marker = request.node.get_closest_marker("library")
    options = marker.kwargs if marker else {}
    root = make_library(tmp_path / "library", samples=options.get("samples", True))
    if options.get("warm", False):
        Library(root).scan(workers=0)
    return root
