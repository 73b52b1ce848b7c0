"""SIGTERM and SIGHUP (a logout, a service manager) end the reader as `q` does: through the
app, which leaves the alternate screen, shows the cursor, stops mouse reporting, puts the
terminal's echo back and keeps the read marks. The reader runs on a pseudo-terminal here."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import termios
import time
from pathlib import Path

import pytest
from pty_support import (
    ALT_SCREEN_OFF,
    ALT_SCREEN_ON,
    CURSOR_SHOWN,
    MOUSE_OFF,
    ROOT,
    Terminal,
    read_ids,
)
from ui_support import SIZE, make_app, make_library

from tui_reader import quiet_tty
from tui_reader.quiet_tty import end_signals_with, keys_not_echoed, signals_end_cleanly


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP])
def test_a_signal_ends_the_reader_as_q_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, signum: int
) -> None:
    library = make_library(tmp_path / "library", samples=False)
    monkeypatch.setenv("TUI_READER_LIBRARY", str(library))
    assert read_ids() == []
    term = Terminal(library)
    try:
        term.wait_for(b"unread")  # the tree is up
        os.write(term.main, b".")  # opens the next unread article: it is marked read
        term.wait_for(b"min read")  # its header is shown
        term.read(0.5)
        term.process.send_signal(signum)
        status = term.wait()
        ending = term.output[term.output.rindex(ALT_SCREEN_ON) :]
        assert ALT_SCREEN_OFF in ending
        assert ending.rindex(CURSOR_SHOWN) > ending.rindex(b"\x1b[?25l")  # hidden, then shown
        for mouse_off in MOUSE_OFF:
            assert mouse_off in ending
        assert b"Traceback" not in term.output
        assert status == 128 + signum
        assert term.echo()  # typed keys echo again at the shell
    finally:
        term.close()
    assert len(read_ids()) == 1


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP])
def test_a_signal_while_the_reader_starts(tmp_path: Path, signum: int) -> None:
    library = make_library(tmp_path / "library", samples=False)
    term = Terminal(library)
    try:
        term.wait_for(ALT_SCREEN_ON)  # the app is starting: nothing is drawn yet
        term.process.send_signal(signum)
        status = term.wait()
        assert ALT_SCREEN_OFF in term.output[term.output.rindex(ALT_SCREEN_ON) :]
        assert b"Traceback" not in term.output
        assert status == 128 + signum
        assert term.echo()
    finally:
        term.close()


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP])
def test_before_the_app_runs_a_signal_unwinds_through_the_cleanups(
    signum: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(quiet_tty, "ENDING_GRACE", 0)  # this process (pytest's) goes on
    main, terminal = os.openpty()
    before = signal.getsignal(signum)  # SIG_IGN for SIGHUP under nohup
    try:
        with pytest.raises(SystemExit) as ended, signals_end_cleanly(), keys_not_echoed(terminal):
            assert not termios.tcgetattr(terminal)[3] & termios.ECHO
            os.kill(os.getpid(), signum)
            time.sleep(5)  # the signal interrupts this
        assert ended.value.code == 128 + signum
        assert termios.tcgetattr(terminal)[3] & termios.ECHO
        assert signal.getsignal(signum) is before  # put back as it was
        assert not end_signals_with(print)  # outside, nothing is handed over
    finally:
        os.close(main)
        os.close(terminal)


def test_a_second_signal_does_not_cut_the_cleanups_of_the_first_short(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A SIGTERM, then the terminal's SIGHUP while its SystemExit unwinds: the cleanups run on
    (the second raised a SystemExit of its own in the middle of them)."""
    monkeypatch.setattr(quiet_tty, "ENDING_GRACE", 0)  # this process (pytest's) goes on
    cleaned = []
    with pytest.raises(SystemExit) as ended, signals_end_cleanly():
        try:
            os.kill(os.getpid(), signal.SIGTERM)
            time.sleep(5)  # the signal interrupts this
        finally:
            os.kill(os.getpid(), signal.SIGHUP)
            time.sleep(0.01)  # a moment for a handler to run
            cleaned.append("done")
    assert ended.value.code == 128 + signal.SIGTERM
    assert cleaned == ["done"]


async def test_a_signal_handed_to_the_app_before_it_runs_ends_it_once_loaded(
    tmp_path: Path,
) -> None:
    """The program hands the signals to the app before running it (ui/launch.py): one that
    comes before the app has loaded ends it as soon as it has, as `q` does."""
    app = make_app(make_library(tmp_path / "library", samples=False))
    app.end_by_signal(signal.SIGTERM)
    async with app.run_test(size=SIZE) as pilot:
        for _ in range(600):  # 30 s at most
            if app.return_code is not None:
                break
            await pilot.pause(0.05)
    assert app.return_code == 128 + signal.SIGTERM


LAUNCH_ENDED_BY_A_SIGNAL = """
import sys, threading
import tui_reader.ui.launch as launch_module

def launch(library):  # a signal while the UI is imported: a thread of the start never ends
    threading.Thread(target=threading.Event().wait, name="held").start()
    raise SystemExit(129)

launch_module.launch = launch
sys.argv = ["tui-reader", sys.argv[1]]
from tui_reader.cli import main
main()
"""


def test_a_signal_before_the_app_runs_ends_the_program_despite_its_threads(
    tmp_path: Path,
) -> None:
    """The SystemExit a signal raises while the reader starts (see quiet_tty) ends the program
    through `leave`, as the app's end does: left to the interpreter, which waits for every
    thread, a reader killed while its early start or load waited stayed on (found as orphans
    of 700 MB after tmux sessions were killed during launch)."""
    library = make_library(tmp_path / "library", samples=False)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    process = subprocess.Popen(
        [sys.executable, "-c", LAUNCH_ENDED_BY_A_SIGNAL, str(library)],
        env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip
    try:
        _out, err = process.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        process.kill()
        process.communicate()
        raise AssertionError("the program did not end") from None
    assert process.returncode == 129
    assert b"Traceback" not in err


AN_APP_THAT_NEVER_ENDS = """
import os, signal, sys, time
from tui_reader import quiet_tty

quiet_tty.ENDING_GRACE = 1
with quiet_tty.signals_end_cleanly():
    quiet_tty.end_signals_with(lambda signum: None)  # the app was told, and cannot end
    os.kill(os.getpid(), int(sys.argv[1]))
    time.sleep(120)
"""


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP])
def test_a_signal_ends_the_process_even_when_the_app_cannot(signum: int) -> None:
    """The app asked to end on a signal may never get to (its terminal gone with the tmux
    session killed while it started: 700 MB readers found running on): the process ends all
    the same, `ENDING_GRACE` after the signal, by SIGALRM."""
    ended = subprocess.run(
        [sys.executable, "-c", AN_APP_THAT_NEVER_ENDS, str(int(signum))],
        env={**os.environ, "PYTHONPATH": str(ROOT)}, capture_output=True, timeout=60,
        check=False,
    )  # fmt: skip
    assert ended.returncode == -signal.SIGALRM
    assert b"Traceback" not in ended.stderr
