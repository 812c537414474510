"""The layout of the user-data file and typed access to it through TinyDB.

One TinyDB file with these tables:
- `meta`    one document (id 1): {"schema": SCHEMA_VERSION, "rev": last revision}
- `records.0` … `records.f`  keyed by paper id, each paper in the table named by `shard_of(paper id)`: only
            the non-default fields of a UserRecord, plus "rev" (the revision of the record's last change).
            A record that went back to all-default keeps {"rev": n} as a tombstone so `changed_since` still
            reports it (the index must drop its old tags). Records are split in 16 tables so that a change
            rewrites the text of one small table, not of every record (see TableTextCache).
- `undo`, `redo`  counter-keyed stacks (highest id = top) of {"action", "description", "before", "after"},
            where before/after map paper id -> record snapshot (fields without "rev"; {} = default record),
            and for changes that remove or import papers a "catalog" part {"kind", "batch", "ids"}
            (store/removal.py), and for changes of the watch list a "watch" part {"before": [...], "after": [...]}.
- `watch`   one document (id 1): {"entries": [{"kind", "value"}, ...]}, the watch list (store/watchlist.py);
            absent in files written before it existed, which read as an empty list.

Older schema versions are migrated in memory on read; the store writes a backup before persisting a migration.
"""

from __future__ import annotations

import copy
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from tinydb.table import Table

from papertui.model import UserRecord
from papertui.store.tinydb_storage import (
    KeyedTable,
    Tables,
    keyed_table,
    parse_tables,
    replace_documents,
    snapshot_db,
    unreadable,
)
from papertui.store.watchlist import entries_problem

SCHEMA_VERSION = 1
META_ID = 1
RECORDS = "records."
RECORD_SHARDS = 16
WATCH = "watch"
Snap = dict[str, Any]

# Migrations from version v to v + 1, applied in order to an in-memory copy. None exist yet; the mechanism
# (and the backup taken before a migrated file is first written) is exercised by the tests.
MIGRATIONS: dict[int, Callable[[Tables], Tables]] = {}

_DEFAULTS: dict[str, Any] = {
    "tags": [],
    "note": "",
    "note_created": None,
    "note_updated": None,
    "triage": "unseen",
    "seen": None,
}


def empty_tables() -> Tables:
    return {"meta": {str(META_ID): {"schema": SCHEMA_VERSION, "rev": 0}}, "undo": {}, "redo": {}}


def shard_of(paper_id: str) -> str:
    """The records table holding `paper_id`. crc32, not hash(): the name is stored, so it must be stable."""
    return f"{RECORDS}{zlib.crc32(paper_id.encode('utf-8')) % RECORD_SHARDS:x}"


def record_items(tables: Tables) -> Iterator[tuple[str, Snap]]:
    """(paper id, stored record) for every record in every records table, tombstones included."""
    for name, table in tables.items():
        if name.startswith(RECORDS):
            yield from table.items()


def file_schema(tables: Tables) -> int | None:
    meta = tables.get("meta", {}).get(str(META_ID))
    if not isinstance(meta, dict):
        return None
    schema, rev = meta.get("schema"), meta.get("rev")
    if type(schema) is not int or type(rev) is not int:
        return None
    return schema


def load_tables(path: Path, raw: bytes) -> tuple[Tables, bool]:
    """Parse, check the layout and migrate in memory. Returns (tables, migrated)."""
    tables = parse_tables(path, raw)
    schema = file_schema(tables)
    if schema is None:
        raise unreadable(path, "it has no valid papertui meta record (not a papertui user-data file?)")
    for name in ("undo", "redo"):
        tables.setdefault(name, {})
    if schema > SCHEMA_VERSION:
        raise unreadable(path, f"it was written by a newer papertui (schema {schema} > {SCHEMA_VERSION})")
    migrated = schema < SCHEMA_VERSION
    while schema < SCHEMA_VERSION:
        step = MIGRATIONS.get(schema)
        if step is None:
            raise unreadable(path, f"no migration from schema {schema}")
        tables = step(tables)
        schema += 1
        tables["meta"][str(META_ID)]["schema"] = schema
    problem = shape_problem(tables)
    if problem:
        raise unreadable(path, problem)
    return tables, migrated


_TEXT_FIELDS = ("note", "note_created", "note_updated", "seen")


def snap_problem(raw: Any) -> str | None:
    """What is wrong with the types of one stored record or snapshot, or None. Runs on every file load."""
    if type(raw) is not dict:
        return "is not an object"
    tags = raw.get("tags")
    if tags is not None and (type(tags) is not list or any(type(t) is not str for t in tags)):
        return "has tags that are not a list of text"
    for field in _TEXT_FIELDS:
        value = raw.get(field)
        if value is not None and type(value) is not str:
            return f"has a {field} that is not text"
    if type(raw.get("triage", "")) is not str or type(raw.get("rev", 0)) is not int:
        return "has a bad triage state or revision"
    return None


