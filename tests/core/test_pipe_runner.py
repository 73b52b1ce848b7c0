"""Running `[pipe]` commands: argv without a shell, the article on stdin, the output cleaned,
capped and told apart from binary, and every failure a plain PipeError."""

from __future__ import annotations

import sys
import threading
import time
from pathlib import Path

import pytest

from tui_reader.core.pipe.api import PipeCommand, PipeError, PipeOutput, run_pipe

ARTICLE = "标题 Title\n\n第一段。The first paragraph.\n"


def python(code: str, **options: object) -> PipeCommand:
    return PipeCommand("stub", (sys.executable, "-c", code), **options)  # type: ignore[arg-type]


def test_cat_gives_back_the_article() -> None:
    output = run_pipe(PipeCommand("cat", ("cat",)), ARTICLE)
    assert output.text == ARTICLE
    assert output.size == len(ARTICLE.encode()) and not output.cut and not output.binary


def test_arguments_are_never_shell_syntax(tmp_path: Path) -> None:
    marker = tmp_path / "made"
    command = PipeCommand("echo", ("echo", f"x; touch {marker}", "$(id)", "*"))
    assert run_pipe(command, "").text == f"x; touch {marker} $(id) *\n"
    assert not marker.exists()


def test_a_failing_command_says_its_status_and_stderr() -> None:
    command = PipeCommand("fails", ("sh", "-c", "echo partial; echo oops >&2; exit 3"))
    with pytest.raises(PipeError) as raised:
        run_pipe(command, ARTICLE)
    assert raised.value.kind == "failed"
    assert str(raised.value) == "fails failed (exit status 3): oops"


def test_only_the_last_lines_of_stderr_are_quoted_and_cleaned() -> None:
    code = (
        "import sys\n"
        "for n in range(50): print(f'line {n}', file=sys.stderr)\n"
        "print('\\x1b]52;c;aGk=\\x07bad \\x1b[31mred', file=sys.stderr)\n"
        "sys.exit(1)"
    )
    with pytest.raises(PipeError) as raised:
        run_pipe(python(code), "")
    message = str(raised.value)
    assert "line 46" in message and "line 45" not in message
    assert message.endswith("bad red") and "\x1b" not in message


def test_killed_by_a_signal() -> None:
    with pytest.raises(PipeError, match=r"killed by SIGKILL"):
        run_pipe(PipeCommand("k", ("sh", "-c", "kill -9 $$")), "")


def test_a_missing_command() -> None:
    with pytest.raises(PipeError) as raised:
        run_pipe(PipeCommand("tr", ("no-such-tool-here", "-x")), ARTICLE)
    assert raised.value.kind == "missing"
    assert str(raised.value) == "tr: command not found: no-such-tool-here"


def test_a_file_that_cannot_be_run(tmp_path: Path) -> None:
    script = tmp_path / "tool"
    script.write_text("#!/bin/sh\necho hi\n")
    with pytest.raises(PipeError) as raised:
        run_pipe(PipeCommand("t", (str(script),)), "")
    assert raised.value.kind == "missing" and "Permission denied" in str(raised.value)


def test_a_slow_command_is_stopped_at_its_timeout_with_its_children(tmp_path: Path) -> None:
    pids = tmp_path / "pids"
    # A wrapper whose child would outlive it: the whole group goes.
    script = f"sleep 30 & echo $! > {pids}; wait"
    command = PipeCommand("slow", ("sh", "-c", script), timeout=0.5)
    started = time.monotonic()
    with pytest.raises(PipeError) as raised:
        run_pipe(command, ARTICLE)
    assert time.monotonic() - started < 5
    assert raised.value.kind == "timeout"
    assert str(raised.value) == "slow: no result after 0.5 s; stopped"
    child = int(pids.read_text())
    assert not _alive(child)


def test_a_command_that_ignores_sigterm_is_killed() -> None:
    command = PipeCommand("stubborn", ("sh", "-c", "trap '' TERM; sleep 30"), timeout=0.3)
    started = time.monotonic()
    with pytest.raises(PipeError, match="no result after 0.3 s"):
        run_pipe(command, "")
    assert time.monotonic() - started < 5


