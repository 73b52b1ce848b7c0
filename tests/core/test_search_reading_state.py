"""The reading state (marks, bookmarks) is loaded for a search only when its query filters on it:
`is:` as a filter, not the letters `is:` inside a phrase (`"what is: this"`). The CLI, the search
bar and the tree's saved searches all ask `core.search.reading.reading_state`."""

from __future__ import annotations

import shutil
from pathlib import Path
from types import SimpleNamespace

import pytest

from tui_reader.cli import main
from tui_reader.core.search.query import parse
from tui_reader.core.search.reading import reading_state
from tui_reader.core.state.store import StateStore

SAMPLES = Path(__file__).parent.parent / "samples"


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
    [('"what is: this"', False), ("grace", False), ("grace -is:read", True),
     ("is:bookmarked OR x", True), (None, False), ("title:x", False)],
)  # fmt: skip
def test_marks_are_loaded_for_an_is_filter_only(query: str | None, loads: bool) -> None:
    """As the search bar and the tree's saved searches ask, with the text or the tree."""
    for asked in (query, parse(query) if query and "title:" not in query else query):
        state = _State()
        read, marked = reading_state(asked, state)
        assert (read, marked) == (({"a"}, {"b"}) if loads else (set(), set()))
        assert state.asked == int(loads)


def test_a_store_is_opened_only_when_its_marks_are_needed() -> None:
    """As the CLI asks: a function opening the store, called for `is:` or when `wanted`."""
    opened: list[_State] = []

    def open_state() -> _State:
        opened.append(_State())
        return opened[-1]

    assert reading_state("grace", open_state) == (set(), set()) and opened == []
    assert reading_state("grace", open_state, wanted=True) == ({"a"}, {"b"})
    assert reading_state("is:unread", open_state) == ({"a"}, {"b"})
    assert len(opened) == 2
    assert reading_state("is:unread", None) == (set(), set())
