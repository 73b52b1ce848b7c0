"""What the non-interactive commands share: finding and opening the library, reporting problems."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from tui_reader.core.cache_fallback import take_reports
from tui_reader.core.config import Config, load_config
from tui_reader.core.library.api import resolve_library
from tui_reader.core.sanitize import visible_name
from tui_reader.core.wording import counted

if TYPE_CHECKING:
    from tui_reader.core.library.api import Library, Listing, Problem, Snapshot
    from tui_reader.core.search.api import SearchIndex, SyncProgress


class CommandError(Exception):
    """A clear message for the user; the command exits with status 2."""


class OutputError(CommandError):
    """Standard output could not be written (a full disk, an I/O error)."""


class _GuardedOutput:
    """Standard output as the commands write it: a failure to write it becomes an OutputError
    (a message, not a traceback), except a closed pipe, on which the command line ends quietly
    (`tui-reader list | head`). Everything else is the stream's own."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream

    def write(self, text: str) -> int:
        try:
            return self.stream.write(text)
        except BrokenPipeError:
            raise
        except OSError as error:
            raise OutputError(f"cannot write the output: {error.strerror or error}") from None

    def writelines(self, lines: Iterable[str]) -> None:
        for line in lines:
            self.write(line)

    def flush(self) -> None:
        try:
            self.stream.flush()
        except BrokenPipeError:
            raise
        except OSError as error:
            raise OutputError(f"cannot write the output: {error.strerror or error}") from None

    def __getattr__(self, name: str) -> object:
        return getattr(self.stream, name)


def _discard_output(stream: TextIO) -> None:
    """Send what `stream` still holds, and will be given, to the null device: the flush at the
    interpreter's exit would fail on it again, with a traceback of its own."""
    try:
        descriptor = stream.fileno()
    except (OSError, ValueError, AttributeError):  # not a file (a caller's buffer)
        return
    null = os.open(os.devnull, os.O_WRONLY)
    os.dup2(null, descriptor)
    os.close(null)


LIBRARY_DEFAULT = "default: $TUI_READER_LIBRARY, `library` in config.toml, the sample library"


def add_library_argument(parser: argparse.ArgumentParser, *, positional: bool = True) -> None:
    """LIBRARY as an argument (where the command takes one) and as `--library LIBRARY`: every
    command takes the option, so scripts can use one form throughout."""
    if positional:
        parser.add_argument(
            "library", nargs="?", metavar="LIBRARY",
            help=f"library folder, or give it as --library LIBRARY ({LIBRARY_DEFAULT})",
        )  # fmt: skip
    parser.add_argument(
        "--library", dest="library_option", metavar="LIBRARY",
        help="library folder" + (", as LIBRARY" if positional else f" ({LIBRARY_DEFAULT})"),
    )  # fmt: skip


def whole_number(low: int, high: int, what: str) -> Callable[[str], int]:
    """An argparse type: a whole number from `low` to `high` (its error names `what`)."""

    def parse(value: str) -> int:
        try:
            number = int(value)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not a number: {value!r}") from None
        if not low <= number <= high:
            raise argparse.ArgumentTypeError(f"{what} must be between {low} and {high}")
        return number

    return parse


def library_argument(args: argparse.Namespace) -> str | None:
    """The library the command was given, as LIBRARY or as --library (both: the same one)."""
    positional: str | None = getattr(args, "library", None)
    option: str | None = getattr(args, "library_option", None)
    if positional and option and _folder(positional) != _folder(option):
        raise CommandError(f"two libraries given: {positional!r} and --library {option!r}")
    return option or positional


def _folder(argument: str) -> Path:
    try:
        return Path(argument).expanduser().resolve()
    except (OSError, RuntimeError):
        return Path(argument)


def open_library(
    argument: str | None,
    *,
    report_problems: bool = True,
    config: Config | None = None,
    rescan: bool = True,
) -> tuple[Library, Snapshot]:
    """Scan the library (incrementally) and return it with its snapshot; problems to stderr.
    The settings are read here, and their warnings said, unless the command passes `config`.
    Without `rescan`, the index answers alone while the library's folder times are those of the
    last scan that found it up to date (`Library.unchanged`): no walk of every file."""
    library = library_for(argument, config)
    return library, scanned(library, rescan=rescan, report_problems=report_problems)


