"""Fetching live from inside the app, against a local HTTP server: `F` and the palette fetch today's Hugging
Face daily papers in a worker (the UI keeps answering, the status line says what runs), the new papers land in
the inbox and the counts follow, a notification says how many were new, a failing server is one line, and `u`
takes the whole fetch back."""

from __future__ import annotations

import datetime as dt
import json
import sys
import threading
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "ingest"))
from http_script import HANG, Reply, Script, serve

from papertui.live_fetch import FetchReport
from papertui.model import ParsedPaper
from papertui.tui.commands import PapertuiCommands
from papertui.tui.messages import FetchDone
from papertui.tui.screens.dialogs import PromptDialog
from papertui.tui.screens.main import MainScreen
from papertui.tui.widgets.live_fetch import LiveFetch, fetch_summary
from papertui.tui.widgets.paper_list import PaperList

SIZE = (120, 36)
ATOM = (Path(__file__).resolve().parents[1] / "ingest" / "fixtures" / "structured" / "arxiv_api.atom").read_bytes()


def daily_entry(arxiv_id: str, title: str, authors: list[str], summary: str = "", **paper: object) -> dict[str, object]:
    """One item of /api/daily_papers as the Hub serves it: the paper object, and the listing's own fields."""
    inner = {
        "id": arxiv_id,
        "title": title,
        "summary": summary or f"The abstract of {title.lower()}.",
        "authors": [{"name": name, "hidden": False} for name in authors],
        "publishedAt": "2024-12-02T18:59:59.000Z",
        "upvotes": 12,
        **paper,
    }
    return {
        "paper": inner,
        "title": title,
        "summary": inner["summary"],
        "publishedAt": "2024-12-03T01:02:03.000Z",
        "numComments": 2,
        "submittedBy": {"name": "someone"},
        "isAuthorParticipating": False,
    }


DAILY = json.dumps(
    [
        daily_entry(
            "2412.04001",
            "Tiny Transformers Learn to Count",
            [f"Counter {n}" for n in range(1, 10)],
            githubRepo="https://github.com/count/tiny",
            projectPage="https://count.example.org",
        ),
        daily_entry("2412.04002", "Mixture of Small Experts", ["Ada Lovelace", "Alan Turing"]),
        # Already in the fixture library (read from page text): known, not new.
        daily_entry(
            "2412.04003",
            "Speculative Decoding Revisited",
            ["Grace Hopper"],
            "We revisit speculative decoding for faster language model inference and measure the speedups carefully.",
        ),
    ]
).encode()


NEW_TITLES = {"Tiny Transformers Learn to Count", "Mixture of Small Experts"}


@pytest.fixture
def hf_server(monkeypatch):
    """A local Hugging Face: set its replies in `script.routes`; PAPERTUI_HF_URL points at it."""
    script = Script({"/api/daily_papers": [Reply(200, DAILY)]})
    with serve(script):
        monkeypatch.setenv("PAPERTUI_HF_URL", script.url)
        monkeypatch.setenv("PAPERTUI_ARXIV_URL", script.url)
        yield script


def inbox_count(app) -> int:
    entry = app.screen.sidebar.entry("unseen")
    assert entry is not None
    return entry.count


async def test_F_fetches_todays_papers_into_the_inbox_and_says_how_many_were_new(
    library, make_app, wait, notices, hf_server
):
    before = library.count()
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await wait(pilot)
        inbox = inbox_count(app)
        rows = app.screen.query_one(PaperList).row_count
        await pilot.press("F")
        await wait(pilot)
        assert "Fetch: 2 new papers from Hugging Face (1 already known, 1 of them updated)" in notices(app)
        assert hf_server.seen == [("/api/daily_papers", {"date": dt.datetime.now(dt.UTC).date().isoformat()})]
        assert library.count() == before + 2
        assert inbox_count(app) == inbox + 2  # the sidebar counts follow
        papers = app.screen.query_one(PaperList)
        assert papers.row_count == rows + 2  # and the list, newest first: the cursor goes to the new papers
        assert papers.cursor == 0 and papers.hit(papers.current_id).title in NEW_TITLES
        assert app.screen.pane.paper_id == papers.current_id
        assert app.screen.status.status.activity is None
        assert app.screen.status.status.total == before + 2
        titles = {library.paper(pid).title for pid in library.unseen_inbox()}
        assert titles >= NEW_TITLES

        await pilot.press("u")  # the fetch is one import: undo takes its new papers back out
        await wait(pilot)
        assert library.count() == before
        assert inbox_count(app) == inbox
        assert app.screen.query_one(PaperList).row_count == rows


async def test_the_palette_command_fetches_too(library, make_app, wait, notices, hf_server):
    from textual.command import CommandPalette

    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await wait(pilot)
        titles = [c.title for c in PapertuiCommands(app.screen)._commands()]
        assert "Fetch today's Hugging Face papers" in titles and "Fetch" not in titles
        assert "Fetch arXiv…" in titles
        await pilot.press("ctrl+p")
        await wait(pilot)
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"fetch today")
        await wait(pilot)
        await pilot.press("enter")
        await wait(pilot)
        assert isinstance(app.screen, MainScreen)
        assert "Fetch: 2 new papers from Hugging Face (1 already known, 1 of them updated)" in notices(app)
        assert len(hf_server.seen) == 1


