"""One file's bytes to an `Article` (plus any problems), never raising on what a file contains."""

from __future__ import annotations

import math
import os
import re
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath
from stat import S_ISREG
from typing import Any

from tui_reader.core.library import frontmatter_split as fm
from tui_reader.core.library.dates import parse_date
from tui_reader.core.library.decoding import describe_repair, looks_binary
from tui_reader.core.library.identity import link_id, meta_id, text_id
from tui_reader.core.library.model import UNCATEGORIZED, Article, CategoryPath, ParseResult, Problem
from tui_reader.core.sanitize import clean_line, name_as_text, visible_name

# Files over this size are skipped (README "What it reads" gives the same figure).
MAX_FILE_MB = 32
MAX_FILE_BYTES = MAX_FILE_MB * 1024 * 1024
LINK_KEYS = ("link", "url", "permalink", "source_url", "original_url", "origin", "source")
IMAGE_KEYS = ("headimg", "thumbnail", "cover", "image", "banner")
INTERNAL_ERROR = "could not be parsed (internal error)"
MAX_CATEGORY_PATHS = 64
MAX_PATH_NAMES = 32
_PATH_VISITS = 256
# A Markdown heading starts a line; an HTML heading may sit anywhere (`<div><h2>…`) and span lines.
# The HTML part is bounded: unbounded, every unclosed `<h1>` scanned to the end of the text
# (thousands of them made one file cost a second). The Markdown part takes the rest of the line
# whole and `_markdown_heading` trims it: trimmed by the pattern (a lazy text, then
# `[ \t]*#*[ \t]*$`), a heading followed by spaces cost cubic time (a second at 1000 spaces).
_HEADING = re.compile(
    r"^[ \t]*#{1,6}[ \t]([^\n]+)$|<h[1-6][^>]{0,300}>(.{0,500}?)</h[1-6]>",
    re.M | re.I | re.S,
)
_TAG = re.compile(r"<[^>]+>")


def parse_file(path: Path, root: Path) -> ParseResult:
    """Read and parse one file; unreadable files become a problem, not an exception."""
    return parse_at(os.fspath(path), relative_path(path, root))


def parse_at(path: str, rel: str) -> ParseResult:
    """`parse_file` of the file at `path`, `rel` below the library's folder (the scanner's way
    in: it knows both as text, and making paths of them cost a tenth of a file's parse)."""
    try:
        # Non-blocking, and checked once open: a pipe put where a file was must not hang a scan.
        # Read with the descriptor alone: a file object around it cost a twentieth of a parse.
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
        try:
            stat = os.fstat(fd)
            if not S_ISREG(stat.st_mode):
                return _skipped(rel, "cannot read: not a regular file")
            if stat.st_size > MAX_FILE_BYTES:
                return _skipped(rel, too_large(stat.st_size))
            data = _read_all(fd, stat.st_size)
        finally:
            os.close(fd)
    except FileNotFoundError:
        return ParseResult(None, [])  # deleted while the scan ran: simply gone
    except OSError as error:
        return _skipped(rel, f"cannot read: {error.strerror or error}")
    return parse_bytes(data, rel, stat.st_mtime_ns, stat.st_size)


def _read_all(fd: int, size: int) -> bytes:
    """Everything to the end of the file: the `size` bytes its stat gave, in one read, and what
    it may have grown by since."""
    data = os.read(fd, size + 1)
    if not data:
        return data
    more = [data]
    while chunk := os.read(fd, max(size, 65536)):
        more.append(chunk)
    return data if len(more) == 1 else b"".join(more)


def too_large(size: int) -> str:
    """Why a file of `size` bytes is skipped. Megabytes of 1024 × 1024 bytes, as the limit is
    counted; the size rounded up, so that it never reads as the limit itself."""
    megabytes = math.ceil(size * 10 / (1024 * 1024)) / 10
    return f"file too large ({megabytes:g} MB, limit {MAX_FILE_MB} MB)"


