"""`tui-reader serve` run as the user runs it, for the serve tests: a real process on a free port
with its own XDG_* folders, its address read from what it prints; the same environment for CLI
commands run next to it (the same reading state); and the script that lets a test read the page
(`PAGE_HOOK`)."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from ui_support import article, write

REPO = Path(__file__).resolve().parent.parent
START_TIMEOUT = 60.0  # seconds for the server to print its address and accept connections
ATTEMPTS = 3  # ports tried when the one picked was taken before the server could bind it

QUOKKA_BODY = (
    "<p>Quokkas smile at their 袋鼠 cousins: 短尾矮袋鼠很可爱。</p>"
    '<p><img src="https://images.example.net/quokka.png" alt="a quokka"></p>'
    '<p>See <a href="https://example.org/more">more</a>.</p>'
)
ARTICLE_LINK = "https://example.org/quokka"
MORE_LINK = "https://example.org/more"
IMAGE_HOST = "images.example.net"

# Runs before the page's scripts: keeps the xterm.js Terminal the page stores as `.terminal`,
# and records window.open (textual-serve's page opens Textual's open_url with it).
PAGE_HOOK = """
(() => {
  window.__terms = [];
  window.__opened = [];
  window.open = (url, target) => {
    window.__opened.push([String(url), String(target)]);
    return null;
  };
  Object.defineProperty(Object.prototype, 'terminal', {
    configurable: true,
    set(value) {
      Object.defineProperty(this, 'terminal',
        {value, writable: true, configurable: true, enumerable: true});
      if (value && value.buffer && value.buffer.active) window.__terms.push(value);
    },
  });
  window.__screen = () => {
    const term = window.__terms[0];
    if (!term) return '';
    const buffer = term.buffer.active, rows = [];
    for (let y = 0; y < term.rows; y++) {
      const line = buffer.getLine(buffer.viewportY + y);
      rows.push(line ? line.translateToString(true) : '');
    }
    return rows.join('\\n');
  };
})();
"""


def make_library(folder: Path) -> Path:
    """Two notes, newest first: one with Chinese text, an image and links; one plain."""
    quokka = article("Quokka facts 短尾矮袋鼠", "2024-05-02", " - Notes", QUOKKA_BODY, ARTICLE_LINK)
    write(folder / "notes" / "quokka.md", quokka)
    write(folder / "notes" / "second.md", article("Second note", "2024-05-01", " - Notes", "x"))
    return folder


def user_environment(home: Path, **extra: str) -> dict[str, str]:
    """The environment of a user whose home, config, data, cache and state are in `home`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TUI_READER_", "XDG_"))}
    for name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        folder = home / name.lower()
        folder.mkdir(parents=True, exist_ok=True)
        env[name] = str(folder)
    env["HOME"] = str(home)  # where the reader would put files of its own (exports)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    env.update(extra)
    return env


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as probe:
        probe.bind((host, 0))
        return int(probe.getsockname()[1])


@dataclass
class Served:
    process: subprocess.Popen[str]
    address: str  # as printed: http://HOST:PORT/ (with ?token=… when there is one)
    port: int
    output: list[str]


@contextmanager
def serving(library: Path, env: dict[str, str], *args: str) -> Iterator[Served]:
    """`tui-reader serve LIBRARY ARGS` until the block ends (then SIGTERM, as a service manager
    would stop it), on a free port: picked here, so another program may take it meanwhile; then
    the server says so and another is tried."""
    for attempt in range(ATTEMPTS):
        port = free_port()
        command = [sys.executable, "-m", "tui_reader", "serve", str(library), "--port", str(port)]
        process = subprocess.Popen(
            [*command, *args], env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT, text=True,
        )  # fmt: skip
        output: list[str] = []
        try:
            address = _address(process, output)
            assert process.stdout is not None  # drained: a full pipe would stop the server
            threading.Thread(target=output.extend, args=(process.stdout,), daemon=True).start()
            _wait_listening(port, process, output)
        except AssertionError:
            _stop(process)
            if attempt + 1 < ATTEMPTS and "already in use" in "".join(output):
                continue
            raise
        try:
            yield Served(process, address, port, output)
        finally:
            _stop(process)
        return


def _stop(process: subprocess.Popen[str]) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    if process.stdout is not None:
        process.stdout.close()


def _address(process: subprocess.Popen[str], output: list[str]) -> str:
    assert process.stdout is not None
    for line in process.stdout:  # the address is printed before the server listens
        output.append(line)
        if found := re.search(r"tui-reader: open (\S+)", line):
            return found.group(1)
    raise AssertionError(f"serve printed no address: {''.join(output)!r}")


def _wait_listening(port: int, process: subprocess.Popen[str], output: list[str]) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"serve ended ({process.returncode}): {''.join(output)!r}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.05)  # polling a condition, with a deadline
    raise AssertionError(f"serve did not listen on port {port} in {START_TIMEOUT} s")


def run_cli(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tui_reader", *args], env=env, capture_output=True, text=True,
        timeout=120, check=False,
    )  # fmt: skip
