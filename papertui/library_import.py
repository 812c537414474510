"""Importing pages into the library: parse, merge into the catalog (logged for undo), then mirror into the index."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from papertui.errors import PapertuiError
from papertui.ingest.hf_page import parse_hf_page
from papertui.store import removal
from papertui.store.catalog import Catalog, MergeReport
from papertui.store.lock import LibraryLock
from papertui.store.userdata import UserStore


@dataclass(frozen=True, slots=True)
class ImportReport:
    """The outcome of importing one source (file, stdin, clipboard)."""

    source: str
    found: int
    new: int
    known: int
    updated: int
    with_code: int
    layout: str
    warnings: tuple[str, ...] = ()

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
        }


def import_text(
    text: str,
    source: str,
    *,
    catalog: Catalog,
    user: UserStore,
    lock: LibraryLock,
    sync_index: Callable[[], str | None],
) -> ImportReport:
    """Parse page text and merge it; raises PapertuiError (library untouched) when no paper is recognised.
    `sync_index` mirrors the saved papers into the index and returns why it could not (None when it did)."""
    page = parse_hf_page(text)
    if page.refused:
        raise PapertuiError(f"{source}: {page.refused}")
    if not page.papers:
        raise PapertuiError(f"{source}: no papers recognised (expected text copied from a Hugging Face papers page)")
    warnings = list(page.warnings)
    with lock.held():
        # Logged for undo (store/removal.py); a user store that cannot log it costs the undo, not the import.
        problem = removal.before_import(catalog, user)
        merged: MergeReport = catalog.merge(page.papers, source)
        warnings.extend(merged.warnings)
        if merged.new_ids and problem is None:
            problem = removal.log_import(catalog, user, source, merged.new_ids)
        if problem:
            warnings.append(f"this import cannot be undone ({problem})")
        if merged.changed_ids:
            # The papers are saved now: an index that cannot follow (full disk) must not turn that into a
            # failure. It catches up, or is rebuilt, the next time it is opened.
            behind = sync_index()
            if behind:
                warnings.append(behind)
    return ImportReport(
        source=source,
        found=merged.found,
        new=merged.new,
        known=merged.known,
        updated=merged.updated,
        with_code=merged.with_code,
        layout=page.layout,
        warnings=tuple(warnings),
    )