def relative_path(path: Path, root: Path) -> str:
    try:
        return PurePosixPath(path.relative_to(root)).as_posix()
    except ValueError:
        return path.as_posix()


def read_body(path: Path) -> str:
    """The article's body (HTML or text) without its front matter, split exactly as the scan
    split it (see `frontmatter_split.read_document`). Raises OSError."""
    return fm.read_document(path.read_bytes()).body


def parse_bytes(data: bytes, rel: str, mtime_ns: int, size: int) -> ParseResult:
    if not data.strip():
        return _skipped(rel, "empty file")
    if looks_binary(data):
        return _skipped(rel, "binary file, not text")
    if len(data) > MAX_FILE_BYTES:
        return _skipped(rel, too_large(len(data)))
    document = fm.read_document(data)
    try:
        result = _parse_document(document, rel, mtime_ns, size)
    except RecursionError:  # pathologically nested YAML or HTML: skip, never crash the scan
        return _skipped(rel, "content nested too deeply to read")
    except Exception as error:  # a parser bug must cost one file, never the whole scan
        return _skipped(rel, f"{INTERNAL_ERROR}: {type(error).__name__}: {error}")
    if repair := describe_repair(document.decoded):
        result.problems.insert(0, Problem(rel, repair, skipped=False))
    return result


def _parse_document(document: fm.Document, rel: str, mtime_ns: int, size: int) -> ParseResult:
    front, body, text = document.front, document.body, document.text
    problems: list[Problem] = []
    meta: dict[str, Any] = {}
    if front is not None:
        try:
            meta = fm.load(front)
        except fm.FrontMatterError as error:
            meta = fm.recover(front)
            problems.append(
                Problem(
                    rel,
                    f"broken front matter ({error}); recovered what could be read",
                    skipped=False,
                )
            )
    title = _title(meta.get("title"), body, rel)
    raw_date = meta.get("date", meta.get("updated"))
    date = parse_date(raw_date)
    date_from_file = date is None
    if date is None:
        date = datetime.fromtimestamp(mtime_ns / 1e9, tz=UTC)
    categories = categories_from(meta.get("categories", meta.get("category")))
    author = _one_line(meta.get("author"))
    link = _first_string(meta, LINK_KEYS)
    if front is None:
        ident = text_id(text)
    elif link:
        ident = link_id(link)
    else:
        sample = body[:4096] if date_from_file else ""
        # The date as read, not as written, so that YAML and the fast reader give the same id.
        when = _raw(raw_date) if date_from_file else date.isoformat()
        ident = meta_id(title, when, author, "/".join(categories[0]), sample)
    article = Article(
        id=ident,
        path=rel,
        title=title,
        categories=categories,
        author=author,
        date=date,
        date_from_file=date_from_file,
        tags=_names(meta.get("tags", meta.get("tag"))),
        link=link,
        image=_first_string(meta, IMAGE_KEYS),
        mtime_ns=mtime_ns,
        size=size,
    )
    return ParseResult(article, problems)


def categories_from(value: object) -> tuple[CategoryPath, ...]:
    """Hexo's rules: a list is ONE path, parent first; a list of lists is several paths; a
    string is one category; nothing is Uncategorized. A list mixing names and nested lists (a
    broken entry such as ` -  - news`) stays one path, the nested names folded into it.

    A library repeats a few hundred category lists across all its files: one made of names
    only is worked out once (per process) and looked up after that."""
    key = _names_key(value)
    if key is None:
        return _categories(value)
    found = _CATEGORIES.get(key)
    if found is None:
        if len(_CATEGORIES) >= _CATEGORIES_KEPT:
            _CATEGORIES.clear()
        found = _CATEGORIES[key] = _categories(value)
    return found


_CATEGORIES: dict[object, tuple[CategoryPath, ...]] = {}
_CATEGORIES_KEPT = 4096


