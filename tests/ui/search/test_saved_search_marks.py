"""The tree's saved searches read the marks only for a query that filters on them (`is:`), as
the search bar and `tui-reader search` do: a saved `note` is run without them, a saved
`is:unread` with the read ids of the moment."""

from __future__ import annotations

from pathlib import Path

import pytest
from ui_support import make_library, running, settle

from tui_reader.ui.model import saved_store


async def test_saved_searches_get_the_marks_for_is_filters_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    given: dict[str, tuple[set[str], set[str]]] = {}
    original = saved_store.run_saved

    def recording(library, snapshot, query, read, marked, *rest, **options):  # type: ignore[no-untyped-def]
        given[query] = (set(read), set(marked))
        return original(library, snapshot, query, read, marked, *rest, **options)

    monkeypatch.setattr(saved_store, "run_saved", recording)
    async with running(make_library(tmp_path / "library")) as (app, pilot):
        main = app.main_screen
        assert main.snapshot is not None
        first = main.snapshot.articles[0].id
        main.set_read([first], True)
        await settle(pilot)
        for query in ("note", "is:unread", '"what is: this"', "note -is:bookmarked"):
            main.saved_runs.run(query, main.snapshot)
            await settle(pilot)
    assert given["note"] == given['"what is: this"'] == (set(), set())
    assert given["is:unread"][0] == given["note -is:bookmarked"][0] == {first}
