"""Shared helpers of the UI tests: a fixture library, a way to wait for the app to settle, and the
steps many Pilot tests take (to a category, into help, a search typed, a saved search opened).

The library is the real samples plus crafted articles with fixed dates: a long English article
(for paging), one article filed under two category paths, a small category of three, and files
that fail to load (for the Problems view).
"""

from __future__ import annotations

import dataclasses
import os
import shutil
import subprocess
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path

from textual.containers import VerticalScroll
from textual.pilot import Pilot
from textual.worker import WorkerCancelled

from tui_reader.core.config import Config
from tui_reader.core.library.library import Library
from tui_reader.core.library.model import Article
from tui_reader.ui.app import ReaderApp
from tui_reader.ui.model.tree_data import (
    CategoryNode,
    FoundNode,
    SavedSearchesNode,
    SavedSearchNode,
)
from tui_reader.ui.screens import main as main_module
from tui_reader.ui.screens.help import HelpScreen
from tui_reader.ui.screens.search.screen import SearchScreen
from tui_reader.ui.widgets.sidebar.sidebar import Sidebar

SAMPLES = Path(__file__).parent / "samples"
SIZE = (100, 30)

LONG_BODY = "\n".join(
    f"<p>Paragraph {n} of the long English article. It says little, at length, so that "
    f"the reading pane has to scroll.</p>"
    for n in range(1, 81)
)


def article(title: str, date: str, categories: str, body: str, link: str = "") -> str:
    link_line = f"link: '{link}'\n" if link else ""
    return (
        f"---\ntitle: '{title}'\ndate: {date}\nauthor: Tester\n{link_line}"
        f"categories:\n{categories}\n---\n{body}\n"
    )


CRAFTED = {
    "english/long.md": article(
        "A long English article",
        "2024-03-01 09:00:00 +0000",
        " - English\n - Long",
        LONG_BODY,
        link="https://example.org/long",
    ),
    "english/short-1.md": article(
        "First short note",
        "2024-02-03 09:00:00 +0000",
        " - English\n - Notes",
        "<p>The first note, short.</p>",
    ),
    "english/short-2.md": article(
        "Second short note",
        "2024-02-02 09:00:00 +0000",
        " - English\n - Notes",
        "<p>The second note, short too.</p>",
    ),
    "english/short-3.md": article(
        "Third short note",
        "2024-02-01 09:00:00 +0000",
        " - English\n - Notes",
        "<p>The third note.</p>",
    ),
    "english/twice.md": article(
        "Filed twice",
        "2024-01-15 09:00:00 +0000",
        " - [English, Notes]\n - [Elsewhere]",
        "<p>This article has two category paths.</p>",
    ),
    "broken/empty.md": "",
    "broken/binary.md": "\x00\x01\x02 binary",
}


def make_library(root: Path, *, samples: bool = True) -> Path:
    """A fixture library in `root` (created), with mtimes fixed for stable ids and order."""
    root.mkdir(parents=True, exist_ok=True)
    if samples:
        shutil.copytree(SAMPLES, root / "samples")
    for name, text in CRAFTED.items():
        write(root / name, text)
    return root


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    stamp = 1_700_000_000
    os.utime(path, (stamp, stamp))


def make_app(
    root: Path, config: Config | None = None, layout: str = "tree", **kwargs: object
) -> ReaderApp:
    """The reader on `root`, not watching the folder; in the tree layout (articles as leaves of
    the tree) unless `layout="river"`."""
    config = dataclasses.replace(config or Config(), layout=layout)
    app = ReaderApp(Library(root), config, watch_interval=0, **kwargs)  # type: ignore[arg-type]
    return app


async def settle(pilot: Pilot[object], rounds: int = 3) -> None:
    """Let workers finish and their messages be handled (workers may start other workers)."""
    for _ in range(rounds):
        await pilot.pause()
        await _workers_done(pilot)
        await pilot.pause()


async def _workers_done(pilot: Pilot[object]) -> None:
    """Wait for the app's workers; one replaced by a newer one of its exclusive group (a list
    chosen again) is cancelled: wait for the newer one instead."""
    for _ in range(10):
        try:
            await pilot.app.workers.wait_for_complete()
            return
        except WorkerCancelled:
            await pilot.pause()


@asynccontextmanager
async def running(
    root: Path, config: Config | None = None, *, size: tuple[int, int] = SIZE, **kwargs: object
) -> AsyncIterator[tuple[ReaderApp, Pilot[object]]]:
    """The reader on the library `root`, run headless at `size` and settled:
    `async with running(library) as (app, pilot):`. `config` and `kwargs` go to `make_app`."""
    app = make_app(root, config, **kwargs)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        yield app, pilot


async def open_where(pilot: Pilot[object], match: Callable[[Article], bool]) -> Article:
    """Open the first article `match` picks, as from its first category, with the reading pane
    focused; the article."""
    main = pilot.app.main_screen  # type: ignore[attr-defined]
    article = next(a for a in main.model.articles.values() if match(a))
    main.open_article(article, main.model.find(article.categories[0]))
    await settle(pilot)
    main.reader.focus()
    return article


