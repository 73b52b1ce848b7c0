"""List the article files of a library folder with their modification time and size.

Only `stat` work happens here (about 0.3 s for 100k files), so a warm start is cheap. Hidden files
and folders are skipped. Symlinks inside the library are followed (a folder once: one already
visited, as in a symlink loop, is never entered again); a symlink that leads out of the library
is not, unless `follow_outside` allows it (`follow_outside_links` in config.toml): an archive
unpacked from elsewhere must not make `/etc/passwd` an article.

Nothing is left out silently: a folder that cannot be read, a broken symlink, a symlink loop, a
symlink out of the library, a folder nested too deep and an article name that is no regular file
are each a problem with its reason (`problems`). They are listed among the files too, with the
entry's own time and size -1, so the index keeps a row for each and drops it once it is fixed.
"""

from __future__ import annotations

import errno
import json
import os
import stat as stat_module
import sys
from array import array
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

FileStat = tuple[int, int]  # (mtime_ns, size)
ARTICLE_SUFFIXES = frozenset({".md", ".markdown", ".txt", ".html", ".htm"})
MAX_DEPTH = 64  # folders below this many levels are not read (real archives use a handful)
NOT_A_FILE = -1  # the size of a listed problem (see the module docstring)
UNSTATED: FileStat = (-2, -2)  # an article file listed without its stat (see walk_folders)


def walk(
    root: Path,
    cancelled: Callable[[], bool] = lambda: False,
    folders: dict[str, int] | None = None,
    problems: dict[str, str] | None = None,
    *,
    follow_outside: bool = False,
) -> dict[str, FileStat]:
    """Return relative POSIX path -> (mtime_ns, size) for every article file under `root`.
    See `walk_folders`, which gives the same entries folder by folder."""
    found: dict[str, FileStat] = {}
    for entries in walk_folders(root, cancelled, folders, problems, follow_outside=follow_outside):
        found.update(entries)
    return found


def walk_folders(
    root: Path,
    cancelled: Callable[[], bool] = lambda: False,
    folders: dict[str, int] | None = None,
    problems: dict[str, str] | None = None,
    *,
    follow_outside: bool = False,
    stat_files: bool = True,
) -> Iterator[dict[str, FileStat]]:
    """Yield, for each folder under `root` once it is listed, relative POSIX path ->
    (mtime_ns, size) of its article files (and of the problems met in it, see below): a first
    scan can parse the first folders while the walk goes on.

    Without `stat_files`, an article file that is no symlink is listed with `UNSTATED` instead
    of its stat, told from other entries by the type its folder's listing gives: a first scan
    parses every file anyway, and its parser takes the stat of the file it opens (a stat here
    was a tenth of the scan's own process's work).

    `folders`, when given, receives each folder walked (relative, "" for the root, "a/b/" below
    it, as `core.search.stamps` keeps them) with its modification time, stat-ed before it is
    listed: a file added or removed after the walk saw the folder changes that time. The walk
    stats every folder anyway, so this costs nothing.

    `problems` receives path -> reason for each entry that could not be read (see above).

    Raises OSError only when `root` itself cannot be read (at the first step).
    """
    found: dict[str, FileStat] = {}
    troubles: dict[str, str] = {} if problems is None else problems

    def trouble(rel: str, reason: str, mtime_ns: int) -> None:
        troubles[rel] = reason
        found[rel] = (mtime_ns, NOT_A_FILE)

    root_stat = os.stat(root)
    inside = _Inside(os.path.realpath(root))
    seen_dirs = {(root_stat.st_dev, root_stat.st_ino)}
    stamps: dict[str, int] = {} if folders is None else folders
    stamps[""] = root_stat.st_mtime_ns
    os.listdir(root)  # fail loudly, here, if the library folder itself cannot be read
    stack = [(str(root), "")]
    while stack:
        if found:
            yield found
            found = {}
        if cancelled():
            break
        folder, prefix = stack.pop()
        try:
            entries = list(os.scandir(folder))
        except OSError as error:
            trouble(prefix[:-1], f"folder cannot be read: {_why(error)}", stamps.get(prefix, 0))
            continue
        for entry in entries:
            name = entry.name
            if name[0] == ".":
                continue
            # A warm start stats every article file, so this loop is kept lean: the name decides
            # first, and only article names and folders cost a stat (is_dir and is_symlink read
            # the entry's type from the directory listing; is_dir stats only symlinks).
            dot = name.rfind(".")
            article = dot > 0 and name[dot:].lower() in ARTICLE_SUFFIXES
            rel = prefix + name
            try:
                if entry.is_symlink():
                    if (article or dot <= 0 or entry.is_dir()) and (
                        reason := _link_trouble(entry, inside, follow_outside)
                    ):
                        trouble(rel, reason, _own_time(entry))
                        continue
                elif article and not stat_files and entry.is_file(follow_symlinks=False):
                    found[rel] = UNSTATED
                    continue
                if article:
                    info = entry.stat()  # follows symlinks
                    if stat_module.S_ISREG(info.st_mode):
                        found[rel] = (info.st_mtime_ns, info.st_size)
                        continue
                    if not stat_module.S_ISDIR(info.st_mode):
                        trouble(
                            rel, "cannot read: not a regular file (a pipe, socket or device)", 0
                        )
                        continue
                elif entry.is_dir():
                    info = entry.stat()
                else:
                    continue
            except OSError as error:
                trouble(rel, f"cannot be read: {_why(error)}", _own_time(entry))
                continue
            key = (info.st_dev, info.st_ino)
            if key not in seen_dirs:
                seen_dirs.add(key)
                if rel.count("/") >= MAX_DEPTH:
                    trouble(rel, f"folder nested more than {MAX_DEPTH} deep, not read", 0)
                    continue
                stamps[rel + "/"] = info.st_mtime_ns
                stack.append((entry.path, rel + "/"))
    if found:
        yield found


