"""Finding the same row again after a list is refreshed: the search bar's results and a saved
search's articles in the tree are both replaced whole when their query runs again, and the
highlight or cursor should stay with what it was on.

Plain Python over the rows' ids, so each widget keeps its own way of reading and moving.
"""

from __future__ import annotations

from collections.abc import Sequence

Place = tuple[str | None, int]  # the id of the row the cursor was on (None: no id) and its row


def row_again(ids: Sequence[str | None], place: Place) -> int | None:
    """The row of the same id among the new rows, else the row the cursor was on (or the last,
    when fewer are left): a row that dropped out leaves the cursor near where it was. None when
    there are no rows."""
    kept_id, row = place
    if not ids:
        return None
    if kept_id is not None:
        for index, row_id in enumerate(ids):
            if row_id == kept_id:
                return index
    return min(row, len(ids) - 1)
