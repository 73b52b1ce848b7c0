"""The article model: what the library knows about one file, without its body.

Articles are small slotted objects so they are cheap to build by the hundred thousand, can cross
process boundaries (the scanner parses in worker processes) and round-trip through the SQLite index.
An article read from the library index keeps no link or image (two URLs, ~170 B an article: 170 MB
at a million): they are read from the index when asked for (see `Details`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any, Generic, Self, TypeVar, overload

if TYPE_CHECKING:
    from collections.abc import Iterator, Sequence

UNCATEGORIZED = "Uncategorized"

CategoryPath = tuple[str, ...]
NO_DETAILS = ("", "")
T = TypeVar("T")


class Details:
    """Where the link and image of articles kept without them are read from (one object shared
    by all the articles of a library: the library index)."""

    def details(self, path: str) -> tuple[str, str]:
        """The link and image of the article at `path` ("" for what is not known)."""
        raise NotImplementedError

    def many(self, paths: list[str]) -> dict[str, tuple[str, str]]:
        """`details` of each of `paths` (the index reads them a few hundred to a query)."""
        return {path: self.details(path) for path in paths}


class _Part(Generic[T]):
    """One of two values an article keeps in one slot (`which`: 0 or 1), read by `read`; set
    only when the article is made."""

    what = ""  # the two values, named

    def __init__(self, which: int) -> None:
        self.which = which

    @overload
    def __get__(self, article: None, owner: Any) -> Self: ...
    @overload
    def __get__(self, article: Article, owner: Any) -> T: ...
    def __get__(self, article: Article | None, owner: Any) -> T | Self:
        return self if article is None else self.read(article)

    def read(self, article: Article) -> T:
        raise NotImplementedError

    def __set__(self, article: Article, value: T) -> None:
        raise AttributeError(f"an article's {self.what} are set when it is made")


class _Detail(_Part[str]):
    """An article's link (0) or image (1): kept in the article, or read from its `Details`."""

    what = "link and image"

    def read(self, article: Article) -> str:
        kept = article._details
        if kept.__class__ is tuple:
            return kept[self.which]
        return kept.details(article.path)[self.which]  # type: ignore[union-attr]


# An article's file stat, (mtime_ns, size), is one int in one slot: the size in the low bits,
# below the modification time (negative before 1970: the shift keeps its sign). The int is as
# large as the time alone (4 digits, 48 B), and a slot fewer makes the article 16 B smaller
# (pymalloc rounds to 16 B: 10 slots take 112 B, 11 take 128). A size out of the bits left
# (none seen: 256 TB), or a value not an int, is kept as the tuple.
STAT_SIZE_BITS = 48
STAT_SIZE_MASK = (1 << STAT_SIZE_BITS) - 1


def stat_key(mtime_ns: int, size: int) -> int | tuple[int, int]:
    """What an article made with this stat keeps of it: two stats are equal when their keys
    are (a rescan compares the files it walks with the articles by their keys)."""
    if mtime_ns.__class__ is int and size.__class__ is int and 0 <= size <= STAT_SIZE_MASK:
        return mtime_ns << STAT_SIZE_BITS | size
    return (mtime_ns, size)


class _Stat(_Part[int]):
    """An article's mtime_ns (0) or size (1), from the stat it keeps (see `stat_key`)."""

    what = "mtime_ns and size"

    def read(self, article: Article) -> int:
        kept: Any = article._stat
        if kept.__class__ is int:
            return kept & STAT_SIZE_MASK if self.which else kept >> STAT_SIZE_BITS
        return kept[self.which]


