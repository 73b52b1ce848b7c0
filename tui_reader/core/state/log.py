"""Change logs: the durable, mergeable form of the reading state.

Each device appends its changes to its own file `device-<id>.jsonl` in the state folder, one JSON
object per line: `{"t": 1732590000.123456, "us": 1732590000123456, "id": "<article id>", "f":
"read", "v": true}`. The state is the merge of every `*.jsonl` in the folder (the latest stamp
wins per article and field), so a sync tool (Syncthing, Dropbox, git) only ever has to copy whole
files that one device writes, and even a conflict copy merges cleanly: merging a line twice
changes nothing.

A change's stamp is an integer count of microseconds (`us`), compared exactly however far it is
from now; `t` says the same in seconds for versions that read only `t`, and a line without `us`
(written by such a version) is stamped from `t`. Stamps past `MAX_STAMP` (or before its negative)
make a line invalid: they cannot be a time, and the cache stores stamps as 64-bit integers.

Writes go through one `os.write` of whole lines on an `O_APPEND` descriptor, so two processes of
one device appending to the same file never interleave inside a line, and the change is in the
kernel (it survives `kill -9` of the app) before the call returns. A line cut short by a power
cut is left unread until it ends; a bad line in the middle is skipped and counted. No line this
module writes comes near `MAX_LINE`: a longer one (a synced file gone wrong) is skipped as it is
read, so a log costs memory bounded by a few times `READ_CHUNK + MAX_LINE` and time linear in
its size, whatever it holds.

Personal tags are fields too: `"f": "tag:<name>"` with `"v": true` (tagged) or `false`, so the
latest change wins per article and tag. A tag name is kept in one canonical form (`tag_name`).
Versions that know only read marks, bookmarks and positions skip a tag line as one they cannot
use, and set aside a log that holds nothing else; so a log gets a line they know (`MARKER`, no
article's) before its first tag line (see `StateStore`). Lines of a field this version does not
know are skipped the same way, but counted apart (`unknown_lines`): a newer version's log is not
corrupt.

Lines come from synced files, which are untrusted: every record is checked here and every string
that may be shown is cleaned.
"""

from __future__ import annotations

import functools
import json
import math
import os
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tui_reader.core.sanitize import BIDI_CONTROLS, clean_line

LOG_SUFFIX = ".jsonl"
READ, BOOKMARK, POSITION = "read", "bookmark", "pos"
FIELDS = (READ, BOOKMARK, POSITION)
TAG_PREFIX = "tag:"  # a tag's field: `tag:<name>`
MAX_TAG_LENGTH = 64
# No controls, bidi controls, lone surrogates, nor what the query language stops a value at or
# the tag editor splits on (`"`, parentheses, `,`); whitespace runs become `-`.
_TAG_UNSAFE = re.compile(f'[\x00-\x1f\x7f-\x9f{BIDI_CONTROLS}\ud800-\udfff"(),]')
# Ids are hex digests (with `~2`… for repeats); whatever a log holds must at least be one
# printable line with no bidi controls: ids are shown by the CLI and joined by newlines in the
# cache.
_ID = re.compile(f"[^\x00-\x1f\x7f-\x9f{BIDI_CONTROLS}]{{1,256}}")
MAX_TEXT_LENGTH = 2000
# Larger chunks read per log when catching up: bounds memory on a huge log.
READ_CHUNK = 4 * 1024 * 1024
# Longer lines are not changes (a bookmark's line, the longest, stays under 40 KB).
MAX_LINE = 1024 * 1024
MICROSECONDS = 1_000_000
WRITE_CHUNK = 4 * 1024 * 1024  # at most this many bytes of whole lines per os.write
MAX_STAMP = 2**62  # about the year 148,000: beyond it a stamp is junk


# The id of `MARKER`'s line: no article's (ids are hex digests, `~` only marks a repeat).
MARKER_ID = "~"


def marker(stamp: int) -> Change:
    """A line every version knows and no article is shown by (a position cleared), written to a
    log before its first tag line: versions that do not know tags then still find the log sound."""
    return Change(stamp, MARKER_ID, POSITION, None)


@functools.lru_cache(maxsize=4096)  # a log names few tags, on many lines
def tag_name(text: str) -> str | None:
    """A tag name in its canonical form (NFKC, lower case, whitespace runs as one `-`, without
    the `#` that lists show before it: `#later` is `later`), or None when it cannot be one:
    empty, longer than `MAX_TAG_LENGTH`, starting with `-` (the editor's "remove"), or holding a
    control character, a bidi control, `"`, `(`, `)` or `,`."""
    if not isinstance(text, str) or len(text) > 4 * MAX_TAG_LENGTH:
        return None
    name = "-".join(unicodedata.normalize("NFKC", text).lower().split()).lstrip("#")
    if not name or len(name) > MAX_TAG_LENGTH or name.startswith("-") or _TAG_UNSAFE.search(name):
        return None
    return name


def tag_field(name: str) -> str:
    return TAG_PREFIX + name


