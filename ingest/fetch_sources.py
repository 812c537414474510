"""The live sources: Hugging Face daily papers and the arXiv API, fetched into ParsedPaper records.

A fetch that fails part-way keeps what arrived: the outcome carries the papers of the requests that
succeeded and the one-line error that stopped it, so the caller can import the first and report the second.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from papertui.errors import PapertuiError
from papertui.ingest.arxiv_atom import parse_feed, read_feed, total_results
from papertui.ingest.fetch_http import HttpFetcher
from papertui.ingest.hf_json import read_hf_data
from papertui.model import ParsedPaper

HF_URL = "https://huggingface.co"
ARXIV_URL = "https://export.arxiv.org"
ARXIV_INTERVAL = 3.0
"""Seconds between arXiv API requests, as arXiv's terms of use ask."""
ARXIV_PAGE = 100
MAX_DAYS = 31
Progress = Callable[[int, int], None]


def hf_base_url(env: Mapping[str, str] | None = None) -> str:
    return ((env if env is not None else os.environ).get("PAPERTUI_HF_URL") or HF_URL).rstrip("/")


def arxiv_base_url(env: Mapping[str, str] | None = None) -> str:
    return ((env if env is not None else os.environ).get("PAPERTUI_ARXIV_URL") or ARXIV_URL).rstrip("/")


@dataclass
class FetchOutcome:
    """What a fetch brought back; `error` is set when it stopped early (the papers before it are kept)."""

    papers: list[ParsedPaper] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    error: str | None = None
    requests: int = 0


def hf_dates(date: str | None, days: int | None, today: dt.date) -> list[str]:
    """The days to fetch, newest first: `date` alone, the last `days` days up to today, or today."""
    if date is not None:
        try:
            return [dt.date.fromisoformat(date).isoformat()]
        except ValueError:
            raise PapertuiError(f"--date takes a date as YYYY-MM-DD, not {date!r}") from None
    count = 1 if days is None else days
    if not 1 <= count <= MAX_DAYS:
        raise PapertuiError(f"--days takes 1 to {MAX_DAYS}")
    return [(today - dt.timedelta(days=n)).isoformat() for n in range(count)]


def fetch_hf_daily(fetcher: HttpFetcher, dates: Sequence[str], progress: Progress | None = None) -> FetchOutcome:
    """The daily papers of each date (`/api/daily_papers?date=D`)."""
    out = FetchOutcome()
    for done, day in enumerate(dates):
        if progress is not None:
            progress(done, len(dates))
        try:
            body = fetcher.get("/api/daily_papers", {"date": day})
            try:
                data = json.loads(body)
            except ValueError:
                raise PapertuiError(f"{fetcher.host} sent something that is not JSON for {day}") from None
            result = read_hf_data(data)
        except PapertuiError as exc:
            out.error = str(exc)
            break
        finally:
            out.requests = fetcher.requests
        out.papers.extend(result.papers)
        out.warnings.extend(f"{day}: {w}" for w in result.warnings)
    if progress is not None and out.error is None:
        progress(len(dates), len(dates))
    return out


_FIELDED = re.compile(r"\b(?:ti|au|abs|co|jr|cat|rn|id|all):", re.IGNORECASE)


def arxiv_search_query(query: str | None, categories: Sequence[str]) -> str:
    """The API's search_query: the user's query (arXiv syntax passes through; plain words search all fields)
    AND any of the categories."""
    parts = []
    if query and query.strip():
        q = " ".join(query.split())
        parts.append(q if _FIELDED.search(q) else " AND ".join(f"all:{w}" for w in q.split()))
    if categories:
        parts.append(" OR ".join(f"cat:{c}" for c in categories))
    if not parts:
        raise PapertuiError("give --query or --category: the arXiv API needs something to search for")
    if len(parts) == 1:
        return parts[0]
    return " AND ".join(f"({p})" for p in parts)


def fetch_arxiv(
    fetcher: HttpFetcher,
    search_query: str,
    max_results: int,
    page_size: int = ARXIV_PAGE,
    progress: Progress | None = None,
) -> FetchOutcome:
    """Up to `max_results` papers for `search_query`, newest submissions first, one page per request."""
    out = FetchOutcome()
    start = 0
    total: int | None = None
    while start < max_results and (total is None or start < total):
        if progress is not None:
            progress(start, min(max_results, total or max_results))
        size = min(page_size, max_results - start)
        params: dict[str, str | int] = {
            "search_query": search_query,
            "start": start,
            "max_results": size,
            "sortBy": "submittedDate",
            "sortOrder": "descending",
        }
        try:
            body = fetcher.get("/api/query", params)
            root = parse_feed(body.decode("utf-8", errors="replace"))
            result = read_feed(root)
        except PapertuiError as exc:
            out.error = str(exc)
            break
        finally:
            out.requests = fetcher.requests
        total = total_results(root)
        entries = len(result.papers) + result.skipped
        out.papers.extend(result.papers)
        out.warnings.extend(result.warnings)
        if entries == 0:
            break
        start += entries
    if progress is not None and out.error is None:
        progress(len(out.papers), len(out.papers))
    return out
