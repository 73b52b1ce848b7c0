"""`ui.model.same_row.row_again`: the row the search results and the saved searches in the tree put
the highlight or cursor back on after their rows are replaced."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from tui_reader.ui.model.same_row import row_again

IDS = st.lists(st.one_of(st.none(), st.sampled_from("abcdefgh")), max_size=12)


@given(IDS, st.one_of(st.none(), st.sampled_from("abcdefgh")), st.integers(0, 20))
def test_the_same_id_else_the_same_row_else_the_last(
    ids: list[str | None], kept: str | None, row: int
) -> None:
    found = row_again(ids, (kept, row))
    if not ids:
        assert found is None
    elif kept is not None and kept in ids:
        assert found == ids.index(kept)  # the first of its rows
    else:
        assert found == min(row, len(ids) - 1)


def test_examples() -> None:
    assert row_again(["a", "b", "c"], ("c", 0)) == 2  # it moved up
    assert row_again(["a", "c"], ("b", 1)) == 1  # it dropped out: its row, now "c"
    assert row_again(["a"], ("b", 5)) == 0  # fewer rows: the last
    assert row_again([None, "a"], (None, 0)) == 0  # a row without an id keeps its row
