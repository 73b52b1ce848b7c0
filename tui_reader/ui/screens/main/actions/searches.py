"""The main screen's keys for searches: the search bar (`/`) and what its choice opens, saving
the last search (`S`), deleting a saved search.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from tui_reader.ui.model.saved_store import forget_search, save_search
from tui_reader.ui.screens.main.actions.marks import Marks
from tui_reader.ui.screens.main.actions.views import open_in_tree
from tui_reader.ui.widgets.reader.highlight import search_pattern

if TYPE_CHECKING:
    from tui_reader.ui.screens.main.actions.view import MainView
    from tui_reader.ui.screens.search.results import ListAll
    from tui_reader.ui.screens.search.screen import SearchScreen


class Searches:
    """The search bar and the saved searches of the main screen `view`; `marks` acts on what
    a search finds (A, b and t in its results)."""

    def __init__(self, view: MainView, marks: Marks) -> None:
        self.view = view
        self.marks = marks

    def search(self) -> None:
        view = self.view
        try:
            from tui_reader.ui.screens.search.screen import SearchScreen
        except ImportError:
            view.notify("Search is not available in this version.", severity="warning")
            return
        if view.snapshot is None or view.state is None:
            view.notify("The library is still loading.", timeout=2)
            return
        screen = SearchScreen(
            view.reader_app.library, view.snapshot, view.state,
            on_saved=view.saved_runs.show, index_grew=view.search_index_grew,
            on_act=self.marks.act_on_search,
            rules=view.reader_app.rule_state,
            stories=view.stories, prefer=view.reader_app.config.story_prefer,
            river=view.river.active,
        )  # fmt: skip
        view.app.push_screen(screen, partial(self._open_found, screen))

    def _open_found(self, screen: SearchScreen, article_id: str | ListAll | None) -> None:
        view = self.view
        view.last_query = screen.last_query or view.last_query  # an empty bar is no search
        view.refresh_bindings()
        from tui_reader.ui.screens.search.results import ListAll  # loaded with the search bar

        terms = search_pattern(screen.matched)
        if isinstance(article_id, ListAll):
            view.river.show_found(article_id, terms)
            return
        if view.river.active and article_id:
            listed = ListAll(screen.last_query, screen.order, article_id)
            view.river.show_found(listed, terms, focus=False)
        if not article_id or (article := view.model.articles.get(article_id)) is None:
            return
        open_in_tree(view, article)
        view.reader.set_search_terms(search_pattern(screen.matched), go_to_first=True)

    def save_search(self) -> None:
        view = self.view
        saved, message = save_search(view.last_query, empty="Search first (/), then S saves it.")
        view.notify(message, timeout=2, markup=False)
        if saved:
            view.saved_runs.show()

    def delete_saved_search(self) -> None:
        view = self.view
        query = view.sidebar.saved_searches.cursor_query
        if query is None:
            return

        def apply(choice: str | None) -> None:
            if choice == "delete":
                if problem := forget_search(query):
                    view.notify(problem, severity="error", markup=False)
                view.saved_runs.show()

        question = f"Delete the saved search “{query}”? (its articles stay in the library)"
        from tui_reader.ui.screens.confirm import ConfirmScreen  # loaded when first shown

        view.app.push_screen(ConfirmScreen(question, [("delete", "Delete")]), apply)
