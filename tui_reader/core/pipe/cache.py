"""Outputs of `[pipe]` commands, kept so that piping the same article again shows it at once.

A result is keyed by the article's id, the command (its name, arguments and input format) and a
hash of the text sent: an article whose file changed, or a command edited in config.toml, runs
again. Results live in memory for the session (the most recent, up to `MEMORY_CHARS`) and on
disk in `<user cache dir>/pipe/` (the least recently used go past `MAX_DISK_BYTES`; safe to
delete); `run_cached` runs a command through them. A cache that cannot be written is only
slower: the memory still serves. What is read back is cleaned again, since a file in the cache
folder is only as trustworthy as the folder.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
import threading
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path

from tui_reader.core.paths import cache_dir
from tui_reader.core.pipe.runner import PipeOutput, run_pipe
from tui_reader.core.pipe.settings import PipeCommand
from tui_reader.core.sanitize import clean_text

MEMORY_CHARS = 32 * 1024 * 1024
MAX_DISK_BYTES = 64 * 1024 * 1024
_SUFFIX = ".txt"


def pipe_cache_dir() -> Path:
    return cache_dir() / "pipe"


def cache_key(article_id: str, command: PipeCommand, text: str) -> str:
    """The key of `command`'s output for this article sent as `text`."""
    digest = hashlib.sha256()
    for part in (article_id, command.name, command.input, *command.argv):
        digest.update(part.encode("utf-8", "surrogatepass") + b"\x00")
    digest.update(hashlib.sha256(text.encode("utf-8", "surrogatepass")).digest())
    return digest.hexdigest()


class PipeCache:
    """Outputs by `cache_key`, in memory and on disk; safe to use from worker threads."""

    def __init__(self, folder: Path | None = None) -> None:
        self.folder = folder or pipe_cache_dir()
        self._memory: OrderedDict[str, str] = OrderedDict()
        self._chars = 0
        self._lock = threading.Lock()

    def get(self, key: str) -> str | None:
        with self._lock:
            if key in self._memory:
                self._memory.move_to_end(key)
                return self._memory[key]
        path = self.folder / f"{key}{_SUFFIX}"
        try:
            text = clean_text(path.read_text(encoding="utf-8", errors="replace"))
            os.utime(path)  # recently used: kept longest
        except OSError:
            return None
        self._remember(key, text)
        return text

    def put(self, key: str, text: str) -> None:
        self._remember(key, text)
        temporary = ""
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=self.folder, prefix=".new-")
            with os.fdopen(handle, "w", encoding="utf-8") as file:
                file.write(text)
            os.replace(temporary, self.folder / f"{key}{_SUFFIX}")
        except OSError:  # the memory still has it; no part of it is left in the folder
            if temporary:
                with contextlib.suppress(OSError):
                    os.unlink(temporary)
            return
        prune(self.folder)

    def _remember(self, key: str, text: str) -> None:
        with self._lock:
            if key in self._memory:
                self._chars -= len(self._memory.pop(key))
            self._memory[key] = text
            self._chars += len(text)
            while self._chars > MEMORY_CHARS and len(self._memory) > 1:
                _old, dropped = self._memory.popitem(last=False)
                self._chars -= len(dropped)


def prune(folder: Path, max_total: int = MAX_DISK_BYTES) -> None:
    """Delete the least recently used outputs until the folder holds at most `max_total`."""
    try:
        entries = [(entry.stat(), entry.path) for entry in os.scandir(folder) if entry.is_file()]
    except OSError:
        return
    total = sum(stat.st_size for stat, _path in entries)
    for stat, path in sorted(entries, key=lambda item: item[0].st_mtime):
        if total <= max_total:
            return
        try:
            os.unlink(path)
        except OSError:
            continue
        total -= stat.st_size


def run_cached(
    command: PipeCommand,
    article_id: str,
    text: str,
    cache: PipeCache,
    *,
    rerun: bool = False,
    cancelled: Callable[[], bool] = lambda: False,
) -> PipeOutput:
    """`command`'s output for the article `article_id` sent as `text`: from `cache` unless
    `rerun`, else from a run (PipeError when it fails), kept in `cache` when it is whole text."""
    key = cache_key(article_id, command, text)
    keep = command.output != "none"
    if keep and not rerun and (cached := cache.get(key)) is not None:
        return PipeOutput(cached, len(cached.encode("utf-8", "surrogatepass")))
    output = run_pipe(command, text, cancelled)
    if keep and not output.binary and not output.cut:
        cache.put(key, output.text)
    return output