def shape_problem(tables: Tables) -> str | None:
    """The first structural problem, or None: records fully, undo/redo entries down to their snapshot maps
    (the snapshots themselves are checked when undo or redo applies them, to keep every load cheap).

    Catching these on load turns a hand-damaged file into a clear error instead of a crash deep in the app.
    """
    for pid, raw in record_items(tables):
        problem = snap_problem(raw)
        if problem:
            return f"the record of paper {pid} {problem}"
    for name in ("undo", "redo"):
        for doc_id, entry in tables[name].items():
            if not doc_id.isdigit() or type(entry) is not dict:
                return f"{name} entry {doc_id} is malformed"
            for side in ("before", "after"):
                if type(entry.get(side)) is not dict:
                    return f"{name} entry {doc_id} has no {side!r} snapshots"
            if "catalog" in entry and catalog_part_problem(entry["catalog"], deep=False):
                return f"{name} entry {doc_id} has a malformed list of removed or imported papers"
            if "watch" in entry and watch_part_problem(entry["watch"]):
                return f"{name} entry {doc_id} has a malformed watch list change"
    return watch_table_problem(tables)


def watch_table_problem(tables: Tables) -> str | None:
    if WATCH not in tables:
        return None
    doc = tables[WATCH].get(str(META_ID)) if type(tables[WATCH]) is dict else None
    problem = "is not an object" if type(doc) is not dict else entries_problem(doc.get("entries"))
    return f"the watch list {problem}" if problem else None


def watch_part_problem(part: Any) -> str | None:
    """What is wrong with an undo entry's "watch" part (the list before and after), or None."""
    if type(part) is not dict:
        return "is not an object"
    return entries_problem(part.get("before")) or entries_problem(part.get("after"))


def catalog_part_problem(part: Any, *, deep: bool = True) -> str | None:
    """What is wrong with an entry's "catalog" part (store/removal.py), or None; the ids themselves are checked
    only when `deep` (when the entry is applied), to keep every load cheap."""
    if type(part) is not dict or part.get("kind") not in ("remove", "add") or type(part.get("batch")) is not str:
        return "is not a removal or an import"
    ids = part.get("ids")
    if type(ids) is not list or (deep and any(type(i) is not str for i in ids)):
        return "has paper ids that are not a list of text"
    return None


def compact(snap: Snap) -> Snap:
    """Drop default-valued fields (and "rev"): what is stored is only what the user made."""
    # Lists are copied: a snapshot may come straight from a cached table that other reads still share.
    return {k: list(v) if type(v) is list else v for k, v in snap.items() if k in _DEFAULTS and v != _DEFAULTS[k]}


def to_record(paper_id: str, raw: Snap | None) -> UserRecord:
    if not raw:
        return UserRecord(paper_id=paper_id)
    return UserRecord(
        paper_id=paper_id,
        tags=tuple(raw.get("tags", ())),
        note=raw.get("note", ""),
        note_created=raw.get("note_created"),
        note_updated=raw.get("note_updated"),
        triage=raw.get("triage", "unseen"),
        seen=raw.get("seen"),
        rev=raw.get("rev", 0),
    )


def _entry_size(entry: Snap) -> int:
    """What an undo entry weighs in the log: its snapshots, plus the ids of the papers it removed or imported."""
    catalog = entry.get("catalog")
    ids = catalog.get("ids", ()) if type(catalog) is dict else ()
    return len(entry.get("after", ())) + len(ids)


def _entry_text(entry: Snap) -> int:
    """Characters of note text an undo entry holds (its before and after snapshots)."""
    total = 0
    for side in ("before", "after"):
        snaps = entry.get(side)
        for snap in snaps.values() if type(snaps) is dict else ():
            note = snap.get("note") if type(snap) is dict else None
            total += len(note) if type(note) is str else 0
    return total


def has_data(raw: Snap) -> bool:
    return any(k != "rev" for k in raw)


