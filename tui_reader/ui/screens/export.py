"""The "Export…" dialog: which format, and the file to write (see `workers/export.py`).

The file name starts as the list's name in the home folder, with the format's suffix; choosing
another format changes the suffix. Once something was exported, the next export starts with the
format and the folder chosen last (for the session). A name that cannot be used (empty, a
folder, in a folder that does not exist) is said under the field and the dialog stays; a file
that exists is said too, and replaced only when the export succeeds (it is written beside it
first).

In a reader served to a browser the digest is downloaded by the browser (`workers/export.py`):
the field holds only the download's name, and nothing typed is checked against the serving
machine's folders (they are not the reader's, and what they hold is not the reader's to know).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, ClassVar
from weakref import WeakKeyDictionary

from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, RadioButton, RadioSet, Static

from tui_reader.core.sanitize import visible_name
from tui_reader.ui.workers.export import ExportChoice

FORMATS = (("html", "HTML page"), ("epub", "EPUB book"), ("markdown", "Markdown"))
SUFFIXES = {"html": ".html", "epub": ".epub", "markdown": ".md"}
ORDER_WORDS = {"newest": "newest first", "oldest": "oldest first", "relevance": "by relevance"}
_UNSAFE_NAME = re.compile(r"[^\w.-]+")
# The last choice made in each running reader, offered first by its next export.
_LAST_CHOICE: WeakKeyDictionary[App[Any], ExportChoice] = WeakKeyDictionary()


def default_path(label: str, form: str, folder: Path | None = None) -> Path:
    """`label` as a file name (letters, digits, `-`, `_` and `.` kept) in `folder` (home)."""
    stem = _UNSAFE_NAME.sub("-", label).strip("-.")[:60] or "digest"
    return (folder or Path.home()) / f"{stem}{SUFFIXES[form]}"


def check_path(text: str) -> tuple[Path | None, str]:
    """The file named by `text` (`~` expanded, relative to the current folder), or None and why
    it cannot be written; else a remark worth showing ("" or that it will be replaced)."""
    if not text.strip():
        return None, "Give the file a name."
    path = Path(text.strip()).expanduser()
    try:
        path = path.absolute()
        if path.is_dir():
            return None, "That is a folder: give a file name in it."
        if not path.parent.is_dir():
            return None, f"There is no folder {visible_name(str(path.parent))}."
        exists = path.exists()
    except (OSError, ValueError) as error:
        return None, f"Not a usable name: {visible_name(str(error))}"
    return path, "A file of that name exists: it will be replaced." if exists else ""


def check_download_name(text: str) -> tuple[Path | None, str]:
    """The download's name in `text` (only its last part counts: the browser chooses the
    folder), or None and why it cannot be used; else what happens to it."""
    name = Path(text.strip()).name
    if name in ("", ".", ".."):
        return None, "Give the file a name."
    return Path(name), "Your browser downloads it under this name."


class ExportScreen(ModalScreen[ExportChoice | None]):
    """Asks the format and the file for exporting `label`; dismisses with an `ExportChoice`,
    or None on escape."""

    DEFAULT_CSS = """
    ExportScreen { align: center middle; }
    ExportScreen > Vertical {
        width: 76;
        max-width: 100%;
        height: auto;
        border: round $accent;
        background: $surface;
        padding: 1 2;
    }
    ExportScreen #export-title { padding-bottom: 1; }
    ExportScreen RadioSet { width: 100%; layout: horizontal; }
    ExportScreen #export-note { color: $text-muted; height: auto; }
    ExportScreen Horizontal { height: auto; align-horizontal: right; padding-top: 1; }
    ExportScreen Button { margin-left: 1; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="export.cancel"),
    ]

    def __init__(
        self,
        label: str,
        form: str | None = None,
        folder: Path | None = None,
        *,
        served: bool = False,
        order: str = "newest",
    ) -> None:
        """`form` and `folder` are offered first; by default, those of the app's last export
        (else HTML in the home folder)."""
        super().__init__()
        self.label = label
        self.form = form or "html"
        self.folder = folder
        self._given = form is not None, folder is not None
        self.served = served  # the digest goes to the browser as a download
        self.order = order  # the order the digest takes (`ORDER_WORDS`)
        self._check = check_download_name if served else check_path

    def compose(self) -> ComposeResult:
        last = _LAST_CHOICE.get(self.app)
        if last is not None:
            form_given, folder_given = self._given
            self.form = self.form if form_given else last.form
            if not folder_given and last.path.parent.is_dir():
                self.folder = last.path.parent
        with Vertical():
            order = ORDER_WORDS.get(self.order, ORDER_WORDS["newest"])
            yield Static(Text(f"Export “{self.label}”, {order}"), id="export-title")
            with RadioSet(id="export-format"):
                for form, name in FORMATS:
                    yield RadioButton(name, value=form == self.form, id=f"format-{form}")
            path = default_path(self.label, self.form, self.folder)
            if self.served:
                yield Input(path.name, id="export-path", placeholder="name of the download")
            else:
                yield Input(str(path), id="export-path", placeholder="file to write")
            yield Static("", id="export-note")
            with Horizontal():
                yield Button("Export", id="export", variant="primary")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        self.query_one(Input).focus()
        self._note(self._check(self.query_one(Input).value)[1])

    def on_radio_set_changed(self, event: RadioSet.Changed) -> None:
        event.stop()
        form = (event.pressed.id or "").removeprefix("format-")
        if form not in SUFFIXES:
            return
        self.form = form
        field = self.query_one(Input)
        path = Path(field.value)
        if path.suffix.lower() in (".html", ".htm", ".epub", ".md", ".markdown"):
            field.value = str(path.with_suffix(SUFFIXES[form]))

    def on_input_changed(self, event: Input.Changed) -> None:
        self._note(self._check(event.value)[1])

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._submit()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "export":
            self._submit()
        else:
            self.dismiss(None)

    def action_cancel(self) -> None:
        self.dismiss(None)

    def _submit(self) -> None:
        path, remark = self._check(self.query_one(Input).value)
        if path is None:
            self._note(remark)
            return
        choice = ExportChoice(self.form, path)
        _LAST_CHOICE[self.app] = choice
        self.dismiss(choice)

    def _note(self, text: str) -> None:
        self.query_one("#export-note", Static).update(Text(text))
