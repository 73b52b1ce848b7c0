"""A tool's output shown over the article: the layer `|` fills (see `ui.screens.pipe_runs`).

It takes the place of the article's body in the reading pane, under the article's header, while
the reading pane's `layer_shown` is on; the body is kept as it was, with its highlights and its
reading position, for when the layer is put away. The layer only displays: what it shows comes
from the screen's `PipeRuns`. Output is laid out like an article body (`ArticleLines`: in a
worker when large), and cut at `MAX_SHOWN` characters, as bodies are at MAX_BODY_CHARS.
"""

from __future__ import annotations

from collections.abc import Iterator

from rich.console import Group
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static

from tui_reader.ui.widgets.reader.lines import BACKGROUND_FROM, ArticleLines

MAX_SHOWN = 1_000_000  # characters of output shown; `tui-reader pipe` prints it all
# Lines are laid out one by one, as a body is by blocks, and a longer line in pieces of at most
# this (cut after a space where one is near): wrapping one Text of 1 MB held a key for a second,
# of 4 MB for minutes, while a million characters in lines of this size lay out in about 2 s in
# the worker, keys answered within 0.3 s.
LONG_LINE = 2000


class PipeLayer(Vertical):
    """The title line (which tool, the keys to leave it) and the output or the error."""

    DEFAULT_CSS = """
    PipeLayer { height: auto; display: none; }
    PipeLayer > #pipe-title { color: $text-muted; padding-bottom: 1; }
    PipeLayer.-failed > #pipe-output { color: $text-error; }
    PipeLayer.-running > #pipe-output { color: $text-muted; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.shown_text = ""  # the title and the text shown, as plain text

    def compose(self) -> ComposeResult:
        yield Static(id="pipe-title")
        yield ArticleLines(id="pipe-output")

    def show(self, title: str, text: str, *, state: str = "") -> None:
        """Show `text` under `title`; `state` is "running", "failed" or "" (output)."""
        self.set_class(state == "running", "-running")
        self.set_class(state == "failed", "-failed")
        self.query_one("#pipe-title", Static).update(Text(title))
        if len(text) > MAX_SHOWN:
            note = (
                f"\n\n[The output is cut here: only its first {MAX_SHOWN:,} characters are shown.]"
            )
            text = text[:MAX_SHOWN] + note
        blocks = Group(*(Text(piece) for piece in pieces(text)))
        output = self.query_one("#pipe-output", ArticleLines)
        if len(text) > BACKGROUND_FROM:  # laid out in a worker: what shows meanwhile
            output.update(Text("(laying out the output…)"))
        output.update(blocks)
        self.shown_text = f"{title}\n{text}"

    def on_article_lines_ready(self, event: ArticleLines.Ready) -> None:
        event.stop()  # the reading pane's body did not change


def pieces(text: str) -> Iterator[str]:
    """The lines of `text`, those longer than `LONG_LINE` cut in pieces."""
    for line in text.split("\n"):
        while len(line) > LONG_LINE:
            cut = line.rfind(" ", LONG_LINE - 200, LONG_LINE) + 1 or LONG_LINE
            yield line[:cut]
            line = line[cut:]
        yield line
