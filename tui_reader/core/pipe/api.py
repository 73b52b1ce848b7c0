"""What the reader and the commands use of the pipes: their public names, in one place."""

from __future__ import annotations

from tui_reader.core.pipe.cache import PipeCache, cache_key, run_cached
from tui_reader.core.pipe.runner import MAX_OUTPUT, PipeError, PipeOutput, run_pipe
from tui_reader.core.pipe.settings import INPUTS, PipeCommand, parse_pipe_table

__all__ = [
    "INPUTS",
    "MAX_OUTPUT",
    "PipeCache",
    "PipeCommand",
    "PipeError",
    "PipeOutput",
    "cache_key",
    "parse_pipe_table",
    "run_cached",
    "run_pipe",
]
