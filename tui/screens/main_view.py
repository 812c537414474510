"""What the main screen shows for a view and for the search index: the list's rows and the status line from a
ViewReady, the index's progress and its one notice. Functions of the widgets they draw, so the screen's
handlers stay one line each."""

from __future__ import annotations

from textual.widget import Widget

from papertui.index.highlight import highlight_spans
from papertui.tui.messages import IndexProgress, IndexReady, ViewReady
from papertui.tui.widgets.paper_list import PaperList, SpanFinder
from papertui.tui.widgets.status_line import StatusLine

INDEX_BUILDING = "building the search index"


def show_view(papers: PaperList, status: StatusLine, message: ViewReady, sort_label: str, scope: str) -> None:
    """The view's rows in the list (search terms highlighted) and its counts in the status line."""
    request = message.request
    terms = message.terms
    finder: SpanFinder | None = (lambda text: highlight_spans(text, terms)) if terms else None
    papers.set_rows(message.ids, message.hits, span_finder=finder, keep=request.keep)
    status.set(
        shown=message.total,
        total=message.library_size,
        loaded=len(message.ids) if request.query else None,
        sort=sort_label,
        scope=scope,
        missing=message.missing,
        about=message.estimate,
        notice=message.notice,
        hint=message.hint or ("search cut short: showing the best found so far" if message.partial else None),
        busy=False,
    )


def show_index_progress(status: StatusLine, message: IndexProgress) -> None:
    pct = int(100 * message.done / message.total) if message.total else 100
    status.set(hint=f"{INDEX_BUILDING}… {pct}%")


def show_index_ready(screen: Widget, status: StatusLine, message: IndexReady, index_existed: bool) -> None:
    """Clear the progress hint; say a failure, or a rebuild of an index that was there (a first build is no
    news)."""
    if status.status.hint and status.status.hint.startswith(INDEX_BUILDING):
        status.set(hint=None)
    if message.failed:
        screen.notify(
            f"The search index cannot be used ({message.message}). Browsing works; to search again, fix "
            "the index folder's permissions, or rebuild it: ctrl+p → Rebuild the search index",
            title="Search index",
            severity="error",
            timeout=30,
        )
    elif message.message and index_existed:
        screen.notify(message.message, title="Search index")
