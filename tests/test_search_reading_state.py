"""The reading state (marks, bookmarks) is loaded for a search only when its query filters on it:
`is:` as a filter, not the letters `is:` inside a phrase (`"what is: this"`)."""

from __future__ import annotations

import shutil
from pathlib import Path
from types import SimpleNamespace

import pytest

from tui_reader.cli import main
from tui_reader.core.search.query import parse
from tui_reader.core.state.store import StateStore
from tui_reader.ui.screens.search import SearchScreen

SAMPLES = Path(__file__).parent / "samples"


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """Each opening of the state store, recorded."""
    calls: list[object] = []
    real = StateStore.open.__func__  # type: ignore[attr-defined]

    def recording(cls: type[StateStore], *args: object, **kwargs: object) -> StateStore:
        calls.append(args)
        return real(cls, *args, **kwargs)  # type: ignore[no-any-return]

    monkeypatch.setattr(StateStore, "open", classmethod(recording))
    return calls


def test_cli_loads_marks_for_an_is_filter_only(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], opened: list[object]
) -> None:
    folder = tmp_path / "library"
    shutil.copytree(SAMPLES, folder)
    assert main(["search", '"what is: this"', str(folder)]) == 1
    assert main(["search", "北约", str(folder)]) == 0
    plain = capsys.readouterr().out
    assert opened == []
    assert main(["search", "北约 is:unread", str(folder)]) == 0  # nothing is read yet
    assert capsys.readouterr().out == plain
    assert len(opened) == 1


class _State:
    def __init__(self) -> None:
        self.asked = 0

    def read_ids(self) -> set[str]:
        self.asked += 1
        return {"a"}

    def bookmarks(self) -> list[SimpleNamespace]:
        return [SimpleNamespace(id="b")]


@pytest.mark.parametrize(
    ("query", "loads"),
    [('"what is: this"', False), ("grace", False), ("grace -is:read", True)],
)
def test_search_screen_loads_marks_for_an_is_filter_only(query: str, loads: bool) -> None:
    state = _State()
    screen = SimpleNamespace(state=state)
    read, marked = SearchScreen._reading_state(screen, parse(query))  # type: ignore[arg-type]
    assert (read, marked) == (({"a"}, {"b"}) if loads else (set(), set()))
    assert state.asked == int(loads)
