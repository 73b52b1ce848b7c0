"""`R` says what the rescan found when it finishes: new, changed and removed files, or nothing."""

from __future__ import annotations

from pathlib import Path

from ui_support import article, make_library, running, settle, write

from tui_reader.core.library.scan_summary import rescan_summary
from tui_reader.core.library.scanner import ScanChanges


def messages(app) -> list[str]:
    return [str(n.message) for n in app._notifications]


async def test_rescan_reports_its_changes(tmp_path: Path) -> None:
    library = make_library(tmp_path / "library", samples=False)
    async with running(library) as (app, pilot):
        write(
            library / "english/new.md",
            article("New", "2024-03-02 09:00:00 +0000", " - E", "<p>n</p>"),
        )
        (library / "english/short-1.md").write_text(
            article("First, edited", "2024-02-03 09:00:00 +0000", " - English", "<p>x</p>")
        )
        (library / "english/short-2.md").unlink()
        await pilot.press("R")
        await settle(pilot)
        assert "Rescanned: 1 new, 1 changed, 1 removed" in messages(app)
        await pilot.press("R")
        await settle(pilot)
        assert messages(app)[-1] == "Rescanned: nothing changed"


def test_summary_wording() -> None:
    assert rescan_summary(ScanChanges(added=1200, unchanged=3)) == (
        "Rescanned: 1,200 new, 0 changed, 0 removed"
    )
    assert rescan_summary(ScanChanges(unchanged=9)) == "Rescanned: nothing changed"
    assert "stopped" in rescan_summary(ScanChanges(added=2, cancelled=True))
