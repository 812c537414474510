"""`papertui fetch hf|arxiv`: fetch papers live and import them, as `papertui import` does for a file."""

from __future__ import annotations

import argparse
import datetime as dt
import sys

from papertui.cli.output import ProgressBar, emit_json
from papertui.errors import PapertuiError, UsageError
from papertui.ingest.filters import RecordFilter

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


def cmd_fetch(args) -> int:
    from papertui.cli.library_cmds import _ready_index, open_library
    from papertui.ingest.fetch_sources import arxiv_search_query, hf_dates

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
        lib = open_library()
        fetch = lambda: lib.fetch_hf(dates, record_filter=record_filter, progress=bar)  # noqa: E731
    else:
        if args.date is not None or args.days is not None:
            raise UsageError("--date and --days are for hf; use --since to keep recent arXiv papers")
        if not 1 <= args.max <= MAX_ARXIV:
            raise UsageError(f"--max takes 1 to {MAX_ARXIV}")
        try:
            query = arxiv_search_query(args.query, args.category)
        except PapertuiError as exc:
            raise UsageError(str(exc)) from None
        lib = open_library()
        fetch = lambda: lib.fetch_arxiv(query, args.max, record_filter=record_filter, progress=bar)  # noqa: E731
    try:
        result = fetch()
    except PapertuiError:
        lib.close()
        raise
    status = 0
    errors = []
    report = result.report
    if report is not None:
        if not args.json:
            print(
                f"{result.source}: {report.found} papers found, {report.new} new, {report.known} already known, "
                f"{report.with_code} with code"
            )
            for warning in report.warnings:
                print(f"papertui: warning: {warning}", file=sys.stderr)
        try:
            _ready_index(lib)
        except PapertuiError as exc:
            print(f"papertui: warning: imported, but the search index could not be updated ({exc})", file=sys.stderr)
    elif result.error is None and not args.json:
        print(f"{result.source}: no papers")
    if result.error is not None:
        status = 1
        kept = f" (kept the {result.fetched} papers that arrived)" if result.fetched else ""
        errors.append({"source": result.source, "error": result.error})
        print(f"papertui: error: {result.error}{kept}", file=sys.stderr)
    if args.json:
        emit_json(
            {
                "sources": [report.as_dict()] if report is not None else [],
                "errors": errors,
                "papers": lib.count(),
                "requests": result.requests,
            }
        )
    lib.close()
    return status
