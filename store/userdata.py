"""UserStore: the user's tags, notes and triage state, with undo/redo — the facade the CLI and the app call.

Storage is one TinyDB file (layout in userdata_db.py). Every change runs as a transaction: take the
library lock, re-read the file, apply the change and its undo entry to an in-memory TinyDB, then replace the
file in ONE atomic write. Reads take no lock; the atomic rename means they see the old file or the new one,
never a mix, and a parsed copy is reused while the file on disk has not changed.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from papertui.errors import PapertuiError
from papertui.model import UserRecord
from papertui.store import tags as tagrules
from papertui.store import undo as undolog
from papertui.store import userdata_actions as actions
from papertui.store import watchlist
from papertui.store.lock import LibraryLock
from papertui.store.tinydb_storage import (
    AtomicJSONStorage,
    FileStamp,
    Tables,
    TableTextCache,
    read_file_bytes,
)
from papertui.store.userdata_backup import (
    daily_backup,
    list_backups,
    stray_temp_files,
    write_backup,
)
from papertui.store.userdata_check import check_file
from papertui.store.userdata_db import (
    SCHEMA_VERSION,
    Snap,
    UserDB,
    compact,
    empty_tables,
    has_data,
    load_tables,
    to_record,
)
from papertui.store.userdata_restore import restore_file
from papertui.store.watchlist import WatchEntry

MIGRATION_BACKUP = f"before-schema-{SCHEMA_VERSION}"

T = TypeVar("T")


@dataclass(frozen=True)
class Change:
    """The outcome of one action; `paper_ids` is empty when nothing changed (no write, no undo step)."""

    action: str
    description: str
    paper_ids: tuple[str, ...]
    rev: int


@dataclass(frozen=True)
class _Parsed:
    """One version of the file: its bytes, the stamp they were read with, and the tables parsed from them."""

    stamp: FileStamp
    raw: bytes
    tables: Tables
    migrated: bool


class UserStore:
    """Tags, notes and triage for the papers of one library, stored in `path`."""

    def __init__(self, path: Path, lock: LibraryLock, *, backups_dir: Path, undo_limit: int = 500) -> None:
        self.path = Path(path)
        self.lock = lock
        self.backups_dir = Path(backups_dir)
        self.undo_limit = max(0, int(undo_limit))
        self._cache: _Parsed | None = None
        self._next_daily_check = 0.0
        self._texts = TableTextCache()
        self._shard_names: dict[str, tuple[object, dict[str, str]]] = {}
        self.backup_warning: str | None = None
        """Set when the last write of this store was saved but its backup could not be taken."""
        self.origin: str | None = None
        """Set by an app window: its steps are marked so that its `u` undoes only them (None: the CLI)."""

    # -- reading ------------------------------------------------------------------------------------------
    def _read(self) -> UserDB:
        """A consistent snapshot of the file (no lock needed: writes replace the file atomically)."""
        try:
            stamp = FileStamp.of(self.path.stat())
        except FileNotFoundError:
            return UserDB(empty_tables(), writable=False)
        except OSError:
            stamp = None  # let the read below report it
        cached = self._cache
        if cached is not None and stamp is not None and cached.stamp == stamp:
            return UserDB(cached.tables, writable=False)
        got = read_file_bytes(self.path)
        if got is None:
            return UserDB(empty_tables(), writable=False)
        return UserDB(self._parse(*got).tables, writable=False)

    def _parse(self, raw: bytes, stamp: FileStamp) -> _Parsed:
        """The parsed file, reusing the cache when the bytes are identical (compared in full, so it is exact
        even inside a transaction, where a stale copy would lose another process's change)."""
        cached = self._cache
        if cached is not None and cached.raw == raw:
            parsed = _Parsed(stamp, raw, cached.tables, cached.migrated)
        else:
            tables, migrated = load_tables(self.path, raw)
            parsed = _Parsed(stamp, raw, tables, migrated)
        self._cache = parsed
        return parsed

    def get(self, paper_id: str) -> UserRecord:
        return to_record(paper_id, self._read().raw(paper_id))

    def get_many(self, ids: Iterable[str]) -> dict[str, UserRecord]:
        db = self._read()
        return {pid: to_record(pid, db.raw(pid)) for pid in ids}

    def records(self) -> dict[str, UserRecord]:
        return {pid: to_record(pid, raw) for pid, raw in self._read().iter_raw() if has_data(raw)}

    def rev(self) -> int:
        return self._read().rev

    def changed_since(self, rev: int) -> list[UserRecord]:
        """Records changed after `rev`, oldest change first; papers whose data was all removed come back as
        default records (so an index can drop their old tags)."""
        found = [to_record(pid, raw) for pid, raw in self._read().iter_raw() if raw.get("rev", 0) > rev]
        return sorted(found, key=lambda r: (r.rev, r.paper_id))

    def tag_counts(self) -> list[tuple[str, int]]:
        return tagrules.count_tags(raw.get("tags", ()) for _, raw in self._read().iter_raw())

    def ids_with_tag(self, tag: str) -> set[str]:
        key = tagrules.tag_key(tag)
        return {
            pid for pid, raw in self._read().iter_raw() if any(tagrules.tag_key(t) == key for t in raw.get("tags", ()))
        }

    def watch_entries(self) -> list[WatchEntry]:
        """The watch list, in the order the entries were added."""
        return watchlist.from_stored(self._read().watch_raw())

    def can_undo(self) -> bool:
        return self._read().stack_len(undolog.UNDO) > 0

    def can_redo(self) -> bool:
        return self._read().stack_len(undolog.REDO) > 0

    def undo_label(self) -> str | None:
        """What undo would undo (for menus and the palette), or None."""
        top = self._read().peek(undolog.UNDO)
        return top["description"] if top else None

    def redo_label(self) -> str | None:
        top = self._read().peek(undolog.REDO)
        return top["description"] if top else None

    # -- writing ------------------------------------------------------------------------------------------
    def _transact(self, work: Callable[[UserDB], T]) -> T:
        """Run `work` on a fresh copy of the file under the library lock; persist it in one atomic write.

        If `work` raises, nothing is written. The file is re-read inside the lock, so a change made by another
        process in between is never lost.
        """
        with self.lock.held():
            got = read_file_bytes(self.path)
            parsed = self._parse(*got) if got is not None else None
            db = UserDB(parsed.tables if parsed else empty_tables(), writable=True)
            result = work(db)
            if db.dirty:
                self.backup_warning = None
                if parsed and parsed.migrated:
                    self._safety_copy(write_backup, self.path, parsed.raw, self.backups_dir, MIGRATION_BACKUP)
                if parsed and time.monotonic() >= self._next_daily_check:
                    # Checked at most hourly per process: listing the backups folder on every write is waste.
                    self._next_daily_check = time.monotonic() + 3600
                    self._safety_copy(daily_backup, self.path, parsed.raw, self.backups_dir)
                self._remove_stray_temp_files()
                storage = AtomicJSONStorage(self.path, self._texts)
                storage.write(db.tables)
                if storage.last_stamp is not None and storage.last_bytes is not None:
                    self._cache = _Parsed(storage.last_stamp, storage.last_bytes, db.tables, False)
            return result

    def _safety_copy(self, write: Callable[..., object], *args: object) -> None:
        """Take a backup with `write(*args)`; one that cannot be written (a file or an unwritable folder at
        backups/, a full disk) must not stop the user's change, which is still written atomically: it becomes a
        warning instead."""
        try:
            write(*args)
        except (PapertuiError, OSError) as exc:
            why = (exc.strerror or str(exc)) if isinstance(exc, OSError) else str(exc)
            self.backup_warning = (
                f"saved, but no safety copy could be written to {self.backups_dir} ({why}); run `papertui doctor`"
            )

    def _tag_names(self, db: UserDB, tags: Iterable[str]) -> dict[str, str]:
        """The library's display spelling of `tags` (by key) where they are in use.

        Kept per records table and recomputed only for tables that changed: tables are never modified in
        place (see UserDB), so the same table object has the same tags. Holding the table keeps its id unique.
        """
        keys = {tagrules.tag_key(t) for t in tags}
        names: dict[str, str] = {}
        cache = {}
        for name, table in db.record_tables():
            hit = self._shard_names.get(name)
            if hit is None or hit[0] is not table:
                hit = (table, tagrules.display_names(raw.get("tags", ()) for raw in table.values()))
            cache[name] = hit
            for key in keys - names.keys():
                if key in hit[1]:
                    names[key] = hit[1][key]
        self._shard_names = cache
        return names

    def _remove_stray_temp_files(self) -> None:
        # Only writers holding the lock create these, so under the lock any we find belong to a dead process.
        for tmp in stray_temp_files(self.path):
            with contextlib.suppress(OSError):
                tmp.unlink()

    def _change(self, action: str, plan: actions.Plan, noop: str) -> Change:
        def work(db: UserDB) -> Change:
            after, describe = plan(db)
            after = {pid: compact(snap) for pid, snap in after.items()}
            before = {pid: db.snap(pid) for pid in after}
            n = sum(1 for pid in after if after[pid] != before[pid])
            description = describe(n) if n else noop
            applied = undolog.apply_change(db, action, description, after, self.undo_limit, origin=self.origin)
            return Change(action, description, applied.paper_ids, applied.rev)

        return self._transact(work)

    def tag(self, ids: Sequence[str], tags: Sequence[str]) -> Change:
        return self._change(*actions.tag(ids, tags, self._tag_names))

    def untag(self, ids: Sequence[str], tags: Sequence[str]) -> Change:
        return self._change(*actions.untag(ids, tags, self._tag_names))

    def rename_tag(self, old: str, new: str) -> Change:
        """Rename OLD to NEW on every paper; if NEW already exists (any case) the two tags merge into it."""
        return self._change(*actions.rename_tag(old, new, self._tag_names))

    def delete_tag(self, tag: str) -> Change:
        """Remove TAG from every paper."""
        return self._change(*actions.delete_tag(tag, self._tag_names))

    def set_note(self, paper_id: str, text: str, *, base: str | None = None) -> Change:
        """Set the paper's Markdown note; an empty (or blank) text deletes it (see userdata_actions.set_note for
        `base`, the note the editor started from)."""
        return self._change(*actions.set_note(paper_id, text, base=base))

    def set_triage(self, ids: Sequence[str], state: str) -> Change:
        """Mark papers kept / skipped / unseen; the first kept-or-skipped stamps `seen`."""
        return self._change(*actions.set_triage(ids, state))

    def watch_add(self, entries: Sequence[WatchEntry]) -> Change:
        """Add entries to the watch list (one undo step); those already on it are left as they are."""
        return self._watch_change("watch-add", lambda current: watchlist.plan_add(current, entries))

    def watch_remove(self, entry: WatchEntry) -> Change:
        """Take an entry off the watch list; PapertuiError when it is not on it."""
        return self._watch_change("watch-remove", lambda current: watchlist.plan_remove(current, entry))

    def _watch_change(self, action: str, plan: Callable[[list[WatchEntry]], tuple[list[WatchEntry], str]]) -> Change:
        def work(db: UserDB) -> Change:
            new, description = plan(watchlist.from_stored(db.watch_raw()))
            watch = [e.to_json() for e in new]
            applied = undolog.apply_change(
                db, action, description, {}, self.undo_limit, origin=self.origin, watch=watch
            )
            return Change(action, description, applied.paper_ids, applied.rev)

        return self._transact(work)

    def log_catalog_change(self, action: str, description: str, cleared: Sequence[str], catalog: Snap) -> Change:
        """Log a change to the catalog (papers removed or imported) as one undo entry, clearing the records of
        the papers in `cleared`; the entry's "before" keeps those records, so undoing it brings them back."""

        def work(db: UserDB) -> Change:
            after: dict[str, Snap] = {pid: {} for pid in cleared}
            applied = undolog.apply_change(
                db, action, description, after, self.undo_limit, catalog=catalog, origin=self.origin
            )
            return Change(action, description, applied.paper_ids, applied.rev)

        return self._transact(work)

    def catalog_parts(self) -> tuple[list[Snap], list[Snap]]:
        """The catalog parts of the undo and the redo stack, oldest first (store/removal.py)."""
        db = self._read()
        return db.catalog_parts(undolog.UNDO), db.catalog_parts(undolog.REDO)

    def drop_redo(self) -> None:
        """Forget the redo stack (as any new change does), ahead of a change that is logged only once made."""

        def work(db: UserDB) -> None:
            db.clear(undolog.REDO)

        self._transact(work)

    def undo(self, *, own: bool = False) -> Change | None:
        """Undo the newest step of the library, or with `own` the newest this store's origin made."""
        return self._step(backwards=True, own=own)

    def redo(self, *, own: bool = False) -> Change | None:
        return self._step(backwards=False, own=own)

    def _step(self, backwards: bool, own: bool = False) -> Change | None:
        origin = self.origin if own else None

        def work(db: UserDB) -> Change | None:
            done = undolog.step(db, backwards, self.undo_limit, origin)
            if done is None:
                return None
            entry, applied = done
            verb = "undid" if backwards else "redid"
            return Change(
                "undo" if backwards else "redo",
                f"{verb}: {entry.get('description', entry.get('action', '?'))}",
                applied.paper_ids,
                applied.rev,
            )

        return self._transact(work)

    # -- health and recovery (papertui doctor) ---------------------------------------------------------------
    def check(self) -> list[str]:
        """Problems found in the file; [] when healthy. Never writes."""
        return check_file(self.path)

    def backups(self) -> list[Path]:
        """Backups of this file, oldest first."""
        return list_backups(self.path, self.backups_dir)

    def backup(self, reason: str = "manual") -> Path:
        """Copy the current file (even a damaged one, byte for byte) into the backups folder."""
        with self.lock.held():
            got = read_file_bytes(self.path)
            if got is None:
                raise PapertuiError(f"there is nothing to back up: {self.path} does not exist yet")
            return write_backup(self.path, got[0], self.backups_dir, reason)

    def restore_backup(self, source: Path) -> Change:
        """Replace the file with the backup `source` — the documented recovery for a damaged file.

        The replaced file is saved into the backups folder first. The Change lists every paper in either
        file; re-index them all (when the replaced file was unreadable, its revision was unknown).
        """
        source = Path(source)
        with self.lock.held():
            cached = self._cache
            done = restore_file(self.path, source, self.backups_dir, cached.tables if cached else None)
            self._cache = None
        note = f" (the replaced file was saved as {done.saved})" if done.saved else ""
        return Change("restore", f"restored {source.name}{note}", done.paper_ids, done.rev)
