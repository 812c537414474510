"""LiveFetch: fetching papers live from inside the app — today's Hugging Face daily papers, or the newest
papers of an arXiv query — through the same `Library.fetch_hf` / `Library.fetch_arxiv` as `papertui fetch`.

A component: an invisible widget the main screen mounts and hands its keys to. One fetch runs at a time, in a
worker that waits for a thread of its own (the HTTP client's retries wait there, never in the event loop; see
_fetch_worker for why not a pool thread). It reports its progress
(FetchProgress) and its end (FetchDone); both bubble on to the screen, which shows the progress in the status
line and reloads when papers arrived. What arrived is one import: the new papers are unseen (the triage inbox),
and `u` undoes the whole fetch. A fetch that stops early keeps what arrived and says why in one line.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

from textual import work
from textual.widget import Widget

from papertui.errors import PapertuiError
from papertui.library import Library
from papertui.tui.app_context import papertui_app
from papertui.tui.messages import FetchDone, FetchProgress
from papertui.tui.screens.dialogs import PromptDialog

if TYPE_CHECKING:  # importing live_fetch at startup would load the HTTP client
    from papertui.live_fetch import FetchReport, Progress

HF = "Hugging Face"
ARXIV = "arXiv"
ARXIV_MAX = 100
"""Papers an arXiv fetch from the app asks for: one API request (arXiv asks for 3 s between requests)."""


def fetch_activity(site: str, done: int, total: int) -> str:
    """What the status line says while a fetch runs."""
    if total and done >= total:
        return f"importing the papers from {site}…"
    if site == ARXIV and done:
        return f"fetching from arXiv… {done:,} of {total:,}"
    if total > 1:
        return f"fetching from {site}… {done + 1} of {total}"
    return f"fetching from {site}…"


def fetch_summary(site: str, result: FetchReport) -> str:
    """ "12 new papers from Hugging Face (3 already known)", or what else the fetch brought."""
    report = result.report
    if report is None:
        return f"No papers from {site} ({result.source})"
    count = f"{report.new} new paper{'s' if report.new != 1 else ''}" if report.new else "No new papers"
    # Updated papers are known ones that gained fields (authors, an arXiv id) from this source.
    updated = f", {report.updated} of them updated" if report.updated else ""
    return f"{count} from {site}" + (f" ({report.known} already known{updated})" if report.known else "")


class LiveFetch(Widget):
    """Fetch papers live (see module docstring)."""

    DEFAULT_CSS = "LiveFetch { display: none; }"

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.running: str | None = None
        """The site being fetched from, while a fetch runs."""

    @property
    def library(self) -> Library:
        return papertui_app(self).library

    def fetch_hf(self) -> None:
        """Today's daily papers (today in UTC, as the Hub dates them and as `papertui fetch hf` does)."""
        if self._start(HF):
            self._hf_worker([dt.datetime.now(dt.UTC).date().isoformat()])

    def fetch_arxiv(self) -> None:
        """Ask for a query, then fetch its newest papers."""

        def done(query: str | None) -> None:
            if query and self._start(ARXIV):
                self._arxiv_worker(query)

        self.app.push_screen(
            PromptDialog(
                "Fetch from arXiv",
                placeholder="words, or arXiv syntax: cat:cs.CL AND ti:retrieval",
                help_text=f"the {ARXIV_MAX} newest matches, into the inbox · enter fetches · esc cancels",
                id="arxiv-dialog",
            ),
            done,
        )

    def _start(self, site: str) -> bool:
        if self.running is not None:
            self.notify(f"Already fetching from {self.running}; wait for it to finish", severity="warning")
            return False
        self.running = site
        self.post_message(FetchProgress(site, 0, 1))
        return True

    def _hf_worker(self, dates: list[str]) -> None:
        library = self.library
        self._fetch_worker(HF, lambda progress: library.fetch_hf(dates, progress=progress))

    def _arxiv_worker(self, query: str) -> None:
        library = self.library

        def fetch(progress: Progress) -> FetchReport:
            from papertui.ingest.fetch_sources import arxiv_search_query

            return library.fetch_arxiv(arxiv_search_query(query, ()), ARXIV_MAX, progress=progress)

        self._fetch_worker(ARXIV, fetch)

    @work(group="fetch")
    async def _fetch_worker(self, site: str, fetch: Callable[[Progress], FetchReport]) -> None:
        """Run `fetch` in a daemon thread of its own and wait for it here.

        Not a thread of the worker pool: quitting waits for those, and a server that does not answer would hold
        the exit for minutes (a 30 s time-out per try, four tries). A daemon thread is left behind instead. What
        arrived is imported in one transaction, so leaving mid-import loses that import, never the library.
        """
        loop = asyncio.get_running_loop()
        finished = asyncio.Event()

        def run() -> None:
            try:
                self._run(site, fetch)
            finally:
                with contextlib.suppress(RuntimeError):  # the app has quit meanwhile: nobody waits any more
                    loop.call_soon_threadsafe(finished.set)

        threading.Thread(target=run, name=f"papertui-fetch-{site}", daemon=True).start()
        await finished.wait()

    def _run(self, site: str, fetch: Callable[[Progress], FetchReport]) -> None:
        def progress(done: int, total: int) -> None:
            self.post_message(FetchProgress(site, done, total))

        try:
            result = fetch(progress)
        except PapertuiError as exc:
            self.post_message(FetchDone(site, None, str(exc)))
            return
        except Exception as exc:  # never lose the session over one failed fetch; say what happened
            self.post_message(FetchDone(site, None, f"internal error while fetching: {exc!r}"))
            return
        self.post_message(FetchDone(site, result))

    def on_fetch_done(self, message: FetchDone) -> None:
        # Bubbles on: the screen clears the status line and reloads.
        self.running = None
        result = message.result
        error = message.error if result is None else result.error
        if result is not None and result.report is not None:
            papertui_app(self).data_version += 1
            self.notify(fetch_summary(message.site, result), title="Fetch")
            warnings = result.report.warnings
            if warnings:
                shown = "; ".join(warnings[:3]) + (f" (+{len(warnings) - 3} more)" if len(warnings) > 3 else "")
                self.notify(shown, title="Fetch warnings", severity="warning", timeout=10)
        elif result is not None and error is None:
            self.notify(fetch_summary(message.site, result), title="Fetch")
        if error is not None:
            arrived = result.fetched if result is not None else 0
            kept = f" (kept the {arrived} paper{'s' if arrived != 1 else ''} that arrived)" if arrived else ""
            self.notify(f"{error}{kept}", title=f"Could not fetch from {message.site}", severity="error", timeout=10)