# Not a frozen dataclass: one sets each field through object.__setattr__, which made building
# 100k articles from the index 2.5x slower. Treat articles as immutable all the same (use
# dataclasses.replace); they hash by identity fields so they still work in sets and as keys.
# The fields are those of a dataclass (`dataclasses.fields`, `replace`, the repr); the slots
# differ by `_details`, which holds the link and image or the `Details` to read them from, and
# `_stat`, which holds mtime_ns and size (see `stat_key`).
@dataclass(init=False, eq=False, repr=False)
class Article:
    """Metadata of one article file.

    `id` is stable across renames, moves and rescans (see `core.library.identity`); `path` is
    relative to the library root and uses forward slashes. `date` is timezone-aware; when the front
    matter has no usable date it is the file's modification time and `date_from_file` is True.
    """

    __slots__ = ("id", "path", "title", "categories", "author", "date", "date_from_file", "tags",
                 "_details", "_stat")  # fmt: skip

    id: str
    path: str
    title: str
    categories: tuple[CategoryPath, ...]
    author: str
    date: datetime | None
    date_from_file: bool
    tags: tuple[str, ...]
    link: _Detail = _Detail(0)
    image: _Detail = _Detail(1)
    mtime_ns: _Stat = _Stat(0)
    size: _Stat = _Stat(1)

    def __init__(
        self,
        id: str,  # noqa: A002 - the field's name
        path: str,
        title: str,
        categories: tuple[CategoryPath, ...] = ((UNCATEGORIZED,),),
        author: str = "",
        date: datetime | None = None,
        date_from_file: bool = False,
        tags: tuple[str, ...] = (),
        link: str = "",
        image: str = "",
        mtime_ns: int = 0,
        size: int = 0,
        *,
        details: Details | None = None,
    ) -> None:
        """`details`, for an article without its link and image, is where they are read from."""
        self.id = id
        self.path = path
        self.title = title
        self.categories = categories
        self.author = author
        self.date = date
        self.date_from_file = date_from_file
        self.tags = tags
        self._details: tuple[str, str] | Details = (
            details if details is not None else (link, image) if link or image else NO_DETAILS
        )
        # (`stat_key`, inline: a call for each of a million articles read from the index)
        self._stat: int | tuple[int, int] = (
            mtime_ns << STAT_SIZE_BITS | size
            if mtime_ns.__class__ is int and size.__class__ is int and 0 <= size <= STAT_SIZE_MASK
            else (mtime_ns, size)
        )

    def _kept(self) -> tuple[Any, ...]:
        return (self.id, self.path, self.title, self.categories, self.author, self.date,
                self.date_from_file, self.tags, self.mtime_ns, self.size)  # fmt: skip

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not Article:
            return NotImplemented
        assert isinstance(other, Article)
        if self._kept() != other._kept():
            return False
        # articles of one index at one path: the same link and image, not read to be compared
        return self._details is other._details or (self.link, self.image) == (
            other.link,
            other.image,
        )

    def __repr__(self) -> str:
        # Never reads the index: Textual describes a worker by the repr of its arguments, on
        # the UI thread (opening an article passes it).
        kept = self._details
        details = (
            f"link={kept[0]!r}, image={kept[1]!r}"
            if isinstance(kept, tuple)
            else "link and image in the index"
        )
        return (
            f"Article(id={self.id!r}, path={self.path!r}, title={self.title!r}, "
            f"categories={self.categories!r}, author={self.author!r}, date={self.date!r}, "
            f"date_from_file={self.date_from_file!r}, tags={self.tags!r}, {details}, "
            f"mtime_ns={self.mtime_ns!r}, size={self.size!r})"
        )

    def __hash__(self) -> int:
        return hash((self.id, self.path))

    def __reduce__(self) -> tuple[Any, ...]:
        # sent to another process whole: the link and image go with it
        return (Article, (*self._kept()[:8], self.link, self.image, self.mtime_ns, self.size))

    def same_stat(self, mtime_ns: int, size: int) -> bool:
        """Whether the article's file had this stat (one comparison: reading `mtime_ns` and
        `size` unpacks each)."""
        return self._stat == stat_key(mtime_ns, size)

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


def with_details(articles: Sequence[Article]) -> list[Article]:
    """`articles`, each with its link and image in it: those kept without them are copies, their
    details read in one go (for a caller that reads every article's, an export: a look-up each
    takes ~17 µs; a few hundred to a query, ~2)."""
    wanted: dict[Details, list[str]] = {}
    for article in articles:
        kept = article._details
        if not isinstance(kept, tuple):
            wanted.setdefault(kept, []).append(article.path)
    if not wanted:
        return list(articles)
    found = {source: source.many(paths) for source, paths in wanted.items()}
    out: list[Article] = []
    for article in articles:
        kept = article._details
        if isinstance(kept, tuple):
            out.append(article)
            continue
        link, image = found[kept].get(article.path, NO_DETAILS)
        out.append(Article(
            article.id, article.path, article.title, article.categories, article.author,
            article.date, article.date_from_file, article.tags, link, image, article.mtime_ns,
            article.size,
        ))  # fmt: skip
    return out


DETAILS_CHUNK = 500  # articles whose links and images `details_by_chunk` reads in one go


def details_by_chunk(articles: Sequence[Article], size: int = DETAILS_CHUNK) -> Iterator[Article]:
    """`with_details` of `articles`, read a chunk of `size` at a time (one query for the chunk,
    not one for each article, nor all of them held at once)."""
    for start in range(0, len(articles), size):
        yield from with_details(articles[start : start + size])


def newest_first(articles: list[Article]) -> list[Article]:
    """Sort newest first; ties by title then path so the order is stable between runs."""
    return sorted(articles, key=lambda a: (-a.timestamp, a.title, a.path))
