""" "Export…" in the reader (`E`, and the command palette): the list under the cursor (a category
with those below it, a saved search, the bookmarks) written to the file and format chosen in a
small dialog, in a worker, with a notification; names that cannot be used are said in the dialog,
and a write that fails is said plainly while the reader goes on."""

from __future__ import annotations

import html.parser
import zipfile
from pathlib import Path

import pytest
from textual.widgets import Input, RadioButton, Static
from ui_support import (
    goto_category,
    record_notes,
    running,
    saved_and_open,
    settle,
    type_search,
    until,
)

from tui_reader.ui.screens.export import ExportScreen

pytestmark = pytest.mark.library(samples=False)


class Titles(html.parser.HTMLParser):
    """The titles of an HTML digest's articles (its <h2>s)."""

    def __init__(self) -> None:
        super().__init__()
        self.titles: list[str] = []
        self._in = False

    def handle_starttag(self, tag: str, attrs: object) -> None:
        self._in = tag == "h2"
        if self._in:
            self.titles.append("")

    def handle_endtag(self, tag: str) -> None:
        self._in = False

    def handle_data(self, data: str) -> None:
        if self._in:
            self.titles[-1] += data


def h2s(path: Path) -> list[str]:
    parser = Titles()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser.titles


async def export_to(pilot, path: Path, form: str | None = None) -> ExportScreen:  # type: ignore[no-untyped-def]
    await pilot.press("E")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, ExportScreen)
    if form is not None:
        await pilot.click(f"#format-{form}")
        await pilot.pause()
    field = screen.query_one(Input)
    field.value = str(path)
    field.focus()
    await pilot.press("enter")
    await pilot.pause()
    return screen


async def test_a_category_is_exported_newest_first(library: Path, tmp_path: Path) -> None:
    target = tmp_path / "notes.html"
    async with running(library) as (app, pilot):
        notes = record_notes(app)
        await goto_category(pilot, "English", "Notes")
        await export_to(pilot, target)
        await settle(pilot)
        assert not isinstance(app.screen, ExportScreen)
        await until(pilot, lambda: any("Exported" in n for n in notes), "the notification")
        assert f"Exported 4 articles to {target}." in notes
        assert h2s(target) == [
            "First short note", "Second short note", "Third short note", "Filed twice",
        ]  # fmt: skip


async def test_the_format_chosen_changes_the_suffix_and_the_file(
    library: Path, tmp_path: Path
) -> None:
    async with running(library) as (app, pilot):
        notes = record_notes(app)
        await goto_category(pilot, "English")
        await pilot.press("E")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ExportScreen)
        assert screen.query_one(Input).value.endswith("English.html")
        await pilot.click("#format-epub")
        await pilot.pause()
        assert screen.query_one(Input).value.endswith("English.epub")
        screen.query_one(Input).value = str(tmp_path / "english.epub")
        await pilot.click("#export")
        await settle(pilot)
        await until(pilot, lambda: any("Exported" in n for n in notes), "the notification")
    with zipfile.ZipFile(tmp_path / "english.epub") as book:
        assert book.namelist()[0] == "mimetype"
        chapters = [n for n in book.namelist() if "article-" in n]
    assert len(chapters) == 5  # the long article, three notes, and the one filed twice


async def test_a_saved_search_exports_all_it_finds(library: Path, tmp_path: Path) -> None:
    target = tmp_path / "found.md"
    async with running(library) as (app, pilot):
        notes = record_notes(app)
        await saved_and_open(pilot, "short")
        await export_to(pilot, target, "markdown")
        await settle(pilot)
        await until(pilot, lambda: any("Exported" in n for n in notes), "the notification")
    text = target.read_text(encoding="utf-8")
    assert text.startswith("# short\n")
    assert [line for line in text.splitlines() if line.startswith("## ")] == [
        "## 1. First short note", "## 2. Second short note", "## 3. Third short note",
    ]  # fmt: skip


async def test_unusable_names_are_said_in_the_dialog(library: Path, tmp_path: Path) -> None:
    async with running(library) as (app, pilot):
        await goto_category(pilot, "English")
        await pilot.press("E")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ExportScreen)
        note = screen.query_one("#export-note")
        for value, said in (
            (str(tmp_path / "missing" / "x.html"), "There is no folder"),
            (str(tmp_path), "That is a folder"),
            ("  ", "Give the file a name."),
        ):
            screen.query_one(Input).value = value
            await pilot.press("enter")
            await pilot.pause()
            assert app.screen is screen and said in str(note.render())
        (tmp_path / "old.html").write_text("old", encoding="utf-8")
        screen.query_one(Input).value = str(tmp_path / "old.html")
        await pilot.pause()
        assert "it will be replaced" in str(note.render())
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, ExportScreen)
    assert (tmp_path / "old.html").read_text(encoding="utf-8") == "old"  # escape wrote nothing


