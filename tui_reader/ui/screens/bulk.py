"""Acting on every article of a list: `A` (mark read), `b` (bookmark) and `t` (tag) on a saved
search, a category, a personal tag or the Bookmarks entry under the tree's cursor.

The list's articles are found in a thread worker (a saved search runs in full, past the articles
its node shows; those the rules hide stay out, as in the tree), the user confirms with the count,
and the change is written in a worker too, as one action: one burst to the log, and `u` takes
all of it back (`StateStore.undo`). Then the screen shows the new marks (`marks_changed`).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from textual.message import Message

from tui_reader.core.library.api import Article
from tui_reader.core.wording import counted
from tui_reader.ui.model.tree_data import (
    BookmarksNode,
    CategoryNode,
    FoundNode,
    SavedSearchNode,
    TagNode,
)
from tui_reader.ui.workers.export import ExportSource

if TYPE_CHECKING:
    from tui_reader.core.state.api import StateStore
    from tui_reader.ui.screens.main.screen import MainScreen
    from tui_reader.ui.screens.tag_input import TagEdit

READ, BOOKMARK, TAG = "read", "bookmark", "tag"


class BulkFound(Message):
    """The articles of `source` were found, for the `kind` of change (with `edit` for tags),
    and, to mark them read, those unread and the unread copies of their stories (`unread`).
    Handle with `on_bulk_found`."""

    def __init__(
        self,
        kind: str,
        source: ExportSource,
        articles: list[Article],
        edit: TagEdit | None = None,
        error: str = "",
        unread: tuple[list[str], list[str]] = ([], []),
    ) -> None:
        super().__init__()
        self.kind = kind
        self.source = source
        self.articles = articles
        self.edit = edit
        self.error = error
        self.unread = unread


class BulkDone(Message):
    """A change of many articles is written: the ids it changed, and what to say. Handle with
    `on_bulk_done`."""

    def __init__(self, ids: list[str], said: str) -> None:
        super().__init__()
        self.ids = ids
        self.said = said


class BulkActions:
    """`A`, `b` and `t` on a whole list, for the main screen `view`."""

    def __init__(self, view: MainScreen) -> None:
        self.view = view

    def has_source(self) -> bool:
        """Whether `source` has a list to give (asked at every repaint of the footer: in the
        river layout this does not gather the list's ids)."""
        view = self.view
        if view.river.active:
            return view.sidebar.has_focus and view.river.ready()
        return self.source() is not None

    def source(self, *, article_lists: bool = False) -> ExportSource | None:
        """The list under the tree's cursor: a saved search, a category, a tag, Bookmarks; with
        `article_lists`, an article found by a saved search stands for its search too. None when
        the tree does not have the focus or the cursor is elsewhere."""
        sidebar = self.view.sidebar
        node = sidebar.cursor_node
        if not sidebar.has_focus or node is None:
            return None
        if self.view.river.active:  # the list shown is the entry under the cursor
            return self.view.river.source()
        data = node.data
        if isinstance(data, SavedSearchNode) or (article_lists and isinstance(data, FoundNode)):
            return ExportSource(f"“{data.query}”", query=data.query)
        if isinstance(data, CategoryNode):
            return ExportSource(f"“{data.category.label}”", category=data.category.path)
        if isinstance(data, TagNode):
            return ExportSource(f"tag “{data.name}”", tag=data.name)
        if isinstance(data, BookmarksNode):
            return ExportSource("Bookmarks", bookmarks=True)
        return None

    def start(self, kind: str, source: ExportSource, edit: TagEdit | None = None) -> None:
        """Find the articles of `source` in a worker; `found` asks to go on."""
        view = self.view
        if view.snapshot is None or view.state is None:
            view.notify("The library is still loading.", timeout=2)
            return
        from tui_reader.ui.workers.export import NothingToExport, articles_of

        library, snapshot, state = view.reader_app.library, view.snapshot, view.state
        hidden = view.reader_app.rule_state.hidden

        def find() -> None:
            try:
                articles = articles_of(source, library, snapshot, state, hidden)
            except NothingToExport as error:
                view.post_message(BulkFound(kind, source, [], edit, str(error)))
                return
            unread = self.unread_of(articles) if kind == READ else ([], [])
            view.post_message(BulkFound(kind, source, articles, edit, unread=unread))

        view.run_worker(find, thread=True, group="bulk", exit_on_error=False, name="bulk find")

    def unread_of(self, articles: list[Article]) -> tuple[list[str], list[str]]:
        """The ids of the unread among `articles`, and with `[stories] mark_copies_read` (as
        reading one copy marks them all) the unread copies of their stories not among them:
        found in the worker, a pass over the list (77k articles of a category at 1M), so the
        screen only asks."""
        view = self.view
        model = view.model
        read = model.read
        ids = [a.id for a in articles if a.id not in read]
        if not view.reader_app.config.mark_copies_read:
            return ids, []
        found, known = set(ids), model.articles
        copies = [
            i for i in view.stories.with_copies(ids)
            if i not in found and i in known and i not in read
        ]  # fmt: skip
        return ids, copies

    def found(self, message: BulkFound) -> None:
        """Ask to change the articles found (those the change would change), with the count."""
        view = self.view
        state = view.state
        if message.error or state is None:
            view.notify(message.error or "No reading state.", severity="warning", markup=False)
            return
        label, articles = message.source.label, message.articles
        if message.kind == READ:
            ids, copies = message.unread  # (found in the worker)
            if not ids:
                view.notify(f"Nothing unread in {label}.", timeout=2, markup=False)
                return
            question = f"Mark the {counted(len(ids), 'unread article')} of {label} read"
            if copies:
                question += f", and {counted(len(copies), 'unread copy', 'unread copies')}"
                question += " of their stories"
            self._confirm(question + "?", "Mark read", partial(_mark_read, ids + copies))
        elif message.kind == BOOKMARK:
            missing = [a for a in articles if not state.is_bookmarked(a.id)]
            if not articles:
                view.notify(f"{label} has no articles.", timeout=2, markup=False)
            elif missing:
                question = f"Bookmark the {counted(len(missing), 'article')} of {label}"
                question += " not bookmarked yet?" if len(missing) < len(articles) else "?"
                self._confirm(question, "Bookmark", partial(_bookmark, missing, True))
            else:
                question = f"Remove the bookmarks of the {counted(len(articles), 'article')} of "
                self._confirm(question + f"{label}?", "Remove", partial(_bookmark, articles, False))
        elif message.edit is not None:
            if not articles:
                view.notify(f"{label} has no articles.", timeout=2, markup=False)
                return
            edit = message.edit
            ids = [a.id for a in articles]
            question = f"{edit.describe().capitalize()} on the {counted(len(ids), 'article')} "
            self._confirm(question + f"of {label}?", "Tag", partial(_tag, ids, edit))

    def _confirm(self, question: str, label: str, change: Callable[..., BulkDone]) -> None:
        from tui_reader.ui.screens.confirm import ConfirmScreen  # loaded when first shown

        view = self.view
        state = view.state

        def apply(choice: str | None) -> None:
            if choice != "go" or state is None:
                return

            def write() -> None:
                view.post_message(change(state))

            view.run_worker(write, thread=True, group="bulk", exit_on_error=False,
                            name="bulk change")  # fmt: skip

        view.app.push_screen(ConfirmScreen(f"{question} (u undoes it)", [("go", label)], "go"),
                             apply)  # fmt: skip

    def done(self, message: BulkDone) -> None:
        view = self.view
        view.marks_changed(message.ids)
        view.notify(message.said + " (u undoes it)", timeout=3, markup=False)


# -- the changes, in a worker -------------------------------------------------------------------


def _mark_read(ids: list[str], state: StateStore) -> BulkDone:
    changed = state.set_read(ids, True)
    return BulkDone(changed, f"Marked {counted(len(changed), 'article')} read.")


def _bookmark(articles: list[Article], on: bool, state: StateStore) -> BulkDone:
    changed = state.set_bookmarks(articles, on)
    done = "Bookmarked" if on else "Removed the bookmarks of"
    return BulkDone(changed, f"{done} {counted(len(changed), 'article')}.")


def _tag(ids: list[str], edit: TagEdit, state: StateStore) -> BulkDone:
    changed = state.edit_tags(ids, edit.add, edit.remove)
    return BulkDone(changed, f"Tags: {edit.describe()} on {counted(len(changed), 'article')}.")
