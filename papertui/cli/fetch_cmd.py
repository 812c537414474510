"""`papertui fetch hf|arxiv`: fetch papers live and import them, as `papertui import` does for a file."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from typing import TYPE_CHECKING

from papertui.cli.output import ProgressBar, emit_json
from papertui.errors import PapertuiError, UsageError
from papertui.ingest.filters import RecordFilter

if TYPE_CHECKING:
    from papertui.ingest.fetch_http import HttpFetcher
    from papertui.ingest.fetch_sources import FetchOutcome
    from papertui.library import Library

SUMMARY = "fetch papers live from Hugging Face daily papers or the arXiv API, and import them"
EXAMPLE = "papertui fetch hf --days 3\n  papertui fetch arxiv --category cs.CL --query 'retrieval' --max 200"
MAX_ARXIV = 2000


def add_parser(p: argparse.ArgumentParser) -> None:
    p.add_argument("site", choices=("hf", "arxiv"), help="hf: Hugging Face daily papers; arxiv: the arXiv API")
    p.add_argument("--date", metavar="YYYY-MM-DD", help="hf: the daily papers of this day (default today, UTC)")
    p.add_argument("--days", type=int, metavar="N", help="hf: the daily papers of the last N days, today included")
    p.add_argument("--query", metavar="Q", help="arxiv: words, or arXiv query syntax (ti:, au:, abs:, cat: ...)")
    p.add_argument("--max", type=int, default=100, metavar="N", help="arxiv: most papers to fetch (default 100)")
    p.add_argument("--json", action="store_true", help="print the report as JSON")


def _fetcher(base_url: str, min_interval: float = 0.0) -> HttpFetcher:
    # Imported here, not at the top: the parser imports this module, and `papertui --help` need not load httpx.
    from papertui.ingest import fetch_http

    return fetch_http.HttpFetcher(base_url, min_interval=min_interval)


def cmd_fetch(args) -> int:
    from papertui.cli.library_cmds import open_library
    from papertui.ingest.fetch_sources import (
        ARXIV_INTERVAL,
        arxiv_base_url,
        arxiv_search_query,
        fetch_arxiv,
        fetch_hf_daily,
        hf_base_url,
        hf_dates,
    )

    record_filter = RecordFilter.from_options(args.category, args.since)
    bar = ProgressBar(f"fetching {args.site}")
    if args.site == "hf":
        if args.query is not None or args.category:
            raise UsageError("--query and --category are for arxiv: Hugging Face daily papers have no categories")
        if args.date is not None and args.days is not None:
            raise UsageError("give --date or --days, not both")
        try:
            dates = hf_dates(args.date, args.days, dt.datetime.now(dt.UTC).date())
        except PapertuiError as exc:
            raise UsageError(str(exc)) from None
        fetcher = _fetcher(hf_base_url())
        source = f"Hugging Face daily papers {dates[-1]}" + (f" to {dates[0]}" if len(dates) > 1 else "")
        outcome = fetch_hf_daily(fetcher, dates, bar)
        reader = "hf-json"
    else:
        if args.date is not None or args.days is not None:
            raise UsageError("--date and --days are for hf; use --since to keep recent arXiv papers")
        if not 1 <= args.max <= MAX_ARXIV:
            raise UsageError(f"--max takes 1 to {MAX_ARXIV}")
        try:
            query = arxiv_search_query(args.query, args.category)
        except PapertuiError as exc:
            raise UsageError(str(exc)) from None
        fetcher = _fetcher(arxiv_base_url(), ARXIV_INTERVAL)
        source = f"arXiv query {query}"
        outcome = fetch_arxiv(fetcher, query, args.max, progress=bar)
        reader = "arxiv-atom"
    fetcher.close()
    return _import_outcome(args, open_library(), source, reader, outcome, record_filter)


def _import_outcome(
    args: argparse.Namespace,
    lib: Library,
    source: str,
    reader: str,
    outcome: FetchOutcome,
    record_filter: RecordFilter,
) -> int:
    """Import what arrived (even when the fetch stopped early), then report the fetch's error: exit 1."""
    from papertui.cli.library_cmds import _ready_index

    reports, errors = [], []
    status = 0
    try:
        if outcome.papers:
            report = lib.import_papers(
                outcome.papers, source, reader=reader, warnings=outcome.warnings, record_filter=record_filter
            )
            reports.append(report)
            if not args.json:
                print(
                    f"{source}: {report.found} papers found, {report.new} new, {report.known} already known, "
                    f"{report.with_code} with code"
                )
                for warning in report.warnings:
                    print(f"papertui: warning: {warning}", file=sys.stderr)
            _ready_index(lib)
        elif outcome.error is None and not args.json:
            print(f"{source}: no papers")
    except PapertuiError as exc:
        status = exc.exit_code
        errors.append({"source": source, "error": str(exc)})
        print(f"papertui: error: {exc}", file=sys.stderr)
    if outcome.error is not None:
        status = max(status, 1)
        kept = f" (kept the {len(outcome.papers)} papers that arrived)" if outcome.papers else ""
        errors.append({"source": source, "error": outcome.error})
        print(f"papertui: error: {outcome.error}{kept}", file=sys.stderr)
    if args.json:
        emit_json(
            {
                "sources": [r.as_dict() for r in reports],
                "errors": errors,
                "papers": lib.count(),
                "requests": outcome.requests,
            }
        )
    lib.close()
    return status
