"""LibraryReads: the main screen's background reads — the view (search or browse), the sidebar counts, the
search index warm-up and the look for changes made by another process — each in its own thread worker that
reports with a message bubbling to the screen (ViewReady/ViewFailed, ViewBusy, CountsReady, IndexProgress/
IndexReady, LibraryChanged). The screen decides what to show; this component never touches another widget.

One search runs at a time: a request made meanwhile waits, and only the newest waiting one is kept, since every
other would be stale. An empty query browses the whole library: the worker returns every id and the rows around
the cursor, and the list reads the other rows lazily.
"""

from __future__ import annotations

from collections.abc import Sequence

from textual import work
from textual.timer import Timer
from textual.widget import Widget

from papertui.errors import PapertuiError
from papertui.index.records import Hit
from papertui.library import Library
from papertui.tui.app_context import papertui_app
from papertui.tui.messages import (
    CountsReady,
    IndexProgress,
    IndexReady,
    LibraryChanged,
    RevsRead,
    ViewBusy,
    ViewFailed,
    ViewReady,
    ViewRequest,
)
from papertui.tui.ui_state import assign_quick_tags

TYPING_TIME_LIMIT_S = 0.3
SEARCH_LIMIT = 500
"""Search results listed at first; more are read when the cursor reaches the end."""
BROWSE_PRELOAD = 80
"""Rows read with a browse view (around the cursor), so the first paint has no placeholders."""
WATCH_INTERVAL_S = 5.0
"""How often the library is checked for changes made by another process."""
BUSY_AFTER_S = 0.25
"""A search still running this long is said to be in the status line ("searching…")."""