def test_cancelling_stops_the_command() -> None:
    flag = threading.Event()
    threading.Timer(0.3, flag.set).start()
    started = time.monotonic()
    with pytest.raises(PipeError) as raised:
        run_pipe(PipeCommand("slow", ("sleep", "30")), "", cancelled=flag.is_set)
    assert raised.value.kind == "cancelled" and time.monotonic() - started < 5


def test_a_tool_that_never_reads_its_input_does_not_deadlock() -> None:
    big = "x" * (4 * 1024 * 1024)  # far past a pipe's buffer
    output = run_pipe(PipeCommand("echo", ("echo", "done")), big)
    assert output.text == "done\n"


def test_a_big_article_through_cat_comes_back_whole() -> None:
    big = "一二三四五 abc\n" * 200_000  # 3.8 MB: both pipes full at once
    assert run_pipe(PipeCommand("cat", ("cat",)), big).text == big


def test_hostile_output_is_cleaned() -> None:
    code = (
        "import sys\n"
        "sys.stdout.write('\\x1b]0;owned\\x07Title\\x1b[2J\\x1b]52;c;aGk=\\x07 \\x9b31m'"
        " + 'ok\\u202e\\r\\n\\x1bPq#0;2;0;0;0\\x1b\\\\end')"
    )
    output = run_pipe(python(code), "")
    assert output.text == "Title ok\nend"


def test_huge_output_is_cut_at_the_cap_and_the_tool_stopped() -> None:
    command = PipeCommand("yes", ("yes", "words"), timeout=20)
    started = time.monotonic()
    output = run_pipe(command, "", max_output=1_000_000)
    assert time.monotonic() - started < 10
    assert output.cut and len(output.text) == 1_000_000
    assert output.text.startswith("words\nwords\n")


def test_output_under_the_cap_is_not_cut() -> None:
    output = run_pipe(python("print('a' * 999)"), "", max_output=1000)
    assert not output.cut and output.text == "a" * 999 + "\n"


def test_binary_output_is_reported_not_shown() -> None:
    output = run_pipe(python("import sys; sys.stdout.buffer.write(b'RIFF\\x00\\x01' * 500)"), "")
    assert output.binary and output.text == "" and output.size == 3000
    assert output.summary("speak") == "speak: 3,000 bytes of binary output, not shown"


def test_a_few_bad_bytes_in_text_are_shown_as_replacement_characters() -> None:
    code = "import sys; sys.stdout.buffer.write('文字'.encode() * 100 + b'\\xff')"
    output = run_pipe(python(code), "")
    assert not output.binary and output.text == "文字" * 100 + "\ufffd"


def test_output_none_runs_the_tool_and_keeps_nothing(tmp_path: Path) -> None:
    received = tmp_path / "received"
    code = f"import sys; open({str(received)!r}, 'w').write(sys.stdin.read()); print('x' * 10)"
    output = run_pipe(python(code, output="none"), ARTICLE)
    assert received.read_text() == ARTICLE
    assert output.text == "" and output.size == 11


def _alive(pid: int) -> bool:
    """Whether `pid` still runs, within 2.5 s. A zombie has ended: an orphan's exit waits for
    whoever adopts it to reap it, which a container's first process may never do."""
    for _ in range(50):
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except (FileNotFoundError, ProcessLookupError):
            return False
        if state in ("Z", "X"):
            return False
        time.sleep(0.05)
    return True


@pytest.mark.parametrize(
    ("size", "binary", "said"),
    [
        (1, True, "speak: 1 byte of binary output, not shown"),
        (1, False, "speak: done (1 byte of output)"),
        (2048, False, "speak: done (2,048 bytes of output)"),
    ],
)
def test_the_summary_counts_bytes_in_words(size: int, binary: bool, said: str) -> None:
    assert PipeOutput("", size, binary=binary).summary("speak") == said


def test_a_tool_that_exits_leaving_a_child_on_its_output_gives_its_output(
    tmp_path: Path,
) -> None:
    """The tool printed and exited; a child it left behind holds its stdout open. The output
    is the tool's answer (not a timeout with the answer thrown away), and the child is
    stopped with the rest of the group."""
    pids = tmp_path / "pids"
    script = f"echo answer; sleep 30 & echo $! > {pids}"
    command = PipeCommand("bg", ("sh", "-c", script), timeout=20)
    output = run_pipe(command, ARTICLE)
    assert output.text == "answer\n"
    assert not _alive(int(pids.read_text()))
