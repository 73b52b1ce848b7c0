"""Inline images: whether the reading pane may show them, and what draws and decodes them.

Drawing is textual-image's (Kitty graphics protocol, Sixel, coloured half cells) and decoding is
Pillow's. Both are imported here only, and only when `inline_images` is on: the CLI commands and a
reader that never shows images do not load them, and they are an optional extra (`images`).

textual-image asks the terminal what it can draw when it is first imported, by writing a query
and reading the answer from the keyboard; once Textual runs, its input thread would take the
answer. So `prepare_inline_images` is called before the app starts (from `launch`). Only a
graphics protocol counts: on any other terminal nothing is drawn, so nothing is fetched.
Tests choose the widget themselves with `use_image_widget` (there is no terminal to ask).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from textual.widget import Widget

    from tui_reader.core.config import Config

MAX_PIXELS = 40_000_000  # larger images are refused before they are decoded (memory)
DECODED_SIDE = 2048  # decoded images are shrunk to this: no pane is wider in pixels
DEFAULT_CELL = (10, 20)  # pixels of one terminal cell when the terminal does not say


@dataclass(slots=True)
class ImageSupport:
    """The widget class that draws an image (it takes a PIL image), and one cell's pixels."""

    widget: type[Widget]
    cell: tuple[int, int] = DEFAULT_CELL


_support: ImageSupport | None = None


def prepare_inline_images(config: Config, *, served: bool = False) -> None:
    """Ask the terminal (before Textual starts) whether it can draw images, if the user wants
    them; the answer is kept for `image_support`. A missing package becomes a config warning.

    `served` (a reader drawn in a web browser by `tui-reader serve`): there is no terminal to
    ask, and the page draws text cells only, so images are coloured half cells. The reader
    fetches them, as in a terminal: the browser never fetches from an article's hosts."""
    global _support
    _support = None
    if not config.inline_images:
        return
    try:
        _support = _served() if served else _detect()
    except ImportError:
        config.warnings.append(
            "inline_images is on, but textual-image is not installed: "
            "pip install 'tui-reader[images]'"
        )
    except Exception:  # noqa: BLE001 — a terminal that answers oddly: no images, no crash
        _support = None


def use_image_widget(support: ImageSupport | None) -> None:
    """Choose how images are drawn without asking a terminal (tests); None: not at all."""
    global _support
    _support = support


def image_support() -> ImageSupport | None:
    """How images are drawn, or None when this terminal cannot (or nobody asked)."""
    return _support


def _served() -> ImageSupport:
    from textual_image.widget import HalfcellImage  # stdout is no terminal: nothing is asked

    return ImageSupport(HalfcellImage)


def _detect() -> ImageSupport | None:
    from textual_image import renderable, widget

    if renderable.Image not in (renderable.SixelImage, renderable.TGPImage):
        return None  # half cells and Unicode blocks are not what the user asked for
    cell = getattr(widget, "get_cell_size", None)
    size = cell() if cell is not None else DEFAULT_CELL
    return ImageSupport(widget.Image, (int(size[0]) or 10, int(size[1]) or 20))


@dataclass(slots=True)
class Decoded:
    """An image ready to draw (`image`, a PIL image) or the reason it is not (`error`)."""

    image: Any = None
    width: int = 0
    height: int = 0
    error: str = ""


def decode(path: Path) -> Decoded:
    """Decode a cached image file with Pillow (in a worker), shrunk to at most DECODED_SIDE."""
    try:
        from PIL import Image
    except ImportError:
        return Decoded(error="Pillow is not installed")
    try:
        with Image.open(path) as opened:
            if opened.width * opened.height > MAX_PIXELS:
                return Decoded(error=f"too many pixels ({opened.width}×{opened.height})")
            opened.thumbnail((DECODED_SIDE, DECODED_SIDE))  # decodes: errors surface here
            alpha = "A" in opened.getbands() or "transparency" in opened.info
            image = opened.convert("RGBA" if alpha else "RGB")
    except Image.UnidentifiedImageError:
        return Decoded(error="not a format that can be shown")
    except (OSError, ValueError, Image.DecompressionBombError, SyntaxError) as error:
        return Decoded(error=f"cannot be decoded ({type(error).__name__})")
    if not image.width or not image.height:
        return Decoded(error="empty image")
    return Decoded(image, image.width, image.height)


def fit(pixels: tuple[int, int], cell: tuple[int, int], columns: int, rows: int) -> tuple[int, int]:
    """Columns and rows to draw an image of `pixels` in: its own size when it fits, else scaled
    down (keeping its shape) to at most `columns` wide and `rows` high."""
    width, height = pixels
    cell_width, cell_height = cell
    if width <= 0 or height <= 0 or columns <= 0 or rows <= 0:
        return 0, 0
    cols = min(columns, max(1, round(width / cell_width)))
    lines = max(1, round(cols * cell_width * height / width / cell_height))
    if lines > rows:
        lines = rows
        cols = max(1, min(columns, round(rows * cell_height * width / height / cell_width)))
    return cols, lines
