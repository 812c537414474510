"""How the library keeps its search index in step with the two stores it is built from.

The index is a cache of catalog + user data. Each records the revisions of both it was last synced to; on open
it is checked against them and caught up (only the papers changed since), or rebuilt when missing, corrupt or
newer than the stores (a catalog restored from a backup). IndexKeeper holds the open index for a Library and
applies these rules; the functions are the rules themselves.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from papertui import rebuild as spawned
from papertui.errors import LockTimeout, PapertuiError
from papertui.index.records import IndexDoc
from papertui.index_sync import IndexSyncer
from papertui.paths import LibraryPaths
from papertui.store.catalog import Catalog
from papertui.store.lock import LibraryLock
from papertui.store.userdata import UserStore

if TYPE_CHECKING:
    from papertui.index.engine import PaperIndex

Progress = Callable[[int, int], None]


def open_index(folder: Path) -> PaperIndex:
    # Whoosh is imported here, on first use of the index, not with the library: the app's first paint needs
    # the catalog only, and Whoosh's modules take ~0.1 s to import.
    from papertui.index.engine import PaperIndex

    return PaperIndex(folder)


def index_behind(reason: object) -> str:
    return f"saved, but the search index could not be updated now ({reason}); it will catch up"


def health(index: PaperIndex, catalog: Catalog) -> str:
    """ "ok", or why the index must be rebuilt: "missing", "corrupt", "outdated" (index/engine.py) or "stale"
    (it records more than the catalog holds, or a catalog revision the catalog has not reached)."""
    state = index.state()
    if state != "ok":
        return state
    cat_rev, _ = index.synced_revs()
    # Papers removed since the index was synced are still in it until the catch-up deletes them.
    expected = catalog.count() + len(catalog.removed_since(cat_rev))
    if catalog.rev() < cat_rev or index.doc_count() > expected:
        return "stale"
    return "ok"


def catch_up(index: PaperIndex, catalog: Catalog, user: UserStore) -> None:
    """Mirror every change the index has not seen yet (ours, or another process's) into it.

    Safe with or without the library lock: the revisions are read before the papers, so what the index records
    never claims more than it holds.
    """
    cat_rev, user_rev = index.synced_revs()
    cat_now, user_now = catalog.rev(), user.rev()
    if cat_now == cat_rev and user_now == user_rev:
        return
    ids: set[str] = set()
    removed: list[str] = []
    if cat_now != cat_rev:  # a tag write leaves the catalog alone: no scan of its 100k rows then
        ids.update(p.id for p in catalog.iter_papers(since_rev=cat_rev))
        removed = catalog.removed_since(cat_rev)
    if user_now != user_rev:
        ids.update(r.paper_id for r in user.changed_since(user_rev))
    index.update(docs(catalog, user, sorted(ids)), catalog_rev=cat_now, user_rev=user_now, removed=removed)


def rebuild_into(target: PaperIndex, catalog: Catalog, user: UserStore, progress: Progress | None) -> int:
    """Rebuild `target` from the stores; returns the number of papers indexed."""
    # Revisions first: the index must never record more than it was built from.
    catalog_rev, user_rev = catalog.rev(), user.rev()
    records = user.records()
    total = catalog.count()
    papers = (IndexDoc(p, records.get(p.id)) for p in catalog.iter_papers())
    target.rebuild(papers, total=total, progress=progress, catalog_rev=catalog_rev, user_rev=user_rev)
    return total


def docs(catalog: Catalog, user: UserStore, ids: Sequence[str]) -> list[IndexDoc]:
    papers = catalog.get_many(ids)
    records = user.get_many(papers)
    return [IndexDoc(papers[i], records.get(i)) for i in ids if i in papers]


class IndexKeeper:
    """The library's search index: opened on first use, checked against the stores and caught up (or rebuilt),
    and updated after each saved change, in the background (IndexSyncer) or at once (flush)."""

    def __init__(self, paths: LibraryPaths, catalog: Catalog, user: UserStore, lock: LibraryLock) -> None:
        self._paths, self._catalog, self._user, self._lock = paths, catalog, user, lock
        self._index: PaperIndex | None = None
        self.mutex = threading.RLock()
        self.warning: str | None = None
        """Set when the last change was saved but the index could not be updated (None otherwise)."""
        self.last_message: str | None = None
        """Why the index was rebuilt when it was last opened (None when it was in good shape)."""
        self.syncer = IndexSyncer(self.sync_saved_change, self._background_failed, self.mutex)

    def close(self) -> None:
        self.syncer.stop()
        with self.mutex:
            if self._index is not None:
                self._index.close()
                self._index = None

    def get(self, progress: Progress | None = None, *, spawn: bool = False) -> PaperIndex:
        """The search index, caught up with the stores (rebuilt first when missing, corrupt or outdated; `spawn`
        as for rebuild_index)."""
        with self.mutex:
            if self._index is None:
                index = open_index(self._paths.index_dir)
                self.last_message = self._ensure(index, progress, spawn)
                self._index = index
            return self._index

    def _ensure(self, index: PaperIndex, progress: Progress | None, spawn: bool) -> str | None:
        state = health(index, self._catalog)
        if state == "ok":
            try:
                catch_up(index, self._catalog, self._user)
            except LockTimeout:
                raise  # busy is not unwritable: searching a stale index would hide the change being written
            except (PapertuiError, OSError) as exc:
                # Reading must work without writing (a read-only mount, a full disk): search what is there.
                why = exc if isinstance(exc, PapertuiError) else (exc.strerror or exc)
                self.warning = f"the search index may be behind the library: it cannot be updated ({why})"
            return None
        first_build = state == "missing" and self._catalog.meta("index_built") is None
        self.rebuild(progress, index=index, spawn=spawn)
        if first_build:  # a new library: building its index is no news
            return None
        return f"the search index was {state}; rebuilt it from the library"

    def rebuild(self, progress: Progress | None = None, *, spawn: bool = False, index: PaperIndex | None = None) -> int:
        """Rebuild the whole index from catalog and user data; returns the number of papers indexed.

        With `spawn` (the app's worker), a big library is rebuilt in a spawned process (papertui/rebuild.py) so
        the caller's process keeps answering keys meanwhile; without (the CLI), in this thread.
        """
        with self.mutex, self._lock.held():
            target = index or self._index or open_index(self._paths.index_dir)
            if spawn and self._catalog.count() >= spawned.SPAWN_MIN_PAPERS:
                target.close()  # the child swaps a new folder in; this handle reopens it on next use
                total = spawned.rebuild_in_child(self._paths.home, progress)
            else:
                total = rebuild_into(target, self._catalog, self._user, progress)
            self._catalog.set_meta("index_built", "1")
            if self._index is None:
                self._index = target
            return total

    def rebuild_unlocked(self, progress: Progress | None = None) -> int:
        """rebuild() for papertui/rebuild.py's child process, whose parent holds the library lock."""
        index = open_index(self._paths.index_dir)
        try:
            return rebuild_into(index, self._catalog, self._user, progress)
        finally:
            index.close()

    def flush(self) -> str | None:
        """Mirror the changes saved so far into the index now, in this thread (waiting for an update already
        running in the background); returns the warning: why the index is behind, or None."""
        self.syncer.flush()
        return self.warning

    def _sync(self) -> None:
        with self.mutex:
            # A library whose index was never built catches up (or is built) when it is first searched.
            if self._index is None and not self._paths.index_dir.exists():
                return
            catch_up(self.get(), self._catalog, self._user)

    def sync_saved_change(self) -> None:
        """Mirror a change that is already saved into the index, without ever failing the change.

        The index is a cache: if it cannot be updated now (full disk, unreadable folder, a writer that stays
        busy), the index keeps its old recorded revision and catches up — or is rebuilt — the next time it is
        opened. Reporting the saved change as failed would make users redo it, or think it was lost.
        """
        try:
            self._sync()
        except (PapertuiError, OSError) as exc:
            self.warning = index_behind(exc if isinstance(exc, PapertuiError) else (exc.strerror or exc))
            # Reopened (and re-checked) on next use rather than trusted in whatever state the failure left.
            with self.mutex:
                index, self._index = self._index, None
                if index is not None:
                    with contextlib.suppress(Exception):  # best effort: it may be what just failed
                        index.close()

    def sync_now(self) -> str | None:
        self.warning = None
        self.sync_saved_change()
        return self.warning

    def _background_failed(self, exc: Exception) -> None:
        self.warning = index_behind(exc)
