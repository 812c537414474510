"""MainScreen: search box, filter sidebar, the paper list, the reading pane and a status line.

This module wires the widgets together and holds the screen's keys; the background reads live in ViewWorkers
(main_view.py), the paper actions in PaperActions and the import/export commands in LibraryIO. Typing in the
search box is debounced before the view is searched again.
"""

from __future__ import annotations

from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Container, Horizontal
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer
from textual.worker import get_current_worker

from papertui.errors import PapertuiError
from papertui.library import SORTS
from papertui.tui.messages import (
    ChangeDone,
    PaperLoaded,
    ViewRequest,
)
from papertui.tui.screens.main_io import LibraryIO
from papertui.tui.screens.main_view import SEARCH_LIMIT, ViewWorkers
from papertui.tui.screens.paper_actions import PaperActions
from papertui.tui.screens.remove_action import REMOVE_BINDING, RemovePapers
from papertui.tui.widgets.abstract_pane import AbstractPane
from papertui.tui.widgets.paper_list import PaperList
from papertui.tui.widgets.search_box import SearchBox
from papertui.tui.widgets.status_line import StatusLine
from papertui.tui.widgets.tag_sidebar import TagSidebar

PANE_WHILE_TYPING_S = 0.2
"""How long the keys must pause before the abstract pane shows the paper under the cursor."""

QUICK_TAG_BINDINGS = [
    Binding(str(n), f"quick_tag({n})", f"Toggle quick tag {n}", show=False, id=f"main.quick_tag_{n}")
    for n in range(1, 10)
]


