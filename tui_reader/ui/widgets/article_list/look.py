"""What the article list asks of the reader's state to draw a row: the `RowLook` protocol.

The main screen passes an object answering from the reading state, bookmarks, rules and tags;
`NoLook` answers for a list shown before it does (every article unread, nothing marked).
"""

from __future__ import annotations

from typing import Protocol

from tui_reader.ui.widgets.article_list.row import Marks


class RowLook(Protocol):
    """How a row looks: asked for each row when it is drawn, so answers may change between
    paints (call `ArticleList.repaint_rows` after a change)."""

    def is_read(self, article_id: str) -> bool: ...

    def is_bookmarked(self, article_id: str) -> bool: ...

    def is_highlighted(self, article_id: str) -> bool:
        """Whether a rule highlights the article."""
        ...

    def tags_of(self, article_id: str) -> tuple[str, ...]:
        """The article's personal tags."""
        ...

    def also_in(self, article_id: str) -> str:
        """Where else its story is: "also in IT之家 · 快科技 (+2)", or ""."""
        ...


class NoLook:
    """Every article unread, none bookmarked, highlighted or tagged."""

    def is_read(self, article_id: str) -> bool:
        return False

    def is_bookmarked(self, article_id: str) -> bool:
        return False

    def is_highlighted(self, article_id: str) -> bool:
        return False

    def tags_of(self, article_id: str) -> tuple[str, ...]:
        return ()

    def also_in(self, article_id: str) -> str:
        return ""


def marks_of(look: RowLook, article_id: str) -> Marks:
    return Marks(
        read=look.is_read(article_id),
        bookmarked=look.is_bookmarked(article_id),
        highlighted=look.is_highlighted(article_id),
        tags=look.tags_of(article_id),
        also=look.also_in(article_id),
    )
