"""Command line: `tui-reader [LIBRARY]` opens the reader; subcommands serve scripts.

The non-interactive commands never import Textual (the UI costs ~0.3 s to import): each lives in
its own module under `tui_reader.commands`, imported only when chosen. A command module may also
have `prepare_args(args) -> args`, to adjust its arguments before argparse reads them.

A first argument that names no command is the library folder, unless it is a bare lower-case word
naming no folder: that is a mistyped command (`tui-reader serach`), not a library to open.
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import re
import sys
from collections.abc import Sequence
from pathlib import Path

from tui_reader import __version__

# name -> module under tui_reader.commands exposing add_parser(subparsers) and run(args) -> int
COMMANDS = {
    "list": "list_articles",
    "show": "show",
    "search": "search",
    "mark": "mark",
    "tag": "tag",
    "bookmarks": "bookmarks",
    "pipe": "pipe",
    "rules": "rules",
    "stories": "stories",
    "serve": "serve",
    "export": "export",
}
_COMMAND_LIKE = re.compile(r"[a-z][a-z-]*")


def _available() -> dict[str, str]:
    return {
        name: module
        for name, module in COMMANDS.items()
        if importlib.util.find_spec(f"tui_reader.commands.{module}") is not None
    }


def build_parser(
    commands: dict[str, str],
) -> tuple[argparse.ArgumentParser, dict[str, argparse.ArgumentParser]]:
    """The top-level parser, and each command's own parser (for its usage in errors)."""
    parser = argparse.ArgumentParser(
        prog="tui-reader",
        description="A keyboard-first terminal reader for local archives of news articles.",
        epilog="Run `tui-reader COMMAND --help` for a command's options. Without a command, "
        "opens the reader on LIBRARY (else $TUI_READER_LIBRARY, `library` in config.toml, or "
        "the bundled sample library).",
    )
    parser.add_argument("--version", action="version", version=f"tui-reader {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in commands.values():
        importlib.import_module(f"tui_reader.commands.{module}").add_parser(subparsers)
    return parser, subparsers.choices


def build_app_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="tui-reader", add_help=False)
    parser.add_argument("library", nargs="?", help="library folder to open")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run a command, or the reader; the exit status. Run as the program (`argv` None: the
    console script, `python -m tui_reader`), the process ends as soon as the reader has gone
    (`quiet_tty.leave`); given arguments (a test, a caller), it returns."""
    args = list(sys.argv[1:] if argv is None else argv)
    commands = _available()
    if args and (args[0] in commands or args[0].startswith("-")):
        return _run_command(args, commands)
    if args and _mistyped_command(args[0]):
        print(f"tui-reader: unknown command '{args[0]}' (see tui-reader --help)", file=sys.stderr)
        import difflib  # 1.7 ms: only for this message

        for close in difflib.get_close_matches(args[0], commands, n=1):
            print(f"tui-reader: did you mean '{close}'?", file=sys.stderr)
        return 2
    parsed, extra = build_app_parser().parse_known_args(args)
    if extra:
        print(f"tui-reader: unknown arguments: {' '.join(extra)} (see --help)", file=sys.stderr)
        return 2
    from tui_reader.core.gcpause import pause_for_start

    pause_for_start()  # until the first frame (the main screen ends the pause)
    from tui_reader.quiet_tty import (
        ends_with_terminal,
        keys_not_echoed,
        leave,
        signals_end_cleanly,
    )

    try:
        with signals_end_cleanly(), ends_with_terminal(), keys_not_echoed():
            from tui_reader.ui.launch import launch  # the UI is imported only here

            code = launch(parsed.library)
    except SystemExit as ending:  # SIGTERM, SIGHUP or the terminal gone before the app runs
        if argv is not None:
            raise
        code = ending.code if isinstance(ending.code, int) else 1
    if argv is None:  # the program itself (not a caller passing arguments): end it now, not
        leave(code)  # after threads that may never end (the load's)
    return code


def _mistyped_command(argument: str) -> bool:
    """A bare lower-case word that names no folder here: a command, mistyped or unknown."""
    return _COMMAND_LIKE.fullmatch(argument) is not None and not Path(argument).exists()


def _intermixed(
    command_parser: argparse.ArgumentParser,
    args: list[str],
    parsed: argparse.Namespace,
    extras: list[str],
) -> tuple[argparse.Namespace, list[str]]:
    """The command's words parsed again with its positionals gathered from among the options:
    argparse fills an optional positional (LIBRARY) at its first chance, so in
    `search QUERY --json LIBRARY` the library was left over. Unchanged when that parse cannot
    be made (a command with subcommands of its own); when it leaves words over too, those are
    the ones to name."""
    try:
        again, left = command_parser.parse_known_intermixed_args(args[1:])
    except TypeError:  # subcommands: argparse does not intermix those
        return parsed, extras
    if left:
        return parsed, left  # only what is left over is named in the error
    again.command = parsed.command
    return again, left


def _run_command(args: list[str], commands: dict[str, str]) -> int:
    chosen = {args[0]: commands[args[0]]} if args[0] in commands else commands  # fast start
    if args[0] in commands:
        module = importlib.import_module(f"tui_reader.commands.{commands[args[0]]}")
        if (prepare := getattr(module, "prepare_args", None)) is not None:
            args = [args[0], *prepare(args[1:])]
    parser, command_parsers = build_parser(chosen)
    parsed, extras = parser.parse_known_args(args)
    if parsed.command is None:
        build_parser(commands)[0].print_help()
        return 0
    if extras:
        parsed, extras = _intermixed(command_parsers[parsed.command], args, parsed, extras)
    if extras:  # the command's usage, not the top level's (argparse's own error names that)
        command_parsers[parsed.command].error(f"unrecognized arguments: {' '.join(extras)}")
    module = importlib.import_module(f"tui_reader.commands.{commands[parsed.command]}")
    from tui_reader.quiet_tty import signals_end_cleanly

    try:
        # SIGTERM and SIGHUP end a command through its cleanups too: a scan's or an index
        # build's worker processes are stopped with it, not left running their chunks
        with signals_end_cleanly():
            return int(module.run(parsed))
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `tui-reader list | head`
        sys.stderr.close()
        return 0