async def until(pilot: Pilot[object], done: Callable[[], bool], what: str) -> None:
    """Pause until `done()` (workers may be held, so `settle` cannot be used)."""
    for _ in range(200):
        if done():
            return
        await pilot.pause(0.05)
    raise AssertionError(f"never happened: {what}")


def record_notes(app: ReaderApp) -> list[str]:
    """The messages of the app's notifications from now on, in order (they are still shown)."""
    notes: list[str] = []
    notify = app.notify

    def recording(message: str, *args: object, **kwargs: object) -> None:
        notes.append(message)
        notify(message, *args, **kwargs)  # type: ignore[arg-type]

    app.notify = recording  # type: ignore[method-assign]
    return notes


# -- the tree and the help screen -----------------------------------------------------------------


def cursor_data(app):  # type: ignore[no-untyped-def]
    return app.main_screen.sidebar.cursor_node.data


async def goto_category(pilot, *names: str) -> None:  # type: ignore[no-untyped-def]
    """Move the cursor down to the category path `names`, expanding on the way with `l`."""
    app = pilot.app
    for depth in range(len(names)):
        for _ in range(200):
            data = cursor_data(app)
            if isinstance(data, CategoryNode) and data.category.path == names[: depth + 1]:
                break
            await pilot.press("j")
        else:
            raise AssertionError(f"category {names[: depth + 1]} not found")
        await pilot.press("l")
        if depth < len(names) - 1:
            await pilot.press("j")


def category_line(sidebar: Sidebar, *path: str) -> int:
    """The tree's line of the category entry `path` (shown: its parents expanded)."""
    for line in range(sidebar.last_line + 1):
        node = sidebar.get_node_at_line(line)
        if node is not None and isinstance(node.data, CategoryNode):
            if node.data.category.path == path:
                return line
    raise AssertionError(f"category {path} not in the tree")


async def open_help(pilot) -> VerticalScroll:  # type: ignore[no-untyped-def]
    """Open the help screen (`?`); its scrolling view."""
    await settle(pilot)
    await pilot.press("question_mark")
    await pilot.pause()
    assert isinstance(pilot.app.screen, HelpScreen)
    return pilot.app.screen.query_one(VerticalScroll)


# -- the search bar and saved searches ------------------------------------------------------------


def search_status(screen: SearchScreen) -> str:
    return str(screen.query_one("#search-status").render())


async def type_search(pilot: Pilot[object], text: str) -> SearchScreen:
    """Press /, type `text`, and wait until its results are shown (the index may be held)."""
    await pilot.press("slash")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, SearchScreen)
    for char in text:
        await pilot.press(char)
    await until(
        pilot,
        lambda: screen.query_text == text and "counting" not in search_status(screen),
        "results shown",
    )
    return screen


def saved_node(app: ReaderApp, query: str):  # type: ignore[no-untyped-def]
    """The tree's node of the saved search `query`, or None."""
    for node in app.main_screen.sidebar.root.children:
        if isinstance(node.data, SavedSearchesNode):
            for child in node.children:
                if isinstance(child.data, SavedSearchNode) and child.data.query == query:
                    return child
    return None


async def open_saved_searches(pilot: Pilot[object]) -> Sidebar:
    """Open the Saved searches entry of the tree (with l); the tree."""
    app = pilot.app
    assert isinstance(app, ReaderApp)
    sidebar = app.main_screen.sidebar
    root = next(n for n in sidebar.root.children if isinstance(n.data, SavedSearchesNode))
    sidebar.move_cursor(root)
    await pilot.press("l")
    await settle(pilot)
    return sidebar


async def saved_and_open(pilot: Pilot[object], *queries: str):  # type: ignore[no-untyped-def]
    """Save each query from the search bar, then open Saved searches and each of them."""
    app = pilot.app
    assert isinstance(app, ReaderApp)
    for query in queries:
        await type_search(pilot, query)
        await pilot.press("ctrl+s", "escape")
        await settle(pilot)
    sidebar = await open_saved_searches(pilot)
    for query in queries:
        sidebar.move_cursor(saved_node(app, query))
        await pilot.press("l")
        await settle(pilot)
    return [saved_node(app, query) for query in queries]


def found_ids(node) -> list[str]:  # type: ignore[no-untyped-def]
    """The ids of the articles a saved search's node lists, in order."""
    return [c.data.article.id for c in node.children if isinstance(c.data, FoundNode)]


async def rerun_settled(pilot: Pilot[object]) -> None:
    """Wait out the delay before saved searches run again after marks change, then the runs."""
    await pilot.pause(getattr(main_module, "SAVED_RERUN_DELAY", 0.5) + 0.2)
    main = pilot.app.main_screen  # type: ignore[attr-defined]
    await until(pilot, lambda: main.saved_runs.timer is None, "the rerun")
    await settle(pilot)


def tmux(*args: str) -> str:
    """Run a tmux command; its standard output."""
    return subprocess.run(
        ["tmux", *args], capture_output=True, text=True, timeout=20, check=False
    ).stdout


def tmux_wait_for(session: str, text: str, seconds: float = 20) -> bool:
    """Whether `text` shows in tmux `session`'s pane within `seconds`."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if text in tmux("capture-pane", "-p", "-t", session):
            return True
        time.sleep(0.3)
    return False
