"""A cancelled scan or index build stops its worker processes at once: the chunks a worker was
given run no further (leaving the pool, and the reader's exit, used to wait for each of them to
end: 20 s after the reader's screen had gone, during a first index build on a busy machine)."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from tui_reader.core.library import scanner
from tui_reader.core.library.library import Library
from tui_reader.core.search import workers

SLOW = 8.0  # seconds a chunk other than the first takes: far longer than the test needs


def slow_chunk(root: str, chunk: list[int]) -> list[int]:
    """The first chunk at once, the others slowly; each leaves a file when it ends."""
    if chunk[0] != 0:
        time.sleep(SLOW)
    Path(root, f"done-{chunk[0]}").write_text("", encoding="utf-8")
    return chunk


@pytest.mark.parametrize("how", ["cancel", "close"])
def test_index_build_workers_stop_mid_chunk(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, how: str
) -> None:
    monkeypatch.setattr(workers, "CHUNK", 2)
    monkeypatch.setattr(workers, "PARALLEL_FROM", 4)
    cancel = threading.Event()
    flow = workers.prepare_all(str(tmp_path), list(range(20)), slow_chunk, cancel, workers=2)
    assert next(flow) == [0, 1]
    if how == "cancel":
        cancel.set()
        assert list(flow) == []
    else:  # the caller stops reading (an exception, or a return from its loop)
        flow.close()
    # the pool is gone, and with it the chunks the workers had begun: none of them ended
    assert sorted(p.name for p in tmp_path.iterdir()) == ["done-0"]


def test_cancelled_scan_stops_its_workers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The library scan's pool goes the same way (`stop_now` is what ends it)."""
    root = tmp_path / "lib"
    for i in range(12):
        path = root / f"f{i // 4}" / f"post{i}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"---\ntitle: t{i}\n---\n\n<p>x</p>\n", encoding="utf-8")
    monkeypatch.setattr(scanner, "CHUNK", 2)
    monkeypatch.setattr(scanner, "PARALLEL_FROM", 4)
    stopped: list[int] = []
    real = scanner.stop_now

    def recording(pool, pending):  # type: ignore[no-untyped-def]
        stopped.append(len(list(pending)))
        real(pool, pending)

    monkeypatch.setattr(scanner, "stop_now", recording)
    cancel = threading.Event()
    library = Library(root, index_path=tmp_path / "index.sqlite3")
    snapshot = library.scan(on_batch=lambda _batch: cancel.set(), cancel=cancel, workers=2)
    assert snapshot.changes.cancelled
    assert stopped and stopped[0] > 0
