"""RemovePapers: the main screen's remove key — the selected papers (or the one under the cursor) leave the
library after a confirmation naming them; u brings them back (Library.remove is undoable)."""

from __future__ import annotations

from typing import Any

from textual.binding import Binding

from papertui.tui.screens.dialogs import ChoiceDialog

SHOWN_TITLES = 3
"""How many titles the confirmation names before "… and N more"."""

REMOVE_BINDING = Binding(
    "delete",
    "remove_papers",
    "Remove",
    show=False,
    tooltip="Remove the selected papers (or this one) from the library; u undoes",
    id="main.remove",
)


def confirmation(titles: list[str], count: int) -> tuple[str, str]:
    """The dialog's question and the titles it names."""
    question = f"Remove {count} paper{'' if count == 1 else 's'}?"
    shown = "\n".join(titles[:SHOWN_TITLES])
    if count > SHOWN_TITLES:
        shown += f"\n… and {count - SHOWN_TITLES} more"
    return question, f"{shown}\n(u undoes the removal)"


class RemovePapers:
    """Mixin for a screen with PaperActions and a `papers` list (MainScreen)."""

    app: Any
    library: Any
    papers: Any
    _need_targets: Any
    run_write: Any

    def action_remove_papers(self) -> None:
        ids = self._need_targets()
        if not ids:
            return
        question, named = confirmation([hit.title for hit in self.library.rows(ids[:SHOWN_TITLES])], len(ids))

        def answered(choice: str | None) -> None:
            if choice != "remove":
                return
            if self.papers.selected:
                self.papers.clear_selection()  # the selected papers are leaving; a later tag must not reach them
            self.run_write("remove", lambda: self.library.remove(ids))

        # "Keep them" comes first, so enter (and escape) leave the library as it is.
        choices = [("keep", "Keep them"), ("remove", "Remove")]
        self.app.push_screen(ChoiceDialog(question, choices, help_text=named, id="remove-dialog"), answered)
