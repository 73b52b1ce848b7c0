"""Inline images in the reading pane: fetched in a worker, drawn over rows kept free for them.

`ArticleImages` is an object the `Reader` owns (`reader.images`). Only when the user turned
`inline_images` on and the terminal can draw images (`ui.widgets.reader.image_support`) are an
article's images fetched: a thread worker of the pane per article, a few at a time in document
order, cancelled when another article opens. It reports each image back with an `ImageArrived`
message to the pane (which hands it to this object), naming the load it belongs to, so an image of
the article left is dropped. Otherwise nothing here runs and the pane is exactly as without images.

The body stays one `ArticleLines`. Each image that arrives adds an `ImageSlot` after the block
that holds its placeholder (the placeholder stays, as a caption above the image): blank rows as
tall as the image at the pane's width, the first tagged in its style's meta. Images arriving
close together share one new layout of the article (at most one per `BATCH`). Once the body is
laid out, an image widget is placed over those rows (absolutely, as a child of the body, so it
scrolls with the text). Find, search highlights and the reading position keep working on rows as
before: a slot is rows like any other, and highlights only ever touch `Text`. Image bytes reach
the terminal only through textual-image (a graphics protocol or coloured cells), never as text.
"""

from __future__ import annotations

import dataclasses
import re
import threading
from collections.abc import Callable, Iterator
from functools import partial
from time import monotonic
from typing import TYPE_CHECKING, Any, cast

from rich.console import Console, ConsoleOptions, RenderableType, RenderResult
from rich.measure import Measurement
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.message import Message
from textual.widget import Widget
from textual.worker import get_current_worker

from tui_reader.core.sanitize import clean_line
from tui_reader.render import styles
from tui_reader.render.block_texts import iter_texts
from tui_reader.render.linkset import Link
from tui_reader.ui.widgets.reader.image_support import Decoded, decode, fit, image_support
from tui_reader.ui.widgets.reader.lines import ArticleLines
from tui_reader.ui.widgets.reader.marks import is_large

if TYPE_CHECKING:
    from tui_reader.ui.widgets.reader.reader import Reader

SLOT_KEY = "tui_reader_image"  # style meta of an image slot's first row: the image's link number
MAX_ROWS = 20  # an image is never taller than this, however narrow and tall it is
PARALLEL = 3  # images fetched at once
MAX_IMAGES = 60  # an article with more shows the rest as placeholders only
BATCH = 0.1  # seconds: images arriving closer together than this share one layout of the article
LARGE_BATCH = 0.5  # seconds images of a large article are gathered before it is laid out again
# A label is at most 200 characters (render.textclean.one_line): bounded, a text of many "[image: "
# without their ends costs linear time, not a scan to the end of the line from each.
_PLACEHOLDER = re.compile(r"\[(?:head )?image: [^\n]{0,200}?\]\[(\d+)\]")


class ImageSlot:
    """Blank rows where an image is drawn over the text, as many as it needs at the width."""

    def __init__(self, number: int, pixels: tuple[int, int], cell: tuple[int, int]) -> None:
        self.number = number
        self.pixels = pixels
        self.cell = cell

    def size(self, columns: int) -> tuple[int, int]:
        """Columns and rows of the image at `columns` wide."""
        return fit(self.pixels, self.cell, columns, MAX_ROWS)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        _columns, rows = self.size(options.max_width)
        if rows:
            yield Segment(" ", Style(meta={SLOT_KEY: self.number}))
            yield Segment.line()
        for _ in range(rows - 1):
            yield Segment.line()

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement(1, self.size(options.max_width)[0] or 1)


class ImageNote:
    """Why an image was not loaded, under its placeholder (not a `Text`: find skips it). Its
    first row is tagged like a slot's, so the pane knows where it is."""

    def __init__(self, number: int, reason: str) -> None:
        self.text = Text(f"(image not loaded: {clean_line(reason)})", styles.NOTE)
        self.text.stylize(Style(meta={SLOT_KEY: number}), 0, 1)

    def rows(self, console: Console, columns: int) -> int:
        """Rows the note takes at `columns` wide."""
        return len(self.text.wrap(console, columns))

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield self.text


@dataclasses.dataclass(slots=True)
class _Arrived:
    block: int  # index of the body block holding the placeholder
    shown: ImageSlot | ImageNote  # what goes after that block: the image's rows, or why not
    image: Any = None  # the decoded image (a PIL image) drawn over the slot


