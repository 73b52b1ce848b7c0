"""User settings from `config.toml` in the user config directory.

Loaded once at start-up; a broken file never stops the reader: the defaults apply and the problem
is reported in `Config.warnings`. Only the keys the app itself changes (the theme) are written back,
and the rest of the file is kept as the user wrote it.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from tui_reader.core.paths import config_file
from tui_reader.core.pipe.settings import PipeCommand, parse_pipe_table

MARK_READ_CHOICES = ("open", "delay", "manual")
DEFAULT_MAX_WIDTH = 80
LAYOUTS = ("river", "tree")


@dataclass(slots=True)
class Config:
    """Settings. Every field is optional in the file.

    library: folder opened when none is given on the command line or in TUI_READER_LIBRARY.
    state_dir: where read marks and bookmarks live (default: the user data directory); point it
        at a synced folder to share them between machines.
    theme: a Textual theme name, remembered when chosen from the command palette.
    mark_read: "open" (on opening), "delay" (after `mark_read_delay` seconds), or "manual".
    keys: action -> key(s), e.g. `next_article = "ctrl+n"`, applied as a Textual keymap.
    inline_images: allow fetching images to show them inline where the terminal can.
    follow_outside_links: follow symlinks in the library that lead out of it (by default they
        are listed as problems and not read: a downloaded archive must not pull in other files).
    max_width: `[reading] max_width`, the widest an article's lines grow, in columns of text
        (centred in a wider pane); 0 lets them fill the pane.
    pipe: commands an article can be sent to (`|` in the reader, `tui-reader pipe`), by name;
        see `core.pipe.settings` for the table's form.
    story_prefer: `[stories] prefer`, source names (a category name or an author) in the order
        their copy of a story is read first (see core.search.stories); else the earliest copy.
    mark_copies_read: `[stories] mark_copies_read`, marking one copy of a story read (or unread)
        marks all its copies.
    layout: `[layout] mode`, "river" (a tree of lists, the list chosen, the article) or "tree"
        (articles as leaves of the category tree, no list pane).
    day_separators: `[layout] day_separators`, lists newest or oldest first are cut into days.
    rules: the `[[rule]]` tables, in order, each a query and an action (see `core.rules`, which
        parses the queries: a broken rule is kept with its problem, to be shown, never dropped).
    """

    library: str | None = None
    state_dir: str | None = None
    theme: str | None = None
    mark_read: str = "open"
    mark_read_delay: float = 3.0
    keys: dict[str, str] = field(default_factory=dict)
    inline_images: bool = False
    follow_outside_links: bool = False
    max_width: int = DEFAULT_MAX_WIDTH
    pipe: dict[str, PipeCommand] = field(default_factory=dict)
    rules: list[RuleEntry] = field(default_factory=list)
    story_prefer: list[str] = field(default_factory=list)
    mark_copies_read: bool = True
    layout: str = "river"
    day_separators: bool = False
    warnings: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class RuleEntry:
    """One `[[rule]]` table as written: its query and action, and `problem` when the table
    itself is malformed (a missing query, an action that is not a string)."""

    query: str
    action: str
    problem: str = ""


def load_config(path: Path | None = None) -> Config:
    path = path or config_file()
    config = Config()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return config
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        config.warnings.append(f"{path}: ignored, cannot be read ({error})")
        return config
    _apply(config, data, path)
    return config


# Settings kept in a table of their own in the file: [table] key -> the Config field.
TABLE_SETTINGS = {
    ("reading", "max_width"): "max_width",
    ("stories", "prefer"): "story_prefer",
    ("stories", "mark_copies_read"): "mark_copies_read",
    ("layout", "mode"): "layout",
    ("layout", "day_separators"): "day_separators",
}
KNOWN_SETTINGS = (
    frozenset(f.name for f in dataclasses.fields(Config))
    - {"warnings", "rules"}
    - set(TABLE_SETTINGS.values())
    | {table for table, _key in TABLE_SETTINGS}
    | {"rule"}
)


def _apply(config: Config, data: dict[str, object], path: Path) -> None:
    """Take each setting that is valid; say why each one that is not was ignored."""
    warn = config.warnings.append
    for name in sorted(set(data) - KNOWN_SETTINGS):
        warn(f"{path}: unknown setting {name!r} ignored")
    for name in ("library", "state_dir", "theme"):
        value = data.get(name)
        if isinstance(value, str) and value.strip():
            setattr(config, name, value.strip())
        elif value is not None:
            warn(f"{path}: {name} must be a non-empty string; ignored")
    mark_read = data.get("mark_read", config.mark_read)
    if mark_read in MARK_READ_CHOICES:
        config.mark_read = str(mark_read)
    else:
        warn(f"{path}: mark_read must be one of {', '.join(MARK_READ_CHOICES)}")
    delay = data.get("mark_read_delay", config.mark_read_delay)
    if isinstance(delay, int | float) and not isinstance(delay, bool) and delay >= 0:
        config.mark_read_delay = float(delay)
    else:
        warn(f"{path}: mark_read_delay must be a number of seconds (0 or more); using "
             f"{config.mark_read_delay:g}")  # fmt: skip
    keys = data.get("keys", {})
    if isinstance(keys, dict):
        config.keys = {str(k): v for k, v in keys.items() if isinstance(v, str)}
        for action in sorted(str(k) for k, v in keys.items() if not isinstance(v, str)):
            warn(f'{path}: [keys] {action} must be a string such as "ctrl+n"; ignored')
    else:
        warn(f"{path}: keys must be a table ([keys]); ignored")
    for name in ("inline_images", "follow_outside_links"):
        value = data.get(name, False)
        if isinstance(value, bool):
            setattr(config, name, value)
        else:
            warn(f"{path}: {name} must be true or false; using false")
    if "pipe" in data:
        config.pipe, pipe_warnings = parse_pipe_table(data["pipe"], str(path))
        config.warnings.extend(pipe_warnings)
    if (reading := _table(config, data, "reading", path)) is not None:
        _apply_reading(config, reading, path)
    if (stories := _table(config, data, "stories", path)) is not None:
        _apply_stories(config, stories, path)
    if (layout := _table(config, data, "layout", path)) is not None:
        _apply_layout(config, layout, path)
    config.rules = _rules(data.get("rule", []))


def _table(
    config: Config, data: dict[str, object], table: str, path: Path
) -> dict[str, object] | None:
    """The settings table `[table]` (empty when absent), its unknown keys reported; None when it
    is not a table."""
    value = data.get(table, {})
    if not isinstance(value, dict):
        config.warnings.append(f"{path}: {table} must be a table ([{table}]); ignored")
        return None
    for name in sorted(set(value) - {key for t, key in TABLE_SETTINGS if t == table}):
        config.warnings.append(f"{path}: unknown setting [{table}] {name!r} ignored")
    return value


def _apply_reading(config: Config, reading: dict[str, object], path: Path) -> None:
    warn = config.warnings.append
    width = reading.get("max_width", config.max_width)
    if isinstance(width, int) and not isinstance(width, bool) and 0 <= width <= 10_000:
        config.max_width = width
    else:
        warn(f"{path}: [reading] max_width must be a number of columns (0 for the pane's "
             f"width); using {config.max_width}")  # fmt: skip


def _apply_stories(config: Config, stories: dict[str, object], path: Path) -> None:
    warn = config.warnings.append
    prefer = stories.get("prefer", [])
    if isinstance(prefer, list) and all(isinstance(name, str) for name in prefer):
        config.story_prefer = [name.strip() for name in prefer if name.strip()]
    else:
        warn(
            f'{path}: [stories] prefer must be a list of source names, such as ["IT之家"]; ignored'
        )
    copies = stories.get("mark_copies_read", config.mark_copies_read)
    if isinstance(copies, bool):
        config.mark_copies_read = copies
    else:
        warn(f"{path}: [stories] mark_copies_read must be true or false; using true")


def _apply_layout(config: Config, layout: dict[str, object], path: Path) -> None:
    warn = config.warnings.append
    mode = layout.get("mode", config.layout)
    if mode in LAYOUTS:
        config.layout = str(mode)
    else:
        warn(f"{path}: [layout] mode must be one of {', '.join(LAYOUTS)}; using {config.layout}")
    days = layout.get("day_separators", config.day_separators)
    if isinstance(days, bool):
        config.day_separators = days
    else:
        warn(f"{path}: [layout] day_separators must be true or false; using false")


def _rules(value: object) -> list[RuleEntry]:
    """Every `[[rule]]` table, a malformed one kept with what is wrong with it."""
    tables = value if isinstance(value, list) else [value]
    entries: list[RuleEntry] = []
    for table in tables:
        if not isinstance(table, dict):
            entries.append(RuleEntry(str(table), "", "a rule must be a [[rule]] table"))
            continue
        query, action = table.get("query"), table.get("action")
        problems = [f"unknown key {k!r}" for k in sorted(set(table) - {"query", "action"})]
        if not isinstance(query, str) or not query.strip():
            problems.insert(0, "query must be a non-empty string")
        if not isinstance(action, str):
            problems.insert(0, "action must be a string")
        entries.append(
            RuleEntry(
                query if isinstance(query, str) else "" if query is None else repr(query),
                action if isinstance(action, str) else "" if action is None else repr(action),
                "; ".join(problems),
            )
        )
    return entries


def save_setting(name: str, value: str, path: Path | None = None) -> None:
    """Set one top-level string setting, keeping the rest of the file as it is, and its
    permissions. A config.toml that is a symbolic link (to a dotfiles folder) stays one: the
    file it points to is changed."""
    path = path or config_file()
    if path.is_symlink():
        path = Path(os.path.realpath(path))
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        text = ""
    line = f"{name} = {_toml_string(value)}"
    pattern = re.compile(rf"^{re.escape(name)}\s*=.*$", re.MULTILINE)
    if pattern.search(text.split("\n[", 1)[0]):
        head, sep, tail = text.partition("\n[")
        text = pattern.sub(lambda _m: line, head, count=1) + sep + tail
    else:
        text = f"{line}\n{text}"
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(".toml.tmp")
    try:
        temporary.write_text(text, encoding="utf-8")
        if path.exists():
            os.chmod(temporary, path.stat().st_mode & 0o777)
        temporary.replace(path)
    except OSError:  # said by the caller; the file is as it was, and nothing is left beside it
        with contextlib.suppress(OSError):
            temporary.unlink(missing_ok=True)
        raise


def _toml_string(value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'