def log_name(device: str) -> str:
    return f"device-{device}{LOG_SUFFIX}"


@dataclass(frozen=True, slots=True)
class Change:
    """One validated line: at stamp `t` (microseconds since the epoch, an integer), field `f` of
    article `id` became `v`."""

    t: int
    id: str
    f: str
    v: Any  # bool (read), dict | None (bookmark), float | None (pos)


def encode(change: Change) -> bytes:
    seconds = round(change.t / MICROSECONDS, 6)
    value = change.v
    if value is True or value is False:  # a read mark or a tag: 100k of them in a bulk change
        fixed = "true" if value else "false"
        ids = f'"id":{_string(change.id)},"f":{_string(change.f)}'
        return f'{{"t":{seconds!r},"us":{change.t},{ids},"v":{fixed}}}\n'.encode()
    record = {"t": seconds, "us": change.t, "id": change.id, "f": change.f, "v": value}
    return (json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n").encode()


_string = json.JSONEncoder(ensure_ascii=False).encode


def decode(line: str | bytes) -> Change | None:
    """The change a line holds, or None when it is not a valid change of a known field."""
    try:
        record = json.loads(line)
    except (ValueError, RecursionError):  # RecursionError: brackets nested thousands deep
        return None
    return checked(record)


def checked(record: object) -> Change | None:
    """The change a parsed line holds, or None when it is not a valid change of a known field."""
    if not isinstance(record, dict):
        return None
    article, field = record.get("id"), record.get("f")
    stamp = _stamp(record.get("us"), record.get("t"))
    if stamp is None:
        return None
    if not isinstance(article, str) or not _ID.fullmatch(article):
        return None
    if isinstance(field, str) and field.startswith(TAG_PREFIX):
        name = tag_name(field[len(TAG_PREFIX) :])
        if name is None:
            return None
        field = tag_field(name)
    value = normalize(field, record.get("v"))
    if value is _INVALID:
        return None
    return Change(stamp, article, str(field), value)


def unknown_field(record: object) -> bool:
    """Whether a record that is not a valid change names a field this version does not know
    (a newer version's line: skipped, but no sign of a corrupt log)."""
    if not isinstance(record, dict):
        return False
    field = record.get("f")
    return isinstance(field, str) and field not in FIELDS and not field.startswith(TAG_PREFIX)


def _stamp(micro: object, seconds: object) -> int | None:
    """A line's stamp: `us` when it has one, else `t` (seconds) in microseconds."""
    if type(micro) is int:
        stamp = micro
    elif micro is not None:
        return None
    elif isinstance(seconds, bool) or not isinstance(seconds, int | float):
        return None
    elif not abs(seconds) <= MAX_STAMP / MICROSECONDS:  # also refuses nan and inf
        return None
    else:
        stamp = round(seconds * MICROSECONDS)
    return stamp if -MAX_STAMP <= stamp <= MAX_STAMP else None


_INVALID = object()


def normalize(field: object, value: object) -> Any:
    """The value checked and cleaned for its field, or `_INVALID`."""
    if field == READ or (isinstance(field, str) and field.startswith(TAG_PREFIX)):
        return value if isinstance(value, bool) else _INVALID
    if field == POSITION:
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float):
            return _INVALID
        return min(1.0, max(0.0, float(value))) if math.isfinite(value) else _INVALID
    if field == BOOKMARK:
        if value is None or value is False:
            return None
        if not isinstance(value, dict):
            return _INVALID
        return {key: _text(value.get(key)) for key in ("title", "path", "date")}
    return _INVALID


def _text(value: object) -> str:
    return clean_line(value[:MAX_TEXT_LENGTH]) if isinstance(value, str) else ""


@dataclass(slots=True)
class ReadResult:
    """What catching up with one log gave: its new changes, where to resume, lines skipped.

    `long_lines` counts lines longer than `MAX_LINE` (also in `bad_lines`); `unknown_lines`, lines
    of a field this version does not know (not in `bad_lines`); `error` is the error that stopped
    the reading (the changes before it are kept)."""

    changes: list[Change]
    offset: int
    bad_lines: int = 0
    good_lines: int = 0
    long_lines: int = 0
    unknown_lines: int = 0
    error: OSError | None = None


def read_from(path: Path, offset: int) -> ReadResult:
    """Parse the complete lines of `path` after byte `offset`; a last line with no newline yet
    (being written, or torn by a crash) is left for later unless it is already longer than
    `MAX_LINE`: then it is passed over, up to the end of the file. Reads each byte once and
    parses at most `READ_CHUNK + MAX_LINE` of them at a time. An OSError ends the reading
    (`error`), keeping the changes read before it."""
    result = ReadResult([], offset)
    try:
        _read_lines(path, result)
    except OSError as error:
        result.error = error
    return result