class ImageArrived(Message, bubble=False):
    """The images worker's answer for one image of load `load`: decoded, or why it was not."""

    def __init__(self, load: int, number: int, block: int, decoded: Decoded) -> None:
        super().__init__()
        self.load = load
        self.number = number  # the image's link number
        self.block = block  # the body block holding its placeholder
        self.decoded = decoded


class ArticleImages:
    """Fetching and placing inline images, for the `Reader` that owns it."""

    def __init__(self, reader: Reader) -> None:
        self.reader = reader
        self.load = 0  # bumped when another article opens: late arrivals are dropped
        self._body: list[RenderableType] | None = None  # the body as rendered, without slots
        self._arrived: dict[int, _Arrived] = {}
        self._widgets: dict[int, Widget] = {}
        self._laid_out: set[int] = set()  # images (slots or notes) `place` has seen laid out
        self._rebuild_pending = False
        self._last_rebuild = 0.0  # when the body was last laid out again for arrived images
        self._cache_pruned = False  # the image cache is pruned once a session, before a fetch

    def reset(self) -> None:
        """No images (another article opens): fetching is cancelled, image widgets removed."""
        reader = self.reader
        self.load += 1
        self._body = None
        self._arrived = {}
        self._laid_out = set()
        self._rebuild_pending = False  # one still pending is for the old article: it returns
        self._last_rebuild = 0.0
        widgets, self._widgets = self._widgets, {}
        if reader.is_mounted:
            reader.workers.cancel_group(reader, "images")
        for widget in widgets.values():
            if hasattr(widget, "image"):
                cast(Any, widget).image = None  # textual-image frees the Kitty terminal's copy
            widget.remove()

    def start(self, links: list[Link]) -> None:
        """Fetch the images of the article just shown, if inline images are on and drawable."""
        self.reset()
        reader = self.reader
        support = image_support()
        config = getattr(reader.app, "config", None)
        rendered = reader.rendered
        if support is None or rendered is None or not getattr(config, "inline_images", False):
            return
        images = {link.number: link.url for link in links if link.kind == "image"}
        if not images:
            return
        self._body = rendered.body
        prune = not self._cache_pruned
        self._cache_pruned = True
        reader.run_worker(
            partial(self._fetch, rendered.body, images, self.load, prune),
            name="images", group="images", thread=True, exclusive=True, exit_on_error=False,
        )  # fmt: skip

    def _fetch(
        self, blocks: list[RenderableType], images: dict[int, str], load: int, prune: bool
    ) -> None:
        """The worker: each image loaded, in document order, posted as it comes."""
        worker = get_current_worker()
        if prune:
            from tui_reader.core.image_cache import prune_cache

            prune_cache()
        wanted = list(_placeholders(blocks, images))[:MAX_IMAGES]
        urls = [images[number] for number, _block in wanted]
        loaded = _load_in_order(urls, lambda: worker.is_cancelled)
        for (number, block), decoded in zip(wanted, loaded, strict=False):
            if worker.is_cancelled:
                return
            self.reader.post_message(ImageArrived(load, number, block, decoded))

    def arrived(self, message: ImageArrived) -> None:
        """An image came (see `ImageArrived`): the body is laid out again with its rows."""
        reader = self.reader
        if (say := getattr(reader.app, "say_cache_troubles", None)) is not None:
            say()  # an image cache that could not be written
        support = image_support()
        if message.load != self.load or self._body is None or support is None:
            return
        number, block, decoded = message.number, message.block, message.decoded
        if decoded.error:
            self._arrived[number] = _Arrived(block, ImageNote(number, decoded.error))
        else:
            slot = ImageSlot(number, (decoded.width, decoded.height), support.cell)
            self._arrived[number] = _Arrived(block, slot, decoded.image)
        if self._rebuild_pending:
            return  # the layout already asked for shows this image too
        self._rebuild_pending = True
        # Each layout is of the whole article: images arriving one after another (20 of them
        # over a few seconds) are gathered, so it is laid out at most once per BATCH; the first
        # image after a pause shows at once. A large article's layout takes a worker seconds,
        # so it waits LARGE_BATCH for more images first.
        large = is_large(reader.rendered)
        wait = LARGE_BATCH if large else self._last_rebuild + BATCH - monotonic()
        if wait > 0:
            reader.set_timer(wait, partial(self._rebuild_body, self.load))
        else:
            reader.call_after_refresh(self._rebuild_body, self.load)

    def _rebuild_body(self, load: int) -> None:
        if load != self.load:
            return
        self._rebuild_pending = False
        reader = self.reader
        body, rendered = self._body, reader.rendered
        if body is None or rendered is None:
            return
        self._last_rebuild = monotonic()
        after: dict[int, list[RenderableType]] = {}
        for _number, arrived in sorted(self._arrived.items()):
            after.setdefault(arrived.block, []).append(arrived.shown)
        blocks: list[RenderableType] = []
        for index, block in enumerate(body):
            blocks.append(block)
            blocks.extend(after.get(index, ()))
        reader.rendered = dataclasses.replace(rendered, body=blocks)
        reader.find.forget_match_lines()  # find matches move down past the new rows
        reader.find.paint()

    def place(self) -> None:
        """Put an image widget over each slot of the laid-out body (called when it is ready);
        when images or notes came in above the view, scroll so the text stays where it was."""
        support = image_support()
        if not self._arrived or support is None:
            return
        reader = self.reader
        body = reader.query_one("#article-body", ArticleLines)
        columns = body.content_size.width
        top = reader.scroll_y - body.virtual_region.y  # the first body row in view
        shift = 0
        new: list[Widget] = []
        for key, line in sorted(body.tagged_lines(SLOT_KEY).items(), key=lambda kv: kv[1]):
            number = cast(int, key)
            arrived = self._arrived.get(number)
            if arrived is None:
                continue
            shown = arrived.shown
            if isinstance(shown, ImageNote):
                rows = shown.rows(reader.app.console, columns)
            else:
                width, rows = shown.size(columns)  # as many rows as the slot keeps free
                widget = self._widgets.get(number)
                if widget is None:
                    widget = self._widgets[number] = support.widget(arrived.image)
                    widget.styles.position = "absolute"
                    new.append(widget)
                widget.styles.width = width
                widget.styles.height = rows
                widget.styles.offset = (0, line)
            if number not in self._laid_out and line < top + shift:
                shift += rows  # new rows above the view
            self._laid_out.add(number)
        if new:
            body.mount_all(new)
        if shift and not reader.restoring:
            reader.call_after_refresh(self._scroll_by_rows, shift)

    def _scroll_by_rows(self, rows: int) -> None:
        reader = self.reader
        reader.scroll_to(y=reader.scroll_y + rows, animate=False, immediate=True)


