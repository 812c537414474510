"""RelatedViews: the main screen's "more like this" (`m`) and "Suggested for <tag>" views. Both are searches
(papertui/library_related.py: `like:ID`, `suggested:TAG`), so the list, triage, selection and export treat them as
any other view; this only remembers the view the user came from, for escape."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from papertui.errors import PapertuiError
from papertui.library_related import like_query, split_related, suggested_query
from papertui.tui.screens.dialogs import ChoiceDialog
from papertui.tui.widgets.search_box import SearchBox

if TYPE_CHECKING:
    from papertui.tui.screens.main import MainScreen


TITLE_SHOWN = 40
"""Characters of the paper's title in the status line's "Similar to: …" (the counts must stay visible)."""


@dataclass(frozen=True)
class _Before:
    sidebar: str
    scope_query: str
    scope_label: str
    text: str
    scope_ids: frozenset[str] | None = None


class RelatedViews:
    def __init__(self, screen: MainScreen) -> None:
        self.screen = screen
        self._before: _Before | None = None

    def more_like_this(self) -> None:
        """List the papers most like the paper the pane shows (the list's current row)."""
        screen = self.screen
        pid = screen.targets.current_paper_id()
        if pid is None:
            screen.notify("No paper to compare with: the list is empty.", severity="warning")
            return
        try:
            title = screen.library.paper(pid).title
        except PapertuiError as exc:
            screen.notify(str(exc), severity="error")
            return
        if self._before is None:  # a chain of `m` goes back to where it started
            search = screen.query_one(SearchBox)
            self._before = _Before(
                screen.sidebar.current, screen.scope_query, screen.scope_label, search.value, screen.scope_ids
            )
        short = title if len(title) <= TITLE_SHOWN else title[: TITLE_SHOWN - 1].rstrip() + "…"
        self._show(like_query(pid), f"Similar to: {short}")

    def suggest_for_tag(self) -> None:
        """The palette's "Suggest papers for a tag…": pick a tag, then show its suggestions."""
        screen = self.screen
        tags = [name for name, _n in screen.library.tag_counts()]
        if not tags:
            screen.notify("Tag a few papers first: suggestions resemble a tag's papers.", severity="warning")
            return

        def chosen(tag: str | None) -> None:
            if tag is not None:
                self._before = None
                screen.sidebar.current = f"suggested:{tag}"
                self._show(suggested_query(tag), f"Suggested for {tag}")

        screen.app.push_screen(ChoiceDialog("Suggest papers for which tag?", [(t, f"#{t}") for t in tags]), chosen)

    def _show(self, scope_query: str, label: str) -> None:
        screen = self.screen
        screen.scope_query = scope_query
        screen.scope_label = label
        screen.scope_ids = None  # a related list ranks the whole library
        search = screen.query_one(SearchBox)
        if search.value:
            search.value = ""  # the view is the related list, not the list filtered by what was typed before
        screen.refresh_view()
        screen.papers.focus()

    def forget(self) -> None:
        """Another view was chosen: escape no longer leads back."""
        self._before = None

    def back(self) -> bool:
        """Escape in a "Similar to" view: back to the view `m` was pressed in. False when not in one."""
        before, self._before = self._before, None
        if before is None or split_related(self.screen.scope_query) is None:
            return False
        screen = self.screen
        screen.sidebar.current = before.sidebar
        screen.scope_query, screen.scope_label = before.scope_query, before.scope_label
        screen.scope_ids = before.scope_ids
        search = screen.query_one(SearchBox)
        if search.value != before.text:
            search.value = before.text
        screen.refresh_view()
        return True

    @staticmethod
    def is_related(query: str) -> bool:
        return split_related(query) is not None