class LibraryReads(Widget):
    """The reads behind the main screen's view (see module docstring)."""

    DEFAULT_CSS = "LibraryReads { display: none; }"

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.searching = False
        """A view worker is running (its answer has not been handled yet)."""
        self._queued: ViewRequest | None = None
        self._busy_timer: Timer | None = None
        self._revs: tuple[int, int] | None = None
        self.index_existed = False
        """The index folder was there at start (or a rebuild was asked for): its news is worth a notice."""

    @property
    def library(self) -> Library:
        return papertui_app(self).library

    # -- the view -------------------------------------------------------------------------------------------
    def request(self, request: ViewRequest) -> None:
        """Read this view; the answer comes as ViewReady or ViewFailed (then call view_done())."""
        if self._busy_timer is None:
            # Said only for a search that takes noticeably long: redrawing the status line for every key cost
            # a whole extra screen update per key.
            self._busy_timer = self.set_timer(BUSY_AFTER_S, self.say_busy)
        if self.searching:
            # One search at a time: parallel searches would only fight over the GIL and the disk, and every
            # one but the last is stale anyway. Only the newest waiting request is kept.
            self._queued = request
        else:
            self.searching = True
            self._view_worker(request)

    def say_busy(self) -> None:
        """The busy timer's end: a search still running is said (ViewBusy)."""
        self._busy_timer = None
        if self.searching:
            self.post_message(ViewBusy())

    def view_done(self) -> None:
        """The screen has handled a view's answer: start the waiting request, if any."""
        self.searching = False
        if self._queued is not None:
            request, self._queued = self._queued, None
            self.searching = True
            self._view_worker(request)
        elif self._busy_timer is not None:
            self._busy_timer.stop()
            self._busy_timer = None

    @work(thread=True, exclusive=True, group="search")
    def _view_worker(self, request: ViewRequest) -> None:
        lib = self.library
        message: ViewReady | ViewFailed
        try:
            if request.within is not None:
                message = within_view(lib, request)
            elif not request.query:
                ids = lib.browse(request.sort)
                message = listed(lib, request, ids, len(ids))
            else:
                result = lib.search(
                    request.query,
                    limit=request.limit,
                    sort=request.sort,
                    typing=request.typing,
                    # Only a list of what is typed must come back in time; more rows are asked for on purpose.
                    time_limit_s=TYPING_TIME_LIMIT_S if request.limit <= SEARCH_LIMIT else None,
                )
                hits = list(result.hits)
                size = lib.count()
                message = ViewReady(
                    request,
                    [h.id for h in hits],
                    hits,
                    result.terms,
                    result.total,
                    size,
                    result.hint,
                    result.partial,
                    lib.missing_note([h.id for h in hits], result.total, request.sort),
                    estimate=result.total_is_estimate or result.partial,
                    notice=result.notice,
                )
        except PapertuiError as exc:
            message = ViewFailed(request, str(exc))
        except Exception as exc:  # a bug in a search must not take the app down: say so in the status line
            message = ViewFailed(request, f"search failed ({type(exc).__name__}: {exc})")
        self.post_message(message)

    def load_rows(self, ids: Sequence[str]) -> list[Hit]:
        """The list's lazy row loader (called in the list's worker thread)."""
        return self.library.rows(ids)

    # -- counts ---------------------------------------------------------------------------------------------
    def refresh_counts(self) -> None:
        self._counts_worker(dict(papertui_app(self).ui_state.load().saved_searches))

    @work(thread=True, exclusive=True, group="counts")
    def _counts_worker(self, saved: dict[str, str]) -> None:
        try:
            counts = self.library.sidebar_counts(saved, papertui_app(self).previous_visit)
        except PapertuiError:
            return
        names = [name for name, _n in counts.tags]
        try:
            quick = papertui_app(self).ui_state.settle_quick_tags(names)
        except (OSError, PapertuiError):  # the numbers are a convenience: unsaved, they still work this session
            quick = assign_quick_tags(papertui_app(self).quick_tags, names)
        self.post_message(CountsReady(counts, quick))

    # -- the search index -----------------------------------------------------------------------------------
    def note_index(self) -> None:
        # A first build (no index folder yet) is expected; only a rebuild of a damaged index is news.
        self.index_existed = self.library.has_index()

    def rebuild_index(self) -> None:
        self.notify("Rebuilding the search index…", title="Search index")
        self.index_existed = True
        self.warm_index(rebuild=True)

    @work(thread=True, exclusive=True, group="index")
    def warm_index(self, rebuild: bool = False) -> None:
        """Open (or rebuild) the search index now, so the first typed key does not wait for it."""
        last = [-1]

        def progress(done: int, total: int) -> None:
            pct = int(100 * done / total) if total else 100
            if pct >= last[0] + 5:
                last[0] = pct
                self.post_message(IndexProgress(done, total))

        try:
            if rebuild:
                self.library.rebuild_index(progress, spawn=True)
            self.library.index(progress, spawn=True).warm()
        except (PapertuiError, OSError) as exc:
            # An unreadable index folder (permissions) must not take the app down: browsing still works.
            why = str(exc) if isinstance(exc, PapertuiError) else f"{exc.strerror or exc}: {exc.filename}"
            self.post_message(IndexReady(why, failed=True))
            return
        self.post_message(IndexReady(self.library.last_index_message))

    # -- changes made by other processes ---------------------------------------------------------------------
    def start_watching(self) -> None:
        """Notice imports and edits made elsewhere (the CLI in another terminal) every few seconds."""
        self._revs = None
        self.set_interval(WATCH_INTERVAL_S, self.poll_revs)

    def forget_revisions(self) -> None:
        """Our own writes moved the revisions: the next poll only notes where the library is."""
        self._revs = None

    def poll_revs(self) -> None:
        if self.app.screen is self.screen:  # only the visible screen needs to be current
            self._revs_worker()

    @work(thread=True, exclusive=True, group="watch")
    def _revs_worker(self) -> None:
        try:
            revs = self.library.revisions()
        except PapertuiError:
            return
        self.post_message(RevsRead(revs))

    def on_revs_read(self, message: RevsRead) -> None:
        known, self._revs = self._revs, message.revs
        if known is not None and known != message.revs:
            self.post_message(LibraryChanged())


def within_view(lib: Library, request: ViewRequest) -> ViewReady:
    """A view of a set of papers (request.within), searched by the typed words, if any: every match is read,
    then kept when it is in the set; the rows around the cursor come with it, the list reads the others."""
    within = request.within or frozenset()
    terms: tuple[str, ...] = ()
    hint = None
    if request.query:
        result = lib.search(request.query, limit=1_000_000, sort=request.sort, typing=request.typing)
        ids, terms, hint = [h.id for h in result.hits if h.id in within], result.terms, result.hint
    else:
        ids = [i for i in lib.browse(request.sort) if i in within]
    return listed(lib, request, ids, lib.count(), terms, hint)


def listed(
    lib: Library, request: ViewRequest, ids: list[str], size: int, terms: tuple[str, ...] = (), hint: str | None = None
) -> ViewReady:
    """A view of every paper in `ids` (a library of `size`), with the rows around the cursor read now: the list
    reads the others when they come into sight."""
    at = ids.index(request.keep) if request.keep in ids else 0
    start = max(0, at - BROWSE_PRELOAD // 2)
    rows = lib.rows(ids[start : start + BROWSE_PRELOAD])
    missing = lib.missing_note(ids, len(ids), request.sort)
    return ViewReady(request, ids, rows, terms, len(ids), size, hint, missing=missing)
