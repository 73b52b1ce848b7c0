"""The reading state a search needs: the read and the bookmarked ids, and the articles under
personal tags, loaded only for a query that filters on them.

`is:read`, `is:unread` and `is:bookmarked` are answered from ids handed to the search index
(`SearchIndex.search(read_ids=…, bookmarked_ids=…)`); any other query needs neither, and loading
them (a state store's log, its bookmarks; for the CLI, opening the store) is skipped. The search
bar, the tree's saved searches and `tui-reader search` all ask here. `tag:` is answered from
the ids under the personal tags it names (`tag_state`, handed on as `search(user_tags=…)`) as
well as from the articles' own tags.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Protocol, runtime_checkable

from tui_reader.core.search.query import Node, filter_values, uses_reading_state
from tui_reader.core.search.sql import user_tag_key


class _Bookmark(Protocol):
    @property
    def id(self) -> str: ...


@runtime_checkable
class Marks(Protocol):
    """What a search needs of a state store (`core.state.StateStore` is one)."""

    def read_ids(self) -> Iterable[str]: ...

    def bookmarks(self) -> Iterable[_Bookmark]: ...


@runtime_checkable
class SearchMarks(Protocol):
    """A store that keeps its marks as frozensets between changes (`core.state.StateStore`)."""

    def search_marks(self) -> tuple[frozenset[str], frozenset[str]]: ...


@runtime_checkable
class Tags(Protocol):
    """What a search needs of a state store for `tag:` (`core.state.StateStore` is one)."""

    def all_tags(self) -> Mapping[str, int]: ...

    def tagged(self, tag: str) -> set[str]: ...


def reading_state(
    query: str | Node | None,
    state: Marks | Callable[[], Marks] | None,
    *,
    wanted: bool = False,
) -> tuple[frozenset[str], frozenset[str]]:
    """The read ids and the bookmarked ids a search of `query` needs, from `state`: a store, or
    a function opening one, called only when they are needed. Two empty sets when the query does
    not filter on them (see `uses_reading_state`) and they are not `wanted` for another reason
    (`tui-reader search --json` prints them), or when there is no state. From a store that
    keeps them (`SearchMarks`), the same sets until they change, which the search index then
    need not read again."""
    if state is None or not (wanted or uses_reading_state(query)):
        return frozenset(), frozenset()
    store = state if isinstance(state, Marks) else state()
    if isinstance(store, SearchMarks):
        return store.search_marks()
    return frozenset(store.read_ids()), frozenset(bookmark.id for bookmark in store.bookmarks())


def tag_state(
    query: str | Node | None, state: Tags | Callable[[], Tags] | None
) -> dict[str, set[str]]:
    """The ids under each personal tag that the query's `tag:` filters name, from `state` (a
    store, or a function opening one, called only when needed); empty when it names none."""
    wanted = {user_tag_key(value) for value in filter_values(query, "tag")}
    if state is None or not wanted:
        return {}
    store = state if isinstance(state, Tags) else state()
    return {name: store.tagged(name) for name in store.all_tags() if user_tag_key(name) in wanted}
