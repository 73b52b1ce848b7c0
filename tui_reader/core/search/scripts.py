"""Chinese in its two scripts searched as one: `剧场版` and `劇場版`, `台湾` and `臺灣` are alike.

OpenCC's character tables (simplified to traditional, traditional to simplified, and the Taiwan
and Hong Kong variants: 台/臺, 里/裡/裏, 着/著) join characters into classes of variants, at most
six. Search folds every character to its class's simplified form, in articles as they are indexed
and in queries alike (`core.search.tokens.normalize`), so either script finds both, and a text
mixing them (`劇场版`) too. Folding is character by character on purpose: the same function for
every text, whatever its context, so an article and a query always agree. Highlights and find in
the article match each CJK character as any member of its class, and Latin letters and digits in
full width or not (`either_script`).

The classes are made once from OpenCC (about half a second: each table run over every CJK
character) and kept in the cache folder, per OpenCC version; `opencc` is imported then, never at
start-up.
"""

from __future__ import annotations

import contextlib
import os
import re
import threading
from pathlib import Path

# CJK Unified Ideographs, Extension A, and Extensions B to G (compatibility ideographs are
# already unified by NFKC); OpenCC converts nothing outside them
_RANGES = ((0x3400, 0x4DC0), (0x4E00, 0xA000), (0x20000, 0x323B0))
_CONFIGS = ("t2s", "tw2s", "hk2s", "s2t", "s2tw", "s2hk")
_CJK = re.compile("[" + "".join(f"{chr(start)}-{chr(end - 1)}" for start, end in _RANGES) + "]")
_FORMAT = "2"  # of the cache file: one class per line, its folded form first
# The cache file as written: lines of two or more CJK characters. Anything else in it (a file
# damaged on disk) would become part of a regular expression (find, highlights) or fold the
# search index's text: the file is made again instead.
_CACHE_TEXT = re.compile(f"{_CJK.pattern}{{2,}}(?:\n{_CJK.pattern}{{2,}})*")
_FULL_WIDTH = 0xFEE0  # from `A` to `Ａ`
_VERSION = re.compile(r"[0-9][0-9A-Za-z.+_-]*")  # of a dist-info folder's name, safe in a file name

_lock = threading.Lock()
_tables: tuple[dict[int, str], dict[str, str]] | None = None


def fold(text: str) -> str:
    """`text` with every CJK character replaced by its class's folded form (text without
    CJK is returned as it is, without loading the tables)."""
    return text if _CJK.search(text) is None else text.translate(_load()[0])


def variants(char: str) -> str:
    """Every character of `char`'s class (`char` alone when it has no variants)."""
    folded = _load()[0].get(ord(char), char)
    return _load()[1].get(folded, char)


def either_script(text: str) -> str:
    """A regular expression for `text` (as typed, or folded) that finds it written in either
    script: each CJK character with variants becomes the class of them, each ASCII letter or
    digit matches its full-width form too (and the reverse: NFKC makes them one in the index),
    the rest is literal. The tables load only for CJK characters."""
    out: list[str] = []
    for char in text:
        if char.isascii() and char.isalnum():
            members = char + chr(ord(char) + _FULL_WIDTH)
        elif "\uff10" <= char <= "\uff5a" and (half := chr(ord(char) - _FULL_WIDTH)).isalnum():
            members = char + half
        else:
            members = variants(char) if _CJK.match(char) else char
        out.append(f"[{members}]" if len(members) > 1 else re.escape(char))
    return "".join(out)


def load_tables() -> None:
    """Load the tables now, where waiting is cheap (a worker thread): the first load on a
    machine builds them from OpenCC (up to a second), later ones read the cache file."""
    _load()


def _load() -> tuple[dict[int, str], dict[str, str]]:
    global _tables
    if _tables is None:
        with _lock:
            if _tables is None:
                _tables = _tables_of(_classes())
    return _tables


