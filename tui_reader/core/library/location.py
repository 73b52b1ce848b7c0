"""Which library folder to open: argument, then TUI_READER_LIBRARY, then config, then the
sample library bundled with the package (so a fresh install opens something worth reading)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from tui_reader.core.config import Config

ENVIRONMENT_VARIABLE = "TUI_READER_LIBRARY"


@dataclass(frozen=True, slots=True)
class LibraryLocation:
    path: Path
    source: str  # "argument", "environment", "config" or "bundled sample"


def bundled_library() -> Path:
    return Path(__file__).resolve().parent.parent.parent / "sample_library"


def resolve_library(argument: str | None, config: Config) -> LibraryLocation:
    if argument:
        return LibraryLocation(Path(argument).expanduser(), "argument")
    if value := os.environ.get(ENVIRONMENT_VARIABLE, "").strip():
        return LibraryLocation(Path(value).expanduser(), "environment")
    if config.library:
        return LibraryLocation(Path(config.library).expanduser(), "config")
    return LibraryLocation(bundled_library(), "bundled sample")
