"""Find and parse the YAML front matter of a Hexo-style post, tolerantly.

Real archives put blank lines (and sometimes a BOM) before the opening `---`, write CRLF, and now
and then produce YAML that does not parse. `split` separates the front matter from the body;
`load` parses it with libyaml's C loader when present (about 8x faster than the pure-Python one);
`recover` pulls what it can out of broken YAML line by line, so a readable `title:` still counts.

python-frontmatter's own splitter requires `---` on the very first line, which real files break,
so we split here and keep its YAML handler's conventions (`---` or `...` closes the block).

`read_document` is the one way from a file's bytes to (front matter, body): the scanner, the
reader's pane and `tui-reader show` all use it, so they never disagree on where the body starts.
"""

from __future__ import annotations

import math
import re
from functools import cache
from typing import TYPE_CHECKING, Any, NamedTuple

from tui_reader.core.library import simple_yaml
from tui_reader.core.library.decoding import Decoded, decode

if TYPE_CHECKING:
    import yaml


@cache
def _yaml() -> tuple[Any, type]:
    """PyYAML and its fastest safe loader, imported on first need: most front matter never
    needs it (see simple_yaml), and a start-up that only reads the index should not pay for it."""
    import yaml

    base: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # without libyaml: slower
    loader: Any = type("FrontMatterLoader", (base,), {})
    loader.add_constructor("tag:yaml.org,2002:int", _construct_int)
    loader.add_constructor("tag:yaml.org,2002:float", _construct_float)
    return yaml, loader


def _construct_int(loader: Any, node: Any) -> object:
    """An integer too long to be a count or a time stays the text it is (as in simple_yaml):
    Python refuses to print an int of more than 4300 digits, and a 5,000-digit title is text."""
    if len(node.value) > simple_yaml.MAX_NUMBER_CHARS:
        return str(node.value)
    return loader.construct_yaml_int(node)


def _construct_float(loader: Any, node: Any) -> object:
    """`1e99999` overflows to infinity: keep it as written, unless it says `.inf` or `.nan`."""
    value = loader.construct_yaml_float(node)
    if not math.isfinite(value) and "." not in node.value.lstrip("+-")[:1]:
        return str(node.value)
    return value


# Blank lines and byte order marks (some tools write two) may come before the opening dashes.
_OPEN = re.compile(r"\A[\s\ufeff]*---[ \t]*\n")
_CLOSE = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.MULTILINE)
_KEY_LINE = re.compile(r"^([A-Za-z_][\w-]*)\s*:\s?(.*)$")
_LIST_ITEM = re.compile(r"^\s+-\s*(.*)$")


class FrontMatterError(ValueError):
    """The front matter is not valid YAML, or not a mapping."""


class Document(NamedTuple):
    """A file's text split into its front matter (None without one) and body, with the decoding
    that read it (see core.library.decoding: `decoded.replaced` counts repaired bytes)."""

    front: str | None
    body: str
    text: str
    decoded: Decoded


def read_document(data: bytes) -> Document:
    """Decode a file's bytes, make every line end in `\n` (CRLF and old Mac CR alike), and
    split off the front matter."""
    decoded = decode(data)
    text = decoded.text.replace("\r\n", "\n").replace("\r", "\n")
    front, body = split(text)
    return Document(front, body, text, decoded)


def split(text: str) -> tuple[str | None, str]:
    """Return (front matter, body); front matter is None when the text has none."""
    opening = _OPEN.match(text)
    if not opening:
        return None, text
    closing = _CLOSE.search(text, opening.end())
    if not closing:
        return None, text
    body_start = closing.end() + 1 if closing.end() < len(text) else closing.end()
    return text[opening.end() : closing.start()], text[body_start:]


def load(front: str) -> dict[str, Any]:
    """Parse front matter YAML into a dict, raising FrontMatterError on anything else."""
    if (simple := simple_yaml.read(front)) is not None:
        return simple
    yaml, loader = _yaml()
    try:
        data = yaml.load(front, Loader=loader)  # noqa: S506 - a safe loader
    except yaml.YAMLError as error:
        raise FrontMatterError(_describe(error)) from None
    except (
        ValueError,
        TypeError,
        OverflowError,
        RecursionError,
        LookupError,
        AttributeError,
    ) as error:
        # PyYAML's constructors raise these for tagged values they cannot read (`!!int` alone)
        raise FrontMatterError(f"unreadable value: {type(error).__name__}: {error}") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise FrontMatterError(f"front matter is a {type(data).__name__}, not a mapping")
    return {str(key): value for key, value in data.items()}


def recover(front: str) -> dict[str, Any]:
    """Best-effort `key: value` reading of broken YAML; list items under a key become a list."""
    result: dict[str, Any] = {}
    current: str | None = None
    for line in front.splitlines():
        if item := _LIST_ITEM.match(line):
            if current is not None:
                existing = result.get(current)
                items = existing if isinstance(existing, list) else []
                items.append(_unquote(item.group(1)))
                result[current] = items
            continue
        if key_line := _KEY_LINE.match(line):
            current = key_line.group(1)
            value = key_line.group(2).strip()
            result[current] = _unquote(value) if value else None
    return result


def _unquote(value: str) -> str:
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
        inner = value[1:-1]
        return inner.replace("''", "'") if value[0] == "'" else inner.replace('\\"', '"')
    if value[:1] in ("'", '"'):  # a quote never closed (the likely break): drop it
        return value[1:]
    return value


def _describe(error: yaml.YAMLError) -> str:
    mark = getattr(error, "problem_mark", None)
    problem = getattr(error, "problem", None) or str(error).splitlines()[0]
    return f"line {mark.line + 1}: {problem}" if mark is not None else str(problem)
