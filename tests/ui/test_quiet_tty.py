"""quiet_tty.keys_not_echoed: echo is off while the reader starts and put back after."""

from __future__ import annotations

import os
import termios

from tui_reader.quiet_tty import keys_not_echoed


def test_echo_is_off_inside_and_restored_after() -> None:
    main, terminal = os.openpty()
    try:
        before = termios.tcgetattr(terminal)
        assert before[3] & termios.ECHO  # a new pseudo-terminal echoes
        with keys_not_echoed(terminal):
            assert not termios.tcgetattr(terminal)[3] & termios.ECHO
        assert termios.tcgetattr(terminal) == before
    finally:
        os.close(main)
        os.close(terminal)


def test_typed_ahead_input_is_kept_for_the_reader() -> None:
    main, terminal = os.openpty()
    try:
        with keys_not_echoed(terminal):
            os.write(main, b"jl\n")
            assert os.read(terminal, 10) == b"jl\n"  # still there to be read as keys
    finally:
        os.close(main)
        os.close(terminal)


def test_not_a_terminal_is_left_alone(tmp_path) -> None:  # type: ignore[no-untyped-def]
    with open(tmp_path / "file", "w") as f, keys_not_echoed(f.fileno()):
        pass  # no error, nothing to restore
