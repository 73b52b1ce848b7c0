"""The rules of config.toml at work in the reader (core.rules), in a thread worker.

After each update of the search index (`SearchIndexUpdated`), the app asks here: the acting
rules (mark-read, bookmark, tag:NAME) are applied once to the articles that arrived since the
rule was first seen, then the views (hide, highlight) are worked out from the index. The result
comes back as `RulesEvaluated`; the main screen then rebuilds the tree without the hidden
articles and repaints the highlighted ones. Until the index has been brought up to date once
after the reader starts, nothing is hidden.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.message import Message
from textual.worker import Worker, get_current_worker

if TYPE_CHECKING:
    from textual.app import App

    from tui_reader.core.config import RuleEntry
    from tui_reader.core.library.api import Article, Library
    from tui_reader.core.rules import Acted, Rule, Views
    from tui_reader.core.state.api import StateStore

GROUP = "rules"


class RulesEvaluated(Message):
    """The rules as parsed, their views now, and what the acting rules did."""

    def __init__(self, rules: list[Rule], views: Views, acted: list[Acted], problem: str) -> None:
        super().__init__()
        self.rules = rules
        self.views = views
        self.acted = acted
        self.problem = problem  # why the acting rules could not run (their record), or ""


def evaluate_in_background(
    app: App[Any],
    library: Library,
    entries: list[RuleEntry],
    state: StateStore | None,
    articles: list[Article] | None,
) -> Worker[None]:
    """Apply the acting rules to `articles` (the library the index was just brought in step
    with; None: act on nothing) and work out the views; posts `RulesEvaluated` to `app`."""

    def work() -> None:
        import sqlite3

        from tui_reader.core.rules import RuleRecord, act_on_arrivals, load_rules, views
        from tui_reader.core.search.api import SearchIndex

        worker = get_current_worker()
        rules = load_rules(entries)
        index = SearchIndex.for_library(library.root)
        acted: list[Acted] = []
        problem = ""
        try:
            if state is not None and articles is not None and any(r.acting for r in rules):
                record = RuleRecord.for_library(library.root)
                try:
                    by_id = {article.id: article for article in articles}
                    acted = act_on_arrivals(index, rules, state, by_id, record)
                except (OSError, sqlite3.Error) as error:
                    problem = f"Rules that mark, bookmark or tag are not applied: {error}"
                finally:
                    record.close()
            read = state.read_ids() if state is not None else set()
            marked = {b.id for b in state.bookmarks()} if state is not None else set()
            found = views(index, rules, read, marked, state)
        finally:
            index.close()
        if not worker.is_cancelled:
            app.post_message(RulesEvaluated(rules, found, acted, problem))

    return app.run_worker(
        work,
        name="rules",
        # a run that acts is never cancelled by one that only looks (see the app)
        group=GROUP if articles is not None else f"{GROUP}-views",
        description="applying the rules",
        exit_on_error=False,
        exclusive=True,
        thread=True,
    )
