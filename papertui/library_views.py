"""Views of the library the front ends show, composed from the Library and its stores: sidebar counts, the triage
inbox, "listed last" notes, a view's ids, exports. Library (papertui/library.py) is the door to these: the CLI and
the app call its methods, which delegate here; this module keeps library.py small. No Textual here.

The app calls these from worker threads; each function is one unit it can run off the UI thread and report on.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from papertui.errors import PapertuiError
from papertui.library_watch import WatchMatch, watched_ids
from papertui.model import Paper, UserRecord
from papertui.store.atomic import atomic_write_text
from papertui.store.drafts import Draft, DraftFolder

if TYPE_CHECKING:
    from papertui.library import ImportReport, Library

EXPORT_EXTENSIONS = {"md": "md", "csv": "csv", "json": "json", "bib": "bib", "ris": "ris"}


@dataclass(frozen=True)
class SidebarCounts:
    """Everything the tag sidebar shows, computed in one go."""

    papers: int
    unseen: int
    untagged: int
    with_code: int
    tags: tuple[tuple[str, int], ...]
    saved: tuple[tuple[str, str, int], ...]
    """(name, query, matching papers)."""
    watch: tuple[WatchMatch, ...] = ()
    """Each entry of the watch list with its papers (the "Watched" entry shows only when there is one)."""
    new: tuple[str, ...] | None = None
    """Papers added since the app's previous start, newest first (None: no previous start known)."""

    @property
    def watched(self) -> frozenset[str]:
        """The papers any entry of the watch list matches (marked in the list)."""
        return watched_ids(self.watch)


def stats(lib: Library) -> dict[str, object]:
    records = lib.records()
    triage = {"kept": 0, "skipped": 0}
    for r in records.values():
        if r.triage in triage:
            triage[r.triage] += 1
    papers = lib.count()
    return {
        "papers": papers,
        "with_code": lib.count_with_code(),
        "tagged": sum(1 for r in records.values() if r.tags),
        "with_notes": sum(1 for r in records.values() if r.note),
        "kept": triage["kept"],
        "skipped": triage["skipped"],
        "unseen": papers - triage["kept"] - triage["skipped"],
        "tags": dict(lib.tag_counts()),
    }


def sidebar_counts(lib: Library, saved_searches: Mapping[str, str], since: str | None = None) -> SidebarCounts:
    """The sidebar's counts; `since` is the app's previous start (for "New since last visit")."""
    stats = lib.stats()
    papers = int(stats["papers"])  # type: ignore[call-overload]
    saved = []
    for name, query in saved_searches.items():
        try:
            total = lib.search(query, limit=1).total
        except PapertuiError:
            total = 0
        saved.append((name, query, total))
    return SidebarCounts(
        papers=papers,
        unseen=int(stats["unseen"]),  # type: ignore[call-overload]
        untagged=papers - int(stats["tagged"]),  # type: ignore[call-overload]
        with_code=int(stats["with_code"]),  # type: ignore[call-overload]
        tags=tuple(lib.tag_counts()),
        saved=tuple(saved),
        watch=tuple(lib.watch_matches()),
        new=tuple(lib.added_since(since)) if since else None,
    )


def unseen_inbox(lib: Library) -> list[str]:
    """Every paper not triaged yet, newest import first (the order the triage screen walks): today's page comes
    before last month's leftovers, whatever the papers' own dates."""
    records = lib.records()
    return [i for i in lib.browse("relevance") if (r := records.get(i)) is None or r.triage == "unseen"]


def resume_order(lib: Library, order: Sequence[str]) -> list[str]:
    """A saved triage walk brought up to date: papers deleted since are dropped, new unseen ones appended."""
    known = set(lib.browse("date"))
    kept = [i for i in order if i in known]
    seen = set(kept)
    return kept + [i for i in unseen_inbox(lib) if i not in seen]


def triage_states(lib: Library, ids: Sequence[str]) -> dict[str, str]:
    records = lib.records_of(ids)
    return {i: (records[i].triage if i in records else "unseen") for i in ids}