class UserDB:
    """Typed access to one snapshot of the file through TinyDB tables. Fresh per read or per transaction.

    Copy-on-write: a transaction may start from the parsed tables a reader also holds, so nothing here changes
    a stored document in place — TinyDB replaces whole table dicts, and documents are replaced, not updated.
    """

    def __init__(self, tables: Tables, *, writable: bool) -> None:
        # The top-level dict is copied because TinyDB assigns each rewritten table into it.
        self._db, self._storage = snapshot_db(dict(tables), writable=writable)
        self._meta = keyed_table(self._db, "meta")
        self._shards: dict[str, KeyedTable] = {}

    @property
    def tables(self) -> Tables:
        return self._storage.tables

    @property
    def dirty(self) -> bool:
        return self._storage.dirty

    # -- meta ---------------------------------------------------------------------------------------------
    @property
    def rev(self) -> int:
        # Our tables key documents by string (KeyedTable); TinyDB's type hints only know int ids.
        doc = self._meta.get(doc_id=str(META_ID))  # type: ignore[call-overload]
        return int(doc["rev"]) if doc else 0

    def set_rev(self, rev: int) -> None:
        replace_documents(self._meta, {str(META_ID): {"schema": SCHEMA_VERSION, "rev": rev}})

    # -- records ------------------------------------------------------------------------------------------
    def _shard(self, name: str) -> KeyedTable:
        if name not in self._shards:
            self._shards[name] = keyed_table(self._db, name)
        return self._shards[name]

    def raw(self, paper_id: str) -> Snap | None:
        doc = self._shard(shard_of(paper_id)).get(doc_id=paper_id)  # type: ignore[call-overload]
        return dict(doc) if doc is not None else None

    def snap(self, paper_id: str) -> Snap:
        """The record's fields without "rev"; {} for a paper with no data."""
        return compact(self.raw(paper_id) or {})

    def record_tables(self) -> Iterator[tuple[str, dict[str, Snap]]]:
        """(name, table) of every records table; read-only."""
        return ((n, t) for n, t in self.tables.items() if n.startswith(RECORDS))

    def iter_raw(self) -> Iterator[tuple[str, Snap]]:
        """Every stored record (tombstones included), as read-only views of the stored documents: TinyDB's
        own iteration copies each document, which at 5,000 records costs more than the rest of a tag write."""
        yield from record_items(self.tables)

    def put_snaps(self, snaps: dict[str, Snap], rev: int) -> None:
        """Store whole snapshots stamped with `rev`; an empty snapshot leaves a tombstone {"rev": rev}."""
        by_shard: dict[str, dict[str, Snap]] = {}
        for pid, snap in snaps.items():
            by_shard.setdefault(shard_of(pid), {})[pid] = {**compact(snap), "rev": rev}
        for name, docs in by_shard.items():
            replace_documents(self._shard(name), docs)

    # -- the watch list -------------------------------------------------------------------------------------
    def watch_raw(self) -> list[Snap]:
        """The stored entries ({"kind", "value"}), copied; [] for a file without a watch list."""
        doc = self.tables.get(WATCH, {}).get(str(META_ID))
        return [dict(item) for item in doc["entries"]] if doc else []

    def set_watch_raw(self, entries: list[Snap]) -> None:
        replace_documents(keyed_table(self._db, WATCH), {str(META_ID): {"entries": [dict(e) for e in entries]}})

    # -- undo / redo stacks (counter-keyed, highest id on top) ----------------------------------------------
    def _stack(self, name: str) -> Table:
        return self._db.table(name, cache_size=0)

    def stack_len(self, name: str) -> int:
        return len(self.tables.get(name, {}))

    def stack_sizes(self, name: str) -> list[int]:
        """Snapshots held by each entry, oldest first."""
        table = self.tables.get(name, {})
        return [_entry_size(table[k]) for k in sorted(table, key=int)]

    def stack_text_sizes(self, name: str) -> list[int]:
        """Characters of note text held by each entry, oldest first."""
        table = self.tables.get(name, {})
        return [_entry_text(table[k]) for k in sorted(table, key=int)]

    def catalog_parts(self, name: str) -> list[Snap]:
        """The catalog parts (papers removed or imported) of a stack's entries, oldest first."""
        table = self.tables.get(name, {})
        return [table[k]["catalog"] for k in sorted(table, key=int) if "catalog" in table[k]]

    def push(self, name: str, entry: Snap) -> None:
        self._stack(name).insert(entry)

    def peek(self, name: str) -> Snap | None:
        table = self.tables.get(name, {})
        return copy.deepcopy(table[max(table, key=int)]) if table else None

    def pop(self, name: str) -> Snap | None:
        table = self.tables.get(name, {})
        if not table:
            return None
        top = max(table, key=int)
        entry = copy.deepcopy(table[top])
        self._stack(name).remove(doc_ids=[int(top)])
        return entry

    def newest_of(self, name: str, origin: str) -> tuple[int, Snap, list[Snap]] | None:
        """The newest entry of `name` made by `origin` (one app window): its doc id, a copy of it, and the
        entries above it, newest last; None when that origin has none."""
        table = self.tables.get(name, {})
        keys = sorted(table, key=int)
        for at in range(len(keys) - 1, -1, -1):
            if table[keys[at]].get("origin") == origin:
                return int(keys[at]), copy.deepcopy(table[keys[at]]), [table[k] for k in keys[at + 1 :]]
        return None

    def take(self, name: str, doc_id: int) -> None:
        """Remove one entry from a stack (an app window undoing its own step below another window's)."""
        self._stack(name).remove(doc_ids=[doc_id])

    def drop_oldest(self, name: str, count: int) -> None:
        if count > 0:
            ids = sorted(int(k) for k in self.tables.get(name, {}))
            self._stack(name).remove(doc_ids=ids[:count])

    def clear(self, name: str) -> None:
        if self.tables.get(name):
            self._stack(name).truncate()