class _Inside:
    """Whether a resolved path lies in the library folder (resolved too)."""

    def __init__(self, real_root: str) -> None:
        self.root = real_root
        self.prefix = real_root.rstrip(os.sep) + os.sep

    def __call__(self, real: str) -> bool:
        return real == self.root or real.startswith(self.prefix)


def _link_trouble(entry: os.DirEntry[str], inside: _Inside, follow_outside: bool) -> str:
    """Why a symlink is not followed ("" when it is)."""
    try:
        os.stat(entry.path)
    except OSError as error:
        if error.errno == errno.ELOOP:
            return "symbolic link loop, not followed"
        if error.errno == errno.ENOENT:
            return "broken symbolic link (what it points to does not exist)"
        return f"symbolic link cannot be followed: {_why(error)}"
    if not follow_outside and not inside(os.path.realpath(entry.path)):
        return (
            "symbolic link to outside the library, not followed "
            "(follow_outside_links = true in config.toml allows it)"
        )
    return ""


def _own_time(entry: os.DirEntry[str]) -> int:
    try:
        return entry.stat(follow_symlinks=False).st_mtime_ns
    except OSError:
        return 0


def _why(error: OSError) -> str:
    return error.strerror or type(error).__name__


# What `walk` found, packed for the trip from another process: one string of NUL-separated paths
# and the stats as raw 64-bit integers — two buffers to copy, against about 0.1 s to pickle and
# unpickle a dict of 100k tuples — and the folders' times and the problems, as JSON (a thousand
# at 100k).
PackedWalk = tuple[str, bytes, str]


def walk_packed(root: Path, *, follow_outside: bool = False) -> PackedWalk:
    """`walk(root)`, packed (see `unpack`), with the folders' times and the problems (see
    `unpack_folders`, `unpack_problems`)."""
    folders: dict[str, int] = {}
    problems: dict[str, str] = {}
    found = walk(root, folders=folders, problems=problems, follow_outside=follow_outside)
    numbers = array("q")
    for mtime_ns, size in found.values():
        numbers.append(mtime_ns)
        numbers.append(size)
    extra = {"folders": folders, "problems": problems}
    return "\0".join(found), numbers.tobytes(), json.dumps(extra, ensure_ascii=False)


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
    return _extra(packed, "folders")


def unpack_problems(packed: PackedWalk) -> dict[str, str]:
    """The problems a packed walk carries (as `walk(root, problems=...)` fills them)."""
    return _extra(packed, "problems")


def _extra(packed: PackedWalk, key: str) -> dict[str, Any]:
    extra = json.loads(packed[2]) if packed[2] else {}
    value = extra.get(key) if isinstance(extra, dict) else None
    return value if isinstance(value, dict) else {}


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
    """`python -m tui_reader.core.library.walk ROOT [--follow-outside]`: the packed walk of ROOT on
    standard output (following symlinks out of it with `--follow-outside`). A warm
    start runs this beside its own work: a bare interpreter starts in about 30 ms, where a
    multiprocessing worker took 60-120 ms (it imports the parent's main module too)."""
    try:
        data = to_bytes(walk_packed(Path(argv[0]), follow_outside="--follow-outside" in argv[1:]))
    except (OSError, IndexError):
        return 2
    sys.stdout.buffer.write(data)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
