"""This device's identity: a random id kept outside the synced state folder.

People start syncing by copying the state folder to a new machine, so an id stored in it would
travel with it and two machines would write the same log. The host name is no better (two
machines may share one; tests play two machines on one host). So the id is random, made once and
kept in the user state directory (`$XDG_STATE_HOME/tui-reader/device-id` on Linux), which no sync
set-up includes.
"""

from __future__ import annotations

import os
import re
import secrets
from pathlib import Path

import platformdirs

_VALID = re.compile(r"[0-9a-f]{16}")


def device_id_file() -> Path:
    return Path(platformdirs.user_state_dir("tui-reader", appauthor=False)) / "device-id"


def device_id() -> tuple[str, str | None]:
    """This device's id, made on first use; with a warning when it cannot be kept (then the id
    lasts for this run only, which costs one more log file, never a change)."""
    path = device_id_file()
    try:
        existing = _read(path)
        if existing:
            return existing, None
        path.parent.mkdir(parents=True, exist_ok=True)
        return _create(path), None
    except OSError as error:
        return secrets.token_hex(8), f"cannot keep this device's id in {path}: {error}"


def _read(path: Path) -> str | None:
    try:
        text = path.read_text(encoding="ascii", errors="replace").strip()
    except FileNotFoundError:
        return None
    return text if _VALID.fullmatch(text) else None


def _create(path: Path) -> str:
    # Written aside then linked into place: two processes starting at once agree on one id.
    new = secrets.token_hex(8)
    temporary = path.with_name(f".device-id.{new}")
    temporary.write_text(new + "\n", encoding="ascii")
    try:
        os.link(temporary, path)
    except FileExistsError:
        pass
    finally:
        temporary.unlink(missing_ok=True)
    existing = _read(path)
    if existing:
        return existing
    # A file with junk in it: replace it (it holds nothing but the id).
    temporary.write_text(new + "\n", encoding="ascii")
    temporary.replace(path)
    return new
