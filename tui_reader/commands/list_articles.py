"""`tui-reader list`: every article, newest first, as text lines or JSON lines."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterable
from datetime import date
from json.encoder import encode_basestring
from time import localtime
from typing import TYPE_CHECKING, Any, TypeVar

from tui_reader.commands.common import (
    add_library_argument,
    index_in_step,
    library_for,
    print_problems,
    print_warnings,
    run_guarded,
    scanned,
    story_fields,
    synced_index,
)
from tui_reader.core.library.api import (
    Article,
    article_of,
    path_from_sql,
    split_categories,
    split_tags,
)
from tui_reader.core.sanitize import json_escaped, json_text, json_unsafe
from tui_reader.core.state.api import StateStore

if TYPE_CHECKING:
    from tui_reader.core.search.api import SearchIndex


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "list",
        help="list articles, newest first",
        description="Print one line per article (date, category path, title), newest first.",
    )
    add_library_argument(parser)
    parser.add_argument("--json", action="store_true", help="one JSON object per line")
    parser.add_argument("--unread", action="store_true", help="only articles not marked read")
    parser.add_argument("--bookmarked", action="store_true", help="only bookmarked articles")
    parser.add_argument(
        "--rescan",
        action="store_true",
        help="check every file for changes first (files rewritten in place); otherwise the "
        "library is read again only when a folder's time has changed (a file added, removed "
        "or renamed)",
    )


def run(args: argparse.Namespace) -> int:
    return run_guarded(_run, args)


BATCH = 1000  # lines printed with one write


def _run(args: argparse.Namespace) -> int:
    library = library_for(args.library)
    if not args.rescan:  # the index alone, read a batch at a time, while the folder is unchanged
        with library.unchanged_listing(BATCH) as listing:
            index = index_in_step(library, listing) if listing is not None and args.json else None
            if listing is not None and (index is not None or not args.json):
                print_problems(listing)
                state = _reading_state()
                _print(args, state, listing.batches, _Rows(args, state, index).text)
                return 0
    snapshot = scanned(library, rescan=args.rescan)
    state = _reading_state()
    articles = snapshot.articles
    batches = (articles[start : start + BATCH] for start in range(0, len(articles), BATCH))
    text = _Articles(args, state, synced_index(library, snapshot) if args.json else None).text
    _print(args, state, batches, text)
    return 0


def _reading_state() -> StateStore:
    state = StateStore.open()
    state.close()  # only read from here on
    print_warnings(state.warnings)
    return state


Item = TypeVar("Item", Article, tuple[Any, ...])


def _print(
    args: argparse.Namespace,
    state: StateStore,
    batches: Iterable[list[Item]],
    text: Callable[[Item], str],
) -> None:
    """Print the articles of `batches` (newest first), each batch with one write (see
    commands.search), as `text` gives them."""
    write = sys.stdout.write
    for items in batches:
        if args.unread:
            items = [item for item in items if not state.is_read(_id_of(item))]
        if args.bookmarked:
            items = [item for item in items if state.is_bookmarked(_id_of(item))]
        write("".join([text(item) for item in items]))


def _id_of(item: Article | tuple[Any, ...]) -> str:
    return item.id if isinstance(item, Article) else item[3]


class _Articles:
    """The lines of articles (of a snapshot): `article_line`, or `article_json` and the marks
    of the reading state and the search index (hidden articles, stories) for `--json`."""

    def __init__(self, args: argparse.Namespace, state: StateStore, index: SearchIndex | None):
        self.json, self.state = args.json, state
        self.hidden = _hidden(index, state) if index is not None else frozenset()
        self.stories = index.story_map() if index is not None else {}

    def text(self, article: Article) -> str:
        if not self.json:
            return article_line(article) + "\n"
        state = self.state
        record = article_json(article)
        record.update(
            read=state.is_read(article.id),
            bookmarked=state.is_bookmarked(article.id),
            hidden=article.id in self.hidden,
            user_tags=list(state.tags_of(article.id)),
        )
        record.update(story_fields(self.stories, article.id))
        return json_text(record) + "\n"


# The dates whose line is made from the row's `epoch` (see `_Rows._local`); for other rows, from
# their article.
_LOCAL_FROM, _LOCAL_UNTIL = 0, 2**31
_EPOCH_DAY = date(1970, 1, 1).toordinal()
_MINUTES = [f"{minute // 60:02}:{minute % 60:02}" for minute in range(24 * 60)]
_KEPT = 4096  # the most category labels or JSON arrays kept for the rows that repeat them


class _Rows:
    """The lines of rows of the index (see `Library.unchanged_listing`) exactly as `_Articles`
    gives the lines of their articles, without building the articles: a million of them are
    printed in seconds."""

    def __init__(self, args: argparse.Namespace, state: StateStore, index: SearchIndex | None):
        self.articles = _Articles(args, state, index)
        self.text = self.json if args.json else self.line
        self.labels: dict[str, str] = {}
        self.arrays: dict[str, str] = {}
        self.tagged: set[str] = set().union(*map(state.tagged, state.all_tags()))
        self.hour: int | None = None  # the UTC hour of `offset`, as `_local` keeps them
        self.offset: int | None = None
        self.day: int | None = None  # the local day of `day_text` ("2024-03-05")
        self.day_text = ""

    def line(self, row: tuple[Any, ...]) -> str:
        (_path, _mtime, _size, _id, title, categories, _author, iso_date, date_from_file, _tags,
         _link, _image, epoch) = row  # fmt: skip
        if not iso_date:
            when = "?"
        elif _LOCAL_FROM <= epoch < _LOCAL_UNTIL:
            when = self._local(int(epoch))
        else:
            return self.articles.text(article_of(row))
        label = self.labels.get(categories)
        if label is None:
            label = self._keep(self.labels, categories, " | ".join(
                " / ".join(path) for path in split_categories(categories)
            ))  # fmt: skip
        return f"{when}{'~' if date_from_file else ' '} {label}  {title}\n"

    def _local(self, second: int) -> str:
        """`article_line`'s local time of `second` (whole seconds since the epoch). As
        `datetime.astimezone` does, the UTC time plus the offset the C library's localtime
        gives for that second; the offset is asked for once per hour of UTC time (the rows come
        in date order) and used for the whole hour when it is the same at both its ends."""
        hour = second // 3600
        if hour != self.hour:
            first, last = (localtime(hour * 3600 + s).tm_gmtoff for s in (0, 3599))
            self.hour, self.offset = hour, first if first == last else None
        local = second + (localtime(second).tm_gmtoff if self.offset is None else self.offset)
        day = local // 86400
        if day != self.day:
            self.day, self.day_text = day, date.fromordinal(_EPOCH_DAY + day).isoformat()
        return f"{self.day_text} {_MINUTES[local % 86400 // 60]}"

    def json(self, row: tuple[Any, ...]) -> str:
        """The row's line of `--json`."""
        (sql_path, _mtime, _size, ident, title, categories, author, iso_date, date_from_file,
         tags, link, image, _epoch) = row  # fmt: skip
        path = path_from_sql(sql_path)
        state, quote = self.articles.state, encode_basestring
        story, copies = self.articles.stories.get(ident, (ident, 1))
        user_tags = state.tags_of(ident) if ident in self.tagged else ()
        categories_json = self.arrays.get(categories)
        if categories_json is None:
            paths = [list(path) for path in split_categories(categories)]
            categories_json = self._keep(self.arrays, categories, json_text(paths))
        dated = quote(iso_date) if iso_date else "null"  # as the index keeps it: isoformat()
        user_tags_json = _json_array(user_tags)
        line = (
            f'{{"id": {quote(ident)}, "path": {quote(path)}, '
            f'"title": {quote(title)}, "categories": {categories_json}, '
            f'"author": {quote(author)}, '
            f'"date": {"null" if date_from_file else dated}, '
            f'"file_date": {dated if date_from_file else "null"}, '
            f'"tags": {_json_array(split_tags(tags))}, '
            f'"link": {quote(link) if link else "null"}, '
            f'"image": {quote(image) if image else "null"}, '
            f'"read": {_JSON_BOOL[state.is_read(ident)]}, '
            f'"bookmarked": {_JSON_BOOL[state.is_bookmarked(ident)]}, '
            f'"hidden": {_JSON_BOOL[ident in self.articles.hidden]}, '
            f'"user_tags": {user_tags_json}, '
            f'"story": {quote(story)}, "copies": {copies}}}\n'
        )
        # what json_text escapes can only be in the text of the fields (the categories' JSON
        # is escaped already): looked for there, a third of the line
        fields = f"{ident}{path}{title}{author}{iso_date}{tags}{link}{image}"
        if json_unsafe(f"{fields}{user_tags_json}{story}"):
            return json_escaped(line)
        return line

    @staticmethod
    def _keep(kept: dict[Any, str], key: Any, value: str) -> str:
        if len(kept) >= _KEPT:
            kept.clear()
        kept[key] = value
        return value


