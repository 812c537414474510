"""Live sources into the library: fetch Hugging Face daily papers or an arXiv API query, then import what
arrived through `Library.import_papers`. Behind `Library.fetch_hf` / `Library.fetch_arxiv`, so the CLI and the
app share one path.

A fetch that stops early (offline, a server that keeps failing) still imports the papers that arrived; the
report carries the one-line error so the caller can show it and exit non-zero.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from papertui.ingest.fetch_http import HttpFetcher
from papertui.ingest.fetch_sources import (
    ARXIV_INTERVAL,
    FetchOutcome,
    arxiv_base_url,
    fetch_arxiv,
    fetch_hf_daily,
    hf_base_url,
)
from papertui.ingest.filters import NO_FILTER, RecordFilter

if TYPE_CHECKING:
    from papertui.library import ImportReport
    from papertui.library_imports import LibraryImports

Progress = Callable[[int, int], None]


@dataclass(frozen=True, slots=True)
class FetchReport:
    source: str
    """What was fetched, in words ("Hugging Face daily papers 2024-12-03")."""
    fetched: int
    """Papers that arrived (before --category / --since)."""
    requests: int
    report: ImportReport | None
    """The import of what arrived; None when nothing did."""
    error: str | None
    """Why the fetch stopped early (one line); None when it completed."""


def fetch_hf_into(
    lib: LibraryImports,
    dates: Sequence[str],
    *,
    record_filter: RecordFilter = NO_FILTER,
    progress: Progress | None = None,
    fetcher: HttpFetcher | None = None,
) -> FetchReport:
    source = f"Hugging Face daily papers {dates[-1]}" + (f" to {dates[0]}" if len(dates) > 1 else "")
    client = fetcher or HttpFetcher(hf_base_url())
    try:
        outcome = fetch_hf_daily(client, dates, progress)
    finally:
        client.close()
    return _import(lib, source, "hf-json", outcome, record_filter)


def fetch_arxiv_into(
    lib: LibraryImports,
    search_query: str,
    max_results: int,
    *,
    record_filter: RecordFilter = NO_FILTER,
    progress: Progress | None = None,
    fetcher: HttpFetcher | None = None,
) -> FetchReport:
    source = f"arXiv query {search_query}"
    client = fetcher or HttpFetcher(arxiv_base_url(), min_interval=ARXIV_INTERVAL)
    try:
        outcome = fetch_arxiv(client, search_query, max_results, progress=progress)
    finally:
        client.close()
    return _import(lib, source, "arxiv-atom", outcome, record_filter)


def _import(
    lib: LibraryImports, source: str, reader: str, outcome: FetchOutcome, record_filter: RecordFilter
) -> FetchReport:
    report = None
    if outcome.papers:
        report = lib.import_papers(
            outcome.papers, source, reader=reader, warnings=outcome.warnings, record_filter=record_filter
        )
    return FetchReport(source, len(outcome.papers), outcome.requests, report, outcome.error)
