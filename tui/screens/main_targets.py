"""MainTargets: which papers the main screen's keys act on (PaperTargets, for the paper actions) and what its view
is (ViewSource, for export and saved searches) — read from the screen's list, reading pane and query."""

from __future__ import annotations

from typing import TYPE_CHECKING

from papertui.errors import PapertuiError

if TYPE_CHECKING:
    from papertui.tui.screens.main import MainScreen


class MainTargets:
    def __init__(self, screen: MainScreen) -> None:
        self.screen = screen

    def _reading(self) -> str | None:
        """The paper in the reading pane when the pane has focus (the user is reading it), else None."""
        pane = self.screen.pane
        return pane.paper_id if pane.has_focus else None

    def target_ids(self) -> list[str]:
        reading = self._reading()
        if reading is not None:
            return [reading]  # reading one paper: keys act on it, whatever is selected in the list
        selected = self.screen.papers.selected
        if selected:
            # The selection survives new searches: papers in the view first (in view order), then the others.
            in_view = [i for i in self.screen.papers.ids if i in selected]
            return in_view + sorted(selected.difference(in_view))
        pid = self.current_paper_id()
        return [pid] if pid else []

    def current_paper_id(self) -> str | None:
        """The paper an action acts on: the one the reading pane shows. With the pane focused that is the pane's
        paper; else it is the list's current row, and the pane is brought up to date first (it follows the
        cursor late while typing, and a key acting on a row other than the one shown would be a silent
        mistake)."""
        reading = self._reading()
        if reading is not None:
            return reading
        pid = self.screen.papers.current_id
        if pid is not None and pid != self.screen.pane.paper_id:
            self.screen.reader.stop_following()
            try:
                # On the UI thread on purpose: two keyed reads (about a millisecond), and the action must not
                # start before the user can see its paper.
                paper, record = self.screen.library.paper(pid), self.screen.library.record(pid)
            except PapertuiError:
                return pid
            self.screen.pane.show(paper, record, self.screen.terms)
        return pid

    def export_scopes(self) -> list[tuple[str, str]]:
        scopes = [("view", f"This view ({self.screen.status.status.shown:,} papers)")]
        if self.screen.papers.selected:
            scopes.append(("selection", f"Selected papers ({len(self.screen.papers.selected)})"))
        return scopes

    def export_view(self) -> tuple[str, str, frozenset[str] | None]:
        return self.screen.view_query, self.screen.sort, self.screen.scope_ids

    def export_selection(self) -> list[str]:
        return self.target_ids() if self.screen.papers.selected else []

    def current_search(self) -> str:
        return self.screen.view_query
