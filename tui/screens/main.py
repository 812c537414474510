"""MainScreen: the view controller — search box, filter sidebar, the paper list, the reading pane and a status
line, and the components that do the work behind them.

The screen holds what the user is looking at (the typed query, the sidebar's filter and the sort, as reactives)
and turns it into view requests for LibraryReads, whose answers (messages) it shows. The paper actions
(PaperActions) and getting papers in and out (LibraryIO) are components too: the screen's keys (main_bindings.py)
hand them the work, and they ask the screen which papers are meant. Typing in the search box may be debounced.
"""

from __future__ import annotations

from typing import ClassVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal
from textual.reactive import reactive
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer

from papertui.library import SORTS, Library
from papertui.tui.app_context import papertui_app
from papertui.tui.messages import (
    ChangeDone,
    CountsReady,
    FetchDone,
    FetchProgress,
    ImportDone,
    IndexProgress,
    IndexReady,
    LibraryChanged,
    QuickTagsPinned,
    SearchSaved,
    ViewBusy,
    ViewFailed,
    ViewReady,
    ViewRequest,
)
from papertui.tui.screens.main_bindings import MAIN_BINDINGS, PALETTE_EXTRAS, PALETTE_NAMES
from papertui.tui.screens.main_keys import MainKeys
from papertui.tui.screens.main_related import RelatedViews
from papertui.tui.screens.main_targets import MainTargets
from papertui.tui.screens.main_view import show_index_progress, show_index_ready, show_view
from papertui.tui.screens.main_watch import show_watch
from papertui.tui.screens.remove_action import ask_to_remove
from papertui.tui.screens.watch_dialog import WatchDialog
from papertui.tui.widgets.abstract_pane import AbstractPane
from papertui.tui.widgets.library_io import LibraryIO
from papertui.tui.widgets.library_reads import SEARCH_LIMIT, LibraryReads
from papertui.tui.widgets.live_fetch import LiveFetch, fetch_activity
from papertui.tui.widgets.paper_actions import PaperActions
from papertui.tui.widgets.paper_list import PaperList
from papertui.tui.widgets.reader_panel import ReaderPanel
from papertui.tui.widgets.search_box import SearchBox
from papertui.tui.widgets.status_line import StatusLine
from papertui.tui.widgets.tag_sidebar import TagSidebar


