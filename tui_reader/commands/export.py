"""`tui-reader export QUERY [LIBRARY] -o FILE`: a digest of the articles a search finds.

The articles are found as `tui-reader search` finds them (the same query language, index and
`--order`), or by a saved search (`--saved NAME`) or the bookmarks (`--bookmarks`, narrowed by a
QUERY when one is given). Each is written with its header and its body as the reader renders it
(`render.export`): Markdown, one self-contained HTML page, or an EPUB book.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from tui_reader.commands import search
from tui_reader.commands.common import CommandError, add_library_argument, run_guarded
from tui_reader.core.config import load_config
from tui_reader.core.library.api import read_body, resolve_library
from tui_reader.core.rules import configured_rules, hides, views
from tui_reader.core.sanitize import visible_name
from tui_reader.core.search.api import ORDERS, QueryError, SearchHistory, parse
from tui_reader.core.wording import counted

if TYPE_CHECKING:
    from tui_reader.core.library.api import Article

FORMATS = ("markdown", "html", "epub")  # as render.export.digest.FORMATS, without importing it
_BY_SUFFIX = {".md": "markdown", ".markdown": "markdown", ".html": "html", ".htm": "html",
              ".epub": "epub"}  # fmt: skip
VALUE_OPTIONS = ("--format", "--output", "--saved", "--order", "--limit", "--title", "--library")


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "export",
        help="write a digest of articles as Markdown, HTML or EPUB",
        description="Write the articles matching QUERY (as `tui-reader search` finds them), a "
        "saved search (--saved NAME) or the bookmarks (--bookmarks) to FILE: a table of "
        "contents, then each article with its title, source, date, link and body. HTML is one "
        "self-contained page without scripts or remote loads (images only with --images). "
        "EPUB needs the epub extra (pip install 'tui-reader[epub]'). Exit status: 0 when "
        "written, 1 when nothing matched (no file is written), 2 on error.",
    )
    parser.add_argument(
        "query", nargs="?", metavar="QUERY",
        help="the search, quoted as one argument (see `tui-reader search --help`)",
    )  # fmt: skip
    add_library_argument(parser)
    parser.add_argument(
        "-o", "--output", required=True, metavar="FILE",
        help="the file to write ('-' for standard output, Markdown and HTML only)",
    )  # fmt: skip
    parser.add_argument(
        "-f", "--format", choices=FORMATS,
        help="markdown, html or epub (default: from FILE's suffix: .md, .html, .epub)",
    )  # fmt: skip
    parser.add_argument("--saved", metavar="NAME", help="the articles of a saved search")
    parser.add_argument(
        "--bookmarks", action="store_true",
        help="the bookmarked articles (those matching QUERY, when one is given)",
    )  # fmt: skip
    parser.add_argument("--order", choices=ORDERS, default="newest", help="article order")
    parser.add_argument("--limit", type=int, default=None, help="export at most N articles")
    parser.add_argument("--title", help="the digest's title (default: from the query)")
    parser.add_argument(
        "--images", action="store_true",
        help="HTML and Markdown: show images from their http(s) addresses (default: links)",
    )  # fmt: skip
    parser.add_argument(
        "--rescan", action="store_true", help="check every file for changes first"
    )  # fmt: skip


def prepare_args(args: list[str]) -> list[str]:
    """A query starting with `-` (see `search.prepare_args`)."""
    return search.prepare_args(args, VALUE_OPTIONS, ("-o", "-f"))


def run(args: argparse.Namespace) -> int:
    # With --saved (which is the query) or --bookmarks, a lone argument naming a folder is the
    # library: `export --saved week ~/news -o week.html`.
    lone = args.query is not None and args.library is None and args.library_option is None
    if lone and (args.saved or (args.bookmarks and _is_folder(args.query))):
        args.library, args.query = args.query, None
    return run_guarded(_run, args)


def _is_folder(argument: str) -> bool:
    try:
        return Path(argument).expanduser().is_dir()
    except (OSError, RuntimeError):
        return False


def _run(args: argparse.Namespace) -> int:
    form = args.format or _BY_SUFFIX.get(Path(args.output).suffix.lower())
    if form is None:
        raise CommandError("say which format with --format markdown|html|epub")
    if args.output == "-" and form == "epub":
        raise CommandError("an EPUB is written to a file, not to standard output")
    if args.limit is not None and args.limit <= 0:
        raise CommandError("--limit must be at least 1")
    text, title = _query(args)
    articles = _articles(args, text)
    if not articles:
        print("tui-reader: nothing to export: no article matches", file=sys.stderr)
        return 1
    root = resolve_library(args.library, load_config()).path
    return _write(args, form, articles, root, args.title or title)


def _query(args: argparse.Namespace) -> tuple[str, str]:
    """The query to run, and a title for the digest."""
    query = (args.query or "").strip()
    if args.saved is not None:
        if query:
            raise CommandError("give a QUERY or --saved NAME, not both")
        saved = SearchHistory.load().saved
        if args.saved not in saved:
            names = ", ".join(sorted(saved)) or "none"
            raise CommandError(f"no saved search {args.saved!r} (saved searches: {names})")
        query, title = saved[args.saved], args.saved
    else:
        title = query
    if not query and not args.bookmarks:
        raise CommandError("give a QUERY, --saved NAME or --bookmarks")
    try:
        parse(query)  # errors name the query as it was written
    except QueryError as error:
        raise CommandError(f"bad query: {error}") from None
    if args.bookmarks:
        query = f"({query}) is:bookmarked" if query else "is:bookmarked"
        title = f"Bookmarks: {title}" if title else "Bookmarks"
    return query, title


def _articles(args: argparse.Namespace, text: str) -> list[Article]:
    node = parse(text)
    if node is None:
        raise CommandError("empty query")
    index = search.up_to_date_index(args.library, args.rescan)
    rules, _warnings = configured_rules()  # articles the rules hide stay out, as in `search`
    hiding = hides(rules)
    marks = search.query_marks(node, hiding)
    read_ids, bookmarked = marks.read, marks.bookmarked
    hidden = (
        views(index, rules, read_ids, bookmarked, marks.state).hidden if hiding else frozenset()
    )
    result = index.search(
        node, limit=args.limit, order=args.order, read_ids=read_ids,
        bookmarked_ids=bookmarked, count=False, hidden_ids=hidden, user_tags=marks.tags,
    )  # fmt: skip
    return [hit.article for hit in result.hits]


def _write(
    args: argparse.Namespace, form: str, articles: list[Article], root: Path, title: str
) -> int:
    from tui_reader.render.export.digest import write_digest
    from tui_reader.render.export.epub_writer import ExportUnavailable

    def body(article: Article) -> str:
        return read_body(root / article.path)

    target = sys.stdout if args.output == "-" else Path(args.output).expanduser()
    try:
        done = write_digest(articles, body, form, target, title=title, images=args.images)
    except ExportUnavailable as error:
        raise CommandError(str(error)) from None
    except BrokenPipeError:  # `export … -o - | head`: the reader went away
        raise
    except OSError as error:
        raise CommandError(f"cannot write {args.output}: {error.strerror or error}") from None
    for path in done.unreadable:
        print(f"{visible_name(path)}: could not be read", file=sys.stderr)
    if done.path is not None:
        written = counted(done.count, "article")
        # on stderr when written to a device or a pipe: standard output may be it (/dev/stdout)
        said = sys.stdout if done.path.is_file() else sys.stderr
        print(f"tui-reader: wrote {written} to {visible_name(str(done.path))}", file=said)
    return 0
