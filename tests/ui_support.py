"""Shared helpers of the UI tests: a fixture library and a way to wait for the app to settle.

The library is the real samples plus crafted articles with fixed dates: a long English article
(for paging), one article filed under two category paths, a small category of three, and files
that fail to load (for the Problems view).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

from textual.pilot import Pilot

from tui_reader.core.config import Config
from tui_reader.core.library.library import Library
from tui_reader.core.library.model import Article
from tui_reader.ui.app import ReaderApp

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


def make_app(root: Path, config: Config | None = None, **kwargs: object) -> ReaderApp:
    app = ReaderApp(Library(root), config or Config(), watch_interval=0, **kwargs)  # type: ignore[arg-type]
    return app


async def settle(pilot: Pilot[object], rounds: int = 3) -> None:
    """Let workers finish and their messages be handled (workers may start other workers)."""
    for _ in range(rounds):
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


async def open_where(pilot: Pilot[object], match: Callable[[Article], bool]) -> Article:
    """Open the first article `match` picks, as from its first category, with the reading pane
    focused; the article."""
    main = pilot.app.main_screen  # type: ignore[attr-defined]
    article = next(a for a in main.model.articles.values() if match(a))
    main.open_article(article, main.model.find(article.categories[0]))
    await settle(pilot)
    main.reader.focus()
    return article
