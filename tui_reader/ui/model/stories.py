"""The stories of the library as the reader uses them: each article's copies (see
core.search.stories), loaded from the search index after each update of it.

Plain Python, no Textual: the main screen asks it which articles share a story (to mark them
read together, to skip copies already read with `.`, to count unread stories), and the search
screen and the saved searches fold a story's copies into one row.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tui_reader.core.library.api import Article


class Stories:
    """Each article with copies to the ids of its story, earliest first."""

    def __init__(self, story_map: dict[str, tuple[str, int]] | None = None) -> None:
        groups: dict[str, list[str]] = {}
        for article_id, (story, _copies) in (story_map or {}).items():
            groups.setdefault(story, []).append(article_id)
        self.groups = [
            tuple(sorted(ids, key=lambda i: (i != story, i))) for story, ids in groups.items()
        ]
        self._of = {article_id: group for group in self.groups for article_id in group}

    def story_of(self) -> dict[str, str]:
        """Each article with copies to its story's id."""
        return {article_id: group[0] for group in self.groups for article_id in group}

    def copies(self, article_id: str) -> tuple[str, ...]:
        """The ids of `article_id`'s story, the story's own id first (only itself when it has no
        copies)."""
        return self._of.get(article_id, (article_id,))

    def story(self, article_id: str) -> str:
        return self.copies(article_id)[0]

    def with_copies(self, article_ids: Iterable[str]) -> list[str]:
        """`article_ids` and every copy of each, each id once, in order."""
        out: dict[str, None] = {}
        for article_id in article_ids:
            out.update(dict.fromkeys(self.copies(article_id)))
        return list(out)

    def any_read(self, article_id: str, is_read: Callable[[str], bool]) -> bool:
        """Whether the article or one of its copies is read."""
        return any(is_read(copy) for copy in self.copies(article_id))

    def extra_unread(self, is_read: Callable[[str], bool], present: Callable[[str], bool]) -> int:
        """How many unread articles do not count as an unread story: the unread articles minus
        this are the unread stories. A story is unread while none of its copies is read (as `.`
        sees it, see `any_read`): its further unread copies count once, and the unread copies of
        a story read from another copy (a copy that arrived after, one left unread with
        `mark_copies_read` off) not at all."""
        extra = 0
        for group in self.groups:
            shown = [i for i in group if present(i)]
            unread = sum(1 for i in shown if not is_read(i))
            extra += unread if unread < len(shown) else max(0, unread - 1)
        return extra

    def also_in(
        self, article: Article, by_id: Mapping[str, Article], hidden: frozenset[str]
    ) -> str:
        """Where else `article`'s story is, as a search result and a saved search's row say it
        ("also in IT之家 · 快科技 (+2)"): its copies in `by_id` but not in `hidden` (hidden out of
        the lists by a rule); "" when it has none."""
        ids = self.copies(article.id)
        if len(ids) < 2:
            return ""
        copies = [c for i in ids if i not in hidden and (c := by_id.get(i)) is not None]
        if len(copies) < 2:
            return ""
        from tui_reader.core.search.api import also_in  # in the worker that searched

        copies.sort(key=lambda a: (a.timestamp, a.id))  # earliest first
        return also_in(copies, article)

    def fold(self, articles: list[Article], prefer: list[str]) -> list[Article]:
        """`articles` with each story once, where its first copy is: the copy of the preferred
        source among those listed (`[stories] prefer`), else that first one."""
        listed: dict[str, list[Article]] = {}
        for article in articles:
            listed.setdefault(self.story(article.id), []).append(article)
        if len(listed) == len(articles):
            return articles
        from tui_reader.core.search.api import preferred_copy  # in the worker that searched

        out: list[Article] = []
        for article in articles:
            copies = listed.get(self.story(article.id))
            if copies is not None:
                out.append(preferred_copy(copies, prefer) if len(copies) > 1 else article)
                del listed[self.story(article.id)]
        return out