MISSING_WHAT = {"date": "date", "upvotes": "upvote count"}
"""The sorts some papers have no value for (those are listed last), and what the value is called."""


def first_without(lib: Library, ids: Sequence[str], sort: str) -> int:
    """Where the papers without the sort's value begin in `ids` (ordered by `sort`, which lists them last);
    len(ids) when every one has it. A binary search: a handful of one-paper reads, even at 100,000 papers."""
    lo, hi = 0, len(ids)
    while lo < hi:
        mid = (lo + hi) // 2
        paper = lib.papers([ids[mid]]).get(ids[mid])
        has = paper is not None and (paper.date if sort == "date" else paper.upvotes) is not None
        if has:
            lo = mid + 1
        else:
            hi = mid
    return lo


def missing_note(lib: Library, ids: Sequence[str], total: int, sort: str) -> str | None:
    """ "412 of 500 have no date: listed last", for a view of `total` papers whose first `ids` are listed (in
    `sort` order). None when all have the value, for sorts every paper has a value for, and when the listed
    part ends before the first paper without one (how many follow is not known without reading them all)."""
    what = MISSING_WHAT.get(sort)
    if what is None or not ids:
        return None
    start = first_without(lib, ids, sort)
    if start == len(ids) and len(ids) < total:
        return None
    missing = total - start
    if missing <= 0:
        return None
    return f"{missing:,} of {total:,} have no {what}: listed last"


def view_ids(lib: Library, query: str, sort: str, within: frozenset[str] | None = None) -> list[str]:
    """Every paper in a view: the whole library for the empty query, else every match (read the way the
    search box reads it, so the export holds what the list shows); only those in `within` when given."""
    if not query.strip():
        ids = lib.browse(sort)
    else:
        ids = [h.id for h in lib.search(query, limit=1_000_000, sort=sort, typing=True).hits]
    return ids if within is None else [i for i in ids if i in within]


def import_summary(reports: Sequence[ImportReport]) -> str:
    new = sum(r.new for r in reports)
    known = sum(r.known for r in reports)
    updated = sum(r.updated for r in reports)
    source = reports[0].source if len(reports) == 1 else f"{len(reports)} sources"
    parts = [f"{new} new paper{'s' if new != 1 else ''}"]
    if known:
        parts.append(f"{known} already known")
    if updated:
        parts.append(f"{updated} updated")
    return f"Imported {', '.join(parts)} from {source}"


def items(lib: Library, ids: Sequence[str]) -> list[tuple[Paper, UserRecord]]:
    """The papers of `ids` still in the library, in that order, each with its user record (an empty one when
    the user made none)."""
    papers = lib.papers(ids)
    records = lib.records_of([i for i in ids if i in papers])
    return [(papers[i], records.get(i) or UserRecord(i)) for i in ids if i in papers]


def default_export_path(stem: str, fmt: str, folder: Path | None = None) -> Path:
    safe = "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in stem).strip("-") or "papers"
    return (folder or Path.cwd()) / f"papertui-{safe}.{EXPORT_EXTENSIONS.get(fmt, fmt)}"


def write_export(lib: Library, ids: Sequence[str], fmt: str, path: Path, group_tags: Sequence[str] = ()) -> int:
    """Render the papers in `fmt` and write them atomically to `path`; returns how many were written."""
    from papertui.store.export import render

    items = lib.items(ids)
    if not items:
        raise PapertuiError("nothing to export: the view is empty")
    text = render(items, fmt, group_tags=tuple(group_tags))
    path = Path(path).expanduser()
    if path.is_dir():
        raise PapertuiError(f"{path}: is a directory; type a file name")
    if not path.parent.is_dir():
        raise PapertuiError(f"{path.parent}: no such directory")
    atomic_write_text(path, text)
    return len(items)


def drafts(lib: Library, folder: DraftFolder) -> list[Draft]:
    out = []
    for draft in folder.all():
        try:
            stored = lib.record(draft.paper_id).note
        except PapertuiError:
            stored = None
        if stored is not None and stored.strip() == draft.text.strip():
            folder.discard(draft.paper_id)
        else:
            out.append(draft)
    return out
