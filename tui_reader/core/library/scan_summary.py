"""What a rescan found, in words for the status message shown when `R` finishes."""

from __future__ import annotations

from tui_reader.core.library.scanner import ScanChanges


def rescan_summary(changes: ScanChanges) -> str:
    """ "Rescanned: 2 new, 1 changed, 0 removed", or "Rescanned: nothing changed"."""
    if changes.cancelled:
        return "Rescan stopped before the end."
    if not (changes.added or changes.changed or changes.removed):
        return "Rescanned: nothing changed"
    return (
        f"Rescanned: {changes.added:,} new, {changes.changed:,} changed, "
        f"{changes.removed:,} removed"
    )