async def test_a_failing_server_is_one_line_and_nothing_changes(library, make_app, wait, notices, hf_server):
    # Retry-After: 0 keeps the client's bounded retries from waiting.
    hf_server.routes["/api/daily_papers"] = [Reply(500, b"oops", {"Retry-After": "0"})]
    before = library.count()
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await wait(pilot)
        await pilot.press("F")
        await wait(pilot)
        assert isinstance(app.screen, MainScreen)
        failures = [n for n in notices(app) if n.startswith("Could not fetch from Hugging Face")]
        assert len(failures) == 1 and "answered 500 Internal Server Error" in failures[0]
        assert "\n" not in failures[0]
        assert library.count() == before
        assert app.screen.status.status.activity is None
        assert app.screen.query_one(LiveFetch).running is None  # a new fetch may start


async def test_the_ui_answers_while_a_fetch_runs_and_a_second_fetch_waits_its_turn(
    library, make_app, wait, notices, hf_server
):
    hf_server.routes["/api/daily_papers"] = [HANG]
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await wait(pilot)
        await pilot.press("F")
        await pilot.pause()
        screen = app.screen
        assert screen.status.status.activity == "fetching from Hugging Face…"
        assert "fetching from Hugging Face…" in str(screen.status.render())
        await pilot.press("F")
        assert any("Already fetching from Hugging Face" in n for n in notices(app))
        cursor = screen.query_one(PaperList).cursor
        await pilot.press("j")
        assert screen.query_one(PaperList).cursor == cursor + 1  # keys work while the request hangs
        # The request waits in a daemon thread, not in the worker pool: quitting now would not wait for it.
        assert any(t.name == "papertui-fetch-Hugging Face" and t.daemon for t in threading.enumerate())
        hf_server.release.set()  # the server hangs up without an answer
        await wait(pilot)
        assert any(n.startswith("Could not fetch from Hugging Face") for n in notices(app))
        assert screen.status.status.activity is None


async def test_a_fetch_cut_short_keeps_what_arrived_and_says_both(library, make_app, wait, notices):
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await wait(pilot)
        # What arrived before the fetch stopped, imported as the fetch does.
        late = ParsedPaper(title="A Late Paper", abstract="It arrived first.", reader="hf-json")
        report = library.import_papers([late], "Hugging Face daily papers 2024-12-03", reader="hf-json")
        result = FetchReport("Hugging Face daily papers 2024-12-02 to 2024-12-03", 1, 2, report, "offline")
        fetcher = app.screen.query_one(LiveFetch)
        fetcher.post_message(FetchDone("Hugging Face", result))
        await wait(pilot)
        assert "Fetch: 1 new paper from Hugging Face" in notices(app)
        assert "Could not fetch from Hugging Face: offline (kept the 1 paper that arrived)" in notices(app)
        assert app.screen.sidebar.entry("all").count == library.count()


def test_the_summary_says_new_known_and_updated():
    from papertui.library import ImportReport

    def summary(new: int, known: int, updated: int = 0) -> str:
        report = ImportReport("s", new + known, new, known, updated, 0, "hf-json")
        return fetch_summary("Hugging Face", FetchReport("s", new + known, 1, report, None))

    assert summary(12, 3) == "12 new papers from Hugging Face (3 already known)"
    assert summary(1, 0) == "1 new paper from Hugging Face"
    assert summary(0, 5, 2) == "No new papers from Hugging Face (5 already known, 2 of them updated)"
    assert fetch_summary("Hugging Face", FetchReport("HF 2024-12-03", 0, 1, None, None)).startswith("No papers")


async def test_fetch_arxiv_asks_for_a_query_and_imports_its_papers(library, make_app, wait, notices, hf_server):
    hf_server.routes["/api/query"] = [Reply(200, ATOM)]
    before = library.count()
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await wait(pilot)
        app.screen.action_fetch_arxiv()
        await wait(pilot)
        assert isinstance(app.screen, PromptDialog)
        app.screen.query_one("#prompt-input").value = "honest retrieval"
        await pilot.press("enter")
        await wait(pilot)
        assert hf_server.seen[-1][1]["search_query"] == "all:honest AND all:retrieval"
        assert "Fetch: 2 new papers from arXiv" in notices(app)
        assert library.count() == before + 2


async def test_an_empty_library_can_start_with_todays_papers(empty_library, make_app, wait, notices, hf_server):
    from papertui.tui.screens.welcome import WelcomeScreen

    app = make_app(empty_library)
    async with app.run_test(size=SIZE) as pilot:
        await wait(pilot)
        assert isinstance(app.screen, WelcomeScreen)
        await pilot.press("F")
        await wait(pilot)
        assert isinstance(app.screen, MainScreen)
        assert empty_library.count() == 3 and inbox_count(app) == 3
        assert "Fetch: 3 new papers from Hugging Face" in notices(app)
