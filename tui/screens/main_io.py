"""LibraryIO: getting papers in and out — import (file, clipboard, the demo library), export (view, selection
or a tag, in any format), saved searches, and the library-wide tag commands (rename, delete).

A mixin for the main screen (the welcome screen uses the import half). Work runs in thread workers and reports
with ImportDone / ExportDone / ChangeDone / ActionFailed; handlers use `on_*` names (mixins cannot use `@on`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from textual import events, work

from papertui.errors import PapertuiError
from papertui.library_views import import_summary
from papertui.tui import clipboard
from papertui.tui.messages import ActionFailed, ExportDone, ImportDone, SearchSaved
from papertui.tui.screens.dialogs import ChoiceDialog, PromptDialog, TagSuggester
from papertui.tui.screens.io_dialogs import ExportChoice, ExportDialog, ImportChoice, ImportDialog, is_page_text

if TYPE_CHECKING:
    from papertui.library import Library
    from papertui.tui.app import PapertuiApp


class LibraryIO:
    app: PapertuiApp
    notify: Any
    post_message: Any
    library: Library

    # -- import ---------------------------------------------------------------------------------------------
    def action_import(self) -> None:
        def done(choice: ImportChoice | None) -> None:
            if choice is not None:
                self.import_sources([choice])

        self.app.push_screen(ImportDialog(id="import-dialog"), done)

    def action_import_clipboard(self) -> None:
        self.import_sources([ImportChoice("clipboard")])

    def on_paste(self, event: events.Paste) -> None:
        """A paste that reached the screen (no text field took it): page text is imported, as from the clipboard.
        Over SSH the terminal's paste is often the only way text gets in: no clipboard tool can be reached."""
        event.stop()
        if is_page_text(event.text):
            self.import_sources([ImportChoice("text", text=event.text)])
        elif event.text.strip():
            self.pasted_line(event.text.strip())

    def pasted_line(self, text: str) -> None:
        """Hook: one line was pasted (not a page); the main screen searches for it."""
        self.notify("That is one line, not a page: paste the whole text of a papers page", severity="warning")

    def action_load_demo(self) -> None:
        from papertui.demo import demo_files

        files = demo_files()
        if not files:
            self.notify("The demo library is not installed with this copy of papertui", severity="error")
            return
        self.import_sources([ImportChoice("file", path) for path in files])

    def import_sources(self, choices: Sequence[ImportChoice]) -> None:
        self.notify("Importing…", timeout=2)
        self._import_worker(list(choices), self.app.clipboard_timeout)

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
        self.app.data_version += 1
        warnings = [w for r in message.reports for w in r.warnings]
        self.notify(import_summary(message.reports), title="Import")
        if warnings:
            shown = "; ".join(warnings[:3]) + (f" (+{len(warnings) - 3} more)" if len(warnings) > 3 else "")
            self.notify(shown, title="Import warnings", severity="warning", timeout=10)
        self.library_changed()

    def library_changed(self) -> None:
        """Hook: the screen reloads what it shows."""

    # -- export ---------------------------------------------------------------------------------------------
    def export_scopes(self) -> list[tuple[str, str]]:
        """(key, label) of what can be exported from here; the screen adds its view and selection."""
        return [(f"tag:{name}", f"Tag #{name}") for name in self.app.tag_names]

    def export_view(self) -> tuple[str, str]:
        """The (query, sort) of the current view."""
        return "", "date"

    def export_selection(self) -> list[str]:
        return []

    def action_export(self) -> None:
        def done(choice: ExportChoice | None) -> None:
            if choice is not None:
                query, sort = self.export_view()
                self._export_worker(choice, query, sort, self.export_selection())

        self.app.push_screen(ExportDialog(self.export_scopes()), done)

    @work(thread=True, group="export")
    def _export_worker(self, choice: ExportChoice, query: str, sort: str, selection: list[str]) -> None:
        lib = self.library
        group: tuple[str, ...] = ()
        try:
            if choice.scope == "selection":
                ids = selection
            elif choice.scope.startswith("tag:"):
                tag = choice.scope[4:]
                ids, group = lib.ids_with_tags([tag]), ()
            else:
                ids = lib.view_ids(query, sort)
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
    def current_search(self) -> str:
        return ""

    def action_save_search(self) -> None:
        query = self.current_search()
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
            self.app.ui_state.save_search(name, query)
        except (OSError, PapertuiError) as exc:
            self.post_message(ActionFailed(f"could not save the search: {exc}"))
            return
        self.post_message(SearchSaved(name, query))

    def on_search_saved(self, message: SearchSaved) -> None:
        what = "Saved search" if message.query else "Deleted saved search"
        self.notify(f"{what} “{message.name}”")
        self.library_changed()

    def action_delete_saved_search(self) -> None:
        saved = list(self.app.ui_state.load().saved_searches)
        if not saved:
            self.notify("No saved searches yet (S saves the current search)")
            return

        def done(name: str | None) -> None:
            if name:
                self._save_search_worker(name, "")

        self.app.push_screen(ChoiceDialog("Delete which saved search?", [(n, n) for n in saved]), done)

    # -- library-wide tag commands --------------------------------------------------------------------------
    def _pick_tag(self, title: str, then: Any) -> None:
        names = self.app.tag_names
        if not names:
            self.notify("No tags yet (t tags a paper)")
            return
        self.app.push_screen(ChoiceDialog(title, [(n, f"#{n}") for n in names]), then)

    def action_rename_tag(self) -> None:
        def ask_new(old: str | None) -> None:
            if not old:
                return

            def done(new: str | None) -> None:
                if new and new != old:
                    self.run_write("rename", lambda: self.library.rename_tag(old, new))  # type: ignore[attr-defined]

            self.app.push_screen(
                PromptDialog(f"Rename #{old} to", value=old, suggester=TagSuggester(self.app.tag_names)), done
            )

        self._pick_tag("Rename which tag?", ask_new)

    def action_delete_tag(self) -> None:
        def done(tag: str | None) -> None:
            if tag:
                self.run_write("delete", lambda: self.library.delete_tag(tag))  # type: ignore[attr-defined]

        self._pick_tag("Delete which tag (from every paper; u undoes)?", done)
