"""LibraryIO: getting papers in and out — import (file, clipboard, the demo library), export (view, selection
or a tag, in any format), saved searches, and the library-wide tag commands (rename, delete).

A component: an invisible widget the main screen mounts and hands its keys to (the welcome screen uses the
import half). It learns what "the view" and "the selection" are through `ViewSource`. Work runs in its own thread
workers; ImportDone and SearchSaved bubble on to the screen (it reloads), failures (ActionFailed) to the app.
Library-wide tag writes go through the paper actions' write worker, so undo and notices work the same.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Protocol

from textual import work
from textual.widget import Widget

from papertui.errors import PapertuiError
from papertui.library import Library
from papertui.library_views import import_summary
from papertui.store.userdata import Change
from papertui.tui import clipboard
from papertui.tui.app_context import papertui_app
from papertui.tui.messages import ActionFailed, ExportDone, ImportDone, SearchSaved
from papertui.tui.screens.dialogs import ChoiceDialog, PromptDialog, TagSuggester
from papertui.tui.screens.io_dialogs import ExportChoice, ExportDialog, ImportChoice, ImportDialog, is_page_text

RunWrite = Callable[[str, Callable[[], Change | None]], None]
"""PaperActions.run_write: (verb, write) run in the write worker, reported with ChangeDone or ActionFailed."""


class ViewSource(Protocol):
    """What the screen's view is, for export and saved searches."""

    def export_scopes(self) -> list[tuple[str, str]]:
        """(key, label) of the view and the selection, when there are such ("view", "selection")."""
        ...

    def export_view(self) -> tuple[str, str, frozenset[str] | None]:
        """The (query, sort, papers it is kept to or None) of the current view."""
        ...

    def export_selection(self) -> list[str]:
        """The selected papers, in view order (empty: none)."""
        ...

    def current_search(self) -> str:
        """The search to save ("" when there is nothing to save)."""
        ...