def _tables_of(classes: list[str]) -> tuple[dict[int, str], dict[str, str]]:
    """The translate table (each member that is not the folded form, to it) and each folded
    form's members. The table also maps every other character up to the CJK block to itself:
    a character missing from it costs `str.translate` an exception (measured: twice the time)."""
    folding = {code: chr(code) for code in range(_RANGES[1][1])}
    folding.update((ord(member), line[0]) for line in classes for member in line[1:])
    return folding, {line[0]: line for line in classes}


def _classes() -> list[str]:
    """The classes of variants, from the cache file, else made from OpenCC (and saved)."""
    from tui_reader.core.paths import cache_dir

    version = _installed_version()
    if version is None:
        import opencc  # tens of milliseconds: most of a search from the command line

        version = getattr(opencc, "__version__", "0")
    path = cache_dir() / f"script-variants-{version}-{_FORMAT}.txt"
    try:
        text = path.read_text(encoding="utf-8")
        if _CACHE_TEXT.fullmatch(text):
            return text.split("\n")
    except (OSError, UnicodeDecodeError):
        pass
    import opencc

    classes = make_classes(opencc)
    _save(path, "\n".join(classes))
    return classes


def _installed_version() -> str | None:
    """The version of the installed OpenCC, from the name of its one `opencc-*.dist-info`
    folder beside the package (`OpenCC-*` in older wheels), without importing it; None when
    that does not tell."""
    from importlib.util import find_spec

    try:
        spec = find_spec("opencc")
        if spec is None or spec.origin is None:
            return None
        folder = Path(spec.origin).parent.parent
        found = [
            entry.name[len("opencc-") : -len(".dist-info")]
            for entry in os.scandir(folder)
            if entry.name.lower().startswith("opencc-") and entry.name.endswith(".dist-info")
        ]
    except (OSError, ImportError, ValueError):
        return None
    return found[0] if len(found) == 1 and _VERSION.fullmatch(found[0]) else None


def make_classes(opencc: object) -> list[str]:
    """The classes of characters that OpenCC's tables convert into each other, each as a string
    with its folded form first (see `_ordered`)."""
    chars = [chr(code) for start, end in _RANGES for code in range(start, end)]
    source = "\n".join(chars)  # one character a line: no phrase spans two, so each is converted
    parent: dict[str, str] = {}
    simplified: dict[str, str] = {}

    def root(char: str) -> str:
        while (up := parent.get(char, char)) != char:
            parent[char] = parent.get(up, up)
            char = up
        return char

    for config in _CONFIGS:
        converted = opencc.OpenCC(config).convert(source).split("\n")  # type: ignore[attr-defined]
        if len(converted) != len(chars):
            continue  # a table that joined or split lines: not character by character
        for char, other in zip(chars, converted, strict=True):
            if other != char and len(other) == 1 and _CJK.match(other):  # as the cache holds
                a, b = root(char), root(other)
                if a != b:
                    parent[max(a, b)] = min(a, b)
        if config == "t2s":
            simplified = dict(zip(chars, converted, strict=True))
    members: dict[str, set[str]] = {}
    for char in parent:
        members.setdefault(root(char), {root(char)}).add(char)
    return [_ordered(group, simplified) for group in members.values()]


def _ordered(group: set[str], simplified: dict[str, str]) -> str:
    """A class as a string, its folded form first: the member that most of the others are
    simplified to (so that simplified text folds to itself), the smallest of equals."""
    votes = {member: 0 for member in group}
    for member in group:
        if (target := simplified.get(member, member)) in votes:
            votes[target] += 1
    first = min(group, key=lambda member: (-votes[member], member))
    return first + "".join(sorted(group - {first}))


def _save(path: Path, text: str) -> None:
    """Write the cache file whole or not at all (no part of it left beside it); a cache that
    cannot be written is no error."""
    temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary.write_text(text, encoding="utf-8")
        os.replace(temporary, path)
    except OSError:
        with contextlib.suppress(OSError):
            temporary.unlink(missing_ok=True)
