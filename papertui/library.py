"""The library facade: one object the CLI and the app both call, composing catalog, user data and index.

It owns the rules that span stores: imports merge into the catalog and then update the index; a user action is
written to the user store (acknowledged on disk) and then mirrored into the index; the index is checked and
caught up (or rebuilt) from the two stores before it is searched.
"""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from papertui import library_views as views
from papertui import library_watch
from papertui.errors import PapertuiError, UsageError
from papertui.index.records import SORTS, Hit, SearchResult, hit_from
from papertui.library_import import ImportReport
from papertui.library_imports import LibraryImports
from papertui.library_index import IndexKeeper
from papertui.library_related import related_search, split_related
from papertui.model import Paper, UserRecord
from papertui.paths import LibraryPaths, library_paths
from papertui.store import removal
from papertui.store.catalog import Catalog
from papertui.store.drafts import Draft, DraftFolder
from papertui.store.lock import LibraryLock
from papertui.store.userdata import Change, UserStore
from papertui.store.watchlist import WatchEntry, parse_entry

if TYPE_CHECKING:
    from papertui.health import Finding
    from papertui.index.engine import PaperIndex

__all__ = ["SORTS", "Hit", "ImportReport", "Library", "hit_from"]

Progress = Callable[[int, int], None]


class Library(LibraryImports):
    """A user's library in one directory. Thread-safe for the app's workers; safe beside other processes."""

    def __init__(self, home: Path | None = None) -> None:
        self.paths: LibraryPaths = library_paths(home)
        if self.paths.home.exists() and not self.paths.home.is_dir():
            raise PapertuiError(f"the library folder {self.paths.home} is a file, not a folder (check PAPERTUI_HOME)")
        # The stores behind the door: the core's; the CLI, the app, tests and the bench call Library methods
        # (tests/test_facade_only.py).
        self._lock = LibraryLock(self.paths.lock)
        self._catalog = Catalog(self.paths.catalog)
        self._user = UserStore(self.paths.userdata, self._lock, backups_dir=self.paths.backups)
        self._keeper = IndexKeeper(self.paths, self._catalog, self._user, self._lock)
        self._watch = library_watch.WatchMatches()
        self._complete_interrupted_change()

    def _complete_interrupted_change(self) -> None:
        """A removal (or its undo) whose process died between its two writes is completed on open, so that even
        reads see it whole. Best effort: a busy or damaged library is settled by its next write instead."""
        with contextlib.suppress(PapertuiError, OSError):
            if removal.pending(self._catalog, self._user):
                with self._lock.held(timeout=1.0):
                    removal.settle(self._catalog, self._user)

    def close(self) -> None:
        self._keeper.close()
        self._catalog.close()

    # -- the index --------------------------------------------------------------------------------------------
    def index(self, progress: Progress | None = None, *, spawn: bool = False) -> PaperIndex:
        """The search index, caught up with the stores (rebuilt first when missing, corrupt or outdated; `spawn`
        as for rebuild_index)."""
        return self._keeper.get(progress, spawn=spawn)

    @property
    def last_index_message(self) -> str | None:
        """Why the index was rebuilt when it was last opened (None when it was in good shape)."""
        return self._keeper.last_message

    @property
    def index_warning(self) -> str | None:
        """Set when the last change was saved but the search index could not be updated (None otherwise); see
        flush_index()."""
        return self._keeper.warning

    def rebuild_index(self, progress: Progress | None = None, *, spawn: bool = False) -> int:
        """Rebuild the whole index from catalog and user data; returns the number of papers indexed.

        With `spawn` (the app's worker), a big library is rebuilt in a spawned process (papertui/rebuild.py) so
        the caller's process keeps answering keys meanwhile; without (the CLI), in this thread.
        """
        return self._keeper.rebuild(progress, spawn=spawn)

    def rebuild_index_unlocked(self, progress: Progress | None = None) -> int:
        """rebuild_index() for papertui/rebuild.py's child process, whose parent holds the library lock."""
        return self._keeper.rebuild_unlocked(progress)

    def flush_index(self) -> str | None:
        """Mirror the changes saved so far into the index now, in this thread (waiting for an update already
        running in the background); returns index_warning: why the index is behind, or None."""
        return self._keeper.flush()

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
        self._keeper.syncer.flush()  # a search sees every change this Library has saved
        query = library_watch.expand(self, query)
        if scope := split_related(query):
            return related_search(self, scope, limit=limit, sort=sort, typing=typing)
        return self.index().search(query, limit=limit, sort=sort, typing=typing, time_limit_s=time_limit_s)

    def similar(self, paper_id: str, limit: int = 20) -> SearchResult:
        """The papers most like this one, best first (index/related.py)."""
        self._keeper.syncer.flush()
        return self.index().similar(paper_id, limit)

    def suggest(self, tag: str, limit: int = 20) -> SearchResult:
        """Papers not tagged `tag` that resemble those that are; skipped papers count against."""
        self._keeper.syncer.flush()
        return self.index().suggest(tag, limit)

    def browse(self, sort: str = "date") -> list[str]:
        """Every paper id in display order, for the empty query."""
        return self._catalog.ids("added" if sort == "relevance" else sort)

    def rows(self, ids: Sequence[str]) -> list[Hit]:
        """List rows for papers straight from the stores (for browsing without a query)."""
        papers = self._catalog.get_many(ids)
        records = self._user.get_many(list(papers))
        return [hit_from(papers[i], records.get(i)) for i in ids if i in papers]

    def paper(self, token: str) -> Paper:
        pid = self._catalog.resolve(token)
        paper = self._catalog.get(pid)
        if paper is None:  # deleted between resolve and get by another process
            raise UsageError(f"no paper with id {token!r}")
        return paper

    def record(self, paper_id: str) -> UserRecord:
        return self._user.get(paper_id)

    def count(self) -> int:
        """How many papers the library holds (raises PapertuiError, in one line, for a damaged catalog)."""
        return self._catalog.count()

    def count_with_code(self) -> int:
        return self._catalog.count_with_code()

    def revisions(self) -> tuple[int, int]:
        """(catalog, user data) revisions: they change whenever this or another process writes the library."""
        return self._catalog.rev(), self._user.rev()

    def papers(self, ids: Sequence[str]) -> dict[str, Paper]:
        """The papers of `ids` still in the library, by id."""
        return self._catalog.get_many(ids)

    def records(self) -> dict[str, UserRecord]:
        """Every user record (tags, note, triage), by paper id; papers the user never touched have none."""
        return self._user.records()

    def records_of(self, ids: Iterable[str]) -> dict[str, UserRecord]:
        """The user records of `ids`, by paper id: one for each id (an empty one where the user made none)."""
        return self._user.get_many(ids)

    def items(self, ids: Sequence[str]) -> list[tuple[Paper, UserRecord]]:
        """The papers of `ids` still in the library, in that order, each with its (maybe empty) user record."""
        return views.items(self, ids)

    def tag_counts(self) -> list[tuple[str, int]]:
        """Every tag with how many papers carry it, most used first."""
        return self._user.tag_counts()

    def ids_with_tags(self, tags: Iterable[str]) -> list[str]:
        """Papers carrying any of `tags`, newest first (the app's default order)."""
        tagged = set().union(*(self._user.ids_with_tag(tag) for tag in tags))
        return [i for i in self.browse("date") if i in tagged]

    def view_ids(self, query: str, sort: str, within: frozenset[str] | None = None) -> list[str]:
        """Every paper in a view (the app's list): the whole library for an empty query, else every match;
        only those in `within` when given (a view of a set of papers: "New since last visit")."""
        return views.view_ids(self, query, sort, within)

    def resolve_all(self, tokens: Iterable[str]) -> list[str]:
        out: list[str] = []
        for t in tokens:
            pid = self._catalog.resolve(t)
            if pid not in out:
                out.append(pid)
        return out

    def query_ids(self, query: str, limit: int = 1_000_000) -> list[str]:
        result = self.search(query, limit=limit)
        if result.hint and not result.hits:
            raise UsageError(f"query {query!r}: {result.hint}")
        return [h.id for h in result.hits]

    def ids_for(self, query: str, sort: str = "date") -> list[str]:
        """The papers a query (typically filters: tag:, is:, untagged) selects, in the library's `sort` order;
        every paper for the empty query, without opening the index."""
        ids = self.browse(sort)
        if not query.strip():
            return ids
        matched = set(self.query_ids(query))
        return [i for i in ids if i in matched]

    # -- the user's actions -----------------------------------------------------------------------------------
    @property
    def backup_warning(self) -> str | None:
        """Set when the last action was saved but its safety copy in backups/ could not be written."""
        return self._user.backup_warning

    def _apply(self, action: Callable[[], Change | None]) -> Change | None:
        with self._lock.held():
            self._keeper.warning = None
            removal.settle(self._catalog, self._user)  # a change interrupted by a crash is completed first
            change = action()
            # An undo or redo of a removal or an import moves the papers now (after the log records it).
            moved = removal.settle(self._catalog, self._user)
        if change is not None and moved:
            change = replace(change, paper_ids=tuple(dict.fromkeys((*change.paper_ids, *moved))))
        if change is not None and change.paper_ids:
            self._keeper.syncer.request()  # the index follows in the background (papertui/index_sync.py)
        return change

    def tag(self, ids: Sequence[str], tags: Sequence[str]) -> Change:
        return self._must(self._apply(lambda: self._user.tag(ids, tags)))

    def untag(self, ids: Sequence[str], tags: Sequence[str]) -> Change:
        return self._must(self._apply(lambda: self._user.untag(ids, tags)))

    def rename_tag(self, old: str, new: str) -> Change:
        return self._must(self._apply(lambda: self._user.rename_tag(old, new)))

    def delete_tag(self, tag: str) -> Change:
        return self._must(self._apply(lambda: self._user.delete_tag(tag)))

    def set_note(self, paper_id: str, text: str, *, base: str | None = None) -> Change:
        """Set a note; `base` is the text an editor started from (see UserStore.set_note: a note changed
        meanwhile keeps both texts)."""
        return self._must(self._apply(lambda: self._user.set_note(paper_id, text, base=base)))

    # -- the watch list (papertui/library_watch.py) ----------------------------------------------------------
    def watch_add(self, entries: str | Sequence[str]) -> Change:
        """Watch authors (`author:"Yann LeCun"`) and keywords (`"state space model"`); one undo step."""
        parsed = library_watch.parse_entries(entries)
        return self._must(self._apply(lambda: self._user.watch_add(parsed)))

    def watch_remove(self, entry: str) -> Change:
        parsed = parse_entry(entry)  # not checked for words: an entry stored by an older papertui must go too
        return self._must(self._apply(lambda: self._user.watch_remove(parsed)))

    def watch_list(self) -> list[WatchEntry]:
        return self._user.watch_entries()

    def watch_matches(self) -> list[library_watch.WatchMatch]:
        """Each entry with the papers it matches (read again only after a change)."""
        return self._watch.get(self)

    def watched_ids(self) -> frozenset[str]:
        """The papers any entry of the watch list matches."""
        return library_watch.watched_ids(self.watch_matches())

    def added_since(self, when: str) -> list[str]:
        """Papers that entered the library after `when` (ISO 8601, as Paper.added), newest first."""
        return self._catalog.ids_added_after(when)

    # -- note drafts (text being edited, not yet saved) ------------------------------------------------------
    def save_draft(self, paper_id: str, text: str, base: str | None) -> None:
        DraftFolder(self.paths.drafts).write(paper_id, text, base)

    def discard_draft(self, paper_id: str, text: str | None = None) -> None:
        """Drop a paper's draft (with `text`: only while that is still the draft's text)."""
        DraftFolder(self.paths.drafts).discard(paper_id, text)

    def drafts(self) -> list[Draft]:
        """Drafts left by an editor that did not get to save (closed terminal, signal, crash), oldest first;
        a draft whose text is the stored note already is discarded here."""
        return views.drafts(self, DraftFolder(self.paths.drafts))

    def set_triage(self, ids: Sequence[str], state: str) -> Change:
        return self._must(self._apply(lambda: self._user.set_triage(ids, state)))

    def remove(self, ids: Sequence[str]) -> Change:
        """Take papers out of the library; undo puts them back with the same ids, fields and user data.

        Their records go into the undo entry (and out of tag counts, stats and exports at once); their catalog
        rows are kept aside until the entry leaves the undo log. Unknown ids: UsageError, nothing removed.
        """
        pids = list(dict.fromkeys(ids))
        return self._must(self._apply(lambda: removal.remove(self._catalog, self._user, pids)))

    def undo(self, *, own: bool = False) -> Change | None:
        """Undo the library's last step; with `own`, this window's last step (see mark_window)."""
        return self._apply(lambda: self._user.undo(own=own))

    def redo(self, *, own: bool = False) -> Change | None:
        return self._apply(lambda: self._user.redo(own=own))

    def mark_window(self) -> None:
        """Mark every later change of this Library as one app window's, so that its undo(own=True) and
        redo(own=True) step through its own changes only (another window's note is never undone behind its
        back); the CLI's `papertui undo` stays library-wide."""
        self._user.origin = uuid.uuid4().hex[:12]

    @staticmethod
    def _must(change: Change | None) -> Change:
        assert change is not None
        return change

    # -- summaries --------------------------------------------------------------------------------------------
    def sidebar_counts(self, saved_searches: Mapping[str, str], since: str | None = None) -> views.SidebarCounts:
        return views.sidebar_counts(self, saved_searches, since)

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
        """The counts `papertui stats` shows: papers, with code, tagged, with notes, triage states, tags."""
        return views.stats(self)

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
        return self._catalog.integrity()

    def check_userdata(self) -> list[str]:
        """What is wrong with the user data file (empty when it is healthy); for `papertui doctor`."""
        return self._user.check()

    @contextlib.contextmanager
    def held(self, timeout: float | None = None) -> Iterator[None]:
        """Hold the library's write lock: for a file beside the library that the app reads, edits and writes
        (tui-state.json), so two processes editing it at once keep both changes."""
        with self._lock.held(timeout):
            yield
