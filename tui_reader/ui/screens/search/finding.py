"""The search screen's query run in its "search" worker: the results of the index, one per
story (the copy shown chosen by `shown_copy`), each with its snippet read from the article's text,
then the count of every match; posted back to the screen as `SearchScreen.Searched` and
`SearchScreen.Counted`. Plain functions of the screen, which keeps the index and what the
results are filtered and marked by.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.worker import get_current_worker

from tui_reader.core.library.api import Article
from tui_reader.core.markdown_body import body_html
from tui_reader.core.search.api import (
    Node,
    Snippet,
    html_to_text,
    make_snippet,
    preferred_copy,
    reading_state,
    tag_state,
    terms,
)
from tui_reader.ui.screens.search.results import Found

if TYPE_CHECKING:
    from tui_reader.ui.screens.search.screen import SearchScreen

LIMIT = 100  # results listed; the count says how many there are in all


def search(
    screen: SearchScreen, query: str, node: Node | None, version: int, refresh: bool = False
) -> None:
    """Search and post the results; a `refresh` (the shown query on a grown index) counts
    every match first and posts once, so the status line does not blink "counting…"."""
    worker = get_current_worker()
    if screen.indexed is None or screen.indexed < len(screen.snapshot.articles):
        screen.indexed = screen.index.size()  # a first build may still be running
    read, marked = reading_state(node, screen.state)  # loaded for `is:` only
    hidden, highlighted = screen.rules.hidden_for(node), screen.rules.highlighted
    tags = tag_state(node, screen.state)  # for `tag:` only
    result = screen.index.search(
        node,
        limit=LIMIT,
        order=screen.order,
        read_ids=read,
        bookmarked_ids=marked,
        count=False,
        hidden_ids=hidden,
        user_tags=tags,
    )
    matched = terms(result.query)
    found: list[Found] = []
    stories: dict[str, list[Article]] = {}  # the copies found of each story, by rank
    for hit in result.hits:
        article = screen.snapshot.by_id.get(hit.article.id)
        if article is not None:  # else indexed, but not in the library the app shows
            stories.setdefault(screen.stories.story(article.id), []).append(article)
    for copies_found in stories.values():
        if worker.is_cancelled:
            return
        article = shown_copy(copies_found, screen.prefer)
        try:
            body = html_to_text(body_html(article.path, screen.library.body(article)))
        except (OSError, ValueError):
            body = ""
        lit = article.id in highlighted
        snippet = make_snippet(body, matched)
        found.append(found_row(screen, article, snippet, lit, screen.rules.hidden))
    if worker.is_cancelled:
        return
    # The first results go up at once; counting every match of a broad query takes longer.
    full = len(result.hits) >= LIMIT
    total: int | None = result.total
    if full and refresh:
        total = screen.index.count_matches(
            node, read_ids=read, bookmarked_ids=marked, hidden_ids=hidden, user_tags=tags
        )
    elif full:
        total = None
    if worker.is_cancelled:
        return
    screen.post_message(screen.Searched(query, found, total, matched, version, refresh))
    if total is None:
        total = screen.index.count_matches(
            node, read_ids=read, bookmarked_ids=marked, hidden_ids=hidden, user_tags=tags
        )
        if not worker.is_cancelled:
            screen.post_message(screen.Counted(query, total, version))


def shown_copy(copies_found: list[Article], prefer: list[str]) -> Article:
    """The copy a story's row shows and opens: of the copies the search found (`source:快科技`
    shows 快科技's), the preferred source's, else the earliest."""
    if len(copies_found) < 2:
        return copies_found[0]
    return preferred_copy(sorted(copies_found, key=lambda a: (a.timestamp, a.id)), prefer)


def found_row(
    screen: SearchScreen, article: Article, snippet: Snippet, lit: bool, hidden: frozenset[str]
) -> Found:
    """A result showing `article`, with where else its story is (not where a rule hides it
    out of the lists now: `hidden`)."""
    tags = screen.state.tags_of(article.id) if screen.state is not None else ()
    also = screen.stories.also_in(article, screen.snapshot.by_id, hidden)
    read = screen.state is not None and screen.state.is_read(article.id)
    return Found(article, snippet, lit, article.id, also, tags, read)
