"""`papertui import` of structured sources (file, stdin, gzip, filters) and `papertui fetch` end to end."""

from __future__ import annotations

import functools
import gzip
import io
import json
import sys
from pathlib import Path

import pytest
from cli_run import run

INGEST = Path(__file__).resolve().parents[1] / "ingest"
sys.path.insert(0, str(INGEST))
from http_script import FakeTime, Reply, Script, serve  # noqa: E402

from papertui import live_fetch  # noqa: E402
from papertui.ingest import fetch_http  # noqa: E402

STRUCTURED = INGEST / "fixtures" / "structured"


def test_each_format_imports_and_the_report_names_its_reader(home, capsys) -> None:
    names = ["hf_daily.json", "arxiv_api.atom", "snapshot.jsonl", "zotero.bib"]
    code, out, err = run(capsys, "import", "--json", *(str(STRUCTURED / n) for n in names))
    assert code == 0, err
    report = json.loads(out)
    assert [s["reader"] for s in report["sources"]] == ["hf-json", "arxiv-atom", "arxiv-snapshot", "bibtex"]
    assert [s["layout"] for s in report["sources"]] == ["hf-json", "arxiv-atom", "arxiv-snapshot", "bibtex"]
    assert [s["found"] for s in report["sources"]] == [2, 2, 4, 3]
    assert report["errors"] == []


def test_gzip_on_stdin_with_a_category_filter(home, capsys, monkeypatch) -> None:
    packed = gzip.compress((STRUCTURED / "snapshot.jsonl").read_bytes())
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(packed)))
    code, out, err = run(capsys, "import", "-", "--category", "cs.CL", "--json")
    assert code == 0, err
    (source,) = json.loads(out)["sources"]
    assert (source["source"], source["reader"], source["found"], source["new"]) == ("stdin", "arxiv-snapshot", 1, 1)
    assert any("left out by --category cs.CL" in w for w in source["warnings"])
    code, out, _ = run(capsys, "list", "--json")
    assert [p["title"] for p in json.loads(out)] == ["Language Models Count Clouds"]


def test_bad_filters_and_filters_on_page_text_are_one_line_errors(home, capsys) -> None:
    code, _, err = run(capsys, "import", str(STRUCTURED / "zotero.bib"), "--since", "2024-1-1")
    assert code == 2 and err.count("\n") == 1 and "--since takes a date" in err
    page = Path(__file__).resolve().parents[1] / "fixtures" / "page_a.txt"
    code, _, err = run(capsys, "import", str(page), "--category", "cs")
    assert code == 2 and err.count("\n") == 1 and "needs a structured source" in err


@pytest.fixture
def no_waiting(monkeypatch):
    """The CLI's fetchers, with their retries' and rate limit's waits skipped."""
    fake = FakeTime()
    fast = functools.partial(fetch_http.HttpFetcher, sleep=fake.sleep, clock=fake.clock)
    monkeypatch.setattr(live_fetch, "HttpFetcher", fast)
    return fake.sleeps


def test_fetch_hf_imports_through_the_local_server(home, capsys, monkeypatch, no_waiting) -> None:
    body = (STRUCTURED / "hf_daily.json").read_bytes()
    with serve(Script({"/api/daily_papers": [Reply(200, body)]})) as script:
        monkeypatch.setenv("PAPERTUI_HF_URL", script.url)
        code, out, err = run(capsys, "fetch", "hf", "--date", "2024-12-03", "--json")
    assert code == 0, err
    report = json.loads(out)
    assert report["requests"] == 1 and report["errors"] == []
    (source,) = report["sources"]
    assert (source["reader"], source["found"], source["new"]) == ("hf-json", 2, 2)
    assert source["source"] == "Hugging Face daily papers 2024-12-03"
    assert script.seen == [("/api/daily_papers", {"date": "2024-12-03"})]


def test_fetch_arxiv_pages_and_a_partial_fetch_keeps_what_arrived(home, capsys, monkeypatch, no_waiting) -> None:
    first = (
        (STRUCTURED / "arxiv_api.atom").read_text().replace("<opensearch:totalResults>3", "<opensearch:totalResults>30")
    )
    with serve(Script({"/api/query": [Reply(200, first.encode()), Reply(500, b"down")]})) as script:
        monkeypatch.setenv("PAPERTUI_ARXIV_URL", script.url)
        code, out, err = run(capsys, "fetch", "arxiv", "--category", "cs.CL", "--category", "cs.LG", "--max", "10")
    assert code == 1
    assert "2 papers found, 2 new" in out
    assert err.rstrip("\n").endswith("(kept the 2 papers that arrived)") and "answered 500" in err
    assert script.seen[0][1]["search_query"] == "cat:cs.CL OR cat:cs.LG"
    assert script.seen[1][1]["start"] == "3"  # the next page starts after the three entries of the first
    assert no_waiting[0] == 3.0  # arXiv's interval before the second request


def test_fetch_offline_is_one_line_and_imports_nothing(home, capsys, monkeypatch, no_waiting) -> None:
    monkeypatch.setenv("PAPERTUI_HF_URL", "http://127.0.0.1:9")  # the discard port: nothing listens
    code, out, err = run(capsys, "fetch", "hf")
    assert code == 1 and out == ""
    assert err.count("\n") == 1 and "cannot reach 127.0.0.1" in err


@pytest.mark.parametrize(
    "argv",
    [
        ["fetch", "hf", "--category", "cs"],
        ["fetch", "hf", "--date", "2024-01-01", "--days", "2"],
        ["fetch", "hf", "--days", "0"],
        ["fetch", "arxiv"],
        ["fetch", "arxiv", "--query", "x", "--max", "0"],
        ["fetch", "arxiv", "--query", "x", "--days", "2"],
    ],
)
def test_fetch_option_mistakes_are_usage_errors(home, capsys, argv: list[str]) -> None:
    code, _, err = run(capsys, *argv)
    assert code == 2 and err.count("\n") == 1, err


def test_gzip_page_text_still_goes_to_the_page_reader(home, capsys, tmp_path) -> None:
    page = Path(__file__).resolve().parents[1] / "fixtures" / "page_a.txt"
    packed = tmp_path / "page.txt.gz"
    packed.write_bytes(gzip.compress(page.read_bytes()))
    code, out, err = run(capsys, "import", str(packed), "--json")
    assert code == 0, err
    (source,) = json.loads(out)["sources"]
    assert (source["reader"], source["found"]) == ("hf-page", 5)
    assert source["layout"] in {"A", "B", "mixed"}  # the page layout, as before
