"""The export and import dialogs: they only ask (what, in which format, where); the screen does the work."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select

from papertui.library_views import default_export_path

FORMAT_LABELS = {
    "md": "Markdown reading list (.md)",
    "csv": "CSV spreadsheet (.csv)",
    "json": "JSON (.json)",
    "bib": "BibTeX (.bib)",
    "ris": "RIS for Zotero/EndNote (.ris)",
}


def export_formats() -> tuple[str, ...]:
    try:
        from papertui.store.export import FORMATS
    except ImportError:  # the writers are optional for the dialog itself
        return tuple(FORMAT_LABELS)
    return tuple(FORMATS)


@dataclass(frozen=True)
class ExportChoice:
    scope: str
    """"view", "selection" or "tag:NAME"."""
    fmt: str
    path: Path


@dataclass(frozen=True)
class ImportChoice:
    kind: str
    """"clipboard", "file" or "text" (page text the user pasted)."""
    path: Path | None = None
    text: str | None = None


def is_page_text(text: str) -> bool:
    """Whether pasted text is a page to import rather than one line (a path, a query): two non-empty lines or
    more. A papers page always has a title line and an abstract line; a path or a query never spans lines."""
    return sum(1 for line in text.splitlines() if line.strip()) >= 2


class PathInput(Input):
    """The import dialog's path field. Pasting a whole page here means "import this text": the Input would keep
    only its first line and then try to open that line as a file."""

    @dataclass
    class PagePasted(Message):
        text: str

    def _on_paste(self, event: events.Paste) -> None:
        if is_page_text(event.text):
            event.prevent_default()  # not Input's paste: it would insert the first line as a path
            event.stop()
            self.post_message(self.PagePasted(event.text))


class ExportDialog(ModalScreen[ExportChoice | None]):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel", id="dialog.cancel")]

    def __init__(self, scopes: Sequence[tuple[str, str]], folder: Path | None = None) -> None:
        """`scopes` are (key, label) pairs, the first being the default."""
        super().__init__(id="export-dialog")
        self.scopes = list(scopes)
        self.folder = folder
        self._auto_path = ""
        """The file name the dialog proposed last; the user's own typing is never overwritten."""

    def compose(self) -> ComposeResult:
        formats = export_formats()
        with Vertical(classes="dialog"):
            yield Label("Export papers", classes="dialog-title")
            with Horizontal(classes="field"):
                yield Label("What", classes="field-label")
                yield Select(
                    [(label, key) for key, label in self.scopes],
                    value=self.scopes[0][0],
                    allow_blank=False,
                    compact=True,
                    id="export-scope",
                )
            with Horizontal(classes="field"):
                yield Label("Format", classes="field-label")
                yield Select(
                    [(FORMAT_LABELS.get(f, f), f) for f in formats],
                    value=formats[0],
                    allow_blank=False,
                    compact=True,
                    id="export-format",
                )
            with Horizontal(classes="field"):
                yield Label("File", classes="field-label")
                self._auto_path = str(self._default_path(self.scopes[0][0], formats[0]))
                yield Input(self._auto_path, compact=True, id="export-path")
            yield Label(
                "A file name is written in the current directory; type a path to write elsewhere.",
                classes="dialog-help",
            )
            with Horizontal(classes="dialog-buttons"):
                yield Button("Export", variant="primary", id="export-ok")
                yield Button("Cancel", id="export-cancel")

    def _default_path(self, scope: str, fmt: str) -> Path:
        stem = scope.split(":", 1)[1] if scope.startswith("tag:") else scope
        path = default_export_path(stem, fmt, self.folder)
        return Path(path.name) if self.folder is None else path

    @on(Select.Changed)
    def _changed(self) -> None:
        path_input = self.query_one("#export-path", Input)
        if path_input.value == self._auto_path:
            self._auto_path = str(self._default_path(self._value("#export-scope"), self._value("#export-format")))
            path_input.value = self._auto_path

    def _value(self, selector: str) -> str:
        return str(self.query_one(selector, Select).value)

    @on(Input.Submitted, "#export-path")
    @on(Button.Pressed, "#export-ok")
    def _ok(self) -> None:
        text = self.query_one("#export-path", Input).value.strip()
        if not text:
            self.notify("Type a file name", severity="warning")
            return
        path = Path(text).expanduser()
        if not path.is_absolute():
            path = (self.folder or Path.cwd()) / path
        self.dismiss(ExportChoice(self._value("#export-scope"), self._value("#export-format"), path))

    @on(Button.Pressed, "#export-cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)


class ImportDialog(ModalScreen[ImportChoice | None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="dialog.cancel"),
        Binding("ctrl+v", "clipboard", "From clipboard", id="dialog.clipboard"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label("Import papers", classes="dialog-title")
            yield Label(
                "Copy a Hugging Face papers page in your browser (select all, copy), then import it from the "
                "clipboard — or type the path of a text file you saved it to.",
                classes="dialog-help",
            )
            with Horizontal(classes="field"):
                yield Label("File", classes="field-label")
                yield PathInput(placeholder="path/to/page.txt", compact=True, id="import-path")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Import file", variant="primary", id="import-file")
                yield Button("From clipboard", id="import-clipboard")
                yield Button("Cancel", id="import-cancel")

    @on(Input.Submitted, "#import-path")
    @on(Button.Pressed, "#import-file")
    def _file(self) -> None:
        text = self.query_one("#import-path", Input).value.strip()
        if not text:
            self.notify("Type the path of a file, or choose From clipboard", severity="warning")
            return
        self.dismiss(ImportChoice("file", Path(text).expanduser()))

    @on(PathInput.PagePasted)
    def _pasted(self, event: PathInput.PagePasted) -> None:
        self.dismiss(ImportChoice("text", text=event.text))

    @on(Button.Pressed, "#import-clipboard")
    def action_clipboard(self) -> None:
        self.dismiss(ImportChoice("clipboard"))

    @on(Button.Pressed, "#import-cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
