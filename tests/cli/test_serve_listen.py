"""`tui-reader serve` where it cannot listen — a port another program holds, a host name that
does not resolve, an address that is not this machine's — says so plainly (status 2, no
traceback) before printing an address to open, since nothing would answer there."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest
from serve_support import make_library, run_cli, user_environment


def refused(tmp_path: Path, *args: str) -> str:
    library = make_library(tmp_path / "library")
    result = run_cli(user_environment(tmp_path), "serve", str(library), *args)
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr and "open http" not in result.stdout
    [line] = result.stderr.splitlines()
    return line


def test_a_port_in_use_is_said_plainly(tmp_path: Path) -> None:
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        port = holder.getsockname()[1]
        said = refused(tmp_path, "--port", str(port))
    assert said.startswith(f"tui-reader: cannot listen on 127.0.0.1:{port}: ")
    assert "already in use" in said and "--port" in said


@pytest.mark.parametrize(
    ("host", "reason"),
    [("no-such-host.invalid", "no such host name"), ("198.51.100.7", "not an address of this")],
)
def test_a_host_it_cannot_listen_on_is_said_plainly(tmp_path: Path, host: str, reason: str) -> None:
    said = refused(tmp_path, "--host", host, "--port", "8000")
    assert said.startswith(f"tui-reader: cannot listen on {host}:8000: ") and reason in said


@pytest.mark.parametrize("host", ["0.0.0.0", "::"])
def test_listening_on_every_address_prints_the_machines_name(host: str) -> None:
    from tui_reader.commands.serve_http import ReaderServer

    server = ReaderServer("true", host=host, port=8123, public_url=None, token="abc")
    address = server.address()
    assert host not in address.split("?")[0].replace(f":{8123}", "")
    assert address == f"http://{socket.gethostname()}:8123/?token=abc"


def test_a_named_address_is_printed_as_given() -> None:
    from tui_reader.commands.serve_http import ReaderServer

    server = ReaderServer("true", host="192.0.2.7", port=8123, public_url=None, token=None)
    assert server.address() == "http://192.0.2.7:8123/"
