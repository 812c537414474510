"""Fetching live against a local server: success, 429 then success, 500 forever, time-out, offline, paging."""

from __future__ import annotations

import datetime as dt
import socket
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from http_script import HANG, FakeTime, Reply, Script, serve
from structured_fixtures import STRUCTURED

from papertui.errors import PapertuiError
from papertui.ingest.fetch_http import FetchError, HttpFetcher, RetryPolicy
from papertui.ingest.fetch_sources import (
    arxiv_base_url,
    arxiv_search_query,
    fetch_arxiv,
    fetch_hf_daily,
    hf_base_url,
    hf_dates,
)

HF_BODY = (STRUCTURED / "hf_daily.json").read_bytes()


def fetcher(url: str, fake: FakeTime, **kwargs) -> HttpFetcher:  # type: ignore[no-untyped-def]
    kwargs.setdefault("retry", RetryPolicy(attempts=3, backoff=lambda n: float(n)))
    return HttpFetcher(url, sleep=fake.sleep, clock=fake.clock, **kwargs)


def test_hf_daily_papers_of_each_date_are_fetched() -> None:
    fake = FakeTime()
    with serve(Script({"/api/daily_papers": [Reply(200, HF_BODY)]})) as script:
        outcome = fetch_hf_daily(fetcher(script.url, fake), ["2024-12-03", "2024-12-02"])
    assert outcome.error is None and outcome.requests == 2
    assert [q["date"] for _, q in script.seen] == ["2024-12-03", "2024-12-02"]
    assert [p.arxiv_id for p in outcome.papers] == ["2412.01234", "2412.05678"] * 2
    assert outcome.warnings == [
        f"{day}: item 3: not a paper with a title; skipped" for day in ("2024-12-03", "2024-12-02")
    ]
    assert fake.sleeps == []


def test_429_is_retried_after_the_wait_the_server_asks_for() -> None:
    fake = FakeTime()
    replies = [Reply(429, b"slow down", {"Retry-After": "7"}), Reply(200, HF_BODY)]
    with serve(Script({"/api/daily_papers": replies})) as script:
        outcome = fetch_hf_daily(fetcher(script.url, fake), ["2024-12-03"])
    assert outcome.error is None and len(outcome.papers) == 2
    assert fake.sleeps == [7.0] and outcome.requests == 2


def test_500_forever_gives_up_after_the_bounded_retries_with_back_off() -> None:
    fake = FakeTime()
    with serve(Script({"/api/daily_papers": [Reply(500, b"oops")]})) as script:
        outcome = fetch_hf_daily(fetcher(script.url, fake), ["2024-12-03"])
    assert outcome.papers == [] and outcome.requests == 3 and len(script.seen) == 3
    assert fake.sleeps == [1.0, 2.0]
    assert outcome.error == "127.0.0.1 answered 500 Internal Server Error (3 tries); try again later"


def test_a_client_error_is_not_retried_and_a_long_retry_after_is_not_waited_for() -> None:
    fake = FakeTime()
    with serve(Script({"/api/daily_papers": [Reply(429, b"", {"Retry-After": "3600"})]})) as script:
        with pytest.raises(FetchError, match="asking to wait 3600 s"):
            fetcher(script.url, fake).get("/api/daily_papers")
        with pytest.raises(FetchError, match="answered 404 Not Found for"):
            fetcher(script.url, fake).get("/missing")
    assert len(script.seen) == 2 and fake.sleeps == []


def test_a_server_that_does_not_answer_times_out_with_one_line() -> None:
    fake = FakeTime()
    with serve(Script({"/api/daily_papers": [HANG]})) as script:
        client = fetcher(script.url, fake, timeout=0.1, retry=RetryPolicy(attempts=2, backoff=lambda n: 5.0))
        outcome = fetch_hf_daily(client, ["2024-12-03"])
    assert outcome.error == "no answer from 127.0.0.1 within 0.1 s (2 tries); try again later"
    assert fake.sleeps == [5.0]


def test_offline_is_a_clear_one_line_error_without_retries() -> None:
    with socket.socket() as sock:  # a port that was free a moment ago: nothing listens there now
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    fake = FakeTime()
    client = fetcher(f"http://127.0.0.1:{port}", fake)
    with pytest.raises(FetchError) as caught:
        client.get("/api/daily_papers")
    message = str(caught.value)
    assert message.startswith("cannot reach 127.0.0.1 (") and message.endswith("are you offline?")
    assert "\n" not in message and client.requests == 1 and fake.sleeps == []