def _load_in_order(urls: list[str], cancelled: Callable[[], bool]) -> Iterator[Decoded]:
    """Each address loaded, in order, `PARALLEL` at a time, on helper threads that stop taking
    addresses once `cancelled()`. They are daemon threads, not Textual workers, on purpose: a
    thread worker runs in the event loop's default executor, which the app waits for when it
    quits, so a fetch stuck on a slow server (up to `image_cache.DEADLINE`, 30 s) would hold the
    quit; a daemon thread is left behind. Only the images worker, which polls `cancelled()`,
    waits on them."""
    results: dict[int, Decoded] = {}
    done = threading.Condition()
    queue = iter(range(len(urls)))

    def run() -> None:
        while not cancelled():
            with done:
                index = next(queue, None)
            if index is None:
                return
            decoded = _load(urls[index])
            with done:
                results[index] = decoded
                done.notify_all()

    for _ in range(min(PARALLEL, len(urls))):
        threading.Thread(target=run, name="image fetch", daemon=True).start()
    for index in range(len(urls)):
        with done:
            while index not in results:
                if cancelled():
                    return
                done.wait(0.25)
            yield results.pop(index)


def _load(url: str) -> Decoded:
    """Fetch (or read from the cache) and decode one image; errors become a reason."""
    # Imported here: urllib's HTTP stack costs start-up time, and most readers never fetch.
    from tui_reader.core.image_cache import ImageFetchError, fetch_image

    try:
        return decode(fetch_image(url))
    except ImageFetchError as error:
        return Decoded(error=str(error))
    except Exception as error:  # noqa: BLE001 — an image must never stop the others
        return Decoded(error=f"failed ({type(error).__name__})")


def _placeholders(
    blocks: list[RenderableType], images: dict[int, str]
) -> Iterator[tuple[int, int]]:
    """(link number, block index) of each image's first placeholder, in document order."""
    seen: set[int] = set()
    for index, block in enumerate(blocks):
        for text in iter_texts(block):
            if "image: " not in text.plain:
                continue
            for match in _PLACEHOLDER.finditer(text.plain):
                number = int(match.group(1))
                if number in images and number not in seen:
                    seen.add(number)
                    yield number, index
