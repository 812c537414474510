"""ViewWorkers: the main screen's background reads — the view (search or browse), the sidebar counts and the
search index warm-up — each in a thread worker that reports with a message.

The view is a query (the sidebar's filter and the typed text) in a sort order. One search runs at a time: a
request made meanwhile waits, and only the newest waiting one is kept, since every other would be stale. A
result is shown only if it still answers the current query and sort. An empty query browses the whole library:
the worker returns every id and the rows around the cursor, and the list reads the other rows lazily.

A mixin for MainScreen (handlers use `on_*` names: `@on` is not collected from mixins).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual import work

from papertui.errors import PapertuiError
from papertui.index.highlight import highlight_spans
from papertui.tui.messages import (
    CountsReady,
    IndexProgress,
    IndexReady,
    RevsRead,
    ViewFailed,
    ViewReady,
    ViewRequest,
)
from papertui.tui.ui_state import assign_quick_tags

if TYPE_CHECKING:
    from textual.timer import Timer

    from papertui.library import Library
    from papertui.tui.app import PapertuiApp
    from papertui.tui.widgets.paper_list import PaperList
    from papertui.tui.widgets.status_line import StatusLine
    from papertui.tui.widgets.tag_sidebar import TagSidebar

TYPING_TIME_LIMIT_S = 0.3
SEARCH_LIMIT = 500
"""Search results listed at first; more are read when the cursor reaches the end."""
BROWSE_PRELOAD = 80
"""Rows read with a browse view (around the cursor), so the first paint has no placeholders."""
WATCH_INTERVAL_S = 5.0
"""How often the library is checked for changes made by another process."""
BUSY_AFTER_S = 0.25
"""A search still running this long is said to be in the status line ("searching…")."""


class ViewWorkers:
    app: PapertuiApp
    library: Library
    papers: PaperList
    status: StatusLine
    sidebar: TagSidebar
    post_message: Any
    notify: Any
    set_interval: Any
    set_timer: Any
    call_after_refresh: Any
    sort: str
    text_query: str
    scope_query: str
    scope_label: str
    terms: tuple[str, ...]
    _shown: ViewRequest | None
    _loading_more: bool
    _searching: bool
    _queued: ViewRequest | None
    _busy_timer: Timer | None
    _last_request: tuple[str, str] | None
    _index_existed: bool

    # -- the view -------------------------------------------------------------------------------------------
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
        request = ViewRequest(self.view_query, self.sort, typing=True, keep=keep, limit=limit or SEARCH_LIMIT)
        self._last_request = (request.query, request.sort)
        if self._busy_timer is None:
            # Said only for a search that takes noticeably long: redrawing the status line for every key cost
            # a whole extra screen update per key.
            self._busy_timer = self.set_timer(BUSY_AFTER_S, self._say_busy)
        if self._searching:
            # One search at a time: parallel searches would only fight over the GIL and the disk, and every
            # one but the last is stale anyway. Only the newest waiting request is kept.
            self._queued = request
        else:
            self._searching = True
            self._view_worker(request)

    def _say_busy(self) -> None:
        self._busy_timer = None
        if self._searching:
            self.status.set(busy=True)

    def _view_finished(self) -> None:
        self._searching = False
        if self._queued is not None:
            request, self._queued = self._queued, None
            self._searching = True
            self._view_worker(request)
        elif self._busy_timer is not None:
            self._busy_timer.stop()
            self._busy_timer = None

    @work(thread=True, exclusive=True, group="search")
    def _view_worker(self, request: ViewRequest) -> None:
        lib = self.library
        message: ViewReady | ViewFailed
        try:
            if not request.query:
                ids = lib.browse(request.sort)
                at = ids.index(request.keep) if request.keep in ids else 0
                start = max(0, at - BROWSE_PRELOAD // 2)
                rows = lib.rows(ids[start : start + BROWSE_PRELOAD])
                missing = lib.missing_note(ids, len(ids), request.sort)
                message = ViewReady(request, ids, rows, (), len(ids), len(ids), missing=missing)
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

    def on_view_ready(self, message: ViewReady) -> None:
        self._view_finished()
        self.call_after_refresh(self.after_first_view)
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
            missing=message.missing,
            about=message.estimate,
            notice=message.notice,
            hint=message.hint or ("search cut short: showing the best found so far" if message.partial else None),
            busy=False,
        )
        self.view_shown(request)

    def on_view_failed(self, message: ViewFailed) -> None:
        self._view_finished()
        self.after_first_view()
        if message.request.query == self.view_query:
            self.status.set(busy=False, hint=message.message)

    def _sort_label(self) -> str:
        return "newest added" if self.sort == "relevance" and not self.view_query else self.sort

    def _load_rows(self, ids):
        """The list's lazy row loader (called in the list's worker thread)."""
        return self.library.rows(ids)

    # -- counts ---------------------------------------------------------------------------------------------
    def refresh_counts(self) -> None:
        self._counts_worker(dict(self.app.ui_state.load().saved_searches))

    @work(thread=True, exclusive=True, group="counts")
    def _counts_worker(self, saved: dict[str, str]) -> None:
        try:
            counts = self.library.sidebar_counts(saved)
        except PapertuiError:
            return
        names = [name for name, _n in counts.tags]
        try:
            quick = self.app.ui_state.settle_quick_tags(names)
        except (OSError, PapertuiError):  # the numbers are a convenience: unsaved, they still work this session
            quick = assign_quick_tags(self.app.quick_tags, names)
        self.post_message(CountsReady(counts, quick))

    def on_counts_ready(self, message: CountsReady) -> None:
        self.app.tag_names = [name for name, _n in message.counts.tags]
        self.app.quick_tags = message.quick_tags
        self.sidebar.show_counts(message.counts, message.quick_tags)

    # -- the search index -----------------------------------------------------------------------------------
    @work(thread=True, exclusive=True, group="index")
    def _warm_index(self, rebuild: bool = False) -> None:
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

    def on_index_progress(self, message: IndexProgress) -> None:
        pct = int(100 * message.done / message.total) if message.total else 100
        self.status.set(hint=f"building the search index… {pct}%")

    def on_index_ready(self, message: IndexReady) -> None:
        self.app.freeze_long_lived()
        if self.status.status.hint and self.status.status.hint.startswith("building the search index"):
            self.status.set(hint=None)
        if message.failed:
            self.notify(
                f"The search index cannot be used ({message.message}). Browsing works; to search again, fix "
                "the index folder's permissions, or rebuild it: ctrl+p → Rebuild the search index",
                title="Search index",
                severity="error",
                timeout=30,
            )
        elif message.message and self._index_existed:
            self.notify(message.message, title="Search index")

    def action_rebuild_index(self) -> None:
        self.notify("Rebuilding the search index…", title="Search index")
        self._index_existed = True
        self._warm_index(rebuild=True)

    # -- changes made by other processes ---------------------------------------------------------------------
    def watch_library(self) -> None:
        """Notice imports and edits made elsewhere (the CLI in another terminal) every few seconds."""
        self._revs: tuple[int, int] | None = None
        self.set_interval(WATCH_INTERVAL_S, self._poll_revs)

    def _poll_revs(self) -> None:
        if self.app.screen is self:  # only the visible screen needs to be current
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
            self.reload_all()

    def reload_all(self) -> None:
        raise NotImplementedError

    def after_first_view(self) -> None:
        raise NotImplementedError

    def view_shown(self, request: ViewRequest) -> None:
        raise NotImplementedError