async def test_a_failed_write_is_said_and_the_reader_goes_on(library: Path) -> None:
    async with running(library) as (app, pilot):
        notes = record_notes(app)
        await goto_category(pilot, "English")
        await export_to(pilot, Path("/proc/digest.html"))  # a folder no file can be made in
        await settle(pilot)
        await until(pilot, lambda: any("Not exported" in n for n in notes), "the error")
        error = next(n for n in notes if "Not exported" in n)
        assert error.startswith("Not exported: cannot write /proc/digest.html: ")
        assert "Traceback" not in error
        await pilot.press("j")  # still reading
        assert app.is_running


async def test_export_is_in_the_command_palette(library: Path, tmp_path: Path) -> None:
    target = tmp_path / "palette.md"
    async with running(library) as (app, pilot):
        notes = record_notes(app)
        await goto_category(pilot, "English", "Notes")
        commands = {c.title: c for c in app.get_system_commands(app.main_screen)}
        assert commands["Export…"].help == "key: E"
        await commands["Export…"].callback()  # what choosing it in the palette runs
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ExportScreen)
        screen.query_one(Input).value = str(target)
        await pilot.click("#format-markdown")
        await pilot.click("#export")
        await settle(pilot)
        await until(pilot, lambda: any("Exported" in n for n in notes), "the notification")
    assert target.read_text(encoding="utf-8").startswith("# English / Notes\n")


async def test_the_bookmarks_are_exported_from_their_node(library: Path, tmp_path: Path) -> None:
    target = tmp_path / "marks.md"
    async with running(library) as (app, pilot):
        notes = record_notes(app)
        await goto_category(pilot, "English", "Notes")
        await pilot.press("j", "j", "b")  # the second note
        await settle(pilot)
        sidebar = app.main_screen.sidebar
        assert sidebar.bookmarks_node is not None
        sidebar.move_cursor(sidebar.bookmarks_node)
        await pilot.pause()
        await export_to(pilot, target, "markdown")
        await settle(pilot)
        await until(pilot, lambda: any("Exported" in n for n in notes), "the notification")
    text = target.read_text(encoding="utf-8")
    assert text.startswith("# Bookmarks\n")
    assert [line for line in text.splitlines() if line.startswith("## ")] == [
        "## 1. Second short note"
    ]


async def test_one_article_is_said_as_one(library: Path, tmp_path: Path) -> None:
    target = tmp_path / "elsewhere.html"
    async with running(library) as (app, pilot):
        notes = record_notes(app)
        await goto_category(pilot, "Elsewhere")
        await export_to(pilot, target)
        await until(pilot, lambda: any("Exported" in n for n in notes), "the notification")
        assert f"Exported 1 article to {target}." in notes


async def test_the_search_bar_exports_all_it_finds(library: Path, tmp_path: Path) -> None:
    target = tmp_path / "search.md"
    async with running(library) as (app, pilot):
        notes = record_notes(app)
        search = await type_search(pilot, "short")
        await pilot.press("ctrl+t")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ExportScreen) and screen.label == "short"
        await pilot.click("#format-markdown")
        screen.query_one(Input).value = str(target)
        await pilot.click("#export")
        await settle(pilot)
        await until(pilot, lambda: any("Exported" in n for n in notes), "the notification")
        assert app.screen is search  # back to the results
    text = target.read_text(encoding="utf-8")
    assert [line for line in text.splitlines() if line.startswith("## ")] == [
        "## 1. First short note", "## 2. Second short note", "## 3. Third short note",
    ]  # fmt: skip


async def test_the_dialog_offers_the_last_format_and_folder_again(
    library: Path, tmp_path: Path
) -> None:
    """A weekly EPUB into ~/books: the second export starts as the first one ended, not from
    HTML in the home folder again; a new session starts afresh."""
    books = tmp_path / "books"
    books.mkdir()
    async with running(library) as (app, pilot):
        notes = record_notes(app)
        await goto_category(pilot, "Elsewhere")
        await export_to(pilot, books / "elsewhere.epub", "epub")
        await until(pilot, lambda: any("Exported" in n for n in notes), "the notification")
        await goto_category(pilot, "English", "Notes")
        await pilot.press("E")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ExportScreen)
        assert screen.query_one(Input).value == str(books / "English-Notes.epub")
        assert screen.query_one("#format-epub", RadioButton).value
    async with running(library) as (app, pilot):
        await goto_category(pilot, "Elsewhere")
        await pilot.press("E")
        await pilot.pause()
        assert isinstance(app.screen, ExportScreen)
        assert app.screen.query_one(Input).value == str(Path.home() / "Elsewhere.html")


async def test_the_dialog_says_the_order_the_digest_takes(library: Path) -> None:
    """From the search bar the digest takes the order shown: by relevance after ctrl+o, and
    the dialog says so instead of "newest first"."""
    async with running(library) as (app, pilot):
        await type_search(pilot, "short")
        for key, said in (("ctrl+t", "newest first"), ("ctrl+o", "by relevance")):
            if key == "ctrl+o":
                await pilot.press("escape", "ctrl+o", "ctrl+t")
            else:
                await pilot.press(key)
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, ExportScreen)
            title = str(screen.query_one("#export-title", Static).render())
            assert title == f"Export “short”, {said}"
