"""The main screen's keys: Textual calls `check_action` and each key's `action_*` method on the
screen, so they are methods of `MainKeys`, the screen's base class, each handing on to the
screen's `MainActions` (main/actions/) or `PipeRuns` (screens/pipe_runs.py), which do what
the key asks and say whether it applies now (see `keys.MAIN_BINDINGS`). Only this routing is
here: the state and the work are in the objects the screen owns.
"""

from __future__ import annotations

from textual.screen import Screen
from textual.widgets import Tree

from tui_reader.ui.screens.main.actions.main_actions import MainActions
from tui_reader.ui.screens.pipe_runs import PIPE_ACTIONS, PipeRuns


class MainKeys(Screen[None]):
    """The main screen's key actions, handed on to `actions` and `pipes` (set by the screen)."""

    actions: MainActions
    pipes: PipeRuns

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in PIPE_ACTIONS:
            return self.pipes.applies(action)
        return self.actions.applies(action)

    def on_descendant_focus(self) -> None:
        self.refresh_bindings()  # r and b act on a different article per pane

    def on_tree_node_highlighted(self, _event: Tree.NodeHighlighted[object]) -> None:
        self.refresh_bindings()

    def action_cursor_down(self) -> None:
        self.actions.moves.cursor_down()

    def action_cursor_up(self) -> None:
        self.actions.moves.cursor_up()

    def action_collapse(self) -> None:
        self.actions.moves.collapse()

    def action_expand(self) -> None:
        self.actions.moves.expand()

    def action_switch_pane(self) -> None:
        self.actions.moves.switch_pane()

    def action_go_top(self) -> None:
        self.actions.moves.go_top()

    def action_go_bottom(self) -> None:
        self.actions.moves.go_bottom()

    def action_toggle_sidebar(self) -> None:
        self.actions.moves.toggle_sidebar()

    def action_read_on(self) -> None:
        self.actions.reading.read_on()

    def action_read_back(self) -> None:
        self.actions.reading.read_back()

    def action_next_article(self) -> None:
        self.actions.reading.next_article()

    def action_previous_article(self) -> None:
        self.actions.reading.previous_article()

    def action_next_unread(self) -> None:
        self.actions.reading.next_unread()

    def action_toggle_read(self) -> None:
        self.actions.marks.toggle_read()

    def action_undo_read(self) -> None:
        self.actions.marks.undo_read()

    def action_toggle_bookmark(self) -> None:
        self.actions.marks.toggle_bookmark()

    def action_mark_all_read(self) -> None:
        self.actions.marks.mark_all_read()

    def action_tag(self) -> None:
        self.actions.marks.tag()

    def action_toggle_unread_only(self) -> None:
        self.actions.marks.toggle_unread_only()

    def action_problems(self) -> None:
        self.actions.views.problems()

    def action_links(self) -> None:
        self.actions.views.links()

    def action_open_original(self) -> None:
        self.actions.views.open_original()

    def action_search(self) -> None:
        self.actions.searches.search()

    def action_find(self) -> None:
        self.actions.views.find()

    def action_clear_highlight(self) -> None:
        self.actions.views.clear_highlight()

    def action_save_search(self) -> None:
        self.actions.searches.save_search()

    def action_export(self) -> None:
        self.actions.views.export()

    def action_delete_saved_search(self) -> None:
        self.actions.searches.delete_saved_search()

    def action_pipe_article(self) -> None:
        self.pipes.pipe_article()

    def action_toggle_pipe_output(self) -> None:
        self.pipes.toggle()

    def action_cancel_pipe(self) -> None:
        self.pipes.cancel()

    def action_rerun_pipe(self) -> None:
        self.pipes.rerun()

    def action_toggle_hidden(self) -> None:
        self.actions.views.toggle_hidden()

    def action_rules(self) -> None:
        self.actions.views.rules()

    def action_story_copies(self) -> None:
        self.actions.views.story_copies()

    def action_back_to_list(self) -> None:
        self.actions.river_keys.back_to_list()

    def action_cycle_order(self) -> None:
        self.actions.river_keys.cycle_order()

    def action_toggle_days(self) -> None:
        self.actions.river_keys.toggle_days()