class MainScreen(MainKeys, Screen[None]):
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-medium"), (150, "-wide")]  # noqa: RUF012
    BINDINGS: ClassVar[list[BindingType]] = MAIN_BINDINGS
    PALETTE_EXTRAS: ClassVar[list[tuple[str, str, str]]] = PALETTE_EXTRAS
    PALETTE_NAMES: ClassVar[dict[str, str]] = PALETTE_NAMES

    text_query: reactive[str] = reactive("", repaint=False, init=False)
    """What is typed in the search box (searched once it is two characters or more)."""
    sort: reactive[str] = reactive("relevance", repaint=False, init=False)
    """The view's order, one of library.SORTS."""

    def __init__(self) -> None:
        super().__init__(id="main")
        self.scope_query = ""
        """The sidebar filter's query fragment ("" for All)."""
        self.scope_label = ""
        self.scope_ids: frozenset[str] | None = None
        """The sidebar filter's papers when it is a set rather than a query ("New since last visit")."""
        self.terms: tuple[str, ...] = ()
        """The searched words, highlighted in the list and the pane."""
        self._debounce: Timer | None = None
        self._started = False
        self._last_request: tuple[str, str] | None = None
        self._select_all_at: int | None = None
        """The row count a pending "select all" waits for (its own, bigger view)."""
        self._shown: ViewRequest | None = None
        self._loading_more = False
        self._seen_version = 0
        self.reader = ReaderPanel(id="reader")
        self.reads = LibraryReads(id="reads")
        self.targets = targets = MainTargets(self)
        self.related = RelatedViews(self)
        self.actions = PaperActions(targets, id="actions")
        self.io = LibraryIO(targets, self.actions.run_write, id="io")
        self.fetcher = LiveFetch(id="fetch")

    # -- layout ---------------------------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield SearchBox(id="search")
        with Horizontal(id="body"):
            yield TagSidebar(id="sidebar")
            with self.reader:
                yield PaperList(self.reads.load_rows, empty_text="No papers match.", id="papers")
                yield AbstractPane(id="pane")
        yield StatusLine(id="status")
        yield Footer(compact=True)
        yield self.reads
        yield self.actions
        yield self.io
        yield self.fetcher

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

    @property
    def library(self) -> Library:
        return papertui_app(self).library

    def on_mount(self) -> None:
        app = papertui_app(self)
        self._seen_version = app.data_version
        self.pane.seen_after_s = app.seen_after_s
        self.papers.focus()
        self.reads.note_index()
        self.refresh_view()  # the tag counts and the index wait for it: see after_first_view()
        self.reads.start_watching()

    def after_first_view(self) -> None:
        """Start what the first paint does not need. Run beside the first view's worker, these took the GIL
        from it: the first paint at 100k papers came ~0.3 s later."""
        if not self._started:
            self._started = True
            self.reads.refresh_counts()
            self.reads.warm_index()

    # -- keys handled here (the others: main_keys.py) --------------------------------------------------------
    def action_remove_papers(self) -> None:
        ask_to_remove(self.actions, self.papers)

    def action_watch_list(self) -> None:
        self.app.push_screen(WatchDialog(self))

    def on_paste(self, event: events.Paste) -> None:
        event.stop()
        line = self.io.paste(event.text)
        if line is not None:  # one line, not a page: search for it
            search = self.query_one(SearchBox)
            search.focus()
            search.value = line

    def action_triage(self) -> None:
        """Triage what the user is looking at: the inbox from "All" or the inbox, else this view in its order."""
        from papertui.tui.screens.triage import TriageScreen

        screen = TriageScreen.of_view(self.view_query, self.sort, self.scope_label, self.text_query, self.scope_ids)
        self.app.push_screen(screen)

    # -- searching ------------------------------------------------------------------------------------------
    @on(SearchBox.Changed, "#search")
    def _typed(self, event: SearchBox.Changed) -> None:
        self.text_query = event.value

    def watch_text_query(self) -> None:
        self._select_all_at = None
        if (self.view_query, self.sort) == self._last_request and self._debounce is None:
            return  # the list already answers (or is about to answer) this: a first letter, a trailing space
        if self._debounce is not None:
            self._debounce.stop()
            self._debounce = None
        debounce_s = papertui_app(self).debounce_s
        if debounce_s <= 0:
            self.refresh_view()
        else:
            self._debounce = self.set_timer(debounce_s, self._search_now)

    def watch_sort(self) -> None:
        self.status.set(sort=self._sort_label())
        self.refresh_view(keep=self.papers.current_id)

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

    def action_toggle_filters(self) -> None:
        visible = self.sidebar.display
        self.set_class(not visible, "-show-sidebar")
        self.set_class(visible, "-hide-sidebar")

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

    def action_back(self) -> None:
        if self.focused is self.pane:
            self.papers.focus()
        elif self.focused is self.sidebar:
            self.set_class(False, "-show-sidebar")
            self.papers.focus()
        elif self.papers.selected:
            self.papers.clear_selection()
        elif self.related.back():
            pass
        elif self.text_query or self.scope_query or self.scope_ids is not None:
            self.query_one(SearchBox).value = ""
            self.sidebar.choose("all")

    def action_cycle_sort(self) -> None:
        self.sort = SORTS[(SORTS.index(self.sort) + 1) % len(SORTS)]

    @property
    def view_query(self) -> str:
        """The search the list answers: sidebar filter and typed text together. A lone typed character is too
        little to search by (it would empty the list or match every paper): the list stays as it was."""
        typed = self.text_query.lstrip()
        if len(typed.strip()) <= 1:
            return self.scope_query.strip()
        # A trailing space stays: it ends the word being typed, which is then a whole word, not a prefix.
        return f"{self.scope_query} {typed}".lstrip()

    def refresh_view(self, keep: str | None = None, limit: int | None = None) -> None:
        request = ViewRequest(
            self.view_query, self.sort, typing=True, keep=keep, limit=limit or SEARCH_LIMIT, within=self.scope_ids
        )
        self._last_request = (request.query, request.sort)
        self.reads.request(request)

    @on(ViewBusy)
    def _view_busy(self) -> None:
        self.status.set(busy=True)

    @on(ViewReady)
    def _view_ready(self, message: ViewReady) -> None:
        self.reads.view_done()
        self.call_after_refresh(self.after_first_view)
        request = message.request
        if request.query != self.view_query or request.sort != self.sort or request.within != self.scope_ids:
            return  # the user has typed on since: a newer search is on its way
        self._shown = request
        self._loading_more = False
        self.terms = message.terms
        self.reader.terms, self.reader.searching = message.terms, bool(request.query)
        show_view(self.papers, self.status, message, self._sort_label(), self.scope_label)
        if self._select_all_at is not None and request.limit >= self._select_all_at:
            self._select_all_at = None
            self.papers.select_all()

    @on(ViewFailed)
    def _view_failed(self, message: ViewFailed) -> None:
        self.reads.view_done()
        self.after_first_view()
        if message.request.query == self.view_query:
            self.status.set(busy=False, hint=message.message)

    def _sort_label(self) -> str:
        if self.sort == "relevance" and self.related.is_related(self.view_query):
            return "similarity"
        return "newest added" if self.sort == "relevance" and not self.view_query else self.sort

    @on(TagSidebar.FilterChosen, "#sidebar")
    def _filter_chosen(self, event: TagSidebar.FilterChosen) -> None:
        self.related.forget()
        self.scope_query, self.scope_ids = event.query, event.ids
        self.scope_label = "" if event.key == "all" else event.label
        self.set_class(False, "-show-sidebar")
        self.refresh_view()
        self.papers.focus()

    # -- list and pane --------------------------------------------------------------------------------------
    @on(PaperList.CursorMoved, "#papers")
    def _cursor_moved(self, event: PaperList.CursorMoved) -> None:
        self._maybe_load_more(event.index)

    def _maybe_load_more(self, index: int) -> None:
        status = self.status.status
        listed = self.papers.row_count
        if self._loading_more or not self.view_query or status.loaded is None or listed >= status.shown:
            return
        if index >= listed - 1:
            self._loading_more = True
            self.refresh_view(keep=self.papers.current_id, limit=listed * 4)

    @on(PaperList.SelectionChanged, "#papers")
    def _selection_changed(self, event: PaperList.SelectionChanged) -> None:
        self.status.set(selected=event.count)

    @on(AbstractPane.ReadLongEnough, "#pane")
    def _read_long_enough(self, event: AbstractPane.ReadLongEnough) -> None:
        """A paper opened and read in the pane counts as seen: it leaves the inbox as kept (see AbstractPane)."""
        hit = self.papers.hit(event.paper_id)
        if self.app.screen is self and hit is not None and hit.triage == "unseen":
            self.actions.run_write("seen", lambda: self.library.set_triage([event.paper_id], "kept"))

    # -- what the components report --------------------------------------------------------------------------
    @on(CountsReady)
    def _counts_ready(self, message: CountsReady) -> None:
        app = papertui_app(self)
        app.tag_names = [name for name, _n in message.counts.tags]
        app.quick_tags = message.quick_tags
        self.sidebar.show_counts(message.counts, message.quick_tags)
        show_watch(self, message.counts)

    @on(IndexProgress)
    def _index_progress(self, message: IndexProgress) -> None:
        show_index_progress(self.status, message)

    @on(IndexReady)
    def _index_ready(self, message: IndexReady) -> None:
        papertui_app(self).freeze_long_lived()
        show_index_ready(self, self.status, message, self.reads.index_existed)

    @on(QuickTagsPinned)
    def _quick_tags_pinned(self) -> None:
        self.reads.refresh_counts()

    @on(FetchProgress)
    def _fetch_progress(self, message: FetchProgress) -> None:
        self.status.set(activity=fetch_activity(message.site, message.done, message.total))

    @on(FetchDone)
    def _fetch_done(self, message: FetchDone) -> None:
        self.status.set(activity=None)
        report = message.result.report if message.result is not None else None
        if report is not None:
            # Listed newest first, the new papers are the top rows: show them rather than keep the old place.
            self.reload_all(to_top=bool(report.new) and self._sort_label() == "newest added")

    @on(ImportDone)
    @on(SearchSaved)
    @on(LibraryChanged)
    def _library_changed(self) -> None:
        self.reload_all()

    def on_change_done(self, message: ChangeDone) -> None:
        app = papertui_app(self)
        if message.verb == "seen":
            # Not a reload: the paper being read must stay in front of the reader even in the inbox view; it
            # leaves that list at the next refresh. The counts and the pane's meta line say it at once.
            app.data_version += 1
            self._seen_version = app.data_version
            self.reads.forget_revisions()  # our own write: the next poll only notes it
            self.notify("Seen: it left the inbox as kept (u undoes)", timeout=3)
            self.reads.refresh_counts()
            if self.pane.paper_id is not None:
                self.pane.load(self.pane.paper_id, self.terms)
            return
        self.actions.after_change(message)
        self.reload_all()

    def reload_all(self, *, to_top: bool = False) -> None:
        """Read the view, the counts and the pane again; `to_top` puts the cursor on the first row."""
        self._seen_version = papertui_app(self).data_version
        self.reads.forget_revisions()  # our own writes moved the revisions: the next poll only notes them
        keep = None if to_top else self.papers.current_id
        self.refresh_view(keep=keep, limit=max(SEARCH_LIMIT, self.papers.row_count))
        self.reads.refresh_counts()
        if keep is not None:
            self.pane.load(keep, self.terms)

    def on_screen_resume(self) -> None:
        # Back from triage (or the welcome screen's import): reload only if something was written meanwhile.
        if self._shown is not None and self._seen_version != papertui_app(self).data_version:
            self.reload_all()
