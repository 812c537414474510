"""TinyDB storages for the user-data file: a crash-safe disk storage and an in-memory transaction storage.

TinyDB's own JSONStorage rewrites its file in place, so a crash mid-write leaves half a file.
`AtomicJSONStorage` instead replaces the whole file through store/atomic.py (temp file, fsync, rename,
directory fsync), and it refuses — with a PapertuiError, never by overwriting — a file it cannot read or
parse.

TinyDB rewrites the whole database on every table operation. `SnapshotStorage` holds one snapshot in memory so
that a change made of several table operations (records, undo log, meta) reaches the disk as ONE atomic write,
and `TableTextCache` re-encodes only the tables that change.
"""

from __future__ import annotations

import errno
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tinydb import TinyDB
from tinydb.storages import Storage
from tinydb.table import Table

from papertui.errors import PapertuiError
from papertui.store.atomic import atomic_write_bytes

Tables = dict[str, dict[str, Any]]


def unreadable(path: Path, why: str) -> PapertuiError:
    """The one message for a user-data file we must not touch: names the file, the reason and the way out."""
    return PapertuiError(
        f"cannot use your tags and notes file {path}: {why}; it was left untouched — "
        "run `papertui doctor` to inspect it or restore a backup"
    )


@dataclass(frozen=True, slots=True)
class FileStamp:
    """Identifies one version of the file; every atomic write creates a new inode, so a changed file shows."""

    ino: int
    size: int
    mtime_ns: int
    ctime_ns: int

    @classmethod
    def of(cls, st: os.stat_result) -> FileStamp:
        return cls(st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)


def read_file_bytes(path: Path) -> tuple[bytes, FileStamp] | None:
    """The file's bytes and the stamp of exactly that version (fstat on the open file); None when missing."""
    try:
        with open(path, "rb") as fh:
            stamp = FileStamp.of(os.fstat(fh.fileno()))
            return fh.read(), stamp
    except FileNotFoundError:
        return None
    except IsADirectoryError:
        raise unreadable(path, "it is a directory") from None
    except OSError as exc:
        why = "permission denied" if exc.errno in (errno.EACCES, errno.EPERM) else exc.strerror or str(exc)
        raise unreadable(path, why) from None


def parse_tables(path: Path, raw: bytes) -> Tables:
    """Decode the file into TinyDB tables, or raise: an empty, truncated or foreign file is not 'no data'."""
    if not raw.strip():
        raise unreadable(path, "the file is empty")
    try:
        data = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise unreadable(path, "it is not UTF-8 text") from None
    except json.JSONDecodeError as exc:
        raise unreadable(path, f"it is not valid JSON (line {exc.lineno}, column {exc.colno})") from None
    if not isinstance(data, dict) or not all(isinstance(t, dict) for t in data.values()):
        raise unreadable(path, "it is not a TinyDB database")
    return data


def _text(value: Any) -> str:
    # Compact separators and no indent: the file is rewritten whole on every change, so size is latency.
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def encode_tables(tables: Tables) -> bytes:
    return _text(tables).encode("utf-8")


class TableTextCache:
    """Encodes tables as `encode_tables` does, reusing the JSON text of every table that is the very same
    object as at the previous write.

    Encoding the whole file is most of a write's cost, while a change touches a few small tables (one of the
    16 records tables, the undo log, meta). Reuse is keyed on object identity, which is sound because tables
    are never modified in place: TinyDB and UserDB build a new dict for every table they change, and keep
    documents unchanged (copy-on-write). The cache holds the tables it keyed, so an id cannot be recycled.
    """

    def __init__(self) -> None:
        self._texts: dict[str, tuple[object, str]] = {}

    def encode(self, tables: Tables) -> bytes:
        texts: dict[str, tuple[object, str]] = {}
        for name, table in tables.items():
            hit = self._texts.get(name)
            texts[name] = hit if hit is not None and hit[0] is table else (table, _text(table))
        self._texts = texts
        return ("{" + ",".join(f"{_text(name)}:{text}" for name, (_, text) in texts.items()) + "}").encode()


class AtomicJSONStorage(Storage):
    """A TinyDB storage on one JSON file, read strictly and replaced atomically."""

    def __init__(self, path: Path, texts: TableTextCache | None = None) -> None:
        self.path = Path(path)
        self.texts = texts
        self.last_stamp: FileStamp | None = None
        self.last_bytes: bytes | None = None

    def read(self) -> Tables | None:
        got = read_file_bytes(self.path)
        if got is None:
            self.last_stamp = None
            return None
        raw, self.last_stamp = got
        return parse_tables(self.path, raw)

    def write(self, data: Tables) -> None:
        # A file the user made read-only stays as it is: os.replace would otherwise swap it silently.
        if self.path.exists() and not os.access(self.path, os.W_OK):
            raise unreadable(self.path, "it is read-only (permission denied)")
        raw = self.texts.encode(data) if self.texts is not None else encode_tables(data)
        atomic_write_bytes(self.path, raw)
        self.last_stamp, self.last_bytes = FileStamp.of(os.stat(self.path)), raw


class SnapshotStorage(Storage):
    """A snapshot in memory. TinyDB writes land here; the owner decides when (and whether) to persist it."""

    def __init__(self, tables: Tables, *, writable: bool = True) -> None:
        self.tables = tables
        self.writable = writable
        self.dirty = False

    def read(self) -> Tables:
        return self.tables

    def write(self, data: Tables) -> None:
        if not self.writable:
            # Read snapshots are shared with the read cache; a write there would be a bug, never data loss.
            raise RuntimeError("write to a read-only user-data snapshot")
        self.tables = data
        self.dirty = True


class KeyedTable(Table):
    """A TinyDB table whose document ids are strings (paper ids) rather than counters."""

    document_id_class = str  # type: ignore[assignment]

    def replace_many(self, docs: dict[str, dict[str, Any]]) -> None:
        """Put whole documents by id (added or replacing). update() would merge fields into the stored
        document (in place, too) and remove + insert rebuilds the table twice; keys here are already the
        strings the storage holds, so one copy of the table dict is enough."""
        tables = self._storage.read() or {}
        table = dict(tables.get(self.name, {}))
        table.update(docs)
        tables[self.name] = table
        self._storage.write(tables)
        self.clear_cache()


def snapshot_db(tables: Tables, *, writable: bool) -> tuple[TinyDB, SnapshotStorage]:
    """A fresh TinyDB over `tables`: fresh on every use, so no query cache outlives the file it came from."""
    db = TinyDB(tables, writable=writable, storage=SnapshotStorage)
    return db, db.storage  # type: ignore[return-value]


def keyed_table(db: TinyDB, name: str) -> KeyedTable:
    return KeyedTable(db.storage, name, cache_size=0)


def replace_documents(table: KeyedTable, docs: dict[str, dict[str, Any]]) -> None:
    if docs:
        table.replace_many(docs)
