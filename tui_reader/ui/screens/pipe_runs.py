"""`|`: sending the open article to a `[pipe]` command of config.toml, and showing its output
over the article (`PipeLayer`, in the reading pane).

`PipeRuns` belongs to the main screen (`MainScreen.pipes`), as its `MainActions` do: the screen's
`check_action` asks it whether its keys apply and hands it their actions and the worker's
`PipeFinished`. One tool runs at a time, in a thread worker (a new run stops the one before);
escape stops it, its whole process group (core.pipe.runner). What a tool gave for an article is
kept for the session (for the last `KEPT` articles), so `v` shows it again at once after the
article was left; outputs are also cached on disk by article, command and text sent
(core.pipe.cache), so running a command again on an unchanged article answers at once. `V` runs
the tool of the output kept for the open article again, past the cache, for a fresh answer.

Served to a browser (`ReaderApp.served`: `tui-reader serve`, or any web driver) the commands
would run on the serving machine, for whoever has the page: `|` then only says they are off.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING

from textual.message import Message
from textual.worker import get_current_worker

from tui_reader.core.library.api import Article
from tui_reader.core.sanitize import clean_line
from tui_reader.ui.keys import MAIN_BINDINGS, shown_keys
from tui_reader.ui.widgets.reader import pipe_layer

if TYPE_CHECKING:
    from tui_reader.core.pipe.api import PipeCache, PipeCommand
    from tui_reader.ui.screens.main.screen import MainScreen

PIPE_ACTIONS = frozenset({"pipe_article", "toggle_pipe_output", "cancel_pipe", "rerun_pipe"})
KEPT = 16  # articles whose last output `v` can show again
OFF_WHEN_SERVED = (
    "Pipe commands are off in a reader served to a browser: they would run on the serving "
    "machine. Run `tui-reader pipe` there instead."
)
NONE_CONFIGURED = (
    'No pipe commands: add them to config.toml, e.g. [pipe] translate = ["trans", "-b", ":zh"] '
    "(see the README)."
)


@dataclass(frozen=True, slots=True)
class Outcome:
    """What the layer shows for an article: `text` from the tool `name`; `state` "running",
    "failed" (`text` is the error) or "" (its output)."""

    name: str
    text: str
    state: str = ""


class PipeFinished(Message):
    """A run ended: `outcome` for `article`, or `note` alone when there is nothing to show (the
    tool's output is "none" or binary). `run` numbers the runs, so a stopped one is ignored."""

    def __init__(self, run: int, article: Article, outcome: Outcome | None, note: str) -> None:
        super().__init__()
        self.run = run
        self.article = article
        self.outcome = outcome
        self.note = note


class PipeRuns:
    """The runs of `[pipe]` commands on the articles of `screen`."""

    def __init__(self, screen: MainScreen) -> None:
        self.screen = screen
        self._outcomes: OrderedDict[str, Outcome] = OrderedDict()
        self._run = 0
        self._running: str | None = None  # the name of the tool running
        self._cache: PipeCache | None = None

    # -- keys -----------------------------------------------------------------------------------

    def applies(self, action: str) -> bool:
        reader = self.screen.reader
        if action == "pipe_article":
            return reader.has_text
        if action == "cancel_pipe":
            return self._running is not None
        if action == "toggle_pipe_output":
            return reader.article is not None and reader.article.id in self._outcomes
        if action == "rerun_pipe":
            return self._running is None and self._kept_command() is not None
        return True

    def pipe_article(self) -> None:
        """Send the open article to a command: the only one, or the one chosen from a list."""
        article = self.screen.reader.article
        if article is None:
            return
        app = self.screen.reader_app
        if app.served:
            self.screen.notify(OFF_WHEN_SERVED, severity="warning", markup=False)
            return
        commands = list(self.screen.reader_app.config.pipe.values())
        if not commands:
            self.screen.notify(NONE_CONFIGURED, severity="warning", timeout=10, markup=False)
        elif len(commands) == 1:
            self.start(article, commands[0])
        else:
            from tui_reader.ui.screens.pipe_chooser import PipeChooser

            title = f"Send “{clean_line(article.title)}” to"
            app.push_screen(PipeChooser(title, commands), partial(self._chosen, article))

    def _chosen(self, article: Article, name: str | None) -> None:
        shown = self.screen.reader.article
        command = self.screen.reader_app.config.pipe.get(name or "")
        if command is not None and shown is not None and shown.id == article.id:
            self.start(article, command)

    def toggle(self) -> None:
        """Switch between the article and its tool's output."""
        reader = self.screen.reader
        if reader.article is None or reader.article.id not in self._outcomes:
            return
        if not reader.layer_shown:
            self._fill(self._outcomes[reader.article.id])
        reader.layer_shown = not reader.layer_shown

    def rerun(self) -> None:
        """Run the tool whose output is kept for the open article again, past the cache."""
        article, command = self.screen.reader.article, self._kept_command()
        if article is not None and command is not None and self._running is None:
            self.start(article, command, rerun=True)

    def _kept_command(self) -> PipeCommand | None:
        """The command (still configured) whose output or failure is kept for the open article."""
        article = self.screen.reader.article
        kept = self._outcomes.get(article.id) if article is not None else None
        if kept is None or kept.state == "running":
            return None
        return self.screen.reader_app.config.pipe.get(kept.name)

    def cancel(self) -> None:
        """Stop the running tool (the worker ends its process group)."""
        if self._running is None:
            return
        name, self._running = self._running, None
        self._run += 1  # what the stopped run still sends is ignored
        self.screen.workers.cancel_group(self.screen, "pipe")
        for article_id, outcome in list(self._outcomes.items()):
            if outcome.state == "running":
                del self._outcomes[article_id]
        self.screen.reader.layer_shown = False
        self.screen.notify(f"{name} stopped", timeout=3, markup=False)
        self.screen.refresh_bindings()

    # -- running --------------------------------------------------------------------------------

    def start(self, article: Article, command: PipeCommand, *, rerun: bool = False) -> None:
        """Run `command` on `article` in a worker (`rerun`: even when its output is cached);
        the layer says so until it answers."""
        self._run += 1
        self._running = command.name
        if self._cache is None:
            from tui_reader.core.pipe.api import PipeCache  # the runner: loaded at the first run

            self._cache = PipeCache()
        if command.output == "none":
            self.screen.notify(f"Running {command.name}…", timeout=3, markup=False)
        else:
            self._keep(article.id, Outcome(command.name, "", "running"))
            self._fill(self._outcomes[article.id])
            self.screen.reader.layer_shown = True
        work = partial(_run, self.screen, self._cache, self._run, article, command, rerun)
        self.screen.run_worker(work, thread=True, exclusive=True, group="pipe",
                               exit_on_error=False, name=f"pipe {command.name}")  # fmt: skip
        self.screen.refresh_bindings()

    def finished(self, message: PipeFinished) -> None:
        if message.run != self._run:
            return  # stopped, or replaced by a newer run
        self._running = None
        outcome, article = message.outcome, message.article
        reader = self.screen.reader
        is_open = reader.article is not None and reader.article.id == article.id
        if outcome is None:
            self._forget_running(article.id)
        else:
            self._keep(article.id, outcome)
        if outcome is not None and outcome.state == "failed":
            self.screen.notify(outcome.text, severity="error", timeout=10, markup=False)
        elif message.note:
            self.screen.notify(message.note, timeout=5, markup=False)
        if is_open and reader.layer_shown:
            if outcome is None:
                reader.layer_shown = False
            else:
                self._fill(outcome)
        elif outcome is not None and outcome.state != "failed":
            where = "" if is_open else f" for “{clean_line(article.title)}” (open it and)"
            key = self._key("toggle_pipe_output")
            note = f"{outcome.name} is done{where}: press {key} to see its output"
            self.screen.notify(note, timeout=5, markup=False)
        self.screen.refresh_bindings()

    def _keep(self, article_id: str, outcome: Outcome) -> None:
        self._outcomes[article_id] = outcome
        self._outcomes.move_to_end(article_id)
        while len(self._outcomes) > KEPT:
            self._outcomes.popitem(last=False)

    def _forget_running(self, article_id: str) -> None:
        if (kept := self._outcomes.get(article_id)) is not None and kept.state == "running":
            del self._outcomes[article_id]

    def _fill(self, outcome: Outcome) -> None:
        """Put `outcome` in the layer, with a title naming the tool and the keys that apply."""
        back = f"{self._key('toggle_pipe_output')} shows the article"
        if outcome.state == "running":
            title = f"Running {outcome.name}… · {self._key('cancel_pipe')} stops it · {back}"
            text = "(waiting for its output)"
        else:
            what = "failed" if outcome.state == "failed" else "output"
            title = (
                f"{outcome.name} {what} · {back} · {self._key('pipe_article')} another tool"
                f" · {self._key('rerun_pipe')} runs it again"
            )
            text = outcome.text or "(no output)"
        self.screen.reader.pipe_layer.show(title, text, state=outcome.state)

    def _key(self, action: str) -> str:
        binding = next(b for b in MAIN_BINDINGS if b.action == action)
        return shown_keys(self.screen.app, binding, self.screen.reader_app.keymap)


def _run(
    screen: MainScreen,
    cache: PipeCache,
    run: int,
    article: Article,
    command: PipeCommand,
    rerun: bool = False,
) -> None:
    """In a worker: run `command` on `article` and tell the screen how it went. Whatever goes
    wrong is told too: the layer must not stay at "Running…"."""
    try:
        outcome, note = _outcome(screen, cache, article, command, rerun)
    except Exception as error:  # noqa: BLE001 - a bug of ours, said as the run's failure
        outcome, note = Outcome(command.name, f"{command.name}: {error!r}", "failed"), ""
    screen.post_message(PipeFinished(run, article, outcome, note))


def _outcome(
    screen: MainScreen, cache: PipeCache, article: Article, command: PipeCommand, rerun: bool
) -> tuple[Outcome | None, str]:
    """The article as the command reads it, then its cached output or a run of it: what the
    layer shows (None: nothing), and a note to say."""
    from tui_reader.core.pipe.api import MAX_OUTPUT, PipeError, run_cached
    from tui_reader.render.pipe_input import pipe_input

    worker = get_current_worker()
    name = command.name
    try:
        html = screen.reader_app.library.body(article)
    except OSError as error:
        return Outcome(
            name, f"{name}: cannot read the article: {error.strerror or error}", "failed"
        ), ""
    text = pipe_input(article, html, command.input)
    try:
        output = run_cached(
            command, article.id, text, cache, rerun=rerun, cancelled=lambda: worker.is_cancelled
        )
    except PipeError as error:
        return (
            (None, "") if error.kind == "cancelled" else (Outcome(name, str(error), "failed"), "")
        )
    if command.output == "none" or output.binary:
        return None, output.summary(name)
    note = f"{name}: output cut at {MAX_OUTPUT // 2**20} MB" if output.cut else ""
    # Kept only as far as the layer shows it (one character more: enough for it to say it
    # cut the rest), so the outputs kept for `KEPT` articles stay within a few megabytes each.
    return Outcome(name, output.text[: pipe_layer.MAX_SHOWN + 1]), note
