"""Removing papers: the main screen's remove key — the selected papers (or the one under the cursor) leave the
library after a confirmation naming them; u brings them back (Library.remove is undoable)."""

from __future__ import annotations

from papertui.tui.screens.dialogs import ChoiceDialog
from papertui.tui.widgets.paper_actions import PaperActions
from papertui.tui.widgets.paper_list import PaperList

SHOWN_TITLES = 3
"""How many titles the confirmation names before "… and N more"."""


def confirmation(titles: list[str], count: int) -> tuple[str, str]:
    """The dialog's question and the titles it names."""
    question = f"Remove {count} paper{'' if count == 1 else 's'}?"
    shown = "\n".join(titles[:SHOWN_TITLES])
    if count > SHOWN_TITLES:
        shown += f"\n… and {count - SHOWN_TITLES} more"
    return question, f"{shown}\n(u undoes the removal)"


def ask_to_remove(actions: PaperActions, papers: PaperList) -> None:
    """Ask, naming the papers, then remove them through the paper actions' write worker (so u undoes it)."""
    ids = actions.need_targets()
    if not ids:
        return
    library = actions.library
    question, named = confirmation([hit.title for hit in library.rows(ids[:SHOWN_TITLES])], len(ids))

    def answered(choice: str | None) -> None:
        if choice != "remove":
            return
        if papers.selected:
            papers.clear_selection()  # the selected papers are leaving; a later tag must not reach them
        actions.run_write("remove", lambda: library.remove(ids))

    # "Keep them" comes first, so enter (and escape) leave the library as it is.
    choices = [("keep", "Keep them"), ("remove", "Remove")]
    actions.app.push_screen(ChoiceDialog(question, choices, help_text=named, id="remove-dialog"), answered)
