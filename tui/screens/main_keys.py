"""The main screen's keys that one of its components carries out, handed over in one line each (mixed into
MainScreen, whose components these are)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from papertui.tui.screens.main_related import RelatedViews
    from papertui.tui.widgets.library_io import LibraryIO
    from papertui.tui.widgets.library_reads import LibraryReads
    from papertui.tui.widgets.live_fetch import LiveFetch
    from papertui.tui.widgets.paper_actions import PaperActions


class MainKeys:
    actions: PaperActions
    io: LibraryIO
    reads: LibraryReads
    related: RelatedViews
    fetcher: LiveFetch

    def action_add_tag(self) -> None:
        self.actions.add_tag()

    def action_remove_tag(self) -> None:
        self.actions.remove_tag()

    def action_quick_tag(self, number: int) -> None:
        self.actions.quick_tag(number)

    def action_pin_quick_tag(self) -> None:
        self.actions.pin_quick_tag()

    def action_edit_note(self) -> None:
        self.actions.edit_note()

    def action_copy_link(self) -> None:
        self.actions.copy_link()

    def action_copy_markdown(self) -> None:
        self.actions.copy_markdown()

    def action_open_link(self) -> None:
        self.actions.open_link()

    def action_undo(self) -> None:
        self.actions.undo()

    def action_redo(self) -> None:
        self.actions.redo()

    def action_more_like_this(self) -> None:
        self.related.more_like_this()

    def action_suggest_for_tag(self) -> None:
        self.related.suggest_for_tag()

    def action_import(self) -> None:
        self.io.import_papers()

    def action_import_clipboard(self) -> None:
        self.io.import_clipboard()

    def action_load_demo(self) -> None:
        self.io.load_demo()

    def action_fetch_hf(self) -> None:
        self.fetcher.fetch_hf()

    def action_fetch_arxiv(self) -> None:
        self.fetcher.fetch_arxiv()

    def action_export(self) -> None:
        self.io.export()

    def action_save_search(self) -> None:
        self.io.save_search()

    def action_delete_saved_search(self) -> None:
        self.io.delete_saved_search()

    def action_rename_tag(self) -> None:
        self.io.rename_tag()

    def action_delete_tag(self) -> None:
        self.io.delete_tag()

    def action_rebuild_index(self) -> None:
        self.reads.rebuild_index()