def _names_key(value: object) -> object:
    """A key that holds all `categories_from` reads of `value` — a name, a list of names or a
    list of lists of names, a few short ones — or None for anything else."""
    if type(value) is str:
        return value if len(value) <= _NAME_KEPT else None
    if type(value) is not list or not 0 < len(value) <= 8:
        return None
    if _short_names(value):
        return ("path", *value)
    if all(type(item) is list and 0 < len(item) <= 8 and _short_names(item) for item in value):
        return ("paths", *(tuple(item) for item in value))
    return None


def _short_names(items: list[Any]) -> bool:
    return all(type(item) is str and len(item) <= _NAME_KEPT for item in items)


_NAME_KEPT = 200


def _categories(value: object) -> tuple[CategoryPath, ...]:
    paths: list[CategoryPath] = []
    if isinstance(value, list) and value and all(isinstance(v, list) for v in value):
        paths = [_path(v) for v in value[:MAX_CATEGORY_PATHS]]
    elif isinstance(value, list):
        paths = [_path(value)]
    elif isinstance(value, dict):
        paths = [_path([key, val]) for key, val in list(value.items())[:MAX_CATEGORY_PATHS]]
    elif value is not None:
        paths = [_path([value])]
    paths = [p for p in dict.fromkeys(paths) if p]
    return tuple(paths) or ((UNCATEGORIZED,),)


def _path(items: list[Any]) -> CategoryPath:
    """The names in `items`, nested lists flattened depth-first. Bounded by a visit budget: YAML
    aliases let a few lines build a list that repeats itself by reference (billions of items
    when walked, or a cycle), and a real path has a handful of names."""
    names: list[str] = []
    budget = _PATH_VISITS
    stack: list[Any] = list(reversed(items[:budget]))
    while stack and budget > 0 and len(names) < MAX_PATH_NAMES:
        item = stack.pop()
        budget -= 1
        if isinstance(item, list | tuple):
            stack.extend(reversed(item[:budget]))
        elif item is not None:
            name = _one_line(item)
            if name:
                names.append(name)
    return tuple(names)


def _names(value: object) -> tuple[str, ...]:
    if value is None:
        return ()
    items = value if isinstance(value, list) else [value]
    names = (_one_line(item) for item in items if item is not None and not isinstance(item, dict))
    return tuple(dict.fromkeys(n for n in names if n))


def _title(value: object, body: str, rel: str) -> str:
    title = _one_line(value) if value is not None else ""
    if title:
        return title
    if match := _HEADING.search(body[:20000]):
        text = match.group(2) if match.group(1) is None else _markdown_heading(match.group(1))
        heading = _one_line(_TAG.sub("", text or ""))
        if heading:
            return heading
    return _one_line(name_as_text(PurePosixPath(rel).stem)) or visible_name(rel)


def _markdown_heading(rest: str) -> str:
    """The text of a Markdown heading from the rest of its line (after its `#`s and a space):
    without the closing `#`s and the spaces around them, but never empty (`# #` is the heading
    `#`) unless there is only white space."""
    line = rest.lstrip(" \t")
    text = line.rstrip(" \t").rstrip("#").rstrip(" \t")
    return text or line[:1]


def _first_string(meta: dict[str, Any], keys: tuple[str, ...]) -> str:
    for key in keys:
        value = meta.get(key)
        if isinstance(value, str) and value.strip():
            return _one_line(value)
    return ""


def _one_line(value: object) -> str:
    if value is None or isinstance(value, dict | list):  # `author:` left empty is no "None"
        return ""
    return clean_line(str(value))


def _raw(value: object) -> str:
    if value is None or isinstance(value, dict | list):  # str() of an alias bomb never ends
        return ""
    return str(value)


def _skipped(rel: str, reason: str) -> ParseResult:
    return ParseResult(None, [Problem(rel, reason)])
