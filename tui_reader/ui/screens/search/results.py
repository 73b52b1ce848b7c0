"""The search screen's results: what one is (`Found`), how its row reads (`result_prompt`),
the orders ctrl+o goes round, and `ListAll`, what the screen dismisses with when enter in the bar
of the river layout lists every result.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.widgets import OptionList

from tui_reader.core.library.api import Article
from tui_reader.core.search.api import Snippet, TextNode, find_spans
from tui_reader.core.wording import counted
from tui_reader.ui.model.same_row import Place


@dataclass(frozen=True, slots=True)
class Found:
    """One result ready to show; `highlighted` by a rule (core.rules)."""

    article: Article
    snippet: Snippet
    highlighted: bool = False
    opens: str = ""  # the id of the copy to open (the preferred one), else the article's
    also: str = ""  # where else its story is: "also in IT之家 · 快科技 (+2)"
    tags: tuple[str, ...] = ()  # the reader's personal tags on it
    read: bool = False  # the title is dim when read, bold when not


HIGHLIGHT_MARK = "◆ "  # before the title of a result a rule highlights


def _highlight(text: str, spans: list[tuple[int, int]] | tuple[tuple[int, int], ...]) -> Text:
    line = Text(text)
    for start, end in spans:
        line.stylize("bold reverse", start, end)
    return line


def result_prompt(found: Found, matched: list[TextNode]) -> Text:
    """Title (matches highlighted), then date · category · matches, then the snippet."""
    article = found.article
    title = _highlight(article.title, find_spans(article.title, matched))
    title.stylize("dim" if found.read else "bold")  # as the lists show read and unread
    if found.highlighted:
        title = Text.assemble((HIGHLIGHT_MARK, "bold"), title)
        title.stylize("underline")
    if found.tags:
        title.append(" " + " ".join(f"#{tag}" for tag in found.tags), "not bold not underline dim")
    when = article.date.astimezone().strftime("%Y-%m-%d") if article.date else "undated"
    when += "~" if article.date_from_file else ""  # the file's time, as the tree marks it
    where = article.category_labels()[0] if article.categories else ""
    count = found.snippet.matches
    details = f"{when} · {where}" + (f" · {counted(count, 'match', 'matches')}" if count else "")
    details += f" · {found.also}" if found.also else ""
    snippet = _highlight(found.snippet.text, found.snippet.spans)
    snippet.stylize("dim")
    return Text("\n").join([title, Text(details, style="italic"), snippet])


ORDERS = ("newest", "relevance", "oldest")  # ctrl+o goes round them
ORDER_WORDS = {"newest": "newest first", "relevance": "by relevance", "oldest": "oldest first"}


@dataclass(frozen=True, slots=True)
class ListAll:
    """Enter in the search bar of the river layout: list every article `query` finds, in
    `order`, the cursor on `keep` (the result highlighted) if given."""

    query: str
    order: str
    keep: str | None = None


def highlighted_place(results: OptionList) -> Place | None:
    """The highlighted result's id and row, to find it again among new results."""
    option = results.highlighted_option
    if option is None or option.id is None or results.highlighted is None:
        return None
    return option.id, results.highlighted
