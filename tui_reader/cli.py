"""Command line: `tui-reader [LIBRARY]` opens the reader; subcommands serve scripts.

The non-interactive commands never import Textual (the UI costs ~0.3 s to import): each lives in
its own module under `tui_reader.commands`, imported only when chosen.
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import sys
from collections.abc import Sequence

from tui_reader import __version__

# name -> module under tui_reader.commands exposing add_parser(subparsers) and run(args) -> int
COMMANDS = {
    "list": "list_articles",
    "show": "show",
    "search": "search",
    "mark": "mark",
    "bookmarks": "bookmarks",
}


def _available() -> dict[str, str]:
    return {
        name: module
        for name, module in COMMANDS.items()
        if importlib.util.find_spec(f"tui_reader.commands.{module}") is not None
    }


def build_parser(commands: dict[str, str]) -> argparse.ArgumentParser:
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
    return parser


def build_app_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="tui-reader", add_help=False)
    parser.add_argument("library", nargs="?", help="library folder to open")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    commands = _available()
    if args and (args[0] in commands or args[0].startswith("-")):
        chosen = {args[0]: commands[args[0]]} if args[0] in commands else commands  # fast start
        parsed = build_parser(chosen).parse_args(args)
        if parsed.command is None:
            build_parser(commands).print_help()
            return 0
        module = importlib.import_module(f"tui_reader.commands.{commands[parsed.command]}")
        try:
            return int(module.run(parsed))
        except KeyboardInterrupt:
            return 130
        except BrokenPipeError:  # `tui-reader list | head`
            sys.stderr.close()
            return 0
    parsed, extra = build_app_parser().parse_known_args(args)
    if extra:
        print(f"tui-reader: unknown arguments: {' '.join(extra)} (see --help)", file=sys.stderr)
        return 2
    from tui_reader.ui.launch import launch  # the UI is imported only here

    return launch(parsed.library)
