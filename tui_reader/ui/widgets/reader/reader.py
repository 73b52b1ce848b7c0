"""The reading pane: an article's header and body in a scrolling view.

The pane only displays: rendering happens in a worker of the screen, which hands the finished
`RenderedArticle` down with `show_article`. Scrolling reports the reading position upward with
`Reader.PositionChanged` so it can be saved and restored the next time the article is opened.

The pane also highlights: the terms of the search an article was opened from, and the matches of
find in the article (its find bar), stepping from one to the next and scrolling each into view.
Highlights are styles on copies of the rendered blocks (see `ui.widgets.reader.highlight`); the text
never changes. The pane owns two helpers: `find` (a `FindInArticle`, ui.widgets.reader.marks) for
the highlights, and `images` (an `ArticleImages`, ui.widgets.reader.images) for inline images.
Their workers report back with messages to the pane, whose handlers here hand them on.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import ClassVar

from rich.console import RenderableType
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.message import Message
from textual.reactive import var
from textual.timer import Timer
from textual.widgets import Static

from tui_reader.core.library.api import Article
from tui_reader.render.article import RenderedArticle, render_header
from tui_reader.ui.widgets.reader.find_bar import FindBar
from tui_reader.ui.widgets.reader.images import ArticleImages, ImageArrived
from tui_reader.ui.widgets.reader.lines import ArticleLines
from tui_reader.ui.widgets.reader.marks import FindInArticle, MarksPainted, MatchesPlaced, is_large
from tui_reader.ui.widgets.reader.pipe_layer import PipeLayer

LOADING_DELAY = 0.05  # seconds an article may take to arrive before "Loading…" replaces the pane

WELCOME = (
    "Choose an article on the left and press enter.\n\n"
    "j/k move · enter opens · space reads on · n/p next and previous · ? all keys"
)


class Reader(VerticalScroll):
    """Shows one article at a time; `article` is the one shown (or being loaded)."""

    DEFAULT_CSS = """
    Reader {
        padding: 0 2;
        background: $background;
        scrollbar-size-vertical: 1;
        /* The same width with or without a scrollbar: the body, laid out ahead at the pane's
           width, never has to be laid out again when the next article is longer. */
        scrollbar-gutter: stable;
    }
    Reader > #article-header {
        padding: 1 0;
        border-bottom: solid $primary-muted;
        margin-bottom: 1;
    }
    Reader > #article-user-tags { color: $accent; padding: 1 0 0 0; }
    Reader > #article-body { width: 100%; }
    Reader > .reader--placeholder { color: $text-muted; padding: 1 0; }
    Reader > .reader--search-match { background: $accent-muted; text-style: bold; }
    Reader > .reader--find-match { background: $warning-muted; }
    Reader > .reader--find-current { background: $warning; color: $background; text-style: bold; }
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "reader--search-match", "reader--find-match", "reader--find-current",
    }  # fmt: skip

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "scroll_up", "Scroll up", show=False),
        Binding("down", "scroll_down", "Scroll down", show=False),
        Binding("pageup", "page_up", "Page up", show=False),
        Binding("pagedown", "page_down", "Page down", show=False),
        Binding("home", "scroll_home", "Top", show=False),
        Binding("end", "scroll_end", "Bottom", show=False),
    ]

    # A tool's output shown in place of the body (`PipeLayer`); the body keeps its place.
    layer_shown = var(False)

    class PositionChanged(Message):
        """The reader scrolled. Handle with `on_reader_position_changed`."""

        def __init__(self, article: Article, fraction: float) -> None:
            super().__init__()
            self.article = article
            self.fraction = fraction

        def can_replace(self, message: Message) -> bool:
            return isinstance(message, Reader.PositionChanged)

    def __init__(self, *, id: str | None = None, max_width: int = 0) -> None:
        """`max_width`: the widest the header and body grow, in columns, centred in a wider
        pane (0: as wide as the pane)."""
        super().__init__(id=id)
        self.max_width = max_width
        self.article: Article | None = None
        self.rendered: RenderedArticle | None = None
        self.find = FindInArticle(self)
        self.images = ArticleImages(self)
        self.restoring = False  # scrolling now is the pane's doing (restoring a position)
        self._failed = False
        self._loading_timer: Timer | None = None
        self._pending_position: float | None = None
        # Where the reader is: (first body line in view, lines of the body then), kept while
        # the body keeps its lines, to find the same text again when it is laid out anew.
        self._anchor: tuple[float, int] | None = None
        self._body_scroll = 0.0  # where the body was scrolled to when the layer was shown

    def compose(self) -> ComposeResult:
        user_tags = Static(id="article-user-tags")  # the reader's own tags, above the title
        user_tags.display = False
        header = Static(id="article-header")
        # Hidden until the first article: set on the header itself, because a class on the
        # pane would restyle all of it on that open (about 5 ms of the first open's frame).
        header.display = False
        body = ArticleLines(Text(WELCOME), id="article-body", classes="reader--placeholder")
        layer = PipeLayer(id="pipe-layer")
        if self.max_width > 0:
            self.styles.align_horizontal = "center"
            for widget in (user_tags, header, body, layer):
                widget.styles.max_width = self.max_width
        yield user_tags
        yield header
        yield body
        yield layer
        yield FindBar(id="find-bar")

    def show_loading(self, article: Article) -> None:
        """`article` is opening: its text comes with `show_article` (or `show_error`).

        Until then the pane keeps what it shows; only if the text takes longer than
        `LOADING_DELAY` do the header and a loading note appear. Painting them at once cost every
        open a layout and a frame that the text replaced a few milliseconds later."""
        self.article = article
        self.rendered = None
        self._failed = False
        self._body_scroll = 0.0  # another article: no place in the last one to go back to
        self.layer_shown = False
        self.find.reset()
        self.images.reset()
        self._stop_loading_note()
        self._loading_timer = self.set_timer(LOADING_DELAY, self._show_loading_note)

    def _show_loading_note(self) -> None:
        self._loading_timer = None
        if self.article is None or self.rendered is not None:
            return
        self._show_header(render_header(self.article))
        body = self.query_one("#article-body", ArticleLines)
        body.add_class("reader--placeholder")
        body.update(Text("Loading…"))

    def _stop_loading_note(self) -> None:
        if self._loading_timer is not None:
            self._loading_timer.stop()
            self._loading_timer = None

    def _show_header(self, header: RenderableType | None = None) -> None:
        """Make way for another article at the top of the pane, with `header` if given."""
        widget = self.query_one("#article-header", Static)
        widget.display = True
        if header is not None:
            widget.update(header)
        if self.scroll_y:
            self.scroll_home(animate=False, immediate=True)

    def show_article(self, article: Article, rendered: RenderedArticle, position: float) -> None:
        """Show a rendered article, scrolled to `position` (0..1 of its scroll range)."""
        self._stop_loading_note()
        self.article = article
        self.rendered = rendered
        self.restoring = True  # scrolling home here is not the reader's doing
        self._show_header()
        self.query_one("#article-body", ArticleLines).remove_class("reader--placeholder")
        self.find.paint()  # the header and body, with any highlights
        # Restored once the body is laid out (maybe later); the top needs no restoring.
        self.restoring = position > 0
        self._pending_position = position if position > 0 else None
        self.images.start(rendered.links)  # only if inline images are on and drawable

    def on_article_lines_ready(self, event: ArticleLines.Ready) -> None:
        event.stop()
        if event.rewrapped:  # the same text at a new width: its lines moved
            self.find.forget_match_lines()
            if self._anchor is not None and self._pending_position is None:
                self.call_after_refresh(self._keep_reading_position, self._anchor)
        else:
            self._anchor = None  # new content: taken from where it is shown
        self.images.place()
        if not event.rewrapped and self.find.first_search_match_due():
            self._pending_position = None  # the search's first match, not where it was left
            self.restoring = False
            self.call_after_refresh(self.find.go_to_first_search_match)
        if self._pending_position is not None:
            self.call_after_refresh(self._restore, self._pending_position)
            self._pending_position = None

    def _body_lines(self) -> ArticleLines:
        return self.query_one("#article-body", ArticleLines)

    def _remember_position(self) -> None:
        body = self._body_lines()
        self._anchor = (self.scroll_y - body.virtual_region.y, body.line_count)

    def _keep_reading_position(self, anchor: tuple[float, int]) -> None:
        """Scroll to the text that was at the top before the body was laid out anew (at the
        same share of its lines: a paragraph folds into more or fewer lines as a whole)."""
        first, count = anchor
        body = self._body_lines()
        if first > 0 and count:
            first = first * body.line_count / count
        y = body.virtual_region.y + first
        self.restoring = True
        self.scroll_to(y=max(0, round(y)), animate=False, immediate=True)
        self.restoring = False
        self._remember_position()

    def show_error(self, article: Article, message: str) -> None:
        self._stop_loading_note()
        self.article = article
        self.rendered = None
        self._failed = True
        self._body_scroll = 0.0
        self.layer_shown = False
        self.images.reset()
        self._show_header(render_header(article))
        body = self.query_one("#article-body", ArticleLines)
        body.add_class("reader--placeholder")
        body.update(Text(f"This article cannot be shown: {message}"))

    def call_after_paint(self, callback: Callable[[], object]) -> None:
        """Call `callback` once the screen's next layout is painted, the one showing what the
        pane was just given. Unlike `call_after_refresh`, which runs at once when the screen has
        not yet heard of the change, this waits for that frame: work that would hold it back
        (such as updating the tree) goes after it."""
        signal = self.screen.screen_layout_refresh_signal

        def painted(_screen: object) -> None:
            signal.unsubscribe(self)
            callback()

        signal.subscribe(self, painted)

    @property
    def text_width(self) -> int:
        """Columns the article body is laid out at (0 before the pane is laid out)."""
        return self.query_one("#article-body", ArticleLines).text_width

    @property
    def has_text(self) -> bool:
        """An article is shown or on its way (not one that failed): what find and links act on
        once it arrives. Steady while an article opens, so the footer is not rebuilt twice."""
        return self.article is not None and not self._failed

    def _restore(self, position: float) -> None:
        self.scroll_to(y=round(position * self.max_scroll_y), animate=False, immediate=True)
        self.restoring = False
        self._remember_position()

    @property
    def fraction(self) -> float:
        """How far down the article the view is, 0..1."""
        return self.scroll_y / self.max_scroll_y if self.max_scroll_y else 0.0

    @property
    def at_end(self) -> bool:
        return self.scroll_y >= self.max_scroll_y

    @property
    def pipe_layer(self) -> PipeLayer:
        return self.query_one(PipeLayer)

    def watch_layer_shown(self, shown: bool) -> None:
        """Put the layer in the body's place, or the body back where it was left."""
        if shown:
            self._body_scroll = self.scroll_y
        self._body_lines().display = not shown
        self.pipe_layer.display = shown
        self._scroll_quietly(0.0)
        if not shown:  # once the body is laid out again: its height is not there yet
            self.call_after_refresh(self._scroll_quietly, self._body_scroll)
        self.refresh_bindings()

    def _scroll_quietly(self, y: float) -> None:
        """Scroll to `y` as the pane's doing, not the reader's (no position is saved)."""
        self.restoring = True
        self.scroll_to(y=y, animate=False, immediate=True)
        self.restoring = False

    def watch_scroll_y(self, old: float, new: float) -> None:
        super().watch_scroll_y(old, new)
        if self.layer_shown:
            return  # the layer's scrolling is not the article's reading position
        # Not while the body has other lines than the anchor's: this scroll is then Textual
        # keeping the view inside a body laid out anew, not the reader moving.
        if self._anchor is None or self._anchor[1] == self._body_lines().line_count:
            self._remember_position()
        if self.rendered is not None and self.article is not None and not self.restoring:
            self.post_message(self.PositionChanged(self.article, self.fraction))

    @property
    def large(self) -> bool:
        """The article shown is large: its highlights and find run in workers."""
        return is_large(self.rendered)

    def notify_style_update(self) -> None:
        super().notify_style_update()
        if self.rendered is not None and self.find.marks.active:  # a new theme: its colours
            self.find.paint()

    # --- highlights and find (see `FindInArticle`), as the screen asks for them ---------------

    def set_search_terms(self, pattern: re.Pattern[str] | None, go_to_first: bool = False) -> None:
        """Highlight a search's terms (see `FindInArticle.set_search_terms`)."""
        self.find.set_search_terms(pattern, go_to_first)

    @property
    def has_search_terms(self) -> bool:
        return self.find.has_search_terms

    def open_find(self) -> None:
        self.find.open()

    def show_user_tags(self, tags: tuple[str, ...]) -> None:
        """Show the open article's personal tags above its title (nothing when it has none)."""
        widget = self.query_one("#article-user-tags", Static)
        widget.display = bool(tags)
        widget.update(Text(" ".join(f"#{tag}" for tag in tags)))

    def paint_marks(self) -> None:
        """Show the article again with its highlights (after its header changed)."""
        self.find.paint()

    # --- messages for the helpers -------------------------------------------------------------

    def on_find_bar_changed(self, message: FindBar.Changed) -> None:
        message.stop()
        self.find.changed(message.text)

    def on_find_bar_stepped(self, message: FindBar.Stepped) -> None:
        message.stop()
        self.find.step(message.step)

    def on_find_bar_closed(self, message: FindBar.Closed) -> None:
        message.stop()
        self.focus()

    @on(MarksPainted)
    def _marks_painted(self, message: MarksPainted) -> None:
        self.find.painted(message)

    @on(MatchesPlaced)
    def _matches_placed(self, message: MatchesPlaced) -> None:
        self.find.placed(message)

    @on(ImageArrived)
    def _image_arrived(self, message: ImageArrived) -> None:
        self.images.arrived(message)
