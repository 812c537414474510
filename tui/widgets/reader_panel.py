"""ReaderPanel: the paper list and the reading pane together — the pane follows the list's cursor (late while
the user types in the search box), `enter` on a paper opens it in the pane.

The screen sets `terms` (the searched words, highlighted in the pane) and `searching` (the view answers a
search: an empty list then means "no match", not "no papers") with every view it shows.
"""

from __future__ import annotations

from textual import on
from textual.containers import Container
from textual.timer import Timer

from papertui.tui.widgets.abstract_pane import AbstractPane
from papertui.tui.widgets.paper_list import PaperList
from papertui.tui.widgets.search_box import SearchBox

PANE_WHILE_TYPING_S = 0.2
"""How long the keys must pause before the abstract pane shows the paper under the cursor."""


class ReaderPanel(Container):
    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.terms: tuple[str, ...] = ()
        self.searching = False
        self._pane_timer: Timer | None = None

    @property
    def following(self) -> bool:
        """The pane waits for the typing to pause before it shows the paper under the cursor."""
        return self._pane_timer is not None

    def stop_following(self) -> None:
        """The pane is brought up to date now (or the cursor moved again): the pending wait is over."""
        if self._pane_timer is not None:
            self._pane_timer.stop()
            self._pane_timer = None

    @on(PaperList.CursorMoved, "#papers")
    def _cursor_moved(self) -> None:
        # Not stopped: the screen also hears of it (it reads more rows when the cursor nears the end).
        self.stop_following()
        if isinstance(self.screen.focused, SearchBox):
            # While typing, the pane follows once the keys pause: redrawing it for every key doubled the screen
            # updates per key, and an abstract flashing by at typing speed is not read anyway.
            self._pane_timer = self.set_timer(PANE_WHILE_TYPING_S, self._show_current_paper)
        else:
            self._show_current_paper()

    def _show_current_paper(self) -> None:
        self._pane_timer = None
        pane = self.query_one(AbstractPane)
        pid = self.query_one(PaperList).current_id
        if pid is None:
            pane.show_nothing("No paper matches the search." if self.searching else "No paper here.")
        else:
            pane.load(pid, self.terms)

    @on(PaperList.Opened, "#papers")
    def _opened(self, event: PaperList.Opened) -> None:
        event.stop()
        self.query_one(AbstractPane).focus()
