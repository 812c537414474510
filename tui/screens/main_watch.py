"""What the main screen shows of the watch list with each count refresh: watched rows marked, the reading
pane's watch line, and the "New since last visit" view kept to the papers the counts found."""

from __future__ import annotations

from typing import TYPE_CHECKING

from papertui.library_views import SidebarCounts

if TYPE_CHECKING:
    from papertui.tui.screens.main import MainScreen


def show_watch(screen: MainScreen, counts: SidebarCounts) -> None:
    screen.papers.set_watched(counts.watched)
    pane = screen.pane
    if counts.watch != pane.watching:
        pane.watching = counts.watch
        if pane.paper_id is not None:
            pane.load(pane.paper_id, screen.terms)
    if screen.sidebar.current == "watched" and not counts.watch:
        screen.sidebar.choose("all")  # the last entry went: is:watched would only say the list is empty
    elif screen.sidebar.current == "new" and counts.new is not None and frozenset(counts.new) != screen.scope_ids:
        screen.scope_ids = frozenset(counts.new)  # an import added papers to the view shown
        screen.refresh_view(keep=screen.papers.current_id)