def _atom_page(start: int, size: int, total: int) -> bytes:
    entries = "".join(
        f"<entry><id>http://arxiv.org/abs/2401.{n:05d}v1</id><title>Paper {n}</title>"
        f"<summary>Abstract {n}.</summary><published>2024-01-0{1 + n % 9}T00:00:00Z</published>"
        f'<arxiv:primary_category term="cs.CL"/></entry>'
        for n in range(start, min(start + size, total))
    )
    return (
        '<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom" '
        'xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/" xmlns:arxiv="http://arxiv.org/schemas/atom">'
        f"<opensearch:totalResults>{total}</opensearch:totalResults>{entries}</feed>"
    ).encode()


def test_arxiv_results_are_paged_one_request_per_interval() -> None:
    fake = FakeTime()
    page = lambda q: Reply(200, _atom_page(int(q["start"]), int(q["max_results"]), total=5))  # noqa: E731
    with serve(Script({"/api/query": [page]})) as script:
        client = fetcher(script.url, fake, min_interval=3.0)
        outcome = fetch_arxiv(client, "cat:cs.CL", max_results=50, page_size=2)
    assert outcome.error is None
    assert [p.arxiv_id for p in outcome.papers] == [f"2401.{n:05d}" for n in range(5)]
    assert [(q["start"], q["max_results"]) for _, q in script.seen] == [("0", "2"), ("2", "2"), ("4", "2")]
    assert script.seen[0][1]["search_query"] == "cat:cs.CL"
    assert fake.sleeps == [3.0, 3.0]  # arXiv's one request per 3 s, between requests only


def test_arxiv_stops_at_max_and_a_failing_page_keeps_the_pages_before_it() -> None:
    fake = FakeTime()
    first = Reply(200, _atom_page(0, 2, total=10))
    with serve(Script({"/api/query": [first, Reply(503, b"busy")]})) as script:
        outcome = fetch_arxiv(fetcher(script.url, fake), "all:x", max_results=3, page_size=2)
    assert [p.arxiv_id for p in outcome.papers] == ["2401.00000", "2401.00001"]
    assert outcome.error is not None and "503" in outcome.error
    assert [q["max_results"] for _, q in script.seen] == ["2", "1", "1", "1"]  # the last page asks for the rest


def test_base_urls_come_from_the_environment() -> None:
    assert hf_base_url({}) == "https://huggingface.co"
    assert arxiv_base_url({}) == "https://export.arxiv.org"
    assert hf_base_url({"PAPERTUI_HF_URL": "http://127.0.0.1:9/"}) == "http://127.0.0.1:9"
    assert arxiv_base_url({"PAPERTUI_ARXIV_URL": "http://mirror.example"}) == "http://mirror.example"


def test_dates_and_queries() -> None:
    today = dt.date(2024, 12, 3)
    assert hf_dates(None, None, today) == ["2024-12-03"]
    assert hf_dates(None, 3, today) == ["2024-12-03", "2024-12-02", "2024-12-01"]
    assert hf_dates("2024-02-29", None, today) == ["2024-02-29"]
    for bad in (("2024-02-30", None), (None, 0), (None, 400)):
        with pytest.raises(PapertuiError):
            hf_dates(*bad, today)
    assert arxiv_search_query("graph networks", []) == "all:graph AND all:networks"
    assert arxiv_search_query("ti:retrieval", ["cs.CL", "cs.IR"]) == "(ti:retrieval) AND (cat:cs.CL OR cat:cs.IR)"
    assert arxiv_search_query(None, ["cs.CL"]) == "cat:cs.CL"
    with pytest.raises(PapertuiError, match="give --query or --category"):
        arxiv_search_query("  ", [])


def test_a_partial_fetch_imports_what_arrived_and_reports_the_error(home: Path) -> None:
    from papertui.library import Library
    from papertui.live_fetch import fetch_hf_into

    fake = FakeTime()
    replies = [Reply(200, HF_BODY), Reply(503, b"busy")]
    lib = Library(home)
    try:
        with serve(Script({"/api/daily_papers": replies})) as script:
            result = fetch_hf_into(lib, ["2024-12-03", "2024-12-02"], fetcher=fetcher(script.url, fake))
        assert result.source == "Hugging Face daily papers 2024-12-02 to 2024-12-03"
        assert result.fetched == 2 and result.requests == 4
        assert result.error is not None and "503 Service Unavailable (3 tries)" in result.error
        assert result.report is not None and (result.report.new, result.report.reader) == (2, "hf-json")
        assert lib.count() == 2
    finally:
        lib.close()
