"""The main screen's keys that open another view or act on the open article: problems, links,
the original page, the story's copies, find in the article, the rules and what they hide,
export.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from tui_reader.core.library.api import Article
from tui_reader.core.wording import counted
from tui_reader.ui.keys import MAIN_BINDINGS, shown_keys
from tui_reader.ui.model.tree_data import BookmarkNode, BookmarksNode
from tui_reader.ui.workers.export import ExportSource, start_export

if TYPE_CHECKING:
    from tui_reader.ui.screens.main.actions.view import MainView


class OtherViews:
    """The views and dialogs the main screen `view` opens."""

    def __init__(self, view: MainView) -> None:
        self.view = view

    def problems(self) -> None:
        view = self.view
        if view.snapshot is None:
            view.notify("The library is still loading.", timeout=2)
            return
        from tui_reader.ui.screens.problems import ProblemsScreen  # see ConfirmScreen

        view.app.push_screen(ProblemsScreen(view.snapshot.problems))

    def links(self) -> None:
        view = self.view
        rendered = view.reader.rendered
        if rendered is None:
            return
        from tui_reader.ui.screens.links import LinksScreen

        view.app.push_screen(LinksScreen(rendered.links))

    def open_original(self) -> None:
        view = self.view
        article = view.reader.article
        if article is None:
            return
        if not article.link:
            links = next(b for b in MAIN_BINDINGS if b.action == "links")
            key = shown_keys(view.app, links, view.reader_app.keymap)
            view.notify(f"This article has no link of its own (press {key} for its links)",
                        timeout=3, markup=False)  # fmt: skip
            return
        from tui_reader.ui.screens.links import open_link  # webbrowser: imported when first used

        reason = open_link(view.app, article.link)
        if reason:
            view.notify(f"Not opened: {reason}", severity="warning", markup=False)
        else:
            view.notify("Opening the original page…", timeout=2)

    def story_copies(self) -> None:
        """List the copies of the open article's story, to read another."""
        view = self.view
        article = view.reader.article
        if article is None:
            return
        copies = [
            found
            for copy in view.stories.copies(article.id)
            if (found := view.model.articles.get(copy)) is not None
        ]
        if len(copies) < 2:
            view.notify("This article has no copies from other sources.", timeout=2)
            return
        copies.sort(key=lambda a: (a.timestamp, a.id))  # earliest first
        from tui_reader.ui.screens.copies import CopiesScreen  # loaded when first shown

        screen = CopiesScreen(copies, article.id, view.model.is_read)
        view.app.push_screen(screen, self._open_copy)

    def _open_copy(self, article_id: str | None) -> None:
        view = self.view
        if article_id and (article := view.model.articles.get(article_id)) is not None:
            open_in_tree(view, article)

    def find(self) -> None:
        view = self.view
        if view.reader.rendered is not None:
            view.reader.open_find()

    def clear_highlight(self) -> None:
        view = self.view
        view.reader.set_search_terms(None)
        view.refresh_bindings()

    def toggle_hidden(self) -> None:
        """Show the articles the rules hide, or hide them again."""
        view = self.view
        rules = view.reader_app.rule_state
        if not rules.hiding and not rules.show_hidden:
            said = "no hide rule matches any article" if rules.evaluated else "rules not run yet"
            view.notify(f"Nothing is hidden: {said}.", timeout=3)
            return
        rules.show_hidden = not rules.show_hidden
        view.rebuild_tree()
        view.update_summary()
        shown = counted(len(rules.hiding), "hidden article")
        view.notify(f"Showing {shown}" if rules.show_hidden else f"Hiding {shown}", timeout=3)

    def rules(self) -> None:
        """The Rules view: each rule of config.toml, what it matches, broken ones with why."""
        from tui_reader.ui.screens.rules import RulesScreen

        view = self.view
        app = view.reader_app
        view.app.push_screen(RulesScreen(app.library, app.config.rules, view.state, app.rule_state))

    def export(self) -> None:
        """Ask the format and the file, then export the list under the cursor in a worker."""
        view = self.view
        if view.snapshot is None:
            view.notify("The library is still loading.", timeout=2)
            return
        source, snapshot, reader = self.export_source(), view.snapshot, view.reader_app
        from tui_reader.ui.screens.export import ExportScreen  # loaded when first shown

        start = partial(
            start_export, view.app, source, library=reader.library, snapshot=snapshot,
            state=view.state, hidden=reader.rule_state.hidden, to_browser=reader.served,
        )  # fmt: skip
        view.app.push_screen(ExportScreen(source.label, served=reader.served), start)

    def export_source(self) -> ExportSource:
        """What "Export…" exports: the saved search, the bookmarks or the category under the
        tree's cursor (an article's own category), else the last search, else everything; the
        list shown in the river layout."""
        view = self.view
        if (listed := view.river.source(quoted=False)) is not None:
            return listed
        sidebar = view.sidebar
        node = sidebar.cursor_node
        if (query := sidebar.saved_searches.cursor_query) is not None:
            return ExportSource(query, query=query)
        if node is not None and isinstance(node.data, BookmarksNode | BookmarkNode):
            return ExportSource("Bookmarks", bookmarks=True)
        if (category := sidebar.cursor_category) is not None:
            return ExportSource(category.label, category=category.path)
        if view.last_query:
            return ExportSource(view.last_query, query=view.last_query)
        root = view.reader_app.library.root
        return ExportSource(root.name or "Library")


def open_in_tree(view: MainView, article: Article) -> None:
    """Open `article` where the tree lists it (revealed there unless the unread-only filter
    hides it)."""
    path = article.categories[0] if article.categories else None
    category = view.model.find(path) if path else None
    if path is not None and not view.sidebar.reveal(article.id, path) and view.unread_only:
        view.notify("Opened an article hidden by the unread-only filter.", timeout=2)
    view.open_article(article, category)
