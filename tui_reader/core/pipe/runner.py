"""Running a `[pipe]` command on an article: argv without a shell, the article on stdin, a
timeout, and the output read back as untrusted text.

The command runs in a session (process group) of its own, so a timeout or a cancel ends the
whole group — a wrapper script's children too — with SIGTERM, then SIGKILL after `GRACE`
seconds. Its stdin is written from a thread, so a tool that prints before reading, or never
reads, cannot deadlock the runner. Stdout is kept up to `MAX_OUTPUT` bytes (the tool is stopped
there and the output marked as cut); stderr's last `STDERR_KEEP` bytes are kept for the
message when it fails. The output is the tool's, not ours: escape sequences and control
characters are removed (`clean_text`) before anyone shows it, and output that is not text (the
audio of a speech tool, say) is reported by its size instead of shown.
"""

from __future__ import annotations

import os
import selectors
import signal
import subprocess
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import IO

from tui_reader.core.pipe.settings import PipeCommand
from tui_reader.core.sanitize import clean_line, clean_text
from tui_reader.core.served import served_from_environment
from tui_reader.core.wording import counted

MAX_OUTPUT = 16 * 1024 * 1024  # bytes of stdout kept; the tool is stopped past it
STDERR_KEEP = 64 * 1024  # the last bytes of stderr kept, for the error message
ERROR_LINES = 5  # stderr lines quoted in the message of a failed command
GRACE = 0.5  # seconds between SIGTERM and SIGKILL
POLL = 0.1  # seconds between looks at the cancel flag
CHUNK = 64 * 1024
# Seconds the output may stay open once the tool has exited: a child it left behind (`job &`)
# holds it open; the tool's answer is what it wrote, and the child goes with the group.
LEFT_OPEN = 1.0


