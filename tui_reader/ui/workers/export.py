"""Exporting a list of the reader to a file, in a thread worker (see `render.export`).

What is exported is an `ExportSource`: a category (with the categories below it), the bookmarks,
a search (a saved search, or the last one typed) or the whole library. Its articles are found
in the worker too (a search may take a moment over a large library), newest first, and written
by `write_digest`; the user hears how it went in a notification, errors said plainly.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from textual.message import Message
from textual.worker import get_current_worker

from tui_reader.core.library.api import CategoryPath, newest_first
from tui_reader.core.sanitize import visible_name
from tui_reader.core.wording import counted

if TYPE_CHECKING:
    from textual.app import App
    from textual.notifications import SeverityLevel

    from tui_reader.core.library.api import Article, Library, Snapshot
    from tui_reader.core.state.api import StateStore


MIME_TYPES = {"html": "text/html", "epub": "application/epub+zip", "markdown": "text/markdown"}


@dataclass(frozen=True, slots=True)
class ExportSource:
    """Which articles: one of `query`, `category`, `bookmarks`, `tag` (a personal tag's) or
    `listed` (the ids of a list as shown, in its order); else the whole library. `label`
    names them in the dialog and titles the digest."""

    label: str
    query: str = ""
    category: CategoryPath | None = None
    bookmarks: bool = False
    tag: str = ""
    listed: tuple[str, ...] | None = None
    order: str = "newest"  # of a search: "newest", "oldest" or "relevance"


@dataclass(frozen=True, slots=True)
class ExportChoice:
    """What the export dialog asks: the format and the file."""

    form: str
    path: Path


class ExportNote(Message):
    """How an export went, to be said to the user (posted to the app by the worker)."""

    def __init__(self, text: str, severity: SeverityLevel = "information") -> None:
        super().__init__()
        self.text = text
        self.severity: SeverityLevel = severity


class ExportDownload(Message):
    """A finished export for the browser to download (a reader served to one): `file` is open
    for reading, its name already gone from the disk."""

    def __init__(self, file: BinaryIO, name: str, mime_type: str) -> None:
        super().__init__()
        self.file = file
        self.name = name
        self.mime_type = mime_type


class NothingToExport(Exception):
    """The source has no articles (or its search could not run: the message says why)."""


def articles_of(
    source: ExportSource,
    library: Library,
    snapshot: Snapshot,
    state: StateStore | None,
    hidden: frozenset[str] = frozenset(),
) -> list[Article]:
    """The articles of `source`, newest first (a `listed` source in its own order), without
    those the rules hide (`hidden`, as the tree leaves them out)."""
    if source.listed is not None:
        return [a for i in source.listed if (a := snapshot.by_id.get(i)) is not None]
    if source.query:
        from tui_reader.core.search.api import reading_state, tag_state
        from tui_reader.ui.model.saved_store import run_saved

        read, marked = reading_state(source.query, state)
        tags = tag_state(source.query, state)
        found, _total, error = run_saved(
            library,
            snapshot,
            source.query,
            read,
            marked,
            hidden,
            tags,
            limit=None,
            order=source.order,
        )
        if error:
            raise NothingToExport(f"The search cannot run: {error}")
        return found
    if source.bookmarks:
        ids = [mark.id for mark in state.bookmarks()] if state is not None else []
        chosen = [a for i in ids if (a := snapshot.by_id.get(i)) is not None]
    elif source.tag:
        tagged = state.tagged(source.tag) if state is not None else set()
        chosen = [a for i in tagged if (a := snapshot.by_id.get(i)) is not None]
    elif source.category is not None:
        path, depth = source.category, len(source.category)
        chosen = [a for a in snapshot.articles if any(p[:depth] == path for p in a.categories)]
    else:
        chosen = list(snapshot.articles)
    return newest_first([a for a in chosen if a.id not in hidden])


def start_export(
    app: App[object],
    source: ExportSource,
    choice: ExportChoice | None,
    library: Library,
    snapshot: Snapshot,
    state: StateStore | None,
    hidden: frozenset[str] = frozenset(),
    to_browser: bool = False,
) -> None:
    """Export `source` as the dialog chose (nothing when it was cancelled: `choice` None), in a
    thread worker of the app, which outlives the screen that asked (see `export_list`)."""
    if choice is None:
        return
    app.run_worker(
        partial(export_list, app, source, choice, library, snapshot, state, hidden,
                to_browser=to_browser),
        thread=True, group="export", exit_on_error=False, name="export",
    )  # fmt: skip
    app.notify(f"Exporting “{source.label}”…", timeout=2, markup=False)


def export_list(
    app: App[object],
    source: ExportSource,
    choice: ExportChoice,
    library: Library,
    snapshot: Snapshot,
    state: StateStore | None,
    hidden: frozenset[str] = frozenset(),
    to_browser: bool = False,
) -> None:
    """In a thread worker: find the articles, write the file, and say how it went.

    `to_browser` (a reader served to a browser): the file is written in a private temporary
    folder and handed to the browser as a download (`App.deliver_binary`) under the chosen
    file's name; nothing is left on the serving machine, and its folders are never written."""
    from tui_reader.render.export.digest import ExportCancelled, write_digest
    from tui_reader.render.export.epub_writer import ExportUnavailable

    worker = get_current_worker()
    shown = visible_name(str(choice.path))

    def say(message: str, severity: SeverityLevel = "information") -> None:
        if not worker.is_cancelled:
            app.post_message(ExportNote(message, severity))

    def progress(done: int, total: int) -> None:
        if worker.is_cancelled:
            raise ExportCancelled

    import shutil  # with tempfile: loaded with the first export, not at start-up
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix="tui-reader-export-")) if to_browser else None
    target = folder / choice.path.name if folder is not None else choice.path
    try:
        articles = articles_of(source, library, snapshot, state, hidden)
        if not articles:
            raise NothingToExport(f"Nothing to export: “{source.label}” has no articles.")
        done = write_digest(
            articles, library.body, choice.form, target, title=source.label,
            progress=progress,
        )  # fmt: skip
        if folder is not None:
            shown = visible_name(target.name)
            # Textual reads the open file as the browser downloads it: the name can go now.
            app.post_message(
                ExportDownload(target.open("rb"), target.name, MIME_TYPES[choice.form])
            )
    except NothingToExport as error:
        say(str(error), "warning")
    except ExportUnavailable as error:
        say(f"Not exported: {error}", "error")
    except ExportCancelled:
        return
    except OSError as error:
        say(f"Not exported: cannot write {shown}: {error.strerror or error}", "error")
    else:
        unread = f" ({len(done.unreadable)} could not be read)" if done.unreadable else ""
        where = f"{shown}, downloading in your browser" if folder is not None else shown
        say(f"Exported {counted(done.count, 'article')} to {where}{unread}.")
    finally:
        if folder is not None:
            shutil.rmtree(folder, ignore_errors=True)