class LibraryIO(Widget):
    """Import, export, saved searches and library-wide tag commands of one screen (see module docstring)."""

    DEFAULT_CSS = "LibraryIO { display: none; }"

    def __init__(self, source: ViewSource | None, run_write: RunWrite | None = None, *, id: str | None = None):
        super().__init__(id=id)
        self._source = source
        self._run_write = run_write

    @property
    def library(self) -> Library:
        return papertui_app(self).library

    # -- import ---------------------------------------------------------------------------------------------
    def import_papers(self) -> None:
        def done(choice: ImportChoice | None) -> None:
            if choice is not None:
                self.import_sources([choice])

        self.app.push_screen(ImportDialog(id="import-dialog"), done)

    def import_clipboard(self) -> None:
        self.import_sources([ImportChoice("clipboard")])

    def paste(self, text: str) -> str | None:
        """A paste that reached the screen (no text field took it): page text is imported, as from the clipboard.
        Over SSH the terminal's paste is often the only way text gets in: no clipboard tool can be reached.
        Returns the pasted line when it is one line, not a page (the screen decides what it means)."""
        if is_page_text(text):
            self.import_sources([ImportChoice("text", text=text)])
            return None
        return text.strip() or None

    def load_demo(self) -> None:
        from papertui.demo import demo_files

        files = demo_files()
        if not files:
            self.notify("The demo library is not installed with this copy of papertui", severity="error")
            return
        self.import_sources([ImportChoice("file", path) for path in files])

    def import_sources(self, choices: Sequence[ImportChoice]) -> None:
        self.notify("Importing…", timeout=2)
        self._import_worker(list(choices), papertui_app(self).clipboard_timeout)

    @work(thread=True, group="write")
    def _import_worker(self, choices: list[ImportChoice], timeout: float) -> None:
        reports = []
        try:
            for choice in choices:
                if choice.kind == "clipboard":
                    try:
                        text = clipboard.paste_text(timeout)
                    except clipboard.ClipboardError as exc:
                        raise PapertuiError(
                            f"could not read the clipboard ({exc}); save the page text to a file and import that"
                        ) from None
                    if not text.strip():
                        raise PapertuiError("the clipboard is empty: copy a Hugging Face papers page first")
                    reports.append(self.library.import_text(text, "clipboard"))
                elif choice.kind == "text":
                    assert choice.text is not None
                    reports.append(self.library.import_text(choice.text, "pasted text"))
                else:
                    assert choice.path is not None
                    reports.append(self.library.import_file(choice.path))
        except PapertuiError as exc:
            self.post_message(ActionFailed(str(exc)))
        if reports:
            self.post_message(ImportDone(reports))

    def on_import_done(self, message: ImportDone) -> None:
        # Bubbles on: the screen reads the library again.
        papertui_app(self).data_version += 1
        warnings = [w for r in message.reports for w in r.warnings]
        self.notify(import_summary(message.reports), title="Import")
        if warnings:
            shown = "; ".join(warnings[:3]) + (f" (+{len(warnings) - 3} more)" if len(warnings) > 3 else "")
            self.notify(shown, title="Import warnings", severity="warning", timeout=10)

    # -- export ---------------------------------------------------------------------------------------------
    def export(self) -> None:
        source = self._source
        tags = [(f"tag:{name}", f"Tag #{name}") for name in papertui_app(self).tag_names]
        scopes = (source.export_scopes() if source is not None else []) + tags

        def done(choice: ExportChoice | None) -> None:
            if choice is not None:
                query, sort, within = source.export_view() if source is not None else ("", "date", None)
                selection = source.export_selection() if source is not None else []
                self._export_worker(choice, (query, sort, within), selection)

        self.app.push_screen(ExportDialog(scopes), done)

    @work(thread=True, group="export")
    def _export_worker(
        self, choice: ExportChoice, view: tuple[str, str, frozenset[str] | None], selection: list[str]
    ) -> None:
        lib = self.library
        group: tuple[str, ...] = ()
        try:
            if choice.scope == "selection":
                ids = selection
            elif choice.scope.startswith("tag:"):
                tag = choice.scope[4:]
                ids, group = lib.ids_with_tags([tag]), ()
            else:
                ids = lib.view_ids(*view)
            count = lib.write_export(ids, choice.fmt, choice.path, group)
        except PapertuiError as exc:
            self.post_message(ActionFailed(str(exc)))
            return
        except OSError as exc:
            self.post_message(ActionFailed(f"{choice.path}: cannot be written ({exc.strerror or exc})"))
            return
        self.post_message(ExportDone(count, str(choice.path)))

    def on_export_done(self, message: ExportDone) -> None:
        papers = f"{message.count} paper{'s' if message.count != 1 else ''}"
        self.notify(f"Wrote {papers} to {message.path}", title="Export", timeout=8)

    # -- saved searches -------------------------------------------------------------------------------------
    def save_search(self) -> None:
        query = self._source.current_search() if self._source is not None else ""
        if not query:
            self.notify("Type a search (or choose a filter) first, then save it", severity="warning")
            return

        def done(name: str | None) -> None:
            if name:
                self._save_search_worker(name, query)

        self.app.push_screen(
            PromptDialog(f"Save the search “{query}” as", placeholder="name", id="save-search-dialog"), done
        )

    @work(thread=True, group="ui-state")
    def _save_search_worker(self, name: str, query: str) -> None:
        try:
            papertui_app(self).ui_state.save_search(name, query)
        except (OSError, PapertuiError) as exc:
            self.post_message(ActionFailed(f"could not save the search: {exc}"))
            return
        self.post_message(SearchSaved(name, query))

    def on_search_saved(self, message: SearchSaved) -> None:
        # Bubbles on: the screen redraws the sidebar.
        what = "Saved search" if message.query else "Deleted saved search"
        self.notify(f"{what} “{message.name}”")

    def delete_saved_search(self) -> None:
        saved = list(papertui_app(self).ui_state.load().saved_searches)
        if not saved:
            self.notify("No saved searches yet (S saves the current search)")
            return

        def done(name: str | None) -> None:
            if name:
                self._save_search_worker(name, "")

        self.app.push_screen(ChoiceDialog("Delete which saved search?", [(n, n) for n in saved]), done)

    # -- library-wide tag commands --------------------------------------------------------------------------
    def _write(self, verb: str, write: Callable[[], Change | None]) -> None:
        if self._run_write is not None:
            self._run_write(verb, write)

    def _pick_tag(self, title: str, then: Callable[[str | None], None]) -> None:
        names = papertui_app(self).tag_names
        if not names:
            self.notify("No tags yet (t tags a paper)")
            return
        self.app.push_screen(ChoiceDialog(title, [(n, f"#{n}") for n in names]), then)

    def rename_tag(self) -> None:
        def ask_new(old: str | None) -> None:
            if not old:
                return

            def done(new: str | None) -> None:
                if new and new != old:
                    self._write("rename", lambda: self.library.rename_tag(old, new))

            self.app.push_screen(
                PromptDialog(f"Rename #{old} to", value=old, suggester=TagSuggester(papertui_app(self).tag_names)), done
            )

        self._pick_tag("Rename which tag?", ask_new)

    def delete_tag(self) -> None:
        def done(tag: str | None) -> None:
            if tag:
                self._write("delete", lambda: self.library.delete_tag(tag))

        self._pick_tag("Delete which tag (from every paper; u undoes)?", done)
