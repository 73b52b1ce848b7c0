"""The `[pipe]` table of config.toml: named commands an article can be sent to.

The common case is one line, the command as a list of arguments:

    [pipe]
    translate = ["trans", "-b", ":zh"]

and a table says more when needed:

    [pipe.summarise]
    command = ["llm", "-s", "Summarise this article"]
    input = "markdown"     # what goes to stdin: "text" (default), "markdown" or "html"
    timeout = 120          # seconds (default 60)
    output = "none"        # "text" (default): shown; "none": the tool does its own thing

A command is always a list of arguments, run without a shell, so nothing in an article or in a
name can become shell syntax; a string is refused with a message saying how to write it. A broken
entry is left out with a warning and the others still work, as with every other setting.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

INPUTS = ("text", "markdown", "html")
OUTPUTS = ("text", "none")
DEFAULT_TIMEOUT = 60.0
MAX_TIMEOUT = 24 * 3600.0
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,39}")
_TABLE_KEYS = frozenset({"command", "input", "timeout", "output"})


@dataclass(frozen=True, slots=True)
class PipeCommand:
    """One `[pipe]` entry: `argv` run with the article on stdin, as `input`, for at most
    `timeout` seconds; its stdout shown (`output = "text"`) or not (`"none"`)."""

    name: str
    argv: tuple[str, ...]
    input: str = "text"
    timeout: float = DEFAULT_TIMEOUT
    output: str = "text"


def parse_pipe_table(table: object, where: str) -> tuple[dict[str, PipeCommand], list[str]]:
    """The usable commands of a `[pipe]` table, and a warning for each entry left out.
    `where` starts each warning (the config file's path)."""
    if not isinstance(table, dict):
        return {}, [f"{where}: pipe must be a table ([pipe]); ignored"]
    commands: dict[str, PipeCommand] = {}
    warnings: list[str] = []
    for name, entry in table.items():
        if not _NAME.fullmatch(name):
            shown = _escaped(name)[:60]
            warnings.append(
                f"{where}: [pipe] name {shown!r} ignored: use letters, digits, '_', '-', '.' "
                "(at most 40)"
            )
            continue
        command, problem = _command(name, entry)
        if command is None:
            warnings.append(f"{where}: [pipe] {name} ignored: {problem}")
        else:
            commands[name] = command
            if problem:
                warnings.append(f"{where}: [pipe] {name}: {problem}")
    return commands, warnings


def _command(name: str, entry: object) -> tuple[PipeCommand | None, str]:
    """The command an entry describes (None if it cannot be used), and what was wrong."""
    if not isinstance(entry, dict):
        argv, problem = _argv(entry)
        return (PipeCommand(name, argv) if argv else None), problem
    argv, problem = _argv(entry.get("command"))
    if not argv:
        return None, f"command {problem}"
    notes = [f"unknown key {key!r} ignored" for key in sorted(set(entry) - _TABLE_KEYS)]
    chosen_input = entry.get("input", "text")
    if chosen_input not in INPUTS:
        notes.append(f"input must be one of {', '.join(INPUTS)}; using text")
        chosen_input = "text"
    output = entry.get("output", "text")
    if output not in OUTPUTS:
        notes.append(f"output must be one of {', '.join(OUTPUTS)}; using text")
        output = "text"
    timeout = entry.get("timeout", DEFAULT_TIMEOUT)
    if (
        isinstance(timeout, bool)
        or not isinstance(timeout, int | float)
        or not (0 < timeout <= MAX_TIMEOUT)
    ):
        notes.append(f"timeout must be a number of seconds (more than 0, at most "
                     f"{MAX_TIMEOUT:g}); using {DEFAULT_TIMEOUT:g}")  # fmt: skip
        timeout = DEFAULT_TIMEOUT
    command = PipeCommand(name, argv, str(chosen_input), float(timeout), str(output))
    return command, "; ".join(notes)


def _argv(value: object) -> tuple[tuple[str, ...], str]:
    """A command's arguments, or () and why they will not do."""
    if isinstance(value, str):
        parts = [_escaped(part) for part in value.split()[:3]]
        example = ", ".join(f'"{part}"' for part in parts) or '"tool"'
        return (), (
            f"must be a list of arguments such as [{example}], not a string "
            "(commands are run without a shell)"
        )
    if not isinstance(value, list) or not value:
        return (), 'must be a list of arguments such as ["trans", "-b", ":zh"]'
    if not all(isinstance(part, str) for part in value):
        return (), "every argument must be a string"
    if not value[0].strip():
        return (), "the program name is empty"
    if any("\x00" in part for part in value):
        return (), "an argument holds a NUL character"
    return tuple(value), ""


def _escaped(text: str) -> str:
    """`text` with everything but printable ASCII written out (for a warning quoting it)."""
    return text.encode("unicode_escape", "backslashreplace").decode("ascii")
