"""The river layout's lists built: the articles of a list (a category, a smart list, the
bookmarks, a tag, a search) and their rows, made in the screen's "river" worker (`River.show`)
and posted back as `RowsBuilt`; and where the rows' marks come from (`ScreenLook`). Plain
functions but for those two.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from textual.message import Message
from textual.worker import get_current_worker

from tui_reader.core.library.api import Article, Snapshot
from tui_reader.ui.model.river import Order, Rows
from tui_reader.ui.model.smart_lists import ListSpec, category_articles, smart_articles

if TYPE_CHECKING:
    from tui_reader.ui.screens.main.screen import MainScreen
    from tui_reader.ui.screens.river import River

SEARCH_ORDERS = (Order.NEWEST, Order.RELEVANCE, Order.OLDEST)  # ctrl+o in the search bar
# A list newest first of this many articles or more shows its head first (`Rows.head`: its first
# HEAD_LINES rows, found without sorting them all), the whole list when sorted; keys for the list
# wait for the whole (at a million articles the sort takes a second of CPU or more).
HEAD_FROM = 50_000
HEAD_LINES = 200


class RowsBuilt(Message):
    """A list's rows are built (posted by the river's worker)."""

    def __init__(
        self, spec: ListSpec, rows: Rows, keep: str | None, focus: bool, error: str = ""
    ) -> None:
        super().__init__()
        self.spec = spec
        self.rows = rows
        self.keep = keep  # the article to put the cursor on
        self.focus = focus  # move the focus into the list
        self.error = error  # the query cannot be run: why


@dataclass(slots=True)
class ScreenLook:
    """The rows' marks (`article_list.RowLook`) from the screen's reading state, rules and
    stories."""

    screen: MainScreen

    def is_read(self, article_id: str) -> bool:
        return self.screen.model.is_read(article_id)

    def is_bookmarked(self, article_id: str) -> bool:
        state = self.screen.state
        return state is not None and state.is_bookmarked(article_id)

    def is_highlighted(self, article_id: str) -> bool:
        return self.screen.reader_app.rule_state.is_highlighted(article_id)

    def tags_of(self, article_id: str) -> tuple[str, ...]:
        state = self.screen.state
        return state.tags_of(article_id) if state is not None else ()

    def also_in(self, article_id: str) -> str:
        screen = self.screen
        snapshot = screen.snapshot
        article = snapshot.by_id.get(article_id) if snapshot is not None else None
        if article is None or snapshot is None:
            return ""
        return screen.stories.also_in(article, snapshot.by_id, screen.reader_app.rule_state.hidden)


def build(
    river: River, spec: ListSpec, order: Order, days: bool, keep: str | None, focus: bool,
    snapshot: Snapshot, head: bool = False,
) -> None:  # fmt: skip
    """Build `spec`'s rows and post them (`River.show`'s worker); `head`: its head first when it
    is long (see HEAD_FROM), for a list of the library (a search's lists stay whole: their
    counts)."""
    worker = get_current_worker()
    articles, error = river.articles_of(spec, order, snapshot)
    if worker.is_cancelled:
        return
    screen = river.screen
    if screen.unread_only:
        articles = [a for a in articles if a.id == keep or not screen.model.is_read(a.id)]
    # the articles with copies to their story: only those are looked at to fold them
    story_of = screen.stories.story_of() if screen.stories.groups else None
    now = datetime.now().astimezone()
    if head and story_of is None and order is Order.NEWEST and len(articles) >= HEAD_FROM:
        first = Rows.head(articles, HEAD_LINES, days=days, now=now)
        if first is not None and not worker.is_cancelled:
            screen.post_message(RowsBuilt(spec, first, keep, focus, error))
    rows = Rows(articles, order, days=days, now=now, story_of=story_of)
    if not worker.is_cancelled:
        screen.post_message(RowsBuilt(spec, rows, keep, focus, error))


def articles_of(
    screen: MainScreen, spec: ListSpec, order: Order, snapshot: Snapshot
) -> tuple[list[Article], str]:
    """The articles of a list, and why there are none when its query fails."""
    model = screen.model
    if spec.kind == "category":
        category = model.find(spec.path)
        return (category_articles(category) if category is not None else []), ""
    if spec.kind in ("unread", "today", "week"):
        return smart_articles(model, spec.kind, datetime.now().astimezone()), ""
    state = screen.state
    if spec.kind == "bookmarks":
        marked = state.bookmarks() if state is not None else []
        return [a for b in marked if (a := model.articles.get(b.id)) is not None], ""
    if spec.kind == "tag":
        ids = state.tagged(spec.key) if state is not None else set()
        return [a for i in ids if (a := model.articles.get(i)) is not None], ""
    return found(screen, spec.key, order, snapshot)


def found(
    screen: MainScreen, query: str, order: Order, snapshot: Snapshot
) -> tuple[list[Article], str]:
    """Every article a query finds, in `order` where the index orders them."""
    from tui_reader.ui.model.saved_store import run_for_reader

    app = screen.reader_app
    by = order.value if order in SEARCH_ORDERS else "newest"
    articles, _total, error, _hidden = run_for_reader(
        app.library, snapshot, query, screen.state, app.rule_state, limit=None, order=by
    )
    return articles, error
