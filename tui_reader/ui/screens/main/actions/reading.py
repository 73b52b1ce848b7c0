"""The main screen's keys that read on: space pages down and at the end opens the next article,
`n`/`p` go to the next or previous one and `.` to the next unread, through the list the open
article was chosen from (the river's list, a saved search, the bookmarks, its category).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tui_reader.core.library.api import Article
from tui_reader.ui.model.category_tree import Category
from tui_reader.ui.model.navigation import neighbour, next_unread

if TYPE_CHECKING:
    from tui_reader.ui.screens.main.actions.view import MainView


class ReadingOn:
    """Reading on through the articles of the main screen `view`."""

    def __init__(self, view: MainView) -> None:
        self.view = view

    def read_on(self) -> None:
        """Page down in the article; at its end, open the next one."""
        view = self.view
        reader = view.reader
        if view.river.active and (reader.article is None or view.river.listing.has_focus):
            article = view.river.listing.current
            if article is not None and (reader.article is None or article.id != reader.article.id):
                view.river.open(article)
                return
            if reader.article is None:
                self.next_article()
                return
        if reader.article is None:
            if (article := view.sidebar.cursor_article) is not None:
                listed = view.sidebar.saved_searches.cursor_reading_list
                category = view.sidebar.found_category(article) if listed else None
                view.open_article(article, category or view.sidebar.cursor_category, listed)
            else:
                self.next_article()
        elif reader.at_end:
            self.next_article()
        else:
            reader.scroll_page_down(animate=False)

    def read_back(self) -> None:
        """Page up in the article, from either pane (as space pages down)."""
        view = self.view
        if view.reader.article is None:
            view.notify("No article open: enter or space opens one.", timeout=2)
        else:
            view.reader.scroll_page_up(animate=False)

    def next_article(self) -> None:
        self._go(1)

    def previous_article(self) -> None:
        self._go(-1)

    def _go(self, step: int) -> None:
        view = self.view
        current = view.reader.article
        if view.river.active and (view.river.reads_list() or current is None):
            view.river.go_to(view.river.neighbour(current, step), "No more articles this way")
            return
        if (listed := view.opened_list) is not None and current is not None:
            article = listed.neighbour(view.model, current.id, step)
            self._go_listed(article, f"No more articles this way in “{listed.query}”.")
            return
        if view.opened_from is None and current is not None:
            marked = self._bookmark_neighbour(current, step)
            if marked is not None:
                self._open_and_reveal(marked, bookmarks=True)
                return
        place = neighbour(view.model, current, view.opened_from, step, view.unread_only)
        if place is None:
            view.notify("No more articles this way.", timeout=2)
            return
        self._open_and_reveal(place)

    def _bookmark_neighbour(self, current: Article, step: int) -> tuple[Article, None] | None:
        view = self.view
        if view.state is None:
            return None
        # Through every bookmark, those whose files are gone too: the open article's file may
        # be gone, and `n` goes on from its place in the list all the same.
        ids = [b.id for b in view.state.bookmarks()]
        if current.id not in ids:
            return None
        index = ids.index(current.id)
        later = ids[index + 1 :] if step > 0 else reversed(ids[:index])
        found = next((a for i in later if (a := view.model.articles.get(i)) is not None), None)
        return (found, None) if found is not None else None

    def _go_listed(self, article: Article | None, nothing: str) -> None:
        """Open `article` of the saved search being read through; say `nothing` when None."""
        view = self.view
        listed = view.opened_list
        if article is None or listed is None:
            view.notify(nothing, timeout=2, markup=False)
            return
        view.sidebar.saved_searches.reveal_found(listed.query, article.id)
        view.open_article(article, view.sidebar.found_category(article), listed)

    def next_unread(self) -> None:
        """The next unread article; an article one of whose copies is read counts as read."""
        view = self.view
        current = view.reader.article
        model, stories = view.model, view.stories

        def is_read(article_id: str) -> bool:
            return stories.any_read(article_id, model.is_read)

        if view.river.active and (view.river.reads_list() or current is None):
            view.river.go_to(view.river.next_unread(current, is_read), "No unread articles left")
            return
        if (listed := view.opened_list) is not None and current is not None:
            article = listed.next_unread(view.model, current.id, is_read)
            self._go_listed(article, f"No unread articles left in “{listed.query}”.")
            return
        place = next_unread(view.model, view.reader.article, view.opened_from, is_read)
        if place is None:
            view.notify("No unread articles left.", timeout=2)
            return
        self._open_and_reveal(place)

    def _open_and_reveal(
        self, place: tuple[Article, Category | None], bookmarks: bool = False
    ) -> None:
        view = self.view
        article, category = place
        path = None if bookmarks or category is None else category.path
        view.sidebar.reveal(article.id, path)
        view.open_article(article, category)
