"""List the article files of a library folder with their modification time and size.

Only `stat` work happens here (about 0.3 s for 100k files), so a warm start is cheap. Hidden files
and folders are skipped, as is anything that is not a regular file; symlinked folders are followed
once, and a folder already visited (a symlink loop) is never entered again.
"""

from __future__ import annotations

import json
import os
import stat as stat_module
import sys
from array import array
from collections.abc import Callable
from pathlib import Path

ARTICLE_SUFFIXES = frozenset({".md", ".markdown", ".txt", ".html", ".htm"})

FileStat = tuple[int, int]  # (mtime_ns, size)


def walk(
    root: Path,
    cancelled: Callable[[], bool] = lambda: False,
    folders: dict[str, int] | None = None,
) -> dict[str, FileStat]:
    """Return relative POSIX path -> (mtime_ns, size) for every article file under `root`.

    `folders`, when given, receives each folder walked (relative, "" for the root, "a/b/" below
    it, as `core.search_stamps` keeps them) with its modification time, stat-ed before it is
    listed: a file added or removed after the walk saw the folder changes that time. The walk
    stats every folder anyway, so this costs nothing.

    Raises OSError only when `root` itself cannot be read; unreadable subfolders are skipped.
    """
    found: dict[str, FileStat] = {}
    root_stat = os.stat(root)
    seen_dirs = {(root_stat.st_dev, root_stat.st_ino)}
    stamps: dict[str, int] = {} if folders is None else folders
    stamps[""] = root_stat.st_mtime_ns
    os.listdir(root)  # fail loudly, here, if the library folder itself cannot be read
    stack = [(str(root), "")]
    while stack:
        if cancelled():
            break
        folder, prefix = stack.pop()
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for entry in entries:
            name = entry.name
            if name[0] == ".":
                continue
            # A warm start stats every article file, so this loop is kept lean: the name decides
            # first, and only article names and folders cost a stat (is_dir reads the entry's
            # type from the directory listing; it stats only symlinks).
            dot = name.rfind(".")
            try:
                if dot > 0 and name[dot:].lower() in ARTICLE_SUFFIXES:
                    info = entry.stat()  # follows symlinks; a dangling one raises
                    if stat_module.S_ISREG(info.st_mode):
                        found[prefix + name] = (info.st_mtime_ns, info.st_size)
                        continue
                    if not stat_module.S_ISDIR(info.st_mode):
                        continue
                elif entry.is_dir():
                    info = entry.stat()
                else:
                    continue
            except OSError:
                continue
            key = (info.st_dev, info.st_ino)
            if key not in seen_dirs:
                seen_dirs.add(key)
                stamps[prefix + name + "/"] = info.st_mtime_ns
                stack.append((entry.path, prefix + name + "/"))
    return found


# What `walk` found, packed for the trip from another process: one string of NUL-separated paths
# and the stats as raw 64-bit integers — two buffers to copy, against about 0.1 s to pickle and
# unpickle a dict of 100k tuples — and the folders' times, as JSON (a thousand at 100k).
PackedWalk = tuple[str, bytes, str]


def walk_packed(root: Path) -> PackedWalk:
    """`walk(root)`, packed (see `unpack`), with the folders' times (see `unpack_folders`)."""
    folders: dict[str, int] = {}
    found = walk(root, folders=folders)
    numbers = array("q")
    for mtime_ns, size in found.values():
        numbers.append(mtime_ns)
        numbers.append(size)
    return "\0".join(found), numbers.tobytes(), json.dumps(folders, ensure_ascii=False)


def unpack(packed: PackedWalk) -> dict[str, FileStat]:
    paths_text, raw, _ = packed
    if not paths_text:
        return {}
    numbers = array("q")
    numbers.frombytes(raw)
    pairs = iter(numbers)
    return dict(zip(paths_text.split("\0"), zip(pairs, pairs, strict=True), strict=True))


def unpack_folders(packed: PackedWalk) -> dict[str, int]:
    """The folders' times a packed walk carries (as `walk(root, folders=...)` fills them)."""
    folders = json.loads(packed[2]) if packed[2] else {}
    return folders if isinstance(folders, dict) else {}


def to_bytes(packed: PackedWalk) -> bytes:
    """One byte string: the paths' length, the paths (file names that are not UTF-8 survive as
    surrogate escapes), the stats' length, the stats, then the folders' times."""
    paths = packed[0].encode("utf-8", "surrogateescape")
    folders = packed[2].encode("utf-8", "surrogateescape")
    return b"".join(
        (len(paths).to_bytes(8, "little"), paths, len(packed[1]).to_bytes(8, "little"),
         packed[1], folders)
    )  # fmt: skip


def from_bytes(data: bytes) -> PackedWalk:
    size = int.from_bytes(data[:8], "little")
    paths = data[8 : 8 + size].decode("utf-8", "surrogateescape")
    start = 16 + size
    count = int.from_bytes(data[8 + size : start], "little")
    folders = data[start + count :].decode("utf-8", "surrogateescape")
    return paths, data[start : start + count], folders


def main(argv: list[str]) -> int:
    """`python -m tui_reader.core.walk ROOT`: the packed walk of ROOT on standard output. A warm
    start runs this beside its own work: a bare interpreter starts in about 30 ms, where a
    multiprocessing worker took 60-120 ms (it imports the parent's main module too)."""
    try:
        data = to_bytes(walk_packed(Path(argv[0])))
    except (OSError, IndexError):
        return 2
    sys.stdout.buffer.write(data)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
