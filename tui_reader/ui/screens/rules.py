"""The Rules view: each `[[rule]]` of config.toml, how many articles it matches now and the newest
few, and for a rule that cannot be used, the reason (the query parser's message, an unknown
action). The counts come from the search index, in a worker; the view shows the rules at once
and fills in the counts when they come.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Static
from textual.worker import get_current_worker

from tui_reader.core.sanitize import visible_name
from tui_reader.core.wording import counted

if TYPE_CHECKING:
    from tui_reader.core.config import RuleEntry
    from tui_reader.core.library.api import Library
    from tui_reader.core.rules import Rule
    from tui_reader.core.state.api import StateStore
    from tui_reader.ui.model.rule_state import RuleState

LAST = 3  # the newest articles shown for each rule
NO_RULES = (
    "No rules. Add them to config.toml, each a query and an action:\n\n"
    '[[rule]]\nquery = \'author:cnBeta "优惠券"\'\naction = "hide"'
    "   # hide | highlight | mark-read | bookmark | tag:NAME"
)


class RuleReport(Message):
    """One rule's line: what it matches now (or why it is broken)."""

    def __init__(self, position: int, text: Text) -> None:
        super().__init__()
        self.position = position
        self.text = text


def rule_head(rule: Rule) -> Text:
    """`action  query`, and the parser's message under a broken rule."""
    text = Text()
    text.append(f"{rule.action or '(no action)'}  ", "bold")
    text.append(visible_name(rule.query))
    if rule.broken:
        text.append("\n  broken: ", "bold red")
        text.append(visible_name(rule.error), "red")
    return text


def rule_report(rule: Rule, total: int, titles: list[str], acted: int | None) -> Text:
    """A usable rule's line: its matches now, what it acted on, the newest titles."""
    text = rule_head(rule)
    line = f"\n  matches {counted(total, 'article')}"
    if acted is not None:
        line += f" · acted on {acted:,} since it was added"
    text.append(line, "italic")
    for title in titles:
        text.append(f"\n    {visible_name(title)}", "dim")
    return text


class RulesScreen(ModalScreen[None]):
    """The rules of config.toml, what each matches and which are broken."""

    DEFAULT_CSS = """
    RulesScreen { align: center middle; }
    RulesScreen > Vertical {
        width: 95%;
        height: 90%;
        border: round $primary;
        background: $surface;
        padding: 0 1;
    }
    RulesScreen #rules-title { text-style: bold; padding: 0 0 1 0; }
    RulesScreen VerticalScroll { height: 1fr; }
    RulesScreen .rule { padding: 0 0 1 0; }
    RulesScreen #rules-help { color: $text-muted; padding: 1 0 0 0; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,F", "close", "Close", id="rules.close"),
    ]

    def __init__(
        self,
        library: Library,
        entries: list[RuleEntry],
        state: StateStore | None,
        rule_state: RuleState,
    ) -> None:
        super().__init__()
        self.library = library
        self.entries = entries
        self.state = state
        self.rule_state = rule_state
        self.rules: list[Rule] = []

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(self._title(), id="rules-title")
            with VerticalScroll():
                if not self.entries:
                    yield Static(Text(NO_RULES), classes="rule")
                for position in range(len(self.entries)):
                    yield Static(Text("…"), classes="rule", id=f"rule-{position}")
            yield Static(Text("H shows or hides the hidden articles · esc closes"), id="rules-help")

    def _title(self) -> Text:
        rules = self.rule_state
        title = f"Rules ({counted(len(self.entries), 'rule')} in config.toml)"
        if rules.hiding:
            shown = "shown (H)" if rules.show_hidden else "hidden (H)"
            title += f" · {counted(len(rules.hiding), 'article')} {shown}"
        return Text(title)

    def on_mount(self) -> None:
        if self.entries:
            self._report()

    @work(thread=True, exclusive=True, group="rules-view", exit_on_error=False)
    def _report(self) -> None:
        """Parse the rules and ask the search index what each matches now."""
        from tui_reader.core.rules import RuleRecord, load_rules
        from tui_reader.core.search.api import SearchIndex, reading_state, tag_state

        worker = get_current_worker()
        rules = load_rules(self.entries)
        record = RuleRecord.for_library(self.library.root)
        read, marked = reading_state(None, self.state, wanted=True)
        index = SearchIndex.for_library(self.library.root)
        try:
            for position, rule in enumerate(rules):
                if worker.is_cancelled:
                    return
                if rule.broken or rule.node is None:
                    self.post_message(RuleReport(position, rule_head(rule)))
                    continue
                result = index.search(
                    rule.node, limit=LAST, read_ids=read, bookmarked_ids=marked,
                    user_tags=tag_state(rule.node, self.state),
                )  # fmt: skip
                titles = [hit.article.title for hit in result.hits]
                acted = record.acted_on(rule)[0] if rule.acting else None
                report = rule_report(rule, result.total, titles, acted)
                self.post_message(RuleReport(position, report))
        finally:
            index.close()
            record.close()

    def on_rule_report(self, message: RuleReport) -> None:
        self.query_one(f"#rule-{message.position}", Static).update(message.text)

    def action_close(self) -> None:
        self.dismiss(None)
