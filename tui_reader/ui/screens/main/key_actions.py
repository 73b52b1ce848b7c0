"""The main screen's keys: Textual calls `check_action` and each key's `action_*` method on the
screen, so they are methods of `MainKeys`, the screen's base class, each handing on to the
screen's `MainActions` (screens/actions.py) or `PipeRuns` (screens/pipe_runs.py), which do what
the key asks and say whether it applies now (see `keys.MAIN_BINDINGS`). Only this routing is
here: the state and the work are in the objects the screen owns.
"""

from __future__ import annotations

from textual.screen import Screen
from textual.widgets import Tree

from tui_reader.ui.screens.actions import MainActions
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
        self.actions.cursor_down()

    def action_cursor_up(self) -> None:
        self.actions.cursor_up()

    def action_collapse(self) -> None:
        self.actions.collapse()

    def action_expand(self) -> None:
        self.actions.expand()

    def action_switch_pane(self) -> None:
        self.actions.switch_pane()

    def action_go_top(self) -> None:
        self.actions.go_top()

    def action_go_bottom(self) -> None:
        self.actions.go_bottom()

    def action_toggle_sidebar(self) -> None:
        self.actions.toggle_sidebar()

    def action_read_on(self) -> None:
        self.actions.read_on()

    def action_read_back(self) -> None:
        self.actions.read_back()

    def action_next_article(self) -> None:
        self.actions.next_article()

    def action_previous_article(self) -> None:
        self.actions.previous_article()

    def action_next_unread(self) -> None:
        self.actions.next_unread()

    def action_toggle_read(self) -> None:
        self.actions.toggle_read()

    def action_undo_read(self) -> None:
        self.actions.undo_read()

    def action_toggle_bookmark(self) -> None:
        self.actions.toggle_bookmark()

    def action_mark_all_read(self) -> None:
        self.actions.mark_all_read()

    def action_tag(self) -> None:
        self.actions.tag()

    def action_toggle_unread_only(self) -> None:
        self.actions.toggle_unread_only()

    def action_problems(self) -> None:
        self.actions.problems()

    def action_links(self) -> None:
        self.actions.links()

    def action_open_original(self) -> None:
        self.actions.open_original()

    def action_search(self) -> None:
        self.actions.search()

    def action_find(self) -> None:
        self.actions.find()

    def action_clear_highlight(self) -> None:
        self.actions.clear_highlight()

    def action_save_search(self) -> None:
        self.actions.save_search()

    def action_export(self) -> None:
        self.actions.export()

    def action_delete_saved_search(self) -> None:
        self.actions.delete_saved_search()

    def action_pipe_article(self) -> None:
        self.pipes.pipe_article()

    def action_toggle_pipe_output(self) -> None:
        self.pipes.toggle()

    def action_cancel_pipe(self) -> None:
        self.pipes.cancel()

    def action_rerun_pipe(self) -> None:
        self.pipes.rerun()

    def action_toggle_hidden(self) -> None:
        self.actions.toggle_hidden()

    def action_rules(self) -> None:
        self.actions.rules()

    def action_story_copies(self) -> None:
        self.actions.story_copies()

    def action_back_to_list(self) -> None:
        self.actions.river_keys.back_to_list()

    def action_cycle_order(self) -> None:
        self.actions.river_keys.cycle_order()

    def action_toggle_days(self) -> None:
        self.actions.river_keys.toggle_days()
