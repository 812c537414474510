"""The Library's imports and live fetches (a part of the facade, papertui/library.py): every source goes through
library_import.Importer, which merges into the catalog, records the undo step and brings the index along."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from papertui import library_import
from papertui.ingest.filters import NO_FILTER, RecordFilter
from papertui.library_import import ImportReport
from papertui.model import ParsedPaper

if TYPE_CHECKING:
    from papertui.library_index import IndexKeeper
    from papertui.live_fetch import FetchReport
    from papertui.store.catalog import Catalog
    from papertui.store.lock import LibraryLock
    from papertui.store.userdata import UserStore

Progress = Callable[[int, int], None]


class LibraryImports:
    """Mixed into Library, whose stores it uses."""

    _catalog: Catalog
    _user: UserStore
    _lock: LibraryLock
    _keeper: IndexKeeper

    # -- importing --------------------------------------------------------------------------------------------
    def _importer(self) -> library_import.Importer:
        return library_import.Importer(self._catalog, self._user, self._lock, self._keeper.sync_now)

    def import_bytes(self, data: bytes, source: str, record_filter: RecordFilter = NO_FILTER) -> ImportReport:
        """Import any supported input held in memory (gzip sniffed, reader chosen by content)."""
        return self._importer().bytes(data, source, record_filter)

    def import_text(self, text: str, source: str, record_filter: RecordFilter = NO_FILTER) -> ImportReport:
        """Read and merge text of any supported format; raises PapertuiError (library untouched) when no paper
        is recognised."""
        return self._importer().text(text, source, record_filter)

    def import_papers(
        self,
        papers: Sequence[ParsedPaper],
        source: str,
        *,
        reader: str,
        warnings: Sequence[str] = (),
        left_out: int = 0,
        record_filter: RecordFilter = NO_FILTER,
    ) -> ImportReport:
        """Merge papers a structured reader (or a fetch) produced."""
        return self._importer().papers(
            papers, source, reader=reader, warnings=warnings, left_out=left_out, record_filter=record_filter
        )

    def import_file(
        self, path: Path, record_filter: RecordFilter = NO_FILTER, progress: Progress | None = None
    ) -> ImportReport:
        return self._importer().file(path, record_filter, progress)

    def import_stream(
        self,
        raw: BinaryIO,
        source: str,
        record_filter: RecordFilter = NO_FILTER,
        progress: Progress | None = None,
        total: int = 0,
    ) -> ImportReport:
        """Import from a binary stream (a file, stdin); the arXiv snapshot is merged in batches."""
        return self._importer().stream(raw, source, record_filter, progress, total)

    def fetch_hf(
        self, dates: Sequence[str], *, record_filter: RecordFilter = NO_FILTER, progress: Progress | None = None
    ) -> FetchReport:
        """Fetch the Hugging Face daily papers of `dates` and import them (papertui/live_fetch.py)."""
        from papertui import live_fetch  # loads httpx only when fetching

        return live_fetch.fetch_hf_into(self, dates, record_filter=record_filter, progress=progress)

    def fetch_arxiv(
        self,
        search_query: str,
        max_results: int,
        *,
        record_filter: RecordFilter = NO_FILTER,
        progress: Progress | None = None,
    ) -> FetchReport:
        """Fetch up to `max_results` papers of an arXiv API query and import them (papertui/live_fetch.py)."""
        from papertui import live_fetch

        return live_fetch.fetch_arxiv_into(
            self, search_query, max_results, record_filter=record_filter, progress=progress
        )

    def source_counts(self) -> dict[str, int]:
        """Papers per reader their fields came from ("hf-page", "hf-json", ...; a paper counts once for each)."""
        return self._catalog.source_counts()
