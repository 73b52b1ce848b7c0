"""`|` in the reader: the open article sent to a `[pipe]` command, its output shown over the
article (`v` switches), errors said plainly, a slow tool stopped by its timeout or by escape
while the reader keeps working, outputs kept per article, and pipes off in a served reader."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import pytest
from ui_support import open_where, record_notes, running, settle, until

from tui_reader.core.config import Config
from tui_reader.core.pipe.api import PipeCommand
from tui_reader.ui.screens.pipe_chooser import PipeChooser
from tui_reader.ui.screens.pipe_runs import NONE_CONFIGURED, OFF_WHEN_SERVED
from tui_reader.ui.widgets.reader import pipe_layer

pytestmark = pytest.mark.library(samples=False)
NOTE = "First short note"
# Echoes stdin and counts its runs in the file named by its argument.
COUNTING = (
    "import sys\n"
    "with open(sys.argv[1], 'a') as runs: runs.write('x')\n"
    "sys.stdout.write(sys.stdin.read().upper())\n"
)


def config(*commands: PipeCommand) -> Config:
    return Config(pipe={command.name: command for command in commands})


def counting(runs: Path, name: str = "shout") -> PipeCommand:
    return PipeCommand(name, (sys.executable, "-c", COUNTING, str(runs)))


def layer(app):  # type: ignore[no-untyped-def]
    return app.main_screen.reader.pipe_layer


def body_shown(app) -> bool:  # type: ignore[no-untyped-def]
    return app.main_screen.reader.query_one("#article-body").display


async def pipe(pilot, *keys: str) -> None:  # type: ignore[no-untyped-def]
    await pilot.press("vertical_line", *keys)
    await settle(pilot)


async def test_the_output_is_shown_over_the_article_and_v_switches(
    library: Path, tmp_path: Path
) -> None:
    runs = tmp_path / "runs"
    async with running(library, config(counting(runs))) as (app, pilot):
        await open_where(pilot, lambda a: a.title == NOTE)
        reader = app.main_screen.reader
        rendered = reader.rendered
        await pipe(pilot)
        assert reader.layer_shown and not body_shown(app)
        shown = layer(app).shown_text
        title = "shout output · v shows the article · | another tool · V runs it again\n"
        assert shown.startswith(title)
        assert "THE FIRST NOTE, SHORT." in shown
        await pilot.press("v")
        await pilot.pause()
        assert not reader.layer_shown and body_shown(app)
        assert reader.rendered is rendered  # the article is untouched
        await pilot.press("v")
        await pilot.pause()
        assert reader.layer_shown and "THE FIRST NOTE, SHORT." in layer(app).shown_text
        assert runs.read_text() == "x"


async def test_several_commands_are_chosen_from_a_list(library: Path, tmp_path: Path) -> None:
    cat = PipeCommand("cat", ("cat",))
    async with running(library, config(cat, counting(tmp_path / "runs"))) as (app, pilot):
        await open_where(pilot, lambda a: a.title == NOTE)
        await pilot.press("vertical_line")
        await pilot.pause()
        assert isinstance(app.screen, PipeChooser)
        await pilot.press("down", "enter")
        await settle(pilot)
        assert app.screen is app.main_screen
        assert layer(app).shown_text.startswith("shout output")
        await pilot.press("vertical_line")
        await pilot.pause()
        await pilot.press("escape")  # back to the article's output, nothing run
        await settle(pilot)
        assert app.screen is app.main_screen
        assert layer(app).shown_text.startswith("shout output")


async def test_a_failing_command_is_said_plainly(library: Path) -> None:
    failing = PipeCommand("fail", ("sh", "-c", "echo oops >&2; exit 3"))
    async with running(library, config(failing)) as (app, pilot):
        notes = record_notes(app)
        await open_where(pilot, lambda a: a.title == NOTE)
        rendered = app.main_screen.reader.rendered
        await pipe(pilot)
        assert "fail failed (exit status 3): oops" in notes
        assert layer(app).shown_text.startswith("fail failed · v shows the article")
        assert layer(app).shown_text.endswith("\nfail failed (exit status 3): oops")
        await pilot.press("v")
        await pilot.pause()
        assert body_shown(app) and app.main_screen.reader.rendered is rendered


async def test_a_run_that_breaks_is_reported_not_left_running(
    library: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tui_reader.render import pipe_input

    def broken(*_args: object) -> str:
        raise RuntimeError("boom")

    monkeypatch.setattr(pipe_input, "pipe_input", broken)
    async with running(library, config(PipeCommand("cat", ("cat",)))) as (app, pilot):
        await open_where(pilot, lambda a: a.title == NOTE)
        await pipe(pilot)
        assert layer(app).shown_text.startswith("cat failed")
        assert "RuntimeError('boom')" in layer(app).shown_text
        assert not app.main_screen.check_action("cancel_pipe", ())


async def test_a_missing_command(library: Path) -> None:
    async with running(library, config(PipeCommand("tr", ("no-such-tool-here",)))) as (app, pilot):
        notes = record_notes(app)
        await open_where(pilot, lambda a: a.title == NOTE)
        await pipe(pilot)
        assert "tr: command not found: no-such-tool-here" in notes


async def test_a_slow_command_is_stopped_at_its_timeout_and_the_reader_keeps_working(
    library: Path,
) -> None:
    slow = PipeCommand("slow", ("sleep", "30"), timeout=0.5)
    async with running(library, config(slow)) as (app, pilot):
        notes = record_notes(app)
        await open_where(pilot, lambda a: a.title == NOTE)
        started = time.monotonic()
        await pilot.press("vertical_line")
        await pilot.pause()
        running_title = "Running slow… · esc stops it · v shows the article"
        assert layer(app).shown_text.startswith(running_title)
        await pilot.press("v")  # the article, while the tool runs
        await pilot.pause()
        assert body_shown(app)
        await until(pilot, lambda: "slow: no result after 0.5 s; stopped" in notes, "timeout")
        assert time.monotonic() - started < 5
        await pilot.press("v")
        await pilot.pause()
        assert "slow: no result after 0.5 s; stopped" in layer(app).shown_text


async def test_escape_stops_the_tool(library: Path, tmp_path: Path) -> None:
    pid_file = tmp_path / "pid"
    slow = PipeCommand("slow", ("sh", "-c", f"echo $$ > {pid_file}; exec sleep 30"))
    async with running(library, config(slow)) as (app, pilot):
        notes = record_notes(app)
        await open_where(pilot, lambda a: a.title == NOTE)
        await pilot.press("vertical_line")
        await until(pilot, lambda: pid_file.exists() and pid_file.read_text().strip(), "started")
        pid = int(pid_file.read_text())
        await pilot.press("escape")
        await settle(pilot)
        assert "slow stopped" in notes
        assert body_shown(app) and not app.main_screen.reader.layer_shown
        assert not app.main_screen.check_action("toggle_pipe_output", ())
        await until(pilot, lambda: not _alive(pid), "the tool ended")


async def test_quitting_stops_the_tool(library: Path, tmp_path: Path) -> None:
    pid_file = tmp_path / "pid"
    slow = PipeCommand("slow", ("sh", "-c", f"echo $$ > {pid_file}; exec sleep 30"))
    async with running(library, config(slow)) as (app, pilot):
        await open_where(pilot, lambda a: a.title == NOTE)
        await pilot.press("vertical_line")
        await until(pilot, lambda: pid_file.exists() and pid_file.read_text().strip(), "started")
        await pilot.press("q")
    pid = int(pid_file.read_text())
    for _ in range(50):
        if not _alive(pid):
            break
        time.sleep(0.1)
    assert not _alive(pid)


async def test_hostile_output_never_reaches_the_terminal(library: Path) -> None:
    code = "print('\\x1b]52;c;aGk=\\x07safe\\x1b[2J \\x1b]0;title\\x07text\\x9b1m')"
    hostile = PipeCommand("hostile", (sys.executable, "-c", code))
    async with running(library, config(hostile)) as (app, pilot):
        await open_where(pilot, lambda a: a.title == NOTE)
        await pipe(pilot)
        assert layer(app).shown_text.endswith("\nsafe text\n")
        lines = app.main_screen.reader.query_one("#pipe-output").render_lines
        drawn = "".join(s.text for strip in lines(app.screen.region) for s in strip)
        assert "\x1b" not in drawn and "\x9b" not in drawn


async def test_a_huge_output_is_cut_for_showing(
    library: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pipe_layer, "MAX_SHOWN", 30_000)
    code = "print('x' * 50_000); print('一行' * 10_000)"
    huge = PipeCommand("huge", (sys.executable, "-c", code))
    async with running(library, config(huge)) as (app, pilot):
        await open_where(pilot, lambda a: a.title == NOTE)
        await pipe(pilot)
        shown = layer(app).shown_text
        assert shown.endswith(
            "[The output is cut here: only its first 30,000 characters are shown.]"
        )
        lines = layer(app).query_one("#pipe-output")
        await until(pilot, lambda: lines.line_count > 30_000 // 100, "laid out")
        kept = app.main_screen.pipes._outcomes[app.main_screen.reader.article.id]
        assert len(kept.text) == 30_001  # only what the layer shows is kept for the session


def test_long_lines_are_laid_out_in_pieces() -> None:
    words = "word " * 1000  # 5,000 characters
    assert list(pipe_layer.pieces(f"short\n{words}\n\nend")) == [
        "short", "word " * 400, "word " * 400, "word " * 200, "", "end",
    ]  # fmt: skip
    assert [len(p) for p in pipe_layer.pieces("x" * 4500)] == [2000, 2000, 500]


async def test_the_output_is_kept_when_the_article_is_opened_again(
    library: Path, tmp_path: Path
) -> None:
    runs = tmp_path / "runs"
    async with running(library, config(counting(runs))) as (app, pilot):
        await open_where(pilot, lambda a: a.title == NOTE)
        await pipe(pilot)
        await open_where(pilot, lambda a: a.title == "Second short note")
        assert not app.main_screen.reader.layer_shown
        assert not app.main_screen.check_action("toggle_pipe_output", ())
        await open_where(pilot, lambda a: a.title == NOTE)
        assert not app.main_screen.reader.layer_shown  # the article first
        await pilot.press("v")
        await pilot.pause()
        assert "THE FIRST NOTE, SHORT." in layer(app).shown_text
        await pipe(pilot)  # the same command again: from the cache
        assert "THE FIRST NOTE, SHORT." in layer(app).shown_text
    assert runs.read_text() == "x"
    async with running(library, config(counting(runs))) as (app, pilot):  # the next session
        await open_where(pilot, lambda a: a.title == NOTE)
        await pipe(pilot)
        assert "THE FIRST NOTE, SHORT." in layer(app).shown_text
    assert runs.read_text() == "x"


async def test_a_tool_whose_output_is_none_is_only_run(library: Path, tmp_path: Path) -> None:
    heard = tmp_path / "heard"
    code = f"import sys; open({str(heard)!r}, 'w').write(sys.stdin.read())"
    speak = PipeCommand("speak", (sys.executable, "-c", code), output="none")
    async with running(library, config(speak)) as (app, pilot):
        notes = record_notes(app)
        await open_where(pilot, lambda a: a.title == NOTE)
        await pipe(pilot)
        assert "The first note, short." in heard.read_text()
        assert not app.main_screen.reader.layer_shown
        assert "speak: done (0 bytes of output)" in notes


async def test_pipes_are_off_in_a_served_reader(library: Path, tmp_path: Path) -> None:
    runs = tmp_path / "runs"
    async with running(library, config(counting(runs)), served=True) as (app, pilot):
        notes = record_notes(app)
        await open_where(pilot, lambda a: a.title == NOTE)
        await pipe(pilot)
        assert OFF_WHEN_SERVED in notes
        assert not app.main_screen.reader.layer_shown and not runs.exists()


async def test_no_commands_configured(library: Path) -> None:
    async with running(library) as (app, pilot):
        notes = record_notes(app)
        await open_where(pilot, lambda a: a.title == NOTE)
        await pipe(pilot)
        assert NONE_CONFIGURED in notes


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


async def test_v_shifted_runs_the_tool_again_past_its_kept_output(
    library: Path, tmp_path: Path
) -> None:
    """A tool's answer is kept (a translator's, a summariser's); V runs it again for a fresh
    one, when the one kept is not what the user wanted."""
    runs = tmp_path / "runs"
    async with running(library, config(counting(runs))) as (app, pilot):
        await open_where(pilot, lambda a: a.title == NOTE)
        assert not app.main_screen.check_action("rerun_pipe", ())  # nothing ran yet
        await pipe(pilot)
        shown = layer(app).shown_text
        assert "· | another tool · V runs it again\n" in shown and "THE FIRST NOTE" in shown
        await pipe(pilot)  # | again: the kept output
        assert runs.read_text() == "x"
        await pilot.press("V")
        await settle(pilot)
        assert runs.read_text() == "xx"
        await pilot.press("v")  # back to the article; V runs it again and shows it
        await pilot.pause()
        await pilot.press("V")
        await settle(pilot)
        assert runs.read_text() == "xxx" and app.main_screen.reader.layer_shown
        assert "THE FIRST NOTE, SHORT." in layer(app).shown_text


async def test_a_large_output_is_said_to_be_laid_out_meanwhile(library: Path) -> None:
    """Output too large to lay out at once is laid out in a worker (seconds for a megabyte):
    meanwhile the layer says so under the finished title, never the run's "(waiting …)"."""
    async with running(library, config(PipeCommand("cat", ("cat",)))) as (app, pilot):
        await open_where(pilot, lambda a: a.title == NOTE)
        await pipe(pilot)
        shown = layer(app)
        lines = shown.query_one("#pipe-output")
        shown.show("cat", "(waiting for its output)", state="running")
        await pilot.pause()
        shown.show("cat output", "word " * 10_000)
        assert lines.render_line(0).text.strip() == "(laying out the output…)"
        await settle(pilot)
        assert lines.render_line(0).text.startswith("word word")
