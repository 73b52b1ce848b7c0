"""Export in a reader served to a browser: the digest goes to the browser as a download
(`App.deliver_binary`, which the web driver hands to the page), under the chosen file's name;
nothing is written where the dialog points on the serving machine, and the temporary copy is
gone once handed over. The browser test (tests/cli/test_serve_browser.py) downloads one."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Input
from ui_support import goto_category, record_notes, running, settle, until

from tui_reader.ui.screens.export import ExportScreen

pytestmark = pytest.mark.library(samples=False)


def record_deliveries(app: Any, monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """What the app hands to the browser (read at once, as the page would download it)."""
    delivered: list[dict[str, Any]] = []

    def deliver(file: Any, **options: Any) -> str:
        with file:
            delivered.append({"path": Path(file.name), "data": file.read(), **options})
        return "key"

    monkeypatch.setattr(app, "deliver_binary", deliver)
    return delivered


async def export_notes(pilot: Any) -> tuple[ExportScreen, Input]:
    """The export dialog for the category English / Notes, and its file field."""
    await goto_category(pilot, "English", "Notes")
    await pilot.press("E")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, ExportScreen)
    return screen, screen.query_one(Input)


async def test_a_served_export_is_downloaded_not_written_here(
    library: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "exports"
    folder.mkdir()
    target = folder / "notes.html"
    async with running(library, served=True) as (app, pilot):
        notes = record_notes(app)
        delivered = record_deliveries(app, monkeypatch)
        screen, field = await export_notes(pilot)
        field.value = str(target)
        field.focus()
        await pilot.press("enter")
        await settle(pilot)
        await until(pilot, lambda: any("Exported" in n for n in notes), "the notification")
    assert "Exported 4 articles to notes.html, downloading in your browser." in notes
    assert list(folder.iterdir()) == []
    [download] = delivered
    assert download["save_filename"] == "notes.html" and download["open_method"] == "download"
    assert download["mime_type"] == "text/html"
    titles = re.findall(r"<h2[^>]*>([^<]*)</h2>", download["data"].decode("utf-8"))
    assert titles == [
        "First short note", "Second short note", "Third short note", "Filed twice",
    ]  # fmt: skip
    assert not download["path"].exists() and not download["path"].parent.exists()


async def test_the_served_dialog_asks_a_download_name_not_a_path_on_the_server(
    library: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The browser's user chooses where downloads go: the dialog neither shows the serving
    machine's folders nor checks names against them (what it has, what exists there)."""
    monkeypatch.setenv("HOME", str(tmp_path / "server-home"))
    existing = tmp_path / "existing.html"
    existing.write_text("on the server", encoding="utf-8")
    async with running(library, served=True) as (app, pilot):
        delivered = record_deliveries(app, monkeypatch)
        screen, field = await export_notes(pilot)
        assert field.value == "English-Notes.html"  # no folder of the server's
        note = screen.query_one("#export-note")
        for name in (str(existing), "Downloads/digest.html", "~/nowhere/digest.html"):
            field.value = name
            await pilot.pause()
            shown = str(note.render())
            assert "exists" not in shown and "no folder" not in shown
        field.focus()
        await pilot.press("enter")
        await settle(pilot)
        await until(pilot, lambda: bool(delivered), "the download")
    assert delivered[0]["save_filename"] == "digest.html"
    assert existing.read_text(encoding="utf-8") == "on the server"
