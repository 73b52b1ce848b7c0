"""The article model: what the library knows about one file, without its body.

Articles are plain slotted dataclasses so they are cheap to build by the hundred thousand, can cross
process boundaries (the scanner parses in worker processes) and round-trip through the SQLite index.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

UNCATEGORIZED = "Uncategorized"

CategoryPath = tuple[str, ...]


# Not frozen: a frozen dataclass sets each field through object.__setattr__, which made building
# 100k articles from the index 2.5x slower. Treat articles as immutable all the same (use
# dataclasses.replace); they hash by identity fields so they still work in sets and as keys.
@dataclass(slots=True)
class Article:
    """Metadata of one article file.

    `id` is stable across renames, moves and rescans (see `core.library.identity`); `path` is
    relative to the library root and uses forward slashes. `date` is timezone-aware; when the front
    matter has no usable date it is the file's modification time and `date_from_file` is True.
    """

    id: str
    path: str
    title: str
    categories: tuple[CategoryPath, ...] = ((UNCATEGORIZED,),)
    author: str = ""
    date: datetime | None = None
    date_from_file: bool = False
    tags: tuple[str, ...] = ()
    link: str = ""
    image: str = ""
    mtime_ns: int = 0
    size: int = 0

    def __hash__(self) -> int:
        return hash((self.id, self.path))

    @property
    def timestamp(self) -> float:
        """Seconds since the epoch, for sorting (undated articles sort last)."""
        return self.date.timestamp() if self.date else float("-inf")

    def category_labels(self) -> list[str]:
        """Each category path joined for display: `新媒体 / cnBeta / 最新`."""
        return [" / ".join(path) for path in self.categories]


@dataclass(frozen=True, slots=True)
class Problem:
    """A file that was skipped or only partly understood, and why."""

    path: str
    reason: str
    skipped: bool = True


@dataclass(slots=True)
class ParseResult:
    """What parsing one file gives: an article, a problem, or both (recovered with a warning)."""

    article: Article | None = None
    problems: list[Problem] = field(default_factory=list)


def newest_first(articles: list[Article]) -> list[Article]:
    """Sort newest first; ties by title then path so the order is stable between runs."""
    return sorted(articles, key=lambda a: (-a.timestamp, a.title, a.path))
