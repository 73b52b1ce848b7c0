"""A rescan that found nothing new does not restart the search index build."""

from __future__ import annotations

from pathlib import Path

import pytest
from ui_support import make_app, make_library

from tui_reader.core.library.library import Snapshot
from tui_reader.ui.workers import search_indexer


def test_same_snapshot_is_indexed_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[Snapshot] = []
    monkeypatch.setattr(
        search_indexer, "index_in_background", lambda app, lib, snap: calls.append(snap)
    )
    app = make_app(make_library(tmp_path / "library"))
    snapshot = app.library.scan()
    app.index_for_search(snapshot)
    app.index_for_search(app.library.scan())  # unchanged: the same articles come back
    assert len(calls) == 1
    (tmp_path / "library" / "new.md").write_text("---\ntitle: 'New'\n---\n<p>x</p>\n", "utf-8")
    app.index_for_search(app.library.scan())
    assert len(calls) == 2
