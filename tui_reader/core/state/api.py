"""What the user interface and the commands use of the reading state: its public names, in one
place. The store loads the rest of the package itself.
"""

from __future__ import annotations

from tui_reader.core.state.merge import Bookmark
from tui_reader.core.state.store import StateStore, checked_tag

__all__ = [
    "Bookmark",
    "StateStore",
    "checked_tag",
]
