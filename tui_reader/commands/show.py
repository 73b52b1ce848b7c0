"""`tui-reader show`: print one article as the reading pane renders it.

Styled on a terminal, plain text when piped (rich's Console decides: no styles without a tty).
Never imports Textual, so it starts fast and works where no UI can run.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from rich.console import Console, Group
from rich.text import Text

from tui_reader.commands.common import (
    CommandError,
    add_library_argument,
    open_library,
    print_problem,
    resolve_article_path,
    run_guarded,
    whole_number,
)
from tui_reader.core.config import Config
from tui_reader.core.library.api import Article, parse_file, read_body
from tui_reader.core.links import check_url
from tui_reader.render.article import RenderedArticle, render_article


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "show",
        help="print one article as the reader shows it",
        description="Print an article (a file path, or an id or path in the library) rendered "
        "as in the reading pane: styled on a terminal, plain text when piped.",
    )
    parser.add_argument("article", help="article file, or article id / path in the library")
    add_library_argument(parser)
    width = whole_number(10, 1000, "width")
    parser.add_argument("--width", type=width, help="wrap at N columns (default: terminal)")
    parser.add_argument("--links", action="store_true", help="list the numbered links at the end")


def run(args: argparse.Namespace) -> int:
    return run_guarded(_run, args)


def _run(args: argparse.Namespace) -> int:
    article, html = load_article(args.article, args.library)
    rendered = render_article(article, html)
    console = Console(width=args.width, markup=False, emoji=False, highlight=False)
    console.print(article_renderable(rendered))
    if args.links and rendered.links:
        # Whole addresses on one line each, never wrapped, so they can be copied from a pipe.
        console.print(links_listing(rendered), soft_wrap=True)
    return 0


def load_article(
    ref: str, library: str | None, config: Config | None = None
) -> tuple[Article, str]:
    """The article `ref` names and its body. A file path is read directly (no library scan);
    anything else is looked up in the library by id or relative path (`config`: the settings
    when the command has read them already)."""
    path = resolve_article_path(ref)
    if path is not None:
        return _load_file(path.resolve(), library)
    opened, snapshot = open_library(library, report_problems=False, config=config)
    article = snapshot.find(ref, opened.root)
    if article is None:
        raise CommandError(f"no article {ref!r} in {opened.root}")
    try:
        return article, opened.body(article)
    except OSError as error:
        raise CommandError(f"cannot read {article.path}: {error.strerror or error}") from None


def _load_file(path: Path, library: str | None) -> tuple[Article, str]:
    root = path.parent
    if library:
        candidate = Path(library).expanduser().resolve()
        if path.is_relative_to(candidate):
            root = candidate  # the id and relative path then match the library's
    result = parse_file(path, root)
    if result.article is None:
        reasons = "; ".join(problem.reason for problem in result.problems) or "not an article"
        raise CommandError(f"cannot show {path}: {reasons}")
    for problem in result.problems:
        print_problem(problem)
    try:
        return result.article, read_body(path)
    except OSError as error:
        raise CommandError(f"cannot read {path}: {error.strerror or error}") from None


def article_renderable(rendered: RenderedArticle) -> Group:
    """Header, a blank line and the body, as the reading pane stacks them."""
    return Group(rendered.header, Text(""), *rendered.body)


def links_listing(rendered: RenderedArticle) -> Text:
    """The numbered links, one a line, with the kind and why an address would not be opened."""
    listing = Text("\nLinks", "bold")
    for link in rendered.links:
        listing.append(f"\n[{link.number}] ", "dim")
        listing.append(link.url)
        notes = [link.kind] if link.kind != "link" else []
        if reason := check_url(link.url):
            notes.append(f"not opened: {reason}")
        if notes:
            listing.append(f" ({'; '.join(notes)})", "dim")
    return listing
