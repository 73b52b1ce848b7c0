"""Make the README's screenshots from a real run of the reader: `screenshots/*.svg` and `*.png`.

    python scripts/screenshots.py [--out screenshots]

Runs the app headless (`App.run_test`) on the bundled sample library (what `tui-reader` opens
without a library: a real news article, the guide in English and Chinese), drives it with the
keys a person would press, and saves what the terminal shows. PNGs are made with cairosvg and two
fonts (see `to_png`; Debian: `apt-get install fonts-noto-cjk fonts-dejavu-core`). Look at every
PNG before committing it.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import shutil
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUNDLED = ROOT / "tui_reader" / "sample_library"
SIZE = (120, 36)


Steps = Callable[[object], Awaitable[None]]


def make_library(folder: Path) -> Path:
    shutil.copytree(BUNDLED, folder)
    return folder


async def settle(pilot) -> None:  # type: ignore[no-untyped-def]
    for _ in range(3):
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


async def goto(pilot, *names: str) -> None:  # type: ignore[no-untyped-def]
    """Walk the tree down to the category `names` (its list shows), then into its list."""
    from tui_reader.ui.model.tree_data import CategoryNode

    sidebar = pilot.app.main_screen.sidebar
    for depth in range(len(names)):
        for _ in range(300):
            data = sidebar.cursor_node.data
            if isinstance(data, CategoryNode) and data.category.path == names[: depth + 1]:
                break
            await pilot.press("j")
            await settle(pilot)
        if depth < len(names) - 1:
            await pilot.press("l", "j")
    await pilot.press("enter")
    await settle(pilot)


async def pick(pilot, title: str) -> None:  # type: ignore[no-untyped-def]
    """Move the list's cursor onto the first article whose title holds `title`, open it."""
    listing = pilot.app.main_screen.river.listing
    for _ in range(300):
        if listing.current is not None and title in listing.current.title:
            break
        await pilot.press("j")
    await pilot.press("enter")


async def main_screen(pilot) -> None:  # type: ignore[no-untyped-def]
    await pilot.press("l")  # into All unread, the list shown first
    await pick(pilot, "美俄")


async def article_list(pilot) -> None:  # type: ignore[no-untyped-def]
    await goto(pilot, "Guide")
    await pilot.press("j", "j")


async def english_article(pilot) -> None:  # type: ignore[no-untyped-def]
    await goto(pilot, "Guide")
    await pick(pilot, "moving around")


async def help_screen(pilot) -> None:  # type: ignore[no-untyped-def]
    await pilot.press("question_mark")


SHOTS: dict[str, tuple[Steps, tuple[int, int]]] = {
    "main-screen": (main_screen, (200, 50)),  # three panes: tree, list, article
    "article-list": (article_list, SIZE),  # narrower: the list and the article take turns
    "english-article": (english_article, SIZE),
    "help-screen": (help_screen, SIZE),
}


async def shoot(
    library: Path, name: str, steps: Steps, out: Path, size: tuple[int, int] = SIZE
) -> Path:
    from tui_reader.core.config import Config
    from tui_reader.core.library.library import Library
    from tui_reader.ui.app import ReaderApp

    app = ReaderApp(Library(library), Config(), watch_interval=0)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await steps(pilot)
        await settle(pilot)
        svg = app.export_screenshot(title=f"tui-reader — {name.replace('-', ' ')}")
    path = out / f"{name}.svg"
    path.write_text(svg, encoding="utf-8")
    return path


LATIN_FONT = "DejaVu Sans Mono"  # 0.6 em wide: Textual's cells are 0.61 em at 20 px
CJK_FONT = "Noto Sans Mono CJK SC"  # Chinese 1 em wide: two cells at 24.4 px
_TEXT = re.compile(r"(<text [^>]*?)(>)([^<]*)(</text>)")


def to_png(svg: Path) -> Path:
    """The PNG of a Textual SVG. cairosvg draws each text run in one font, with no fallback:
    runs holding wide (Chinese) characters get the CJK font at the size where a character is
    exactly two cells, the rest a Latin monospace font whose letters, box drawing and symbols
    (⌫, ●) fill one cell, so text is not spaced out and borders join."""
    import html
    import unicodedata

    import cairosvg

    def wide(content: str) -> bool:
        return any(unicodedata.east_asian_width(c) in "WF" for c in html.unescape(content))

    def font(match: re.Match[str]) -> str:
        head, close, content, end = match.groups()
        if not wide(content):
            return match.group(0)
        return f'{head} style="font-family: {CJK_FONT}; font-size: 24.4px"{close}{content}{end}'

    text = svg.read_text(encoding="utf-8")
    text = re.sub(r'font-family: *"?Fira Code"?[^;"]*', f'font-family: "{LATIN_FONT}"', text)
    text = _TEXT.sub(font, text)
    png = svg.with_suffix(".png")
    cairosvg.svg2png(bytestring=text.encode("utf-8"), write_to=str(png), output_width=1600)
    return png


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "screenshots")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as temp:
        home = Path(temp)
        for variable in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
            os.environ[variable] = str(home / variable.lower())  # never the user's own state
        os.environ.setdefault("TZ", "UTC")
        time.tzset()
        library = make_library(home / "library")
        for name, (steps, size) in SHOTS.items():
            svg = asyncio.run(shoot(library, name, steps, args.out, size))
            print(svg, to_png(svg))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
