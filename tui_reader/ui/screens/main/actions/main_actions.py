"""The main screen's key actions (see `keys.MAIN_BINDINGS`), an object the screen owns
(`MainScreen.actions`) made of parts by what the keys do: `moves` (moving.py), `reading`
(reading.py), `marks` (marks.py), `searches` (searches.py), `views` (views.py), and the river
layout's `river_keys` (screens/river_keys.py). What the actions need of the screen is `MainView`
(view.py). Textual calls a key's `action_*` method on the screen (main/key_actions.py), which
hands it on to the part. Actions that do not apply right now (no article open, no search to
save…) are hidden from the footer and the command palette by `applies` (the screen's
`check_action`); a key that applies but finds nothing to do says so.
"""

from __future__ import annotations

from tui_reader.ui.screens.main.actions.marks import Marks
from tui_reader.ui.screens.main.actions.moving import Moves
from tui_reader.ui.screens.main.actions.reading import ReadingOn
from tui_reader.ui.screens.main.actions.searches import Searches
from tui_reader.ui.screens.main.actions.view import MainView, target_article
from tui_reader.ui.screens.main.actions.views import OtherViews
from tui_reader.ui.screens.river_keys import RiverKeys

NEEDS_TARGET = {"toggle_read", "toggle_bookmark", "tag"}
NEEDS_STATE = {"toggle_read", "toggle_bookmark", "undo_read", "mark_all_read", "tag"}
ON_LISTS = {"toggle_bookmark", "tag"}  # on a list in the tree: every article of it
RIVER_ONLY = {"cycle_order", "toggle_days"}  # on the article list


class MainActions:
    """Actions of the main screen, on the screen `view`."""

    def __init__(self, view: MainView) -> None:
        self.view = view
        self.river_keys = RiverKeys(view)  # the river layout's moves between panes, s and D
        self.moves = Moves(view, self.river_keys)
        self.reading = ReadingOn(view)
        self.marks = Marks(view)
        self.searches = Searches(view, self.marks)
        self.views = OtherViews(view)

    def applies(self, action: str) -> bool:
        """Whether `action` applies now (else the footer and the palette leave it out)."""
        # Problems and S are always offered (they say when there is none), and "open original"
        # whenever an article is open (it says when it has no link): a key doing nothing is a bug.
        view = self.view
        if action in NEEDS_STATE and view.state is None:
            return False
        if action in NEEDS_TARGET:
            if action in ON_LISTS and view.bulk.has_source():
                return True
            return target_article(view) is not None
        if action == "find":
            return view.reader.has_text
        if action == "clear_highlight":
            return view.reader.has_search_terms
        if action == "delete_saved_search":
            sidebar = view.sidebar
            return sidebar.has_focus and sidebar.saved_searches.cursor_query is not None
        if action == "links":
            return view.reader.has_text
        if action == "open_original":
            return view.reader.article is not None
        if action == "story_copies":  # says when the article has no copies
            return view.reader.article is not None
        if action in RIVER_ONLY:
            return view.river.active and view.river.spec is not None
        if action == "back_to_list":
            return view.river.can_go_back()
        return True