class PipeError(Exception):
    """The command gave no output to show. `kind`: "missing" (it cannot be started),
    "failed" (non-zero exit or killed by a signal), "timeout", "cancelled" or "off" (a reader
    served to a browser runs no commands on the server); the message says it plainly, with
    the last lines of the tool's stderr when it failed."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind


@dataclass(frozen=True, slots=True)
class PipeOutput:
    """What a command printed: `text` cleaned for showing ("" for `output = "none"` and for
    binary output); `size` bytes were read; `cut` when the tool was stopped at the size cap;
    `binary` when the output was not text."""

    text: str
    size: int
    cut: bool = False
    binary: bool = False

    def summary(self, name: str) -> str:
        """A line saying what came back, for output that is not shown as text."""
        if self.binary:
            return f"{name}: {counted(self.size, 'byte')} of binary output, not shown"
        return f"{name}: done ({counted(self.size, 'byte')} of output)"


def run_pipe(
    command: PipeCommand,
    text: str,
    cancelled: Callable[[], bool] = lambda: False,
    max_output: int = MAX_OUTPUT,
) -> PipeOutput:
    """Run `command` with `text` on its stdin; its output, or PipeError. Never in a reader
    served to a browser (`core.served`): its user may not run programs on the server."""
    if served_from_environment():
        raise PipeError("off", f"{command.name}: pipe commands are off in a served reader")
    process = _start(command)
    writer = threading.Thread(target=_feed, args=(process.stdin, text.encode("utf-8")), daemon=True)
    writer.start()
    watch = _Watch(process, command, time.monotonic() + command.timeout, cancelled)
    keep = command.output != "none"
    try:
        out, size, cut, err = _collect(watch, keep, max_output)
        if cut:
            _end_group(process)
        else:
            watch.wait()
    finally:
        if process.poll() is None:
            _end_group(process)
        writer.join(GRACE)
        for stream in (process.stdout, process.stderr):
            if stream is not None:
                stream.close()
    if not cut and process.returncode != 0:
        raise PipeError("failed", _failure(command, process.returncode, err))
    if not keep:
        return PipeOutput("", size)
    return _output(bytes(out), size, cut)


def _start(command: PipeCommand) -> subprocess.Popen[bytes]:
    try:
        return subprocess.Popen(
            list(command.argv),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            start_new_session=True,
        )
    except FileNotFoundError:
        program = clean_line(command.argv[0])
        raise PipeError("missing", f"{command.name}: command not found: {program}") from None
    except OSError as error:
        program = clean_line(command.argv[0])
        reason = error.strerror or str(error)
        raise PipeError("missing", f"{command.name}: cannot run {program}: {reason}") from None


def _feed(stdin: IO[bytes] | None, data: bytes) -> None:
    """Write the article to the tool; a tool that stops reading is not an error."""
    if stdin is None:
        return
    try:
        stdin.write(data)
    except (BrokenPipeError, OSError, ValueError):
        pass
    finally:
        try:
            stdin.close()
        except (BrokenPipeError, OSError):
            pass


@dataclass(slots=True)
class _Watch:
    """A running tool, its deadline and its cancel flag: ended when either comes."""

    process: subprocess.Popen[bytes]
    command: PipeCommand
    deadline: float
    cancelled: Callable[[], bool]

    def check(self) -> None:
        """Raise PipeError, having ended the tool, if it was cancelled or its time is up."""
        name = self.command.name
        if self.cancelled():
            _end_group(self.process)
            raise PipeError("cancelled", f"{name}: cancelled")
        if time.monotonic() >= self.deadline:
            _end_group(self.process)
            timeout = self.command.timeout
            raise PipeError("timeout", f"{name}: no result after {timeout:g} s; stopped")

    def step(self) -> float:
        """Seconds to wait before the next check."""
        return min(POLL, max(0.0, self.deadline - time.monotonic()))

    def wait(self) -> None:
        """Wait for the tool to exit once its output has ended."""
        while True:
            self.check()
            try:
                self.process.wait(self.step())
                return
            except subprocess.TimeoutExpired:
                continue


def _collect(watch: _Watch, keep: bool, max_output: int) -> tuple[bytearray, int, bool, bytearray]:
    """Read stdout and stderr to their ends: (stdout kept, its size, cut at the cap, stderr's
    last bytes). Raises PipeError on timeout or cancel, having ended the tool."""
    out, err = bytearray(), bytearray()
    size = 0
    stdout, stderr = watch.process.stdout, watch.process.stderr
    assert stdout is not None and stderr is not None
    exited_at: float | None = None
    with selectors.DefaultSelector() as selector:
        selector.register(stdout, selectors.EVENT_READ, "out")
        selector.register(stderr, selectors.EVENT_READ, "err")
        while selector.get_map():
            watch.check()
            if watch.process.poll() is not None:
                exited_at = time.monotonic() if exited_at is None else exited_at
                if time.monotonic() - exited_at >= LEFT_OPEN:
                    _end_group(watch.process)  # what it left running on its output
                    break
            for key, _events in selector.select(watch.step()):
                chunk = os.read(key.fd, CHUNK)
                if not chunk:
                    selector.unregister(key.fileobj)
                elif key.data == "err":
                    err += chunk
                    del err[:-STDERR_KEEP]
                else:
                    size += len(chunk)
                    if keep:
                        out += chunk[: max_output - len(out)]
                        if size > max_output:
                            return out, size, True, err
    return out, size, False, err


def _end_group(process: subprocess.Popen[bytes]) -> None:
    """End the tool's process group: SIGTERM, then SIGKILL for whatever of it is left after
    GRACE seconds (a child that ignores SIGTERM, or a leader that does)."""
    _signal_group(process.pid, signal.SIGTERM)
    try:
        process.wait(GRACE)
    except subprocess.TimeoutExpired:
        pass
    _signal_group(process.pid, signal.SIGKILL)
    process.wait()


def _signal_group(group: int, sig: signal.Signals) -> None:
    try:
        os.killpg(group, sig)
    except (ProcessLookupError, PermissionError):
        pass  # the group has ended


def _failure(command: PipeCommand, status: int, err: bytearray) -> str:
    if status < 0:
        try:
            how = f"killed by {signal.Signals(-status).name}"
        except ValueError:
            how = f"killed by signal {-status}"
    else:
        how = f"exit status {status}"
    lines = [clean_line(line)[:300] for line in err.decode("utf-8", "replace").splitlines()]
    said = [line for line in lines if line][-ERROR_LINES:]
    message = f"{command.name} failed ({how})"
    return f"{message}: " + "\n".join(said) if said else message


def _output(data: bytes, size: int, cut: bool) -> PipeOutput:
    """The output as cleaned text, or marked binary: NUL bytes, or more than 1 % of it not
    UTF-8 (a few bad bytes in text are shown as U+FFFD, as in article files)."""
    text = data.decode("utf-8", "replace")
    if b"\x00" in data or text.count("\ufffd") > max(8, len(text) // 100):
        return PipeOutput("", size, cut, binary=True)
    return PipeOutput(clean_text(text.removeprefix("\ufeff")), size, cut)
