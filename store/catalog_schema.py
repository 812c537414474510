"""The catalog's tables, and the upgrade of a catalog written by an older papertui.

Schema 2 added the fields structured sources carry (authors, arXiv id, categories, ...) and the readers a paper
came from. An older catalog is upgraded when it is opened: first a consistent copy of it goes into the library's
backups folder (atomically: a temp file renamed into place), then the columns and the arXiv-id index are added
and the schema number raised in ONE transaction. SQLite's schema changes are transactional, so a process killed
half-way leaves the catalog exactly as it was (schema 1, readable), and the next open simply upgrades it again.
Adding a column with a constant default rewrites no row: the upgrade costs the copy and the index build.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from papertui.errors import PapertuiError
from papertui.store import catalog_removal as removal
from papertui.store.atomic import fsync_dir
from papertui.store.catalog_rows import ADDED_COLUMNS, COLUMNS, select_list
from papertui.store.userdata_backup import backup_name

SCHEMA_VERSION = 2

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (k TEXT PRIMARY KEY, v TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS papers (
    id TEXT PRIMARY KEY,
    key TEXT NOT NULL UNIQUE,
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
    sources TEXT NOT NULL DEFAULT '[]'
);
CREATE INDEX IF NOT EXISTS papers_rev ON papers(rev);
"""

# One record per arXiv paper: the merge looks papers up by id, and a restored (undone) removal cannot bring
# back a second record of an id imported again meanwhile. Partial, so the many papers without an id cost nothing.
_ARXIV_INDEX = "CREATE UNIQUE INDEX IF NOT EXISTS papers_arxiv ON papers(arxiv_id) WHERE arxiv_id IS NOT NULL"
_TABLES = ("papers", "removed")


def columns_of(db: sqlite3.Connection, table: str) -> set[str]:
    return {row[1] for row in db.execute(f"PRAGMA table_info({table})")}


def _missing(db: sqlite3.Connection) -> list[tuple[str, str]]:
    return [(t, c) for t in _TABLES for c in ADDED_COLUMNS if c not in columns_of(db, t)]


def prepare(db: sqlite3.Connection, path: Path, backups_dir: Path) -> None:
    """Create the tables of a new catalog, or upgrade an older one (see the module docstring)."""
    db.executescript(_SCHEMA + removal.SCHEMA)
    version = db.execute("SELECT v FROM meta WHERE k='schema'").fetchone()
    if version is not None and int(version[0]) > SCHEMA_VERSION:
        raise PapertuiError(
            f"the catalog {path} was written by a newer papertui (schema {version[0]}); upgrade papertui"
        )
    if version is None:
        db.execute("INSERT OR IGNORE INTO meta VALUES ('schema', ?)", (str(SCHEMA_VERSION),))
        db.execute("INSERT OR IGNORE INTO meta VALUES ('rev', '0')")
    if _missing(db) or int(db.execute("SELECT v FROM meta WHERE k='schema'").fetchone()[0]) < SCHEMA_VERSION:
        upgrade(db, path, backups_dir)
    db.execute(_ARXIV_INDEX)


def upgrade(db: sqlite3.Connection, path: Path, backups_dir: Path) -> None:
    """Back the catalog up, then add what schema 2 added, all in one transaction."""
    db.execute("BEGIN IMMEDIATE")
    try:
        # Checked again under the write lock: another process may have upgraded it since this one looked.
        missing = _missing(db)
        if missing:
            back_up(path, backups_dir)
        for table, column in missing:
            add_column(db, table, column)
        db.execute(_ARXIV_INDEX)
        db.execute("UPDATE meta SET v=? WHERE k='schema'", (str(SCHEMA_VERSION),))
        db.execute("COMMIT")
    except BaseException:
        if db.in_transaction:
            with contextlib.suppress(sqlite3.Error):
                db.execute("ROLLBACK")
        raise


def add_column(db: sqlite3.Connection, table: str, column: str) -> None:
    db.execute(f"ALTER TABLE {table} ADD COLUMN {column} {ADDED_COLUMNS[column][0]}")


def back_up(path: Path, backups_dir: Path) -> Path:
    """A consistent copy of the catalog (committed WAL content included) in `backups_dir`, written to a temp file
    and renamed into place, so a crash never leaves a half copy under a backup's name."""
    backups_dir.mkdir(parents=True, exist_ok=True)
    target = backups_dir / backup_name(path, f"before-schema-{SCHEMA_VERSION}", datetime.now(UTC))
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=backups_dir)
    os.close(fd)
    try:
        # A second connection reads the last committed state while the caller holds the write lock (WAL mode).
        source = sqlite3.connect(path)
        dest = sqlite3.connect(tmp)
        try:
            source.backup(dest)
            dest.execute("PRAGMA journal_mode=DELETE")  # one self-contained file: no -wal/-shm beside the copy
        finally:
            dest.close()
            source.close()
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    fsync_dir(backups_dir)
    return target


def read_columns(db: sqlite3.Connection) -> str:
    """The select list for reading papers through `db`: COLUMNS, with defaults for the columns an old catalog
    lacks (one opened read-only, which could not be upgraded)."""
    present = columns_of(db, "papers")
    return COLUMNS if set(ADDED_COLUMNS) <= present else select_list(present)