def _read_lines(path: Path, result: ReadResult) -> None:
    with open(path, "rb") as file:
        file.seek(result.offset)
        pending = b""  # the start of a line whose end has not been read yet
        skipping = False  # in a line longer than MAX_LINE: pass over it to its newline
        while chunk := file.read(READ_CHUNK):
            if skipping:
                end = chunk.find(b"\n") + 1
                if not end:
                    result.offset += len(chunk)
                    continue
                skipping = False
                result.offset += end
                chunk = chunk[end:]
            data = pending + chunk
            end = data.rfind(b"\n") + 1
            pending = data[end:]
            _parse_lines(data[:end], result)
            result.offset += end
            if len(pending) > MAX_LINE:
                _skip_long(result)
                result.offset += len(pending)
                pending, skipping = b"", True


def _skip_long(result: ReadResult) -> None:
    result.bad_lines += 1
    result.long_lines += 1


def _parse_lines(data: bytes, result: ReadResult) -> None:
    # Decoded once for the whole chunk: json.loads on bytes would sniff the encoding per line.
    lines = []
    for line in data.decode("utf-8", "replace").split("\n"):
        if len(line) > MAX_LINE:  # (in characters: at least as many bytes)
            _skip_long(result)
        elif _meaningful(line):
            lines.append(line)
    try:
        # The usual case, every line sound: one call into the C parser for the whole chunk.
        records: list[object] = json.loads("[" + ",".join(lines) + "]")
        if len(records) != len(lines):  # a line holding "1, 2" would shift the rest
            raise ValueError("line count")
    except (ValueError, RecursionError):
        records = [_loads(line) for line in lines]
    append = result.changes.append
    for record in records:
        change = checked(record)
        if change is None:
            if unknown_field(record):
                result.unknown_lines += 1
            else:
                result.bad_lines += 1
        else:
            result.good_lines += 1
            append(change)


def _meaningful(line: str) -> bool:
    return bool(line.strip(" \t\r\x00"))  # not blank, nor the zeros a crash can leave


def _loads(line: str) -> object:
    try:
        return json.loads(line)
    except (ValueError, RecursionError):  # RecursionError: brackets nested thousands deep
        return None


def log_files(folder: Path) -> Iterator[os.DirEntry[str]]:
    """Every log in the folder (a sync tool's conflict copies too: merging them is harmless)."""
    with os.scandir(folder) as entries:
        for entry in entries:
            if entry.name.endswith(LOG_SUFFIX) and not entry.name.startswith("."):
                yield entry


class LogWriter:
    """Appends whole lines to this device's log through an O_APPEND descriptor."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd = self._open()

    def _open(self) -> int:
        fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_CLOEXEC, 0o644)
        try:
            status = os.fstat(fd)
            self._inode = status.st_ino
            # Whether the log holds a line of a field every version knows (see `marker`): a log
            # with lines does, those of this module being written after a marker.
            self._known = status.st_size > 0
            self._terminate_torn_line(fd)
        except OSError:
            os.close(fd)
            raise
        return fd

    def _terminate_torn_line(self, fd: int) -> None:
        # A crash may have left a line without its newline; end it so our first line stands
        # alone (the fragment is then skipped as one bad line).
        size = os.fstat(fd).st_size
        if size:
            with open(self.path, "rb") as file:
                file.seek(size - 1)
                if file.read(1) != b"\n":
                    os.write(fd, b"\n")

    def append(self, changes: list[Change]) -> list[tuple[int, int, bytes]]:
        """Write the changes before returning; where each write went in the file: (start, end,
        the bytes written), so that the writer's own reader need not read them again (see
        `core.state.sync`). Raises OSError (disk full, gone read-only…)."""
        self._reopen_if_moved()
        if not self._known and changes and any(c.f.startswith(TAG_PREFIX) for c in changes):
            changes = [marker(changes[0].t), *changes]
        data = b"".join(encode(change) for change in changes)
        # One write per chunk of whole lines: O_APPEND keeps each write in one piece (100k
        # changes of a whole list, 10 MB, take three writes).
        spans = []
        start = 0
        while start < len(data):
            stop = start + WRITE_CHUNK
            end = data.rfind(b"\n", start, stop) + 1 or data.find(b"\n", start) + 1
            written = os.write(self._fd, data[start:end])
            if written != end - start:
                os.write(self._fd, b"\n")  # fence off the fragment
                raise OSError(f"short write to {self.path} (disk full?)")
            at = os.lseek(self._fd, 0, os.SEEK_CUR)  # O_APPEND: just past this write
            spans.append((at - written, at, data[start:end]))
            start = end
            self._known = True
        return spans

    def _reopen_if_moved(self) -> None:
        # Another process may have set the file aside as corrupt, or the folder went (removed
        # while the reader runs, as the state folder is made at start): write to a fresh log.
        try:
            same = os.stat(self.path).st_ino == self._inode
        except FileNotFoundError:
            same = False
        if not same:
            os.close(self._fd)
            self._fd = -1  # closed once: a failure below must not close it again in `close`
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._fd = self._open()

    def sync(self) -> None:
        os.fsync(self._fd)

    def close(self) -> None:
        if self._fd >= 0:
            os.close(self._fd)
            self._fd = -1
