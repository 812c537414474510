"""Recovery: replacing the user-data file with one of its backups (`papertui doctor`).

The replaced file, damaged or not, is first copied into the backups folder, so a restore can itself be
reverted by restoring that copy. Nothing here runs without the caller holding the library lock.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from pathlib import Path

from papertui.errors import PapertuiError
from papertui.store.tinydb_storage import AtomicJSONStorage, Tables, read_file_bytes
from papertui.store.userdata_backup import read_backup, write_backup
from papertui.store.userdata_db import UserDB, compact, load_tables


@dataclass(frozen=True, slots=True)
class Restored:
    saved: Path | None
    """Where the replaced file was saved (None when there was no file)."""
    paper_ids: tuple[str, ...]
    """Every paper whose record the restore may have changed."""
    rev: int


def restore_file(path: Path, source: Path, backups_dir: Path, last_seen: Tables | None) -> Restored:
    """Replace `path` with the backup `source`. Call under the library lock.

    Every record is stamped with a revision above both files' revisions, and papers that only the replaced
    file knew get tombstones, so `changed_since` reports the whole restore. A damaged file's revision is
    unknowable; `last_seen` (what this process last read) is then the floor.
    """
    backup = UserDB(load_tables(source, read_backup(source))[0], writable=True)
    seen = UserDB(last_seen, writable=False) if last_seen is not None else None
    old_ids = {pid for pid, _ in seen.iter_raw()} if seen else set()
    old_rev = seen.rev if seen else 0
    saved = None
    got = read_file_bytes(path)
    if got is not None:
        saved = write_backup(path, got[0], backups_dir, "before-restore")
        with contextlib.suppress(PapertuiError):  # a damaged file is exactly what a restore is for
            current = UserDB(load_tables(path, got[0])[0], writable=False)
            old_ids |= {pid for pid, _ in current.iter_raw()}
            old_rev = max(old_rev, current.rev)
    rev = max(old_rev, backup.rev) + 1
    snaps = {pid: compact(raw) for pid, raw in backup.iter_raw()}
    snaps |= {pid: {} for pid in old_ids - set(snaps)}
    backup.put_snaps(snaps, rev)
    backup.set_rev(rev)
    AtomicJSONStorage(path).write(backup.tables)
    return Restored(saved, tuple(sorted(snaps)), rev)
