"""NoteScreen: edit one paper's note (Markdown) in a TextArea.

A note is never lost: `escape` closes and saves, `ctrl+s` saves and stays, and quitting the app while this
screen is open saves it first (the app asks `unsaved()`). Each save carries the text it started from, so a
note changed elsewhere meanwhile (another window, the CLI) is kept beside this one instead of overwritten. The
screen itself does not write: it hands the text to the `save` callback its opener gave, which runs the write in
a worker (so a failure is reported, and the text kept for a retry).
"""

from __future__ import annotations

import os
import shlex
import subprocess
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Footer, Label, TextArea
from textual.widgets.text_area import LanguageDoesNotExist

DRAFT_EVERY_S = 3.0
"""How often unsaved note text is written to the draft folder (at most this much typing is lost to a crash)."""


@dataclass(frozen=True)
class NoteEdit:
    paper_id: str
    text: str
    changed: bool
    base: str | None = None
    """The note as it was when this editor last loaded or saved it: a note changed elsewhere since then is
    kept beside this text, never overwritten (UserStore.set_note)."""


class NoteScreen(Screen[NoteEdit]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "done", "Save & close", id="note.done"),
        Binding("ctrl+s", "save", "Save", id="note.save"),
        Binding("ctrl+o", "external", "Open in $EDITOR", id="note.editor"),
    ]

    def __init__(
        self,
        paper_id: str,
        title: str,
        text: str,
        save: Callable[[NoteEdit], None],
        original: str | None = None,
        keep_draft: Callable[[NoteEdit], None] | None = None,
    ) -> None:
        """`save` writes an edit (the opener runs it in a worker); `original` is the text on disk when `text`
        is an unsaved draft from an earlier failed save; `keep_draft` writes the unsaved text to the draft
        folder, every DRAFT_EVERY_S while it differs from what was saved."""
        super().__init__()
        self.save = save
        self.keep_draft = keep_draft
        self.paper_id = paper_id
        self.paper_title = title
        self.initial = text
        self.saved_text = text if original is None else original

    def compose(self) -> ComposeResult:
        with Vertical(id="note-box"):
            yield Label(f"Note · {self.paper_title}", classes="dialog-title")
            try:
                area = TextArea(self.initial, language="markdown", soft_wrap=True, id="note-text")
            except LanguageDoesNotExist:
                area = TextArea(self.initial, soft_wrap=True, id="note-text")
            yield area
            yield Label("Markdown · esc saves and closes · ctrl+s saves · ctrl+o opens $EDITOR", classes="dialog-help")
        yield Footer()

    def on_mount(self) -> None:
        area = self.query_one(TextArea)
        area.focus()
        area.move_cursor(area.document.end)
        if self.keep_draft is not None:
            self.set_interval(DRAFT_EVERY_S, self.write_draft)

    def write_draft(self) -> None:
        """Put the unsaved text on disk (also called when the terminal closes: SIGHUP, SIGTERM)."""
        edit = self.unsaved()
        if edit is not None and self.keep_draft is not None:
            self.keep_draft(edit)

    @property
    def text(self) -> str:
        return self.query_one(TextArea).text

    def unsaved(self) -> NoteEdit | None:
        """The edit still to be written, or None when the text is what was last saved."""
        text = self.text
        if text == self.saved_text:
            return None
        return NoteEdit(self.paper_id, text, True, base=self.saved_text)

    def take_merged(self, merged: str) -> None:
        """The save met another edit: show the note as stored (both texts), so the next save starts from it."""
        self.saved_text = merged
        self.query_one(TextArea).text = merged

    def action_done(self) -> None:
        edit = self.unsaved()
        if edit is not None:
            self.saved_text = edit.text
            self.save(edit)
        self.dismiss(edit or NoteEdit(self.paper_id, self.text, False))

    def action_save(self) -> None:
        edit = self.unsaved()
        if edit is None:
            self.notify("Note unchanged")
            return
        self.saved_text = edit.text
        self.save(edit)

    def action_external(self) -> None:
        editor = os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
        with tempfile.NamedTemporaryFile("w", suffix=".md", delete=False, encoding="utf-8") as fh:
            fh.write(self.text)
            path = Path(fh.name)
        try:
            with self.app.suspend():
                subprocess.run([*shlex.split(editor), str(path)], check=False)
            self.query_one(TextArea).text = path.read_text(encoding="utf-8")
        except (OSError, ValueError) as exc:
            self.notify(f"Could not run {editor}: {exc}", severity="error")
        finally:
            path.unlink(missing_ok=True)