_JSON_BOOL = {False: "false", True: "true"}


def _json_array(names: tuple[str, ...]) -> str:
    """A tuple of strings as `json.dumps` writes it (before `json_escaped`)."""
    return f"[{', '.join(map(encode_basestring, names))}]" if names else "[]"


def _hidden(index: SearchIndex, state: StateStore) -> frozenset[str]:
    """The ids hidden by the rules of config.toml, from the search index brought up to date
    (read only when there is a hide or highlight rule)."""
    from tui_reader.core.rules import configured_rules, hides

    if not hides(configured_rules()[0]):
        return frozenset()
    from tui_reader.commands.rules import hidden_ids

    return hidden_ids(index, state)


def article_line(article: Article) -> str:
    if article.date:  # an f-string: strftime made up 40% of listing 100k articles
        d = article.date.astimezone()
        when = f"{d.year:04}-{d.month:02}-{d.day:02} {d.hour:02}:{d.minute:02}"
    else:
        when = "?"
    marker = "~" if article.date_from_file else " "  # ~ : date taken from the file's mtime
    return f"{when}{marker} {' | '.join(article.category_labels())}  {article.title}"


def article_json(article: Article) -> dict[str, Any]:
    return {
        "id": article.id,
        "path": article.path,
        "title": article.title,
        "categories": [list(path) for path in article.categories],
        "author": article.author,
        "date": article.date.isoformat() if article.date and not article.date_from_file else None,
        "file_date": article.date.isoformat() if article.date and article.date_from_file else None,
        "tags": list(article.tags),
        "link": article.link or None,
        "image": article.image or None,
    }
