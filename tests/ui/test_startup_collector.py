"""The cyclic garbage collector is paused from the launch to the reader's first frame: the UI's
imports and first frame make hundreds of thousands of objects, none of them garbage, and its
passes over them cost ~12% of the imports' time. It runs again right after that frame."""

from __future__ import annotations

import gc
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from ui_support import make_app, settle

from tui_reader.core.gcpause import end_start_pause, pause_for_start

pytestmark = pytest.mark.library(warm=True)


@pytest.fixture
def collector_restored() -> Iterator[None]:
    """Whatever a test does to the collector, it runs again afterwards."""
    try:
        yield
    finally:
        end_start_pause()
        gc.enable()


def test_the_launch_pauses_the_collector_before_the_ui_is_imported() -> None:
    probe = (
        "import gc, sys, tui_reader.cli as cli, tui_reader.ui.launch as launch\n"
        "launch.launch = lambda library: print(gc.isenabled(), 'tui_reader.ui.app' in "
        "sys.modules) or 0\n"
        "sys.exit(cli.main([sys.argv[1]]))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe, "."], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["False", "False"]


async def test_the_collector_runs_again_after_the_first_frame(
    library: Path, collector_restored: None
) -> None:
    pause_for_start()
    assert not gc.isenabled()
    app = make_app(library, layout="river")
    at_frame: list[bool] = []
    display = app._display

    def seen(screen: Any, update: Any) -> None:
        if not at_frame and screen is app.main_screen:
            at_frame.append(gc.isenabled())
        display(screen, update)

    app._display = seen  # type: ignore[method-assign]
    async with app.run_test() as pilot:
        await settle(pilot)
        assert at_frame == [False]
        assert gc.isenabled()


def test_a_collector_paused_by_someone_else_is_left_paused(collector_restored: None) -> None:
    gc.disable()
    pause_for_start()  # paused already: not this pause's to end
    end_start_pause()
    assert not gc.isenabled()
