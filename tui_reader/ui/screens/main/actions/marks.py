"""The main screen's keys that change marks: read (`r`, `u` to undo, `A` for a whole list),
bookmarks (`b`), personal tags (`t`), on the article under the cursor or every article of the
list under it (`BulkActions`, screens/bulk.py); and the unread-only filter (`U`).
"""

from __future__ import annotations

from tui_reader.core.wording import counted
from tui_reader.ui.screens.main.actions.view import MainView, target_article
from tui_reader.ui.workers.export import ExportSource


class Marks:
    """Changing the marks of the articles of the main screen `view`."""

    def __init__(self, view: MainView) -> None:
        self.view = view

    def toggle_read(self) -> None:
        view = self.view
        view.mark_opened_read()  # its text may not have come yet: the open came first
        if (article := target_article(view)) is not None:
            if view.is_gone(article):
                view.notify("Not changed: the file of this article is gone.", timeout=3)
                return
            view.set_read([article.id], not view.model.is_read(article.id))

    def undo_read(self) -> None:
        """Take back the last change of read marks, or the last change of a whole list (marks,
        bookmarks, tags), whichever came last."""
        view = self.view
        view.mark_opened_read()  # an open before `u` is the change it takes back
        if view.state is None or (ids := view.state.undo()) is None:
            view.notify("Nothing to undo.", timeout=2)
            return
        view.marks_changed(ids)
        view.notify(f"Undone: {counted(len(ids), 'article')} back as they were.", timeout=2)

    def toggle_bookmark(self) -> None:
        view = self.view
        if (source := view.bulk.source()) is not None:  # a list: all of its articles
            view.bulk.start("bookmark", source)
            return
        article = target_article(view)
        if article is None or view.state is None:
            return
        on = not view.state.is_bookmarked(article.id)
        if on and view.is_gone(article):  # removing a bookmark still works
            view.notify("Not bookmarked: the file of this article is gone.", timeout=3)
            return
        view.state.set_bookmark(article, on)
        view.sidebar.set_bookmarks(view.state.bookmarks())
        view.sidebar.update_marks([article.id], [])
        view.repaint_rows([article.id])
        view.saved_runs.state_changed()
        view.notify("Bookmarked." if on else "Bookmark removed.", timeout=2)

    def mark_all_read(self) -> None:
        view = self.view
        if view.river.active:
            if (listed := view.river.source()) is not None:
                view.bulk.start("read", listed)
            else:
                view.notify("The list is still loading.", timeout=2)
            return
        source = view.bulk.source(article_lists=True)
        if source is not None and source.category is None:  # a search, a tag, the bookmarks
            view.bulk.start("read", source)
            return
        category = view.sidebar.cursor_category
        if not view.model.unread:
            view.notify("Everything is read already.", timeout=2)
            return

        def apply(choice: str | None) -> None:
            if choice == "category" and category is not None:
                view.set_read(view.model.unread_in(category), True)
            elif choice == "all":
                view.set_read([i for i in view.model.articles if not view.model.is_read(i)], True)

        from tui_reader.ui.screens.confirm import mark_read_dialog  # screens load when first shown

        name, unread = (category.name, category.unread) if category else (None, 0)
        view.app.push_screen(mark_read_dialog(name, unread, view.model.unread), apply)

    def tag(self) -> None:
        """Add or remove personal tags: of the article (under the cursor, else the open one),
        or of every article of the list under the cursor (after confirming)."""
        view = self.view
        state = view.state
        if state is None:
            return
        from tui_reader.ui.screens.tag_input import TagEdit, TagScreen  # loaded when first shown

        if (source := view.bulk.source()) is not None:
            self._tag_list(source)
            return
        in_use = list(state.all_tags())
        article = target_article(view)
        if article is None:
            return

        def tag_article(edit: TagEdit | None) -> None:
            if edit is None or view.state is None:
                return
            changed = view.state.edit_tags([article.id], edit.add, edit.remove)
            view.marks_changed(changed)
            tags = view.state.tags_of(article.id)
            view.notify(f"Tags: {', '.join(tags)}" if tags else "No tags now.", timeout=2,
                        markup=False)  # fmt: skip

        current = dict.fromkeys(state.tags_of(article.id), 1)
        view.app.push_screen(TagScreen(f"Tags of “{article.title}”", current, in_use),
                             tag_article)  # fmt: skip

    def toggle_unread_only(self) -> None:
        view = self.view
        view.unread_only = not view.unread_only
        view.show_tree()
        view.river.reload()
        view.notify("Showing unread articles only." if view.unread_only
                    else "Showing all articles.", timeout=2)  # fmt: skip

    def act_on_search(self, kind: str, query: str) -> None:
        """A, b or t in the search results: on every article the query finds."""
        view = self.view
        source = ExportSource(f"“{query}”", query=query)
        if kind == "tag":
            self._tag_list(source)
        else:
            view.bulk.start(kind, source)

    def _tag_list(self, source: ExportSource) -> None:
        """Ask for tags, then change them on every article of `source` (after confirming)."""
        from tui_reader.ui.screens.tag_input import TagEdit, TagScreen  # loaded when first shown

        view = self.view

        def tag_all(edit: TagEdit | None) -> None:
            if edit is not None:
                view.bulk.start("tag", source, edit)

        in_use = list(view.state.all_tags()) if view.state is not None else []
        view.app.push_screen(TagScreen(f"Tags for every article of {source.label}", None, in_use),
                             tag_all)  # fmt: skip
