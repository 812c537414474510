"""The library facade: one object the CLI and the app both call, composing catalog, user data and index.

It owns the rules that span stores: imports merge into the catalog and then update the index; a user action is
written to the user store (acknowledged on disk) and then mirrored into the index; the index is checked and
caught up (or rebuilt) from the two stores before it is searched.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import threading
import time
import uuid
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from papertui import library_views as views
from papertui import rebuild
from papertui.errors import LockTimeout, PapertuiError, UsageError
from papertui.index.records import Hit, IndexDoc, SearchResult
from papertui.ingest.arxiv_snapshot import SnapshotStats, iter_snapshot
from papertui.ingest.choose import gunzip, read_structured
from papertui.ingest.filters import NO_FILTER, RecordFilter
from papertui.ingest.hf_page import parse_hf_page
from papertui.ingest.source_stream import open_file, open_stream
from papertui.ingest.text import decode_bytes
from papertui.model import Paper, ParsedPaper, UserRecord
from papertui.paths import LibraryPaths, library_paths, shown_path
from papertui.store import removal
from papertui.store.catalog import Catalog, MergeReport
from papertui.store.drafts import Draft, DraftFolder
from papertui.store.lock import LibraryLock
from papertui.store.userdata import Change, UserStore

if TYPE_CHECKING:
    from papertui.health import Finding
    from papertui.index.engine import PaperIndex
    from papertui.live_fetch import FetchReport

Progress = Callable[[int, int], None]
SORTS = ("relevance", "date", "upvotes", "title")
IMPORT_BATCH = 5000
"""Papers merged per catalog transaction when a source is streamed (the arXiv snapshot)."""
INDEX_BATCH_S = 0.05
"""A saved change waits this long for more before the index is updated in the background."""


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


class Library:
    """A user's library in one directory. Thread-safe for the app's workers; safe beside other processes."""

    def __init__(self, home: Path | None = None) -> None:
        self.paths: LibraryPaths = library_paths(home)
        if self.paths.home.exists() and not self.paths.home.is_dir():
            raise PapertuiError(f"the library folder {self.paths.home} is a file, not a folder (check PAPERTUI_HOME)")
        # The stores behind the door: the core (and tests) use them; the CLI and the app call Library methods
        # only (tests/test_facade_only.py).
        self.lock = LibraryLock(self.paths.lock)
        self.catalog = Catalog(self.paths.catalog)
        self.user = UserStore(self.paths.userdata, self.lock, backups_dir=self.paths.backups)
        self._index: PaperIndex | None = None
        self._index_mutex = threading.RLock()
        self._index_warning: str | None = None
        self._pending_since: float | None = None
        """When a saved change last asked for an index update that has not run yet (None: nothing pending)."""
        self._pending_lock = threading.Lock()
        self._syncer: threading.Thread | None = None
        self._complete_interrupted_change()

    def _complete_interrupted_change(self) -> None:
        """A removal (or its undo) whose process died between its two writes is completed on open, so that even
        reads see it whole. Best effort: a busy or damaged library is settled by its next write instead."""
        with contextlib.suppress(PapertuiError, OSError):
            if removal.pending(self.catalog, self.user):
                with self.lock.held(timeout=1.0):
                    removal.settle(self.catalog, self.user)

    def close(self) -> None:
        self._flush_index()
        with self._index_mutex:
            if self._index is not None:
                self._index.close()
                self._index = None
        self.catalog.close()

    # -- importing --------------------------------------------------------------------------------------------
    def import_bytes(self, data: bytes, source: str, record_filter: RecordFilter = NO_FILTER) -> ImportReport:
        """Import any supported input held in memory (gzip sniffed, reader chosen by content)."""
        return self.import_text(decode_bytes(gunzip(data, source), source), source, record_filter)

    def import_text(self, text: str, source: str, record_filter: RecordFilter = NO_FILTER) -> ImportReport:
        """Read and merge text of any supported format; raises PapertuiError (library untouched) when no paper
        is recognised. `record_filter` (--category / --since) applies to structured sources."""
        result = read_structured(text, source, record_filter)
        if result is not None:
            return self.import_papers(
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
        return self._merge_batches([page.papers], source, page.layout, "hf-page", list(page.warnings))

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
        """Merge papers a structured reader (or a fetch) produced. None at all is an error unless a filter
        left them all out."""
        notes = list(warnings)
        if record_filter.active and left_out:
            notes.append(f"{left_out} records left out (not matching {record_filter.describe()}, or broken)")
        if not papers and not (record_filter.active and left_out):
            raise PapertuiError(f"{source}: no papers found ({reader} input without a readable paper)")
        return self._merge_batches([papers], source, reader, reader, notes)

    def import_file(
        self, path: Path, record_filter: RecordFilter = NO_FILTER, progress: Progress | None = None
    ) -> ImportReport:
        with open_file(Path(path)) as raw:
            total = os.fstat(raw.fileno()).st_size
            return self.import_stream(raw, shown_path(path), record_filter, progress, total=total)

    def import_stream(
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
            return self.import_bytes(opened.read_all(), source, record_filter)
        stats = SnapshotStats()
        tick = (lambda done: progress(done, total)) if progress is not None else None
        papers = iter_snapshot(opened.lines(tick), record_filter, stats)
        report = self._merge_batches(
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

    def _merge_batches(
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
                self.index_warning = None
                self._sync_saved_change()
                if self._index_warning:
                    warnings.append(self._index_warning)
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

    # -- the index --------------------------------------------------------------------------------------------
    def index(self, progress: Progress | None = None) -> PaperIndex:
        """The search index, caught up with the stores (rebuilt first when missing, corrupt or outdated)."""
        with self._index_mutex:
            if self._index is None:
                index = _open_index(self.paths.index_dir)
                self.last_index_message = self._ensure(index, progress)
                self._index = index
            return self._index

    last_index_message: str | None = None
    """Why the index was rebuilt when it was last opened (None when it was in good shape)."""

    def _ensure(self, index: PaperIndex, progress: Progress | None) -> str | None:
        state = index.state()
        if state == "ok":
            cat_rev, user_rev = index.synced_revs()
            # Papers removed since the index was synced are still in it until the catch-up deletes them.
            expected = self.catalog.count() + len(self.catalog.removed_since(cat_rev))
            if self.catalog.rev() < cat_rev or index.doc_count() > expected:
                state = "stale"
            else:
                try:
                    self._catch_up(index, cat_rev, user_rev)
                except LockTimeout:
                    raise  # busy is not unwritable: searching a stale index would hide the change being written
                except (PapertuiError, OSError) as exc:
                    # Reading must work without writing (a read-only mount, a full disk): search what is there.
                    why = exc if isinstance(exc, PapertuiError) else (exc.strerror or exc)
                    self.index_warning = f"the search index may be behind the library: it cannot be updated ({why})"
                return None
        first_build = state == "missing" and self.catalog.meta("index_built") is None
        self.rebuild_index(progress, index=index)
        if first_build:  # a new library: building its index is no news
            return None
        return f"the search index was {state}; rebuilt it from the library"

    def _catch_up(self, index: PaperIndex, cat_rev: int, user_rev: int) -> None:
        cat_now, user_now = self.catalog.rev(), self.user.rev()
        if cat_now == cat_rev and user_now == user_rev:
            return
        ids: set[str] = set()
        removed: list[str] = []
        if cat_now != cat_rev:  # a tag write leaves the catalog alone: no scan of its 100k rows then
            ids.update(p.id for p in self.catalog.iter_papers(since_rev=cat_rev))
            removed = self.catalog.removed_since(cat_rev)
        if user_now != user_rev:
            ids.update(r.paper_id for r in self.user.changed_since(user_rev))
        index.update(self._docs(sorted(ids)), catalog_rev=cat_now, user_rev=user_now, removed=removed)

    def rebuild_index(self, progress: Progress | None = None, *, index: PaperIndex | None = None) -> int:
        """Rebuild the whole index from catalog and user data; returns the number of papers indexed.

        Asked from a worker thread (the app) for a big library, the work runs in a spawned process
        (papertui/rebuild.py) so the app keeps answering keys meanwhile; the CLI rebuilds in-process.
        """
        with self._index_mutex, self.lock.held():
            target = index or self._index or _open_index(self.paths.index_dir)
            in_worker = threading.current_thread() is not threading.main_thread()
            if in_worker and self.catalog.count() >= rebuild.SPAWN_MIN_PAPERS:
                target.close()  # the child swaps a new folder in; this handle reopens it on next use
                total = rebuild.rebuild_in_child(self.paths.home, progress)
            else:
                total = self._rebuild_into(target, progress)
            self.catalog.set_meta("index_built", "1")
            if self._index is None:
                self._index = target
            return total

    def rebuild_index_unlocked(self, progress: Progress | None = None) -> int:
        """rebuild_index() for papertui/rebuild.py's child process, whose parent holds the library lock."""
        index = _open_index(self.paths.index_dir)
        try:
            return self._rebuild_into(index, progress)
        finally:
            index.close()

    def _rebuild_into(self, target: PaperIndex, progress: Progress | None) -> int:
        # Revisions first: the index must never record more than it was built from.
        catalog_rev, user_rev = self.catalog.rev(), self.user.rev()
        records = self.user.records()
        total = self.catalog.count()
        docs = (IndexDoc(p, records.get(p.id)) for p in self.catalog.iter_papers())
        target.rebuild(docs, total=total, progress=progress, catalog_rev=catalog_rev, user_rev=user_rev)
        return total

    def _docs(self, ids: Sequence[str]) -> list[IndexDoc]:
        papers = self.catalog.get_many(ids)
        records = self.user.get_many(papers)
        return [IndexDoc(papers[i], records.get(i)) for i in ids if i in papers]

    def _sync(self) -> None:
        """Mirror every change the index has not seen yet (ours, or another process's) into it.

        Safe with or without the library lock: _catch_up reads the revisions before the papers, so what it
        records never claims more than the index holds.
        """
        with self._index_mutex:
            # A library whose index was never built catches up (or is built) when it is first searched.
            if self._index is None and not self.paths.index_dir.exists():
                return
            index = self.index()
            self._catch_up(index, *index.synced_revs())

    # -- reading ----------------------------------------------------------------------------------------------
    def search(
        self,
        query: str,
        *,
        limit: int = 50,
        sort: str = "relevance",
        typing: bool = False,
        time_limit_s: float | None = None,
    ) -> SearchResult:
        if sort not in SORTS:
            raise UsageError(f"unknown sort {sort!r}; choose one of {', '.join(SORTS)}")
        self._flush_index()  # a search sees every change this Library has saved
        return self.index().search(query, limit=limit, sort=sort, typing=typing, time_limit_s=time_limit_s)

    def browse(self, sort: str = "date") -> list[str]:
        """Every paper id in display order, for the empty query."""
        return self.catalog.ids("added" if sort == "relevance" else sort)

    def rows(self, ids: Sequence[str]) -> list[Hit]:
        """List rows for papers straight from the stores (for browsing without a query)."""
        papers = self.catalog.get_many(ids)
        records = self.user.get_many(list(papers))
        return [hit_from(papers[i], records.get(i)) for i in ids if i in papers]

    def paper(self, token: str) -> Paper:
        pid = self.catalog.resolve(token)
        paper = self.catalog.get(pid)
        if paper is None:  # deleted between resolve and get by another process
            raise UsageError(f"no paper with id {token!r}")
        return paper

    def record(self, paper_id: str) -> UserRecord:
        return self.user.get(paper_id)

    def count(self) -> int:
        """How many papers the library holds (raises PapertuiError, in one line, for a damaged catalog)."""
        return self.catalog.count()

    def count_with_code(self) -> int:
        return self.catalog.count_with_code()

    def revisions(self) -> tuple[int, int]:
        """(catalog, user data) revisions: they change whenever this or another process writes the library."""
        return self.catalog.rev(), self.user.rev()

    def papers(self, ids: Sequence[str]) -> dict[str, Paper]:
        """The papers of `ids` still in the library, by id."""
        return self.catalog.get_many(ids)

    def records(self) -> dict[str, UserRecord]:
        """Every user record (tags, note, triage), by paper id; papers the user never touched have none."""
        return self.user.records()

    def records_of(self, ids: Iterable[str]) -> dict[str, UserRecord]:
        """The user records of `ids`, by paper id: one for each id (an empty one where the user made none)."""
        return self.user.get_many(ids)

    def items(self, ids: Sequence[str]) -> list[tuple[Paper, UserRecord]]:
        """The papers of `ids` still in the library, in that order, each with its (maybe empty) user record."""
        return views.items(self, ids)

    def tag_counts(self) -> list[tuple[str, int]]:
        """Every tag with how many papers carry it, most used first."""
        return self.user.tag_counts()

    def ids_with_tags(self, tags: Iterable[str]) -> list[str]:
        """Papers carrying any of `tags`, newest first."""
        return views.ids_with_tags(self, tags)

    def view_ids(self, query: str, sort: str) -> list[str]:
        """Every paper in a view (the app's list): the whole library for an empty query, else every match."""
        return views.view_ids(self, query, sort)

    def resolve_all(self, tokens: Iterable[str]) -> list[str]:
        out: list[str] = []
        for t in tokens:
            pid = self.catalog.resolve(t)
            if pid not in out:
                out.append(pid)
        return out

    def query_ids(self, query: str, limit: int = 1_000_000) -> list[str]:
        result = self.search(query, limit=limit)
        if result.hint and not result.hits:
            raise UsageError(f"query {query!r}: {result.hint}")
        return [h.id for h in result.hits]

    # -- the user's actions -----------------------------------------------------------------------------------
    @property
    def index_warning(self) -> str | None:
        """Set when the last action was saved but the search index could not be updated (None otherwise).
        Reading it waits for the index update of that action."""
        self._flush_index()
        return self._index_warning

    @index_warning.setter
    def index_warning(self, value: str | None) -> None:
        self._index_warning = value

    @property
    def backup_warning(self) -> str | None:
        """Set when the last action was saved but its safety copy in backups/ could not be written."""
        return self.user.backup_warning

    def _apply(self, action: Callable[[], Change | None]) -> Change | None:
        with self.lock.held():
            self.index_warning = None
            removal.settle(self.catalog, self.user)  # a change interrupted by a crash is completed first
            change = action()
            # An undo or redo of a removal or an import moves the papers now (after the log records it).
            moved = removal.settle(self.catalog, self.user)
        if change is not None and moved:
            change = replace(change, paper_ids=tuple(dict.fromkeys((*change.paper_ids, *moved))))
        if change is not None and change.paper_ids:
            self._sync_later()
        return change

    # The index update of an action runs after the action is acknowledged (saved in the user store): at 100k
    # papers it costs 20-80 ms, three times the save itself. It runs in a background thread once writes pause
    # for INDEX_BATCH_S (so a burst of quick tags is one index commit), or at once when this Library is
    # searched, closed or asked for index_warning; the thread is not a daemon, so a CLI process finishes the
    # update before it exits. It needs no library lock: revisions are read before the papers, so the index
    # never records a revision newer than what it holds, and a change it misses is caught up later.

    def _sync_later(self) -> None:
        with self._pending_lock:
            self._pending_since = time.monotonic()
            if self._syncer is None:
                self._syncer = threading.Thread(target=self._sync_loop, name="papertui-index-sync")
                self._syncer.start()

    def _sync_loop(self) -> None:
        while True:
            with self._pending_lock:
                if self._pending_since is None:
                    self._syncer = None
                    return
                wait = self._pending_since + INDEX_BATCH_S - time.monotonic()
            if wait > 0:
                time.sleep(wait)
                continue
            try:
                self._flush_index()
            except Exception as exc:  # a background thread must never print a traceback at the user
                self.index_warning = _index_behind(exc)

    def _flush_index(self) -> None:
        """Run the pending index update now, in this thread (waiting for one already running)."""
        with self._index_mutex:
            with self._pending_lock:
                if self._pending_since is None:
                    return
                self._pending_since = None
            self._sync_saved_change()

    def _sync_saved_change(self) -> None:
        """Mirror a change that is already saved into the index, without ever failing the change.

        The index is a cache: if it cannot be updated now (full disk, unreadable folder, a writer that stays
        busy), the index keeps its old recorded revision and catches up — or is rebuilt — the next time it is
        opened. Reporting the saved change as failed would make users redo it, or think it was lost.
        """
        try:
            self._sync()
        except (PapertuiError, OSError) as exc:
            self.index_warning = _index_behind(exc if isinstance(exc, PapertuiError) else (exc.strerror or exc))
            # Reopened (and re-checked) on next use rather than trusted in whatever state the failure left.
            with self._index_mutex:
                index, self._index = self._index, None
                if index is not None:
                    with contextlib.suppress(Exception):  # best effort: it may be what just failed
                        index.close()

    def tag(self, ids: Sequence[str], tags: Sequence[str]) -> Change:
        return self._must(self._apply(lambda: self.user.tag(ids, tags)))

    def untag(self, ids: Sequence[str], tags: Sequence[str]) -> Change:
        return self._must(self._apply(lambda: self.user.untag(ids, tags)))

    def rename_tag(self, old: str, new: str) -> Change:
        return self._must(self._apply(lambda: self.user.rename_tag(old, new)))

    def delete_tag(self, tag: str) -> Change:
        return self._must(self._apply(lambda: self.user.delete_tag(tag)))

    def set_note(self, paper_id: str, text: str, *, base: str | None = None) -> Change:
        """Set a note; `base` is the text an editor started from (see UserStore.set_note: a note changed
        meanwhile keeps both texts)."""
        return self._must(self._apply(lambda: self.user.set_note(paper_id, text, base=base)))

    # -- note drafts (text being edited, not yet saved) ------------------------------------------------------
    def save_draft(self, paper_id: str, text: str, base: str | None) -> None:
        DraftFolder(self.paths.drafts).write(paper_id, text, base)

    def discard_draft(self, paper_id: str, text: str | None = None) -> None:
        """Drop a paper's draft (with `text`: only while that is still the draft's text)."""
        DraftFolder(self.paths.drafts).discard(paper_id, text)

    def drafts(self) -> list[Draft]:
        """Drafts left by an editor that did not get to save (closed terminal, signal, crash), oldest first;
        a draft whose text is the stored note already is discarded here."""
        folder = DraftFolder(self.paths.drafts)
        out = []
        for draft in folder.all():
            try:
                stored = self.user.get(draft.paper_id).note
            except PapertuiError:
                stored = None
            if stored is not None and stored.strip() == draft.text.strip():
                folder.discard(draft.paper_id)
            else:
                out.append(draft)
        return out

    def set_triage(self, ids: Sequence[str], state: str) -> Change:
        return self._must(self._apply(lambda: self.user.set_triage(ids, state)))

    def remove(self, ids: Sequence[str]) -> Change:
        """Take papers out of the library; undo puts them back with the same ids, fields and user data.

        Their records go into the undo entry (and out of tag counts, stats and exports at once); their catalog
        rows are kept aside until the entry leaves the undo log. Unknown ids: UsageError, nothing removed.
        """
        pids = list(dict.fromkeys(ids))
        return self._must(self._apply(lambda: removal.remove(self.catalog, self.user, pids)))

    def undo(self, *, own: bool = False) -> Change | None:
        """Undo the library's last step; with `own`, this window's last step (see mark_window)."""
        return self._apply(lambda: self.user.undo(own=own))

    def redo(self, *, own: bool = False) -> Change | None:
        return self._apply(lambda: self.user.redo(own=own))

    def mark_window(self) -> None:
        """Mark every later change of this Library as one app window's, so that its undo(own=True) and
        redo(own=True) step through its own changes only (another window's note is never undone behind its
        back); the CLI's `papertui undo` stays library-wide."""
        self.user.origin = uuid.uuid4().hex[:12]

    @staticmethod
    def _must(change: Change | None) -> Change:
        assert change is not None
        return change

    # -- summaries --------------------------------------------------------------------------------------------
    def sidebar_counts(self, saved_searches: Mapping[str, str]) -> views.SidebarCounts:
        return views.sidebar_counts(self, saved_searches)

    def unseen_inbox(self) -> list[str]:
        """Every paper not triaged yet, newest import first (the order triage walks)."""
        return views.unseen_inbox(self)

    def resume_order(self, order: Sequence[str]) -> list[str]:
        """A saved triage walk brought up to date (deleted papers dropped, new unseen ones appended)."""
        return views.resume_order(self, order)

    def triage_states(self, ids: Sequence[str]) -> dict[str, str]:
        return views.triage_states(self, ids)

    def missing_note(self, ids: Sequence[str], total: int, sort: str) -> str | None:
        """ "412 of 500 have no date: listed last" for a view sorted by `sort` (see library_views)."""
        return views.missing_note(self, ids, total, sort)

    def write_export(self, ids: Sequence[str], fmt: str, path: Path, group_tags: Sequence[str] = ()) -> int:
        """Write the papers of `ids` in `fmt` atomically to `path`; returns how many were written."""
        return views.write_export(self, ids, fmt, path, group_tags)

    def stats(self) -> dict[str, object]:
        records = self.user.records()
        triage = {"kept": 0, "skipped": 0}
        for r in records.values():
            if r.triage in triage:
                triage[r.triage] += 1
        papers = self.catalog.count()
        return {
            "papers": papers,
            "with_code": self.catalog.count_with_code(),
            "tagged": sum(1 for r in records.values() if r.tags),
            "with_notes": sum(1 for r in records.values() if r.note),
            "kept": triage["kept"],
            "skipped": triage["skipped"],
            "unseen": papers - triage["kept"] - triage["skipped"],
            "tags": dict(self.user.tag_counts()),
        }

    # -- health, files and the lock, for the front ends ------------------------------------------------------
    def diagnose(self) -> tuple[list[Finding], dict[str, object]]:
        """What `papertui doctor` reports: findings told apart by cause (papertui/health.py) and the facts."""
        from papertui import health

        return health.diagnose(self)

    @property
    def keymap_file(self) -> Path:
        """The user's own keys for the app (keys.json beside the library; optional)."""
        return self.paths.keymap

    @property
    def app_state_file(self) -> Path:
        """The app's saved searches, triage position and settings (tui-state.json)."""
        return self.paths.tui_state

    @property
    def backups_dir(self) -> Path:
        return self.paths.backups

    def has_index(self) -> bool:
        """Whether an index folder exists (a first build is no news; a rebuild of a damaged one is)."""
        return self.paths.index_dir.exists()

    def check_catalog(self) -> list[str]:
        """What is wrong with the catalog file (empty when it is healthy); for `papertui doctor`."""
        return self.catalog.integrity()

    def check_userdata(self) -> list[str]:
        """What is wrong with the user data file (empty when it is healthy); for `papertui doctor`."""
        return self.user.check()

    @contextlib.contextmanager
    def held(self, timeout: float | None = None) -> Iterator[None]:
        """Hold the library's write lock: for a file beside the library that the app reads, edits and writes
        (tui-state.json), so two processes editing it at once keep both changes."""
        with self.lock.held(timeout):
            yield

    def source_counts(self) -> dict[str, int]:
        """Papers per reader their fields came from ("hf-page", "hf-json", ...; a paper counts once for each)."""
        return self.catalog.source_counts()


def _batches(papers: Iterable[ParsedPaper], size: int) -> Iterator[list[ParsedPaper]]:
    iterator = iter(papers)
    while batch := list(itertools.islice(iterator, size)):
        yield batch


def _index_behind(reason: object) -> str:
    return f"saved, but the search index could not be updated now ({reason}); it will catch up"


def _open_index(folder: Path) -> PaperIndex:
    # Whoosh is imported here, on first use of the index, not with this module: the app's first paint needs
    # the catalog only, and Whoosh's modules take ~0.1 s to import.
    from papertui.index.engine import PaperIndex

    return PaperIndex(folder)


def hit_from(paper: Paper, record: UserRecord | None) -> Hit:
    """A list row for a paper read from the stores (the index builds the same row from stored fields)."""
    return Hit(
        id=paper.id,
        score=0.0,
        title=paper.title,
        github=paper.github[0] if paper.github else None,
        has_code=paper.has_code,
        date=paper.display_date,
        upvotes=paper.upvotes,
        authors_count=paper.authors_count,
        tags=record.tags if record else (),
        triage=record.triage if record else "unseen",
    )