class MainScreen(ViewWorkers, LibraryIO, RemovePapers, PaperActions, Screen[None]):
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-medium"), (150, "-wide")]  # noqa: RUF012

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "focus_search", "Search", tooltip="Type to search the whole library", id="main.search"),
        Binding("t", "add_tag", "Tag", tooltip="Add tags to the paper, or to the selected papers", id="main.tag"),
        Binding("T", "remove_tag", "Untag", show=False, tooltip="Remove one of the paper's tags", id="main.untag"),
        Binding("n", "edit_note", "Note", tooltip="Write a Markdown note on the paper", id="main.note"),
        Binding("c", "copy_link", "Copy link", tooltip="Copy the paper's GitHub repository link", id="main.copy_link"),
        Binding(
            "C",
            "copy_markdown",
            "Copy as Markdown",
            show=False,
            tooltip="Copy [title](link) for a Markdown document",
            id="main.copy_markdown",
        ),
        Binding(
            "o",
            "open_link",
            "Open",
            show=False,
            tooltip="Open the repository (or first link) in the browser",
            id="main.open",
        ),
        Binding("s", "cycle_sort", "Sort", tooltip="Cycle the order: relevance, date, upvotes, title", id="main.sort"),
        Binding(
            "u",
            "undo",
            "Undo",
            show=False,
            tooltip="Undo the last change: tags, notes, triage, a removal or an import",
            id="main.undo",
        ),
        Binding("ctrl+r", "redo", "Redo", show=False, tooltip="Redo what was undone", id="main.redo"),
        REMOVE_BINDING,
        Binding(
            "x",
            "export",
            "Export",
            show=False,
            tooltip="Write the view, the selection or a tag to a file",
            id="main.export",
        ),
        Binding(
            "i",
            "import",
            "Import",
            show=False,
            tooltip="Add papers from a saved page or the clipboard",
            id="main.import",
        ),
        Binding(
            "ctrl+t",
            "triage",
            "Triage",
            tooltip="Walk the inbox, or the view shown, one paper at a time",
            id="main.triage",
        ),
        Binding(
            "f",
            "focus_filters",
            "Filters",
            show=False,
            tooltip="Show the filters: inbox, tags, saved searches",
            id="main.filters",
        ),
        Binding(
            "S",
            "save_search",
            "Save search",
            show=False,
            tooltip="Keep the current search in the sidebar",
            id="main.save_search",
        ),
        Binding(
            "escape",
            "back",
            "Back",
            show=False,
            tooltip="Back to the list; clear the selection, then the search",
            id="main.back",
        ),
        *QUICK_TAG_BINDINGS,
    ]

    PALETTE_EXTRAS: ClassVar[list[tuple[str, str, str]]] = [
        ("Import from the clipboard", "import_clipboard", "read a copied Hugging Face papers page"),
        ("Load the demo library", "load_demo", "add the built-in sample papers to this library"),
        ("Rename a tag…", "rename_tag", "on every paper that has it"),
        ("Pin a quick tag…", "pin_quick_tag", "choose which tag a number key 1–9 toggles"),
        ("Delete a tag…", "delete_tag", "from every paper (u undoes)"),
        ("Delete a saved search…", "delete_saved_search", ""),
        ("Select every paper in the view", "select_all", "for a bulk tag, untag or export"),
        ("Clear the selection", "clear_selection", ""),
        ("Show or hide the filters", "toggle_filters", "the tag sidebar"),
        ("Rebuild the search index", "rebuild_index", "from the library (a cache: nothing is lost)"),
    ]

    def __init__(self) -> None:
        super().__init__(id="main")
        self.sort = "relevance"
        self.text_query = ""
        self.scope_query = ""
        self.scope_label = ""
        self.terms: tuple[str, ...] = ()
        self._debounce: Timer | None = None
        self._busy_timer: Timer | None = None
        self._started = False
        self._pane_timer: Timer | None = None
        self._last_request: tuple[str, str] | None = None
        self._select_all_at: int | None = None
        """The row count a pending "select all" waits for (its own, bigger view)."""
        self._shown: ViewRequest | None = None
        self._loading_more = False
        self._seen_version = 0
        self._searching = False
        self._queued: ViewRequest | None = None

    # -- layout ---------------------------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield SearchBox(id="search")
        with Horizontal(id="body"):
            yield TagSidebar(id="sidebar")
            with Container(id="reader"):
                yield PaperList(self._load_rows, empty_text="No papers match.", id="papers")
                yield AbstractPane(id="pane")
        yield StatusLine(id="status")
        yield Footer(compact=True)

    @property
    def papers(self) -> PaperList:
        return self.query_one("#papers", PaperList)

    @property
    def pane(self) -> AbstractPane:
        return self.query_one("#pane", AbstractPane)

    @property
    def status(self) -> StatusLine:
        return self.query_one("#status", StatusLine)

    @property
    def sidebar(self) -> TagSidebar:
        return self.query_one("#sidebar", TagSidebar)

    def on_mount(self) -> None:
        self._seen_version = self.papertui.data_version
        self.pane.seen_after_s = self.papertui.seen_after_s
        self.papers.focus()
        # A first build (no index folder yet) is expected; only a rebuild of a damaged index is news.
        self._index_existed = self.library.has_index()
        self.refresh_view()  # the tag counts and the index wait for it: see after_first_view()
        self.watch_library()

    def after_first_view(self) -> None:
        """Start what the first paint does not need. Run beside the first view's worker, these took the GIL
        from it: the first paint at 100k papers came ~0.3 s later."""
        if not self._started:
            self._started = True
            self.refresh_counts()
            self._warm_index()

    # -- PaperActions hooks ---------------------------------------------------------------------------------
    def _reading(self) -> str | None:
        """The paper in the reading pane when the pane has focus (the user is reading it), else None."""
        pane = self.pane
        return pane.paper_id if pane.has_focus else None

    def target_ids(self) -> list[str]:
        reading = self._reading()
        if reading is not None:
            return [reading]  # reading one paper: keys act on it, whatever is selected in the list
        selected = self.papers.selected
        if selected:
            # The selection survives new searches: papers in the view first (in view order), then the others.
            in_view = [i for i in self.papers.ids if i in selected]
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
        pid = self.papers.current_id
        if pid is not None and pid != self.pane.paper_id:
            if self._pane_timer is not None:
                self._pane_timer.stop()
                self._pane_timer = None
            try:
                # On the UI thread on purpose: two keyed reads (about a millisecond), and the action must not
                # start before the user can see its paper.
                paper, record = self.library.paper(pid), self.library.record(pid)
            except PapertuiError:
                return pid
            self.pane.show(paper, record, self.terms)
        return pid

    def quick_tags_changed(self) -> None:
        self.refresh_counts()

    # -- LibraryIO hooks -----------------------------------------------------------------------------------
    def export_scopes(self) -> list[tuple[str, str]]:
        scopes = [("view", f"This view ({self.status.status.shown:,} papers)")]
        if self.papers.selected:
            scopes.append(("selection", f"Selected papers ({len(self.papers.selected)})"))
        return scopes + super().export_scopes()

    def export_view(self) -> tuple[str, str]:
        return self.view_query, self.sort

    def export_selection(self) -> list[str]:
        return self.target_ids() if self.papers.selected else []

    def current_search(self) -> str:
        return self.view_query

    def library_changed(self) -> None:
        self.reload_all()

    def pasted_line(self, text: str) -> None:
        search = self.query_one(SearchBox)
        search.focus()
        search.value = text

    def action_triage(self) -> None:
        """Triage what the user is looking at: the inbox from "All" or the inbox, else this view in its order."""
        from papertui.tui.screens.triage import TriageScreen, TriageView

        query = self.view_query.strip()
        if query in ("", "is:unseen"):
            self.app.push_screen(TriageScreen())
        else:
            label = self.scope_label or ""
            typed = self.text_query.strip()
            label = " · ".join(part for part in (label, f'"{typed}"' if typed else "") if part)
            self.app.push_screen(TriageScreen(TriageView(query, self.sort, label or query)))

    # -- searching ------------------------------------------------------------------------------------------
    @on(SearchBox.Changed, "#search")
    def _typed(self, event: SearchBox.Changed) -> None:
        self.text_query = event.value
        self._select_all_at = None
        if (self.view_query, self.sort) == self._last_request and self._debounce is None:
            return  # the list already answers (or is about to answer) this: a first letter, a trailing space
        if self._debounce is not None:
            self._debounce.stop()
            self._debounce = None
        if self.papertui.debounce_s <= 0:
            self.refresh_view()
        else:
            self._debounce = self.set_timer(self.papertui.debounce_s, self._search_now)

    def _search_now(self) -> None:
        self._debounce = None
        self.refresh_view()

    @on(SearchBox.Leave, "#search")
    def _leave_search(self) -> None:
        if self._debounce is not None:
            self._debounce.stop()
            self._search_now()
        self.papers.focus()
        self.papers.cursor = 0

    def action_focus_search(self) -> None:
        self.query_one(SearchBox).focus()

    def action_focus_filters(self) -> None:
        self.set_class(True, "-show-sidebar")
        self.set_class(False, "-hide-sidebar")
        self.sidebar.focus()

    def action_clear_selection(self) -> None:
        self.papers.clear_selection()

    def action_select_all(self) -> None:
        """Select every paper the view holds, including matches not listed yet (a search lists 500 first)."""
        status = self.status.status
        if self.view_query and status.loaded is not None and status.loaded < status.shown:
            self._select_all_at = status.shown
            self.status.set(hint=f"selecting all {status.shown:,} matches…")
            self.refresh_view(keep=self.papers.current_id, limit=status.shown)
        else:
            self.papers.select_all()

    def view_shown(self, request: ViewRequest) -> None:
        if self._select_all_at is not None and request.limit >= self._select_all_at:
            self._select_all_at = None
            self.papers.select_all()

    def action_toggle_filters(self) -> None:
        visible = self.sidebar.display
        self.set_class(not visible, "-show-sidebar")
        self.set_class(visible, "-hide-sidebar")

    def action_back(self) -> None:
        if self.focused is self.pane:
            self.papers.focus()
        elif self.focused is self.sidebar:
            self.set_class(False, "-show-sidebar")
            self.papers.focus()
        elif self.papers.selected:
            self.papers.clear_selection()
        elif self.text_query or self.scope_query:
            self.query_one(SearchBox).value = ""
            self.sidebar.choose("all")

    def action_cycle_sort(self) -> None:
        self.sort = SORTS[(SORTS.index(self.sort) + 1) % len(SORTS)]
        self.status.set(sort=self._sort_label())
        self.refresh_view(keep=self.papers.current_id)

    @on(TagSidebar.FilterChosen, "#sidebar")
    def _filter_chosen(self, event: TagSidebar.FilterChosen) -> None:
        self.scope_query = event.query
        self.scope_label = "" if event.key == "all" else event.label
        self.set_class(False, "-show-sidebar")
        self.refresh_view()
        self.papers.focus()

    # -- list and pane --------------------------------------------------------------------------------------
    @on(PaperList.CursorMoved, "#papers")
    def _cursor_moved(self, event: PaperList.CursorMoved) -> None:
        if self._pane_timer is not None:
            self._pane_timer.stop()
            self._pane_timer = None
        if self.query_one(SearchBox).has_focus:
            # While typing, the pane follows once the keys pause: redrawing it for every key doubled the screen
            # updates per key, and an abstract flashing by at typing speed is not read anyway.
            self._pane_timer = self.set_timer(PANE_WHILE_TYPING_S, self._show_current_paper)
        else:
            self._show_current_paper()
        self._maybe_load_more(event.index)

    def _show_current_paper(self) -> None:
        self._pane_timer = None
        pid = self.papers.current_id
        if pid is None:
            self.pane.show_nothing("No paper here." if not self.view_query else "No paper matches the search.")
        else:
            self._load_paper(pid)

    def _maybe_load_more(self, index: int) -> None:
        status = self.status.status
        listed = self.papers.row_count
        if self._loading_more or not self.view_query or status.loaded is None or listed >= status.shown:
            return
        if index >= listed - 1:
            self._loading_more = True
            self.refresh_view(keep=self.papers.current_id, limit=listed * 4)

    @on(PaperList.Opened, "#papers")
    def _opened(self) -> None:
        self.pane.focus()

    @on(AbstractPane.ReadLongEnough, "#pane")
    def _read_long_enough(self, event: AbstractPane.ReadLongEnough) -> None:
        """A paper opened and read in the pane counts as seen: it leaves the inbox as kept (see AbstractPane)."""
        hit = self.papers.hit(event.paper_id)
        if self.app.screen is self and hit is not None and hit.triage == "unseen":
            self.run_write("seen", lambda: self.library.set_triage([event.paper_id], "kept"))

    @on(PaperList.SelectionChanged, "#papers")
    def _selection_changed(self, event: PaperList.SelectionChanged) -> None:
        self.status.set(selected=event.count)

    @work(thread=True, exclusive=True, group="pane")
    def _load_paper(self, pid: str) -> None:
        try:
            paper, record = self.library.paper(pid), self.library.record(pid)
        except PapertuiError:
            return  # gone since the list was read: the next view refresh drops it
        if not get_current_worker().is_cancelled:
            self.post_message(PaperLoaded(paper, record))

    def on_paper_loaded(self, message: PaperLoaded) -> None:
        if message.paper.id == self.papers.current_id:
            self.pane.show(message.paper, message.record, self.terms)

    # -- after writes ---------------------------------------------------------------------------------------
    def on_change_done(self, message: ChangeDone) -> None:
        if message.verb == "seen":
            # Not a reload: the paper being read must stay in front of the reader even in the inbox view; it
            # leaves that list at the next refresh. The counts and the pane's meta line say it at once.
            self.papertui.data_version += 1
            self._seen_version = self.papertui.data_version
            self._revs = None  # our own write: the next poll only notes it
            self.notify("Seen: it left the inbox as kept (u undoes)", timeout=3)
            self.refresh_counts()
            if self.pane.paper_id is not None:
                self._load_paper(self.pane.paper_id)
            return
        self.after_change(message)
        self.reload_all()

    def reload_all(self) -> None:
        self._seen_version = self.papertui.data_version
        self._revs = None  # our own writes moved the revisions: the next poll only notes them
        keep = self.papers.current_id
        self.refresh_view(keep=keep, limit=max(SEARCH_LIMIT, self.papers.row_count))
        self.refresh_counts()
        if keep is not None:
            self._load_paper(keep)

    def on_screen_resume(self) -> None:
        # Back from triage (or the welcome screen's import): reload only if something was written meanwhile.
        if self._shown is not None and self._seen_version != self.papertui.data_version:
            self.reload_all()
