"""Importing into the library: choose the reader, merge into the catalog in batches (logged for undo as one
import), then mirror into the index. Library's import methods delegate here."""

from __future__ import annotations

import itertools
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from papertui.errors import PapertuiError, UsageError
from papertui.ingest.arxiv_snapshot import SnapshotStats, iter_snapshot
from papertui.ingest.choose import gunzip, read_structured
from papertui.ingest.filters import NO_FILTER, RecordFilter
from papertui.ingest.hf_page import parse_hf_page
from papertui.ingest.source_stream import open_file, open_stream
from papertui.ingest.text import decode_bytes
from papertui.model import ParsedPaper
from papertui.paths import shown_path
from papertui.store import removal
from papertui.store.catalog import Catalog, MergeReport
from papertui.store.lock import LibraryLock
from papertui.store.userdata import UserStore

Progress = Callable[[int, int], None]
IMPORT_BATCH = 5000
"""Papers merged per catalog transaction when a source is streamed (the arXiv snapshot)."""


@dataclass(frozen=True, slots=True)
class ImportReport:
    """The outcome of importing one source (file, stdin, clipboard, fetch)."""

    source: str
    found: int
    new: int
    known: int
    updated: int
    with_code: int
    layout: str
    warnings: tuple[str, ...] = ()
    reader: str = "hf-page"
    """The reader that read the source ("hf-page", "hf-json", "arxiv-atom", "arxiv-snapshot", "bibtex")."""

    def as_dict(self) -> dict[str, object]:
        return {
            "source": self.source,
            "found": self.found,
            "new": self.new,
            "known": self.known,
            "updated": self.updated,
            "with_code": self.with_code,
            "layout": self.layout,
            "warnings": list(self.warnings),
            "reader": self.reader,
        }


@dataclass(frozen=True, slots=True)
class Importer:
    """The stores an import writes, and how the index follows (returns why it could not, None when it did)."""

    catalog: Catalog
    user: UserStore
    lock: LibraryLock
    sync_index: Callable[[], str | None]

    def bytes(self, data: bytes, source: str, record_filter: RecordFilter = NO_FILTER) -> ImportReport:
        """Any supported input held in memory (gzip sniffed, reader chosen by content)."""
        return self.text(decode_bytes(gunzip(data, source), source), source, record_filter)

    def text(self, text: str, source: str, record_filter: RecordFilter = NO_FILTER) -> ImportReport:
        """Read and merge text of any supported format; raises PapertuiError (library untouched) when no paper
        is recognised. `record_filter` (--category / --since) applies to structured sources."""
        result = read_structured(text, source, record_filter)
        if result is not None:
            return self.papers(
                result.papers,
                source,
                reader=result.reader,
                warnings=result.warnings,
                left_out=result.skipped,
                record_filter=record_filter,
            )
        if record_filter.active:
            raise UsageError(
                f"{source}: {record_filter.describe()} needs a structured source (JSON, Atom, "
                "BibTeX, arXiv snapshot); this is page text, which has no categories"
            )
        page = parse_hf_page(text)
        if page.refused:
            raise PapertuiError(f"{source}: {page.refused}")
        if not page.papers:
            raise PapertuiError(
                f"{source}: no papers recognised (expected text copied from a Hugging Face papers page)"
            )
        return self.merge_batches([page.papers], source, page.layout, "hf-page", list(page.warnings))

    def papers(
        self,
        papers: Sequence[ParsedPaper],
        source: str,
        *,
        reader: str,
        warnings: Sequence[str] = (),
        left_out: int = 0,
        record_filter: RecordFilter = NO_FILTER,
    ) -> ImportReport:
        """Merge papers a structured reader (or a fetch) produced. None at all is an error unless a filter
        left them all out."""
        notes = list(warnings)
        if record_filter.active and left_out:
            notes.append(f"{left_out} records left out (not matching {record_filter.describe()}, or broken)")
        if not papers and not (record_filter.active and left_out):
            raise PapertuiError(f"{source}: no papers found ({reader} input without a readable paper)")
        return self.merge_batches([papers], source, reader, reader, notes)

    def file(
        self, path: Path, record_filter: RecordFilter = NO_FILTER, progress: Progress | None = None
    ) -> ImportReport:
        with open_file(Path(path)) as raw:
            total = os.fstat(raw.fileno()).st_size
            return self.stream(raw, shown_path(path), record_filter, progress, total=total)

    def stream(
        self,
        raw: BinaryIO,
        source: str,
        record_filter: RecordFilter = NO_FILTER,
        progress: Progress | None = None,
        total: int = 0,
    ) -> ImportReport:
        """Import from a binary stream (a file, stdin). The arXiv snapshot is read line by line and merged in
        batches of IMPORT_BATCH papers, so memory stays flat whatever the file's size; other formats are read
        whole. `progress(bytes_read, total)` follows the stream as stored (compressed bytes for gzip)."""
        opened = open_stream(raw, source)
        if opened.reader != "arxiv-snapshot":
            return self.bytes(opened.read_all(), source, record_filter)
        stats = SnapshotStats()
        tick = (lambda done: progress(done, total)) if progress is not None else None
        papers = iter_snapshot(opened.lines(tick), record_filter, stats)
        report = self.merge_batches(
            _batches(papers, IMPORT_BATCH),
            source,
            "arxiv-snapshot",
            "arxiv-snapshot",
            [],
            stats=stats,
            record_filter=record_filter,
        )
        if progress is not None:
            progress(opened.consumed, total)
        return report

    def merge_batches(
        self,
        batches: Iterable[Sequence[ParsedPaper]],
        source: str,
        layout: str,
        reader: str,
        warnings: list[str],
        *,
        stats: SnapshotStats | None = None,
        record_filter: RecordFilter = NO_FILTER,
    ) -> ImportReport:
        """Merge batch after batch under one hold of the lock; logged for undo as one import."""
        found = new = known = updated = with_code = 0
        new_ids: list[str] = []
        changed = False
        with self.lock.held():
            # Logged for undo (store/removal.py); a user store that cannot log it costs the undo, not the import.
            problem = removal.before_import(self.catalog, self.user)
            for batch in batches:
                if not batch:
                    continue
                merged: MergeReport = self.catalog.merge(batch, source)
                found += merged.found
                new += merged.new
                known += merged.known
                updated += merged.updated
                with_code += merged.with_code
                new_ids.extend(merged.new_ids)
                changed = changed or bool(merged.changed_ids)
                warnings.extend(merged.warnings)
            if stats is not None:
                warnings.extend(stats.warnings.done())
                if not found and not stats.filtered:
                    raise PapertuiError(f"{source}: no papers found (arXiv snapshot without a readable record)")
                if record_filter.active and stats.filtered:
                    warnings.append(f"{stats.filtered} of {stats.read} records left out by {record_filter.describe()}")
            if new_ids and problem is None:
                problem = removal.log_import(self.catalog, self.user, source, new_ids)
            if problem:
                warnings.append(f"this import cannot be undone ({problem})")
            if changed:
                # The papers are saved now: an index that cannot follow (full disk) must not turn that into a
                # failure. It catches up, or is rebuilt, the next time it is opened.
                behind = self.sync_index()
                if behind:
                    warnings.append(behind)
        return ImportReport(
            source=source,
            found=found,
            new=new,
            known=known,
            updated=updated,
            with_code=with_code,
            layout=layout,
            warnings=tuple(warnings),
            reader=reader,
        )


def _batches(papers: Iterable[ParsedPaper], size: int) -> Iterator[list[ParsedPaper]]:
    iterator = iter(papers)
    while batch := list(itertools.islice(iterator, size)):
        yield batch
