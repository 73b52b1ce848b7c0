"""`tui-reader pipe NAME ARTICLE`: send an article to a command of `[pipe]` in config.toml and
print what it answers, as `|` does in the reader (the same input, the same cache).

Exit status: 0 with the output; 1 when the command failed (its status and the last lines of
its stderr are said); 2 for a name not in `[pipe]` (the configured names are listed) or an article
not found; 124 when the command timed out and 127 when it cannot be run, as shells and
`timeout` say them; 126 in the environment of a reader served to a browser, where commands are
off (core.served).
"""

from __future__ import annotations

import argparse
import sys

from tui_reader.commands.common import (
    CommandError,
    add_library_argument,
    print_warnings,
    run_guarded,
)
from tui_reader.commands.show import load_article
from tui_reader.core.config import load_config
from tui_reader.core.pipe.api import MAX_OUTPUT, PipeCache, PipeCommand, PipeError, run_cached
from tui_reader.core.sanitize import visible_name

EXIT_STATUS = {"failed": 1, "off": 126, "timeout": 124, "missing": 127, "cancelled": 130}


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "pipe",
        help="send an article to a command of [pipe] in config.toml and print its output",
        description="Send an article (a file path, or an id or path in the library) to the "
        "command NAME of [pipe] in config.toml, on its stdin, and print what it writes. The "
        "output is cached per article and command, as in the reader.",
    )
    parser.add_argument("name", metavar="NAME", help="a command of [pipe] in config.toml")
    parser.add_argument("article", help="article file, or article id / path in the library")
    add_library_argument(parser)
    parser.add_argument(
        "--rerun", action="store_true", help="run the command even if its output is cached"
    )


def run(args: argparse.Namespace) -> int:
    return run_guarded(_run, args)


def _run(args: argparse.Namespace) -> int:
    config = load_config()
    print_warnings(config.warnings)
    command = _command(config.pipe, args.name)
    article, html = load_article(args.article, args.library, config)
    from tui_reader.render.pipe_input import pipe_input  # the renderer: only past the checks

    text = pipe_input(article, html, command.input)
    try:
        output = run_cached(command, article.id, text, PipeCache(), rerun=args.rerun)
    except PipeError as error:
        print(f"tui-reader: {error}", file=sys.stderr)
        return EXIT_STATUS.get(error.kind, 1)
    if command.output == "none" or output.binary:
        print(f"tui-reader: {output.summary(command.name)}", file=sys.stderr)
        return 0
    sys.stdout.write(output.text)
    if output.cut:
        print(f"tui-reader: {command.name}: output cut at {MAX_OUTPUT // 2**20} MB",
              file=sys.stderr)  # fmt: skip
    return 0


def _command(commands: dict[str, PipeCommand], name: str) -> PipeCommand:
    if name in commands:
        return commands[name]
    if not commands:
        raise CommandError(
            f"no pipe command {name!r}: there is no [pipe] in config.toml (see the README, Pipes)"
        )
    known = ", ".join(sorted(commands))
    raise CommandError(
        f"no pipe command {visible_name(name)!r} in config.toml; configured: {known}"
    )
