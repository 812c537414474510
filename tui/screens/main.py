"""MainScreen: search box, filter sidebar, the paper list, the reading pane and a status line.

The view (what the list shows) is a query — the sidebar's filter and the typed text — in a sort order. Every
view is computed in one exclusive thread worker ("search"); a result is shown only if it still answers the
current query and sort (stale ones are dropped). Typing is debounced. An empty query browses the whole library:
the worker returns every id and the rows around the cursor, and the list reads the other rows lazily.
"""

from __future__ import annotations

from papertui.index.highlight import highlight_spans
from papertui.tui.library_ops import sidebar_counts
from papertui.tui.messages import (
    ChangeDone,
    CountsReady,
    IndexProgress,
    IndexReady,
    PaperLoaded,
    ViewFailed,
    ViewReady,
    ViewRequest,
)
from papertui.tui.screens.main_io import LibraryIO
from papertui.tui.screens.paper_actions import PaperActions
from papertui.tui.widgets.abstract_pane import AbstractPane
from papertui.tui.widgets.paper_list import PaperList
from papertui.tui.widgets.search_box import SearchBox
from papertui.tui.widgets.status_line import StatusLine
from papertui.tui.widgets.tag_sidebar import TagSidebar
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Container, Horizontal
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer
from textual.worker import get_current_worker

from papertui.errors import PapertuiError
from papertui.library import SORTS

TYPING_TIME_LIMIT_S = 0.3
SEARCH_LIMIT = 500
"""Search results listed at first; more are read when the cursor reaches the end."""
BROWSE_PRELOAD = 80
"""Rows read with a browse view (around the cursor), so the first paint has no placeholders."""

QUICK_TAG_BINDINGS = [
    Binding(str(n), f"quick_tag({n})", f"Toggle quick tag {n}", show=False, id=f"main.quick_tag_{n}")
    for n in range(1, 10)
]


