"""Files written whole or not at all (a temporary file renamed into place) on a full disk: a
write that fails half-way, or a rename that is refused, leaves the file as it was and no part of
the new one beside it. Left behind, each failed write (a command run, a pipe run) added a file
that nothing ever removed, on the disk that was full already."""

from __future__ import annotations

import errno
import os
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

import pytest

from tui_reader.core.config import save_setting
from tui_reader.core.pipe.cache import PipeCache
from tui_reader.core.search.scripts import _save

FULL = OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


class _FillingFile:
    """A file that takes half of what it is given, then finds the disk full."""

    def __init__(self, file: IO[Any]) -> None:
        self.file = file

    def write(self, data: Any) -> int:
        self.file.write(data[: len(data) // 2])
        self.file.flush()
        raise FULL

    def __enter__(self) -> _FillingFile:
        return self

    def __exit__(self, *exc: object) -> None:
        self.file.close()


@pytest.fixture(params=["write", "rename"])
def full_disk(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """The disk fills up while a file is written, or the rename into place is refused."""
    with monkeypatch.context() as patched:
        if request.param == "write":
            write_text = Path.write_text
            fdopen = os.fdopen

            def half_written(path: Path, text: str, *args: Any, **kwargs: Any) -> int:
                write_text(path, text[: len(text) // 2], *args, **kwargs)
                raise FULL

            patched.setattr(Path, "write_text", half_written)
            patched.setattr(os, "fdopen", lambda *a, **k: _FillingFile(fdopen(*a, **k)))
        else:

            def refused(*args: Any) -> None:
                raise FULL

            patched.setattr(os, "replace", refused)
            patched.setattr(Path, "replace", refused)
        yield request.param


def _names(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.iterdir())


def test_the_script_variants_cache(tmp_path: Path, full_disk: str) -> None:
    path = tmp_path / "script-variants.txt"
    _save(path, "ab\ncd\n" * 1000)
    assert _names(tmp_path) == []
    path.write_bytes(b"old")  # an older cache file is kept as it was
    _save(path, "ab\ncd\n" * 1000)
    assert _names(tmp_path) == ["script-variants.txt"] and path.read_bytes() == b"old"


def test_a_pipe_output(tmp_path: Path, full_disk: str) -> None:
    folder = tmp_path / "pipe"
    cache = PipeCache(folder)
    cache.put("key", "summary " * 1000)
    assert _names(folder) == []
    assert cache.get("key") == "summary " * 1000  # kept in memory for the session


def test_a_setting_remembered_in_config_toml(tmp_path: Path, full_disk: str) -> None:
    path = tmp_path / "config.toml"
    path.write_bytes(b'theme = "nord"\n[reading]\nmax_width = 80\n')
    with pytest.raises(OSError) as raised:  # the reader says "Theme not saved: …"
        save_setting("theme", "gruvbox" * 100, path)
    assert raised.value.errno == errno.ENOSPC
    assert _names(tmp_path) == ["config.toml"]
    assert path.read_bytes() == b'theme = "nord"\n[reading]\nmax_width = 80\n'
