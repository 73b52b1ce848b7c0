"""What the reader keeps of the rules of config.toml (core.rules): the rules as parsed, the ids
their views hide and highlight, and whether the user asked to see the hidden ones (the toggle).

Plain Python, held by the app and read by the screens and the workers: the sets are replaced
whole (never changed in place), so a worker reading `hidden` while the UI thread swaps it sees
one set or the other.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tui_reader.core.rules import Rule
    from tui_reader.core.search.api import Node


@dataclass(slots=True)
class RuleState:
    rules: list[Rule] | None = None  # None until parsed (in a worker: it loads the parser)
    hiding: frozenset[str] = frozenset()  # what the hide rules match
    highlighted: frozenset[str] = frozenset()
    matched: dict[str, int] = field(default_factory=dict)  # rule key -> its matches
    show_hidden: bool = False
    evaluated: bool = False  # the views have been worked out once

    @property
    def hidden(self) -> frozenset[str]:
        """The ids left out of the tree, its counts and the searches now."""
        return frozenset() if self.show_hidden else self.hiding

    def hidden_for(self, query: Node | None) -> frozenset[str]:
        """The ids a search of `query` is given as hidden: those it leaves out, or, for a query
        asking for them with `is:hidden`, those it finds, even while the toggle shows them."""
        if self.show_hidden and query is not None:
            from tui_reader.core.search.api import uses_state  # the parser is loaded by now

            if uses_state(query, "hidden"):
                return self.hiding
        return self.hidden

    def is_highlighted(self, article_id: str) -> bool:
        return article_id in self.highlighted