class MainScreen(LibraryIO, PaperActions, Screen[None]):
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-medium"), (150, "-wide")]

    BINDINGS = [
        Binding("slash", "focus_search", "Search", tooltip="Type to search the whole library", id="main.search"),
        Binding("t", "add_tag", "Tag", tooltip="Add tags to the paper, or to the selected papers", id="main.tag"),
        Binding("T", "remove_tag", "Untag", show=False, tooltip="Remove one of the paper's tags", id="main.untag"),
        Binding("n", "edit_note", "Note", tooltip="Write a Markdown note on the paper", id="main.note"),
        Binding("c", "copy_link", "Copy link", tooltip="Copy the paper's GitHub repository link", id="main.copy_link"),
        Binding("C", "copy_markdown", "Copy as Markdown", show=False, tooltip="Copy [title](link) for a Markdown document", id="main.copy_markdown"),
        Binding("o", "open_link", "Open", show=False, tooltip="Open the repository (or first link) in the browser", id="main.open"),
        Binding("s", "cycle_sort", "Sort", tooltip="Cycle the order: relevance, date, upvotes, title", id="main.sort"),
        Binding("u", "undo", "Undo", show=False, tooltip="Undo the last change to tags, notes or triage", id="main.undo"),
        Binding("ctrl+r", "redo", "Redo", show=False, tooltip="Redo what was undone", id="main.redo"),
        Binding("x", "export", "Export", show=False, tooltip="Write the view, the selection or a tag to a file", id="main.export"),
        Binding("i", "import", "Import", show=False, tooltip="Add papers from a saved page or the clipboard", id="main.import"),
        Binding("ctrl+t", "triage", "Triage", tooltip="Walk the unseen papers one at a time", id="main.triage"),
        Binding("f", "focus_filters", "Filters", show=False, tooltip="Show the filters: inbox, tags, saved searches", id="main.filters"),
        Binding("S", "save_search", "Save search", show=False, tooltip="Keep the current search in the sidebar", id="main.save_search"),
        Binding("escape", "back", "Back", show=False, tooltip="Back to the list; clear the selection, then the search", id="main.back"),
        *QUICK_TAG_BINDINGS,
    ]

    PALETTE_EXTRAS: ClassVar[list[tuple[str, str, str]]] = [
        ("Import from the clipboard", "import_clipboard", "read a copied Hugging Face papers page"),
        ("Load the demo library", "load_demo", "add the built-in sample papers to this library"),
        ("Rename a tag…", "rename_tag", "on every paper that has it"),
        ("Delete a tag…", "delete_tag", "from every paper (u undoes)"),
        ("Delete a saved search…", "delete_saved_search", ""),
        ("Clear the selection", "clear_selection", ""),
        ("Show or hide the filters", "toggle_filters", "the tag sidebar"),
    ]

    def __init__(self) -> None:
        super().__init__(id="main")
        self.sort = "relevance"
        self.text_query = ""
        self.scope_query = ""
        self.scope_label = ""
        self.terms: tuple[str, ...] = ()
        self._debounce: Timer | None = None
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
        self._seen_version = self.app.data_version
        self.papers.focus()
        self.refresh_view()
        self.refresh_counts()
        # A first build (no index folder yet) is expected; only a rebuild of a damaged index is news.
        self._index_existed = self.library.paths.index_dir.exists()
        self._warm_index()

    # -- PaperActions hooks ---------------------------------------------------------------------------------
    def target_ids(self) -> list[str]:
        selected = self.papers.selected
        if selected:
            return [i for i in self.papers.ids if i in selected] if len(selected) < 5000 else sorted(selected)
        pid = self.papers.current_id
        return [pid] if pid else []

    def current_paper_id(self) -> str | None:
        return self.papers.current_id

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

    def action_triage(self) -> None:
        from papertui.tui.screens.triage import TriageScreen

        self.app.push_screen(TriageScreen())

    # -- the view -------------------------------------------------------------------------------------------
    @property
    def view_query(self) -> str:
        """The search the list answers: sidebar filter and typed text together."""
        return f"{self.scope_query} {self.text_query}".strip()

    def refresh_view(self, keep: str | None = None, limit: int = SEARCH_LIMIT) -> None:
        request = ViewRequest(self.view_query, self.sort, typing=True, keep=keep, limit=limit)
        self.status.set(busy=True)
        if self._searching:
            # One search at a time: parallel searches would only fight over the GIL and the disk, and every
            # one but the last is stale anyway. Only the newest waiting request is kept.
            self._queued = request
        else:
            self._searching = True
            self._view_worker(request)

    def _view_finished(self) -> None:
        self._searching = False
        if self._queued is not None:
            request, self._queued = self._queued, None
            self._searching = True
            self._view_worker(request)

    @work(thread=True, group="search")
    def _view_worker(self, request: ViewRequest) -> None:
        lib = self.library
        message: ViewReady | ViewFailed
        try:
            if not request.query:
                ids = lib.browse(request.sort)
                at = ids.index(request.keep) if request.keep in ids else 0
                start = max(0, at - BROWSE_PRELOAD // 2)
                rows = lib.rows(ids[start : start + BROWSE_PRELOAD])
                message = ViewReady(request, ids, rows, (), len(ids), len(ids))
            else:
                result = lib.search(
                    request.query,
                    limit=request.limit,
                    sort=request.sort,
                    typing=request.typing,
                    time_limit_s=TYPING_TIME_LIMIT_S,
                )
                hits = list(result.hits)
                size = lib.catalog.count()
                message = ViewReady(
                    request,
                    [h.id for h in hits],
                    hits,
                    result.terms,
                    result.total,
                    size,
                    result.hint,
                    result.partial,
                )
        except PapertuiError as exc:
            message = ViewFailed(request, str(exc))
        except Exception as exc:  # a bug in a search must not take the app down: say so in the status line
            message = ViewFailed(request, f"search failed ({type(exc).__name__}: {exc})")
        self.post_message(message)

    def on_view_ready(self, message: ViewReady) -> None:
        self._view_finished()
        request = message.request
        if request.query != self.view_query or request.sort != self.sort:
            return  # the user has typed on since: a newer search is on its way
        self._shown = request
        self._loading_more = False
        self.terms = message.terms
        terms = message.terms
        finder = (lambda text: highlight_spans(text, terms)) if terms else None
        self.papers.set_rows(message.ids, message.hits, span_finder=finder, keep=request.keep)
        self.status.set(
            shown=message.total,
            total=message.library_size,
            loaded=len(message.ids) if request.query else None,
            sort=self._sort_label(),
            scope=self.scope_label,
            hint=message.hint
            or ("search cut short: showing the best found so far" if message.partial else None),
            busy=False,
        )

    def on_view_failed(self, message: ViewFailed) -> None:
        self._view_finished()
        if message.request.query == self.view_query:
            self.status.set(busy=False, hint=message.message)

    def _sort_label(self) -> str:
        return "newest added" if self.sort == "relevance" and not self.view_query else self.sort

    def _load_rows(self, ids):
        """The list's lazy row loader (called in the list's worker thread)."""
        return self.library.rows(ids)

    # -- searching ------------------------------------------------------------------------------------------
    @on(SearchBox.Changed, "#search")
    def _typed(self, event: SearchBox.Changed) -> None:
        self.text_query = event.value
        if self._debounce is not None:
            self._debounce.stop()
            self._debounce = None
        if self.app.debounce_s <= 0:
            self.refresh_view()
        else:
            self._debounce = self.set_timer(self.app.debounce_s, self._search_now)

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
        if event.paper_id is None:
            self.pane.show_nothing(
                "No paper here." if not self.view_query else "No paper matches the search."
            )
        else:
            self._load_paper(event.paper_id)
        self._maybe_load_more(event.index)

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

    # -- counts ---------------------------------------------------------------------------------------------
    def refresh_counts(self) -> None:
        self._counts_worker(dict(self.app.ui_state.load().saved_searches))

    @work(thread=True, exclusive=True, group="counts")
    def _counts_worker(self, saved: dict[str, str]) -> None:
        try:
            counts = sidebar_counts(self.library, saved)
        except PapertuiError:
            return
        self.post_message(CountsReady(counts))

    def on_counts_ready(self, message: CountsReady) -> None:
        self.app.tag_names = [name for name, _n in message.counts.tags]
        self.sidebar.show_counts(message.counts)

    # -- after writes ---------------------------------------------------------------------------------------
    def on_change_done(self, message: ChangeDone) -> None:
        self.after_change(message)
        self.reload_all()

    def reload_all(self) -> None:
        self._seen_version = self.app.data_version
        keep = self.papers.current_id
        self.refresh_view(keep=keep, limit=max(SEARCH_LIMIT, self.papers.row_count))
        self.refresh_counts()
        if keep is not None:
            self._load_paper(keep)

    def on_screen_resume(self) -> None:
        # Back from triage (or the welcome screen's import): reload only if something was written meanwhile.
        if self._shown is not None and self._seen_version != self.app.data_version:
            self.reload_all()

    # -- the search index -----------------------------------------------------------------------------------
    @work(thread=True, exclusive=True, group="index")
    def _warm_index(self) -> None:
        """Open (or rebuild) the search index now, so the first typed key does not wait for it."""
        last = [-1]

        def progress(done: int, total: int) -> None:
            pct = int(100 * done / total) if total else 100
            if pct >= last[0] + 5:
                last[0] = pct
                self.post_message(IndexProgress(done, total))

        try:
            self.library.index(progress)
        except PapertuiError as exc:
            self.post_message(IndexReady(str(exc)))
            return
        self.post_message(IndexReady(self.library.last_index_message))

    def on_index_progress(self, message: IndexProgress) -> None:
        pct = int(100 * message.done / message.total) if message.total else 100
        self.status.set(hint=f"building the search index… {pct}%")

    def on_index_ready(self, message: IndexReady) -> None:
        if self.status.status.hint and self.status.status.hint.startswith("building the search index"):
            self.status.set(hint=None)
        if message.message and self._index_existed:
            self.notify(message.message, title="Search index")
