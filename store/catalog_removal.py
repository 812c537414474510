"""Removed papers in the catalog: moving rows out of `papers` into `removed` (by batch) and back again.

A removal is kept, whole, until the undo entry that can bring it back is gone from the undo log; then its
batch is purged. Every operation here is idempotent — removing an already-removed batch or restoring an
already-restored one changes nothing — because after a crash between the catalog transaction and the
user-store write the same step is simply run again (see papertui/store/removal.py).

`gone` records, per removed paper id, the catalog revision of its removal, so an index that was last synced
at an older revision can delete exactly those papers instead of being rebuilt.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence

from papertui.store.catalog_rows import WRITTEN

# The columns a removal keeps of a paper (its revision is set anew when it is removed or restored).
PAPER_COLUMNS = ", ".join(c for c in WRITTEN.split(", ") if c != "rev")

SCHEMA = """
CREATE TABLE IF NOT EXISTS removed (
    batch TEXT NOT NULL,
    row INTEGER NOT NULL,
    id TEXT NOT NULL,
    key TEXT NOT NULL,
    title TEXT NOT NULL,
    abstract TEXT NOT NULL DEFAULT '',
    github TEXT NOT NULL DEFAULT '[]',
    links TEXT NOT NULL DEFAULT '[]',
    has_code INTEGER NOT NULL DEFAULT 0,
    authors_count INTEGER,
    date TEXT,
    date_text TEXT,
    page_date TEXT,
    upvotes INTEGER,
    added TEXT NOT NULL,
    source TEXT NOT NULL DEFAULT '',
    rev INTEGER NOT NULL,
    authors TEXT NOT NULL DEFAULT '[]',
    arxiv_id TEXT,
    arxiv_version INTEGER,
    categories TEXT NOT NULL DEFAULT '[]',
    doi TEXT,
    comment TEXT,
    journal_ref TEXT,
    first_version TEXT,
    sources TEXT NOT NULL DEFAULT '[]',
    PRIMARY KEY (batch, id)
);
CREATE TABLE IF NOT EXISTS gone (id TEXT PRIMARY KEY, rev INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS gone_rev ON gone(rev);
"""
"""Added to every catalog when it is opened (IF NOT EXISTS): catalogs written before removal existed gain it.
A `removed` table of schema 1 gains the columns of schema 2 with `papers` (catalog_schema.py)."""

_CHUNK = 500


def _chunks(ids: Sequence[str]) -> Iterable[tuple[list[str], str]]:
    for start in range(0, len(ids), _CHUNK):
        chunk = list(ids[start : start + _CHUNK])
        yield chunk, ",".join("?" * len(chunk))


def _next_rev(db: sqlite3.Connection) -> int:
    return int(db.execute("SELECT v FROM meta WHERE k='rev'").fetchone()[0]) + 1


def remove_rows(db: sqlite3.Connection, batch: str, ids: Sequence[str]) -> list[str]:
    """Move the papers `ids` still in `papers` into `removed` under `batch`; the ids moved. Inside a transaction."""
    rev = _next_rev(db)
    moved: list[str] = []
    for chunk, marks in _chunks(ids):
        present = [r[0] for r in db.execute(f"SELECT id FROM papers WHERE id IN ({marks})", chunk)]
        if not present:
            continue
        pmarks = ",".join("?" * len(present))
        # OR REPLACE: a paper removed in this batch before, restored by hand and removed again keeps one row.
        db.execute(
            f"INSERT OR REPLACE INTO removed (batch, row, {PAPER_COLUMNS}, rev) "
            f"SELECT ?, rowid, {PAPER_COLUMNS}, rev FROM papers WHERE id IN ({pmarks})",
            (batch, *present),
        )
        db.execute(f"INSERT OR REPLACE INTO gone SELECT id, ? FROM papers WHERE id IN ({pmarks})", (rev, *present))
        db.execute(f"DELETE FROM papers WHERE id IN ({pmarks})", present)
        moved += present
    if moved:
        db.execute("UPDATE meta SET v=? WHERE k='rev'", (str(rev),))
    return moved


def restore_rows(db: sqlite3.Connection, batch: str) -> list[str]:
    """Move the papers of `batch` back into `papers` with their ids, fields and (when still free) their place in
    import order; the ids restored. A paper whose id or title is in the catalog again (imported anew since)
    keeps the current row (so does one whose arXiv id is). Inside a transaction."""
    ids = [r[0] for r in db.execute("SELECT id FROM removed WHERE batch=? ORDER BY row", (batch,))]
    if not ids:
        return []
    rev = _next_rev(db)
    db.execute(
        f"INSERT OR IGNORE INTO papers (rowid, {PAPER_COLUMNS}, rev) "
        f"SELECT CASE WHEN EXISTS (SELECT 1 FROM papers WHERE rowid=removed.row) THEN NULL ELSE row END, "
        f"{PAPER_COLUMNS}, ? FROM removed WHERE batch=? ORDER BY row",
        (rev, batch),
    )
    db.execute("DELETE FROM gone WHERE id IN (SELECT id FROM removed WHERE batch=?)", (batch,))
    db.execute("DELETE FROM removed WHERE batch=?", (batch,))
    db.execute("UPDATE meta SET v=? WHERE k='rev'", (str(rev),))
    return ids


def purge_batches(db: sqlite3.Connection, keep: set[str]) -> int:
    """Forget for good the removed papers of every batch not in `keep`; how many batches were purged."""
    batches = [r[0] for r in db.execute("SELECT DISTINCT batch FROM removed")]
    dropped = [b for b in batches if b not in keep]
    for chunk, marks in _chunks(dropped):
        db.execute(f"DELETE FROM removed WHERE batch IN ({marks})", chunk)
    return len(dropped)