def scanned(library: Library, *, rescan: bool = True, report_problems: bool = True) -> Snapshot:
    """The library's snapshot, as `open_library` takes it."""
    from tui_reader.core.library.api import LibraryError

    try:
        snapshot = (None if rescan else library.unchanged()) or library.scan()
    except LibraryError as error:
        raise CommandError(str(error)) from None
    if report_problems:
        print_problems(snapshot)
    return snapshot


def library_for(argument: str | None, config: Config | None = None) -> Library:
    """The library the command was given (see `open_library`), not yet scanned. (The
    library's code, the scanner and the parser, loads here: a command answered by the indexes
    alone never needs it.)"""
    from tui_reader.core.library.api import Library

    if config is None:
        config = load_config()
        print_warnings(config.warnings)
    location = resolve_library(argument, config)
    return Library(location.path, follow_outside_links=config.follow_outside_links)


def print_problems(snapshot: Snapshot | Listing) -> None:
    problems = snapshot.problems
    if not problems:
        return
    for problem in problems:
        print_problem(problem)
    skipped = sum(1 for p in problems if p.skipped)
    print(
        f"tui-reader: {counted(len(problems), 'problem')}: "
        f"{counted(skipped, 'file')} skipped, "
        f"{len(problems) - skipped} read in part",
        file=sys.stderr,
    )


def print_problem(problem: Problem) -> None:
    """`path: reason` on stderr, the file's name (and anything of it the reason quotes) shown
    with its control characters and undecodable bytes written out."""
    print(f"{visible_name(problem.path)}: {visible_name(problem.reason)}", file=sys.stderr)


def print_warnings(warnings: list[str]) -> None:
    """Say on stderr what went wrong but did not stop the command (the reading state's
    faults: a log set aside, changes kept in memory only…); names they quote (of logs in a
    synced folder, say) are shown as `visible_name` shows them."""
    for warning in warnings:
        print(f"tui-reader: {visible_name(warning)}", file=sys.stderr)


def run_guarded(function, args: argparse.Namespace) -> int:  # type: ignore[no-untyped-def]
    """Run a command, turning CommandError into a message and status 2, and saying whether
    the cache could not be used. `args.library` is the library given either way (see
    `library_argument`)."""
    if sys.stdout is None:  # started with standard output closed: what it is given is dropped,
        sys.stdout = open(os.devnull, "w", encoding="utf-8")  # as print() drops it
    stream = sys.stdout
    sys.stdout = _GuardedOutput(stream)
    try:
        args.library = library_argument(args)
        code = int(function(args))
        sys.stdout.flush()  # a failure to write is said here, not at the interpreter's exit
        return code
    except CommandError as error:  # it may quote a file's name
        print(f"tui-reader: {visible_name(str(error))}", file=sys.stderr)
        if isinstance(error, OutputError):
            _discard_output(stream)
        return 2
    finally:
        sys.stdout = stream
        print_warnings(take_reports())  # a cache folder that could not be used


def resolve_article_path(ref: str) -> Path | None:
    path = Path(ref).expanduser()
    return path if path.is_file() else None


def synced_index(library: Library, snapshot: Snapshot) -> SearchIndex:
    """The library's search index brought up to date with `snapshot` (stories are kept there);
    the first time, over a large library, this takes minutes and says so on stderr."""
    from tui_reader.core.search.api import SearchIndex

    def say_when_slow(progress: SyncProgress) -> None:
        if progress.done == 0 and progress.total >= 2000:
            print(f"tui-reader: indexing {progress.total} articles for search…", file=sys.stderr)

    index = SearchIndex.for_library(library.root)
    index.sync_snapshot(library.root, snapshot, progress=say_when_slow, waiting=say_waiting)
    return index


def index_in_step(library: Library, listing: Listing) -> SearchIndex | None:
    """The library's search index when it is in step with `listing` (see `Library.
    unchanged_listing`) already, so that `synced_index` would have nothing to do; else None."""
    import json

    from tui_reader.core.search.api import SearchIndex

    index = SearchIndex.for_library(library.root)
    folders = json.loads(listing.folders) if listing.folders else {}
    return index if index.in_step(listing.generation, folders) else None


def say_waiting() -> None:
    """Said on stderr when another process (the reader, another command) has been updating the
    search index for a while: this command waits for it."""
    print("tui-reader: waiting for another tui-reader to update the search index…", file=sys.stderr)


def story_fields(stories: dict[str, tuple[str, int]], article_id: str) -> dict[str, object]:
    """`story` and `copies` of an article for `--json` (from `SearchIndex.story_map`)."""
    story, copies = stories.get(article_id, (article_id, 1))
    return {"story": story, "copies": copies}
