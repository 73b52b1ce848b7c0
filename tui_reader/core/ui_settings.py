"""What the user sets by hand in the reader's window and expects back next time — the sidebar's
width — kept in a small JSON file in the user data folder (beside `state/`, but of this device
only: a synced state folder would carry one terminal's width to another).

The file is the user's to break: one that cannot be read, is not JSON, is huge, is not a
regular file or holds a value out of range gives the default (None: the layout's own width) and a
one-line warning, never an exception. Writing replaces the file atomically (a temporary file
renamed over it), so a crash mid-write leaves the old width, not half a file.
"""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

from tui_reader.core.paths import data_dir

FILE_NAME = "ui-settings.json"
MAX_BYTES = 64 * 1024  # a few dozen bytes are written: anything bigger is not ours
WIDTH_KEY = "sidebar_width"
WIDTH_LIMIT = 10_000  # columns: beyond any terminal


def settings_path() -> Path:
    return data_dir() / FILE_NAME


def _read(path: Path) -> tuple[dict[str, object], str]:
    """The file's JSON object, and a warning when there is a file but not a usable one."""
    where = f"{FILE_NAME}: "
    try:
        info = path.stat()
    except FileNotFoundError:
        return {}, ""
    except OSError as error:
        return {}, f"{where}cannot read it ({error.strerror or error})"
    if not stat.S_ISREG(info.st_mode):
        return {}, f"{where}not a regular file"
    if info.st_size > MAX_BYTES:
        return {}, f"{where}too big ({info.st_size:,} bytes)"
    try:
        with path.open("rb") as file:
            raw = file.read(MAX_BYTES + 1)
        data = json.loads(raw.decode("utf-8"))
    except OSError as error:
        return {}, f"{where}cannot read it ({error.strerror or error})"
    except (ValueError, RecursionError):  # RecursionError: brackets nested thousands deep
        return {}, f"{where}not valid JSON"
    if not isinstance(data, dict):
        return {}, f"{where}not a JSON object"
    return data, ""


def load_sidebar_width(path: Path | None = None) -> tuple[int | None, str]:
    """The remembered sidebar width in columns (None: none remembered, or not usable), and a
    one-line warning saying why a file there was not usable ("" when it was, or when there is
    none)."""
    data, warning = _read(path or settings_path())
    if warning or WIDTH_KEY not in data:
        return None, warning and f"{warning}: the default sidebar width is used"
    width = data[WIDTH_KEY]
    if isinstance(width, bool) or not isinstance(width, int) or not 0 < width <= WIDTH_LIMIT:
        shown = repr(width)[:40]
        return None, f"{FILE_NAME}: {WIDTH_KEY} {shown} is not a width: the default is used"
    return width, ""


def save_sidebar_width(width: int, path: Path | None = None) -> str:
    """Remember `width` (other settings in the file are kept); "" when written, else why not.
    A file that is a symbolic link stays one: the file it points to is changed."""
    path = path or settings_path()
    if path.is_symlink():
        path = Path(os.path.realpath(path))
    data, _warning = _read(path)  # a broken file is replaced
    data[WIDTH_KEY] = int(width)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        os.replace(temporary, path)
    except OSError as error:
        try:
            temporary.unlink(missing_ok=True)
        except OSError:
            pass
        return f"Sidebar width not saved: {error.strerror or error}"
    return ""
