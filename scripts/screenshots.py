"""Make the README's screenshots from a real run of the reader: `screenshots/*.svg` and `*.png`.

    python scripts/screenshots.py [--out screenshots]

Runs the app headless (`App.run_test`) on the real sample articles plus the bundled English guide,
drives it with the keys a person would press, and saves what the terminal shows. PNGs are made
with cairosvg, which uses only the first font family of the SVG: a fontconfig file written here
maps that family to a CJK monospace font (Debian: `apt-get install fonts-wqy-microhei`), so
Chinese text is drawn instead of boxes. Look at every PNG before committing it.
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
SAMPLES = ROOT / "tests" / "samples"
GUIDE = ROOT / "tui_reader" / "sample_library" / "guide"
SIZE = (120, 36)
CJK_FONT = "WenQuanYi Micro Hei Mono"

FONTCONFIG = f"""<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>
  <match target="pattern">
    <test name="family"><string>Fira Code</string></test>
    <edit name="family" mode="assign" binding="strong"><string>{CJK_FONT}</string></edit>
  </match>
  <match target="pattern">
    <test name="family"><string>monospace</string></test>
    <edit name="family" mode="prepend" binding="strong"><string>{CJK_FONT}</string></edit>
  </match>
</fontconfig>
"""

Steps = Callable[[object], Awaitable[None]]


def make_library(folder: Path) -> Path:
    shutil.copytree(SAMPLES, folder / "news")
    shutil.copytree(GUIDE, folder / "guide")
    return folder


async def settle(pilot) -> None:  # type: ignore[no-untyped-def]
    for _ in range(3):
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


async def goto(pilot, *names: str) -> None:  # type: ignore[no-untyped-def]
    """Walk the tree down to the category `names`, expanding it."""
    from tui_reader.ui.model.tree_data import CategoryNode

    sidebar = pilot.app.main_screen.sidebar
    for depth in range(len(names)):
        for _ in range(300):
            data = sidebar.cursor_node.data
            if isinstance(data, CategoryNode) and data.category.path == names[: depth + 1]:
                break
            await pilot.press("j")
        await pilot.press("l")
        if depth < len(names) - 1:
            await pilot.press("j")


async def main_screen(pilot) -> None:  # type: ignore[no-untyped-def]
    await goto(pilot, "新媒体", "Aljazeera 半岛网", "新闻")
    await pilot.press("j", "enter")


async def english_article(pilot) -> None:  # type: ignore[no-untyped-def]
    await goto(pilot, "Guide", "Getting started", "Keys")
    await pilot.press("j", "enter", "tab")


async def help_screen(pilot) -> None:  # type: ignore[no-untyped-def]
    await pilot.press("question_mark")


SHOTS: dict[str, Steps] = {
    "main-screen": main_screen,
    "english-article": english_article,
    "help-screen": help_screen,
}


async def shoot(library: Path, name: str, steps: Steps, out: Path) -> Path:
    from tui_reader.core.config import Config
    from tui_reader.core.library.library import Library
    from tui_reader.ui.app import ReaderApp

    app = ReaderApp(Library(library), Config(), watch_interval=0)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await steps(pilot)
        await settle(pilot)
        svg = app.export_screenshot(title=f"tui-reader — {name.replace('-', ' ')}")
    path = out / f"{name}.svg"
    path.write_text(svg, encoding="utf-8")
    return path


def to_png(svg: Path) -> Path:
    import cairosvg

    text = svg.read_text(encoding="utf-8")
    # cairosvg takes the first family only: name the CJK monospace font first
    text = re.sub(r'font-family: *"?Fira Code"?[^;"]*', f'font-family: "{CJK_FONT}"', text)
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
        for variable in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"):
            os.environ[variable] = str(home / variable.lower())  # never the user's own state
        (home / "fonts.conf").write_text(FONTCONFIG, encoding="utf-8")
        os.environ["FONTCONFIG_FILE"] = str(home / "fonts.conf")
        os.environ.setdefault("TZ", "UTC")
        time.tzset()
        library = make_library(home / "library")
        for name, steps in SHOTS.items():
            svg = asyncio.run(shoot(library, name, steps, args.out))
            print(svg, to_png(svg))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
