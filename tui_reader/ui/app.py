"""The Textual application: settings, theme, keymap, the command palette and the help screen.

The app owns the long-lived objects (library, config, reading state) and hands them to its
screens; the main screen does the work. Nothing slow runs here: the library and the state are
opened in a worker of the main screen, so the first frame paints at once.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable, Mapping
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual.actions import ActionParseResult
from textual.app import App, SystemCommand
from textual.binding import BindingType
from textual.dom import DOMNode, NoScreen
from textual.driver import Driver
from textual.screen import Screen

from tui_reader.core.cache_fallback import take_reports
from tui_reader.core.config import Config, save_setting
from tui_reader.core.library.api import Article, Library, Snapshot
from tui_reader.core.startup import EarlyStart, FirstLook
from tui_reader.core.state.api import StateStore
from tui_reader.ui.held_keys import HeldKeys
from tui_reader.ui.keymap_check import (
    app_binding_ids,
    binding_scopes,
    check_keymap,
    keymap_clashes,
)
from tui_reader.ui.keys import APP_BINDINGS, MAIN_BINDINGS, SIDEBAR_WIDTH_BINDINGS, shown_keys
from tui_reader.ui.model.rule_state import RuleState
from tui_reader.ui.screens.help import HelpScreen, Row, key_rows
from tui_reader.ui.screens.main.screen import MainScreen
from tui_reader.ui.widgets.sidebar.width import STEP, resize_sidebar
from tui_reader.ui.widgets.status import StatusLine

if TYPE_CHECKING:
    from tui_reader.ui.workers.export import ExportDownload, ExportNote
    from tui_reader.ui.workers.rules import RulesEvaluated
    from tui_reader.ui.workers.search_indexer import SearchIndexProgressed, SearchIndexUpdated

# seconds between looks at the library's folders (core/library/folder_watch.py)
WATCH_INTERVAL = 5.0
FIRST_LOOK_WAIT = 1.0  # seconds the main screen waits for the early start's first look at most
LOADING = "loading articles…"  # the status line's activity while the tree has counts only
SIDEBAR_WIDTH_ACTIONS = frozenset(binding.action for binding in SIDEBAR_WIDTH_BINDINGS)


class ReaderApp(App[int]):
    """tui-reader. `watch_interval` 0 turns the background rescans off (tests)."""

    CSS_PATH = "app.tcss"
    TITLE = "tui-reader"
    BINDINGS: ClassVar[list[BindingType]] = [*APP_BINDINGS]

    def __init__(
        self,
        library: Library,
        config: Config | None = None,
        *,
        state_dir: Path | None = None,
        watch_interval: float = WATCH_INTERVAL,
        early: EarlyStart | None = None,
        served: bool = False,
    ) -> None:
        super().__init__()
        self._served = served  # started by `tui-reader serve` (core.served)
        self._signalled: int | None = None  # the exit status a signal asked for (end_by_signal)
        self._loop_for_signals: asyncio.AbstractEventLoop | None = None
        self.early = early  # the first look at the state and the index, read in a thread
        self.library = library
        self.config = config or Config()
        self.state_dir = state_dir or (
            Path(self.config.state_dir) if self.config.state_dir else None
        )
        self.watch_interval = watch_interval
        self.state: StateStore | None = None
        self.main_screen = MainScreen()
        self.held_keys = HeldKeys()
        self._indexing_articles: list[Article] | None = None  # the scan the search index follows
        self.rule_state = RuleState()  # config.toml's rules at work (ui/workers/rules.py)
        # config.toml's [keys], checked once: what Textual is given, the help and palette show.
        # Without any, the other screens (whose binding ids the check needs) are not imported.
        self.keymap: dict[str, str] = {}
        self._keymap_warnings: list[str] = []
        if self.config.keys:
            self.keymap, self._keymap_warnings = check_keymap(self.config.keys, app_binding_ids())
            self._keymap_warnings += keymap_clashes(self.keymap, binding_scopes())

    @property
    def served(self) -> bool:
        """Drawn in a web browser (`tui-reader serve`, or any web driver): nothing may run on the
        serving machine for the reader. Links go to the browser (`App.open_url`), commands that
        would run a program here (pipe) are off."""
        return self._served or self.is_web

    def get_driver_class(self) -> type[Driver]:
        """Textual's choice; in place of its web driver, one that ends with its server, and in
        place of its Linux driver, one that ends with its terminal (ui/terminal_driver.py)."""
        driver = super().get_driver_class()
        if driver.__module__ == "textual.drivers.web_driver":
            from tui_reader.ui.served_driver import ServedDriver

            return ServedDriver
        if driver.__module__ == "textual.drivers.linux_driver":
            from tui_reader.ui.terminal_driver import TerminalDriver

            return TerminalDriver
        return driver

    def get_default_screen(self) -> Screen[None]:
        return self.main_screen

    def end_by_signal(self, signum: int) -> None:
        """SIGTERM or SIGHUP, or the terminal gone (quiet_tty; in the main thread, wherever it
        is then): the app ends as `q` does, once it has loaded if it has not (the terminal is
        then in application mode, so none finds it half set up). A SystemExit raised anywhere
        in Textual's code could leave a lock of its taken forever, and the app hung on its way
        out; once the loop is closed (the app has ended), the signal raises SystemExit."""
        self._signalled = 128 + signum
        if self._loop_for_signals is None:
            return  # on_load ends the app
        try:
            self._loop_for_signals.call_soon_threadsafe(self._end_by_signal, self._signalled)
        except RuntimeError:  # the loop is closed: the app has ended
            raise SystemExit(self._signalled) from None

    async def on_load(self) -> None:
        self._loop_for_signals = asyncio.get_running_loop()
        if self._signalled is not None:
            self._end_by_signal(self._signalled)
        # The first frame shows what the early start reads (the tree's counts). When that is
        # not done yet (the counts of a million articles take a second on a busy machine), the
        # screen is made once it is, the interpreter left to it meanwhile, rather than a first
        # frame without the tree; past FIRST_LOOK_WAIT the load shows the tree when it comes.
        early = self.early
        if early is not None and not early.wait(0):
            await asyncio.to_thread(early.wait, FIRST_LOOK_WAIT)

    def _end_by_signal(self, return_code: int) -> None:
        # Ending before the main screen is mounted made its on_mount find no widgets.
        if self.main_screen.is_mounted:
            self.exit(None, return_code)
        else:
            self.call_after_refresh(self._end_by_signal, return_code)

    def on_mount(self) -> None:
        theme = self.config.theme
        if theme and theme in self.available_themes:
            self.theme = theme
        elif theme:
            self.notify(f"Unknown theme {theme!r} in config.toml; using the default.",
                        severity="warning", markup=False)  # fmt: skip
        if self.keymap:
            self.set_keymap(self.keymap)
        self.theme_changed_signal.subscribe(self, self._remember_theme)
        for warning in [*self.config.warnings, *self._keymap_warnings]:
            self.notify(warning, severity="warning", timeout=10, markup=False)

    def on_unmount(self) -> None:
        if self.state is not None:
            self.state.close()
        if self.early is not None:
            self.early.close()  # a state read early but never used

    def first_look(self, wait: bool) -> FirstLook | None:
        """The state and index read before the first frame, once: None without an early start,
        when it failed, when it is not ready and `wait` is False, or once taken."""
        return self.early.take(wait) if self.early is not None else None

    def _remember_theme(self, theme: object) -> None:
        name = getattr(theme, "name", None)
        if not isinstance(name, str) or name == self.config.theme:
            return
        self.config.theme = name
        try:
            save_setting("theme", name)
        except OSError as error:
            self.notify(f"Theme not saved: {error}", severity="warning", markup=False)

    # -- keys pressed before the articles are loaded -----------------------------------------

    async def run_action(
        self,
        action: str | ActionParseResult,
        default_namespace: DOMNode | None = None,
        namespaces: Mapping[str, DOMNode] | None = None,
    ) -> bool:
        """Every key binding and palette command comes through here: while the main screen
        shows only category counts, its actions wait for the articles (see `held_keys`)."""
        if (
            isinstance(action, str)
            and "." not in action  # "app.quit" and other explicit namespaces run at once
            and default_namespace is not None
            and self._on_main_screen(default_namespace)
            and self.held_keys.hold(action, default_namespace)
        ):
            return True
        return await super().run_action(action, default_namespace, namespaces)

    def _on_main_screen(self, node: DOMNode) -> bool:
        if node is self:  # the app's own keys (quit, help, palette) never wait
            return False
        try:
            return node.screen is self.main_screen
        except NoScreen:  # not mounted
            return False

    def hold_keys(self, hold: bool) -> None:
        """Hold the main screen's keys (only counts are shown), or run the held ones in order.
        The status line says the articles are loading meanwhile."""
        if hold != self.held_keys.holding and self.main_screen.is_mounted:
            self.main_screen.query_one(StatusLine).set_activity(LOADING if hold else "")
        if hold:
            self.held_keys.holding = True
            return
        for action, target in self.held_keys.release():
            self.call_later(self.run_action, action, target)

    # -- help and palette -----------------------------------------------------------------------

    def help_rows(self) -> list[Row]:
        """(keys, description, id) of every main-screen and app binding, as currently mapped."""
        return key_rows(self, self.keymap)

    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.help_rows()))

    def action_rescan(self) -> None:
        self.main_screen.action_rescan()

    # -- the sidebar's width: keys of the main screen, whichever of its panes has the focus ---

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in SIDEBAR_WIDTH_ACTIONS:
            main = self.main_screen
            return self.screen is main and main.is_mounted and main.sidebar.display
        return True

    def action_sidebar_narrower(self) -> None:
        resize_sidebar(self.main_screen, -STEP)

    def action_sidebar_wider(self) -> None:
        resize_sidebar(self.main_screen, STEP)

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        main = self.main_screen
        if screen is not main:
            return
        for binding in MAIN_BINDINGS:
            if main.check_action(binding.action, ()) is not True:
                continue
            help_text = f"key: {shown_keys(self, binding, self.keymap)}"
            yield SystemCommand(binding.description, help_text,
                                partial(main.run_action, binding.action))  # fmt: skip
        for binding in SIDEBAR_WIDTH_BINDINGS:
            if self.check_action(binding.action, ()):
                help_text = f"key: {shown_keys(self, binding, self.keymap)}"
                yield SystemCommand(binding.description, help_text,
                                    partial(self.run_action, binding.action))  # fmt: skip
        yield SystemCommand("Help", "key: ? — every key", self.action_help)

    # -- search ---------------------------------------------------------------------------------

    def index_for_search(self, snapshot: Snapshot) -> None:
        """Keep the search index in step with a finished scan (when search is installed)."""
        try:
            from tui_reader.ui.workers.search_indexer import index_in_background
        except ImportError:
            return
        # An unchanged library comes back as the very same article list (Library.scan): the
        # update already under way covers it, and restarting it every rescan would keep a
        # first build of a big index from ever finishing.
        if snapshot.articles is self._indexing_articles:
            return
        self._indexing_articles = snapshot.articles
        index_in_background(self, self.library, snapshot)

    def say_cache_troubles(self) -> None:
        """A cache folder that could not be used (the indexes were kept in memory), said once."""
        for message in take_reports():
            self.notify(message, severity="warning", timeout=15, markup=False)

    def on_search_index_progressed(self, message: SearchIndexProgressed) -> None:
        progress = message.progress
        self.main_screen.show_indexing(progress.done, progress.total)

    def on_search_index_updated(self, message: SearchIndexUpdated) -> None:
        self.main_screen.show_indexing(0, 0)
        self.main_screen.load_stories()
        self.say_cache_troubles()
        if message.stats.added or message.stats.removed:
            self.main_screen.saved_runs.rerun()  # their lists may have changed
        if not message.stats.cancelled:
            self.evaluate_rules(act=True)

    def evaluate_rules(self, act: bool) -> None:
        """Work out the rules' views again (in a worker), and when `act`, apply the acting
        rules to the articles that arrived (the index was just brought up to date)."""
        if not self.config.rules:
            return
        from tui_reader.ui.workers.rules import evaluate_in_background

        articles = self._indexing_articles if act else None
        evaluate_in_background(self, self.library, self.config.rules, self.state, articles)

    def on_rules_evaluated(self, message: RulesEvaluated) -> None:
        self.main_screen.rules_evaluated(message)

    def on_export_note(self, message: ExportNote) -> None:
        self.notify(message.text, severity=message.severity, markup=False, timeout=6)

    def on_export_download(self, message: ExportDownload) -> None:
        self.deliver_binary(
            message.file, save_filename=message.name, open_method="download",
            mime_type=message.mime_type,
        )  # fmt: skip
