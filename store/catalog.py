"""The paper catalog: the source of truth for every imported paper, in one SQLite file.

Why SQLite and not a JSON file rewritten by rename: at 100k papers the catalog is ~150 MB of text, and an import
adds a few hundred. SQLite commits each import as one transaction (journal + fsync), which gives the same
all-or-nothing guarantee as temp-file-and-rename without rewriting the whole file, and lets the app read one
abstract in microseconds without loading the catalog into memory. Every import also holds the library lock.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import TypeVar

from papertui.errors import PapertuiError, UsageError
from papertui.model import Paper, ParsedPaper
from papertui.store import catalog_removal as removal
from papertui.store.catalog_errors import BUSY_TIMEOUT_S, catalog_error
from papertui.store.catalog_merge import merge_rows
from papertui.store.catalog_rows import (  # noqa: F401  (re-exported: the catalog's public names)
    ADDED_COLUMNS,
    COLUMNS,
    ID_ALPHABET,
    ID_LENGTH,
    READERS,
    MergeReport,
    paper_params,
    row_to_paper,
    short_id,
)
from papertui.store.catalog_schema import SCHEMA_VERSION, prepare, read_columns  # noqa: F401  (SCHEMA_VERSION too)

_T = TypeVar("_T")
MIN_PREFIX = 4
_ID_INDEX = "sqlite_autoindex_papers_1"  # SQLite's own name for the index behind `id TEXT PRIMARY KEY`


def _cannot_write(exc: Exception) -> bool:
    text = str(exc)
    return any(w in text for w in ("unable to open", "readonly", "disk I/O error", "disk is full"))


def _why_not_written(exc: Exception) -> str:
    if isinstance(exc, OSError):
        return exc.strerror or str(exc)
    text = str(exc)
    if "full" in text:
        return "the disk is full"
    if "readonly" in text or "unable to open" in text:
        return "a read-only file, folder or file system"
    return text


class Catalog:
    """Read and merge papers. Safe to share between threads; other processes see each committed import whole."""

    def __init__(self, path: Path, backups_dir: Path | None = None) -> None:
        self.path = Path(path)
        self.backups_dir = Path(backups_dir) if backups_dir is not None else self.path.parent / "backups"
        """Where the copy taken before upgrading an older catalog goes (catalog_schema.py)."""
        self._columns = COLUMNS
        """What reads select: COLUMNS, or its stand-in for an old catalog opened read-only."""
        self._cannot_upgrade: PapertuiError | None = None
        """Why an old catalog opened read-only could not be upgraded: every write fails with it."""
        self._mutex = threading.RLock()
        self._db: sqlite3.Connection | None = None
        self.read_only = False
        """True when the catalog could only be opened for reading (read-only folder or mount, full disk)."""

    # -- connection -------------------------------------------------------------------------------------------
    def _conn(self) -> sqlite3.Connection:
        if self._db is not None:
            return self._db
        self.path.parent.mkdir(parents=True, exist_ok=True)
        db: sqlite3.Connection | None = None
        failure: Exception | None = None
        self.read_only, self._cannot_upgrade = False, None  # found anew on each open (a disk may have room now)
        try:
            db = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_S, isolation_level=None, check_same_thread=False)
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=FULL")
            prepare(db, self.path, self.backups_dir)
        except (sqlite3.DatabaseError, PapertuiError, OSError) as exc:
            if db is not None:
                db.close()
            if isinstance(exc, PapertuiError):
                raise
            # An older catalog that cannot be upgraded here (no room for the backup, a read-only file) is
            # still read, through read_columns.
            fallback = self._open_read_only() if isinstance(exc, OSError) or _cannot_write(exc) else None
            if fallback is None:
                raise self._broken(exc) from None
            db, failure = fallback, exc
        try:
            self._columns = read_columns(db)
        except sqlite3.DatabaseError as exc:
            db.close()
            raise self._broken(exc) from None
        if failure is not None and self._columns != COLUMNS:
            why = _why_not_written(failure)
            self._cannot_upgrade = PapertuiError(
                f"the catalog {self.path} was written by an older papertui and cannot be upgraded here ({why}): "
                "reading works, changes need the upgrade; nothing was changed"
            )
        self._db = db
        return db

    def _open_read_only(self) -> sqlite3.Connection | None:
        """A connection that only reads, for a catalog whose folder cannot be written (a read-only mount or
        folder, a full disk): SQLite's WAL mode needs to create files beside the database even to read, so
        browsing and searching would fail although nothing needs writing. `immutable` (no locking at all) is
        the last resort, for a folder where no process can write either."""
        if not self.path.is_file():
            return None
        for params in ("mode=ro", "immutable=1"):
            db = None
            try:
                db = sqlite3.connect(
                    f"{self.path.resolve().as_uri()}?{params}",
                    uri=True,
                    timeout=BUSY_TIMEOUT_S,
                    isolation_level=None,
                    check_same_thread=False,
                )
                db.execute("SELECT v FROM meta WHERE k='schema'").fetchone()
            except sqlite3.DatabaseError:
                if db is not None:
                    db.close()
                continue
            self.read_only = True
            return db
        return None

    def _select(self) -> str:
        """The select list for reading papers (known once the catalog is open: it depends on its schema)."""
        with self._mutex:
            try:
                self._conn()
            except sqlite3.DatabaseError as exc:
                raise self._broken(exc) from None
            return self._columns

    def _broken(self, exc: Exception) -> PapertuiError:
        return catalog_error(self.path, exc)

    def _query(self, sql: str, params: Sequence = ()) -> list:
        with self._mutex:
            try:
                return self._conn().execute(sql, params).fetchall()
            except sqlite3.DatabaseError as exc:
                raise self._broken(exc) from None

    def close(self) -> None:
        with self._mutex:
            if self._db is not None:
                self._db.close()
                self._db = None

    # -- reads ------------------------------------------------------------------------------------------------
    def exists(self) -> bool:
        return self.path.is_file()

    def rev(self) -> int:
        return int(self._query("SELECT v FROM meta WHERE k='rev'")[0][0])

    def meta(self, key: str) -> str | None:
        rows = self._query("SELECT v FROM meta WHERE k=?", (key,))
        return rows[0][0] if rows else None

    def set_meta(self, key: str, value: str) -> None:
        self._query("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))

    def count(self) -> int:
        return int(self._query("SELECT COUNT(*) FROM papers")[0][0])

    def count_with_code(self) -> int:
        return int(self._query("SELECT COUNT(*) FROM papers WHERE has_code=1")[0][0])

    def source_counts(self) -> dict[str, int]:
        """How many papers came (in part) from each reader: every known reader, then any other, by name."""
        sources = "sources" if " AS sources" not in self._select() else ADDED_COLUMNS["sources"][1]
        counts = dict.fromkeys(READERS, 0)
        for text, n in self._query(f"SELECT {sources}, COUNT(*) FROM papers GROUP BY 1"):
            for name in json.loads(text):
                counts[name] = counts.get(name, 0) + n
        return counts

    def get(self, paper_id: str) -> Paper | None:
        rows = self._query(f"SELECT {self._select()} FROM papers WHERE id=?", (paper_id,))
        return row_to_paper(rows[0]) if rows else None

    def get_many(self, ids: Sequence[str]) -> dict[str, Paper]:
        out: dict[str, Paper] = {}
        for start in range(0, len(ids), 500):
            chunk = list(ids[start : start + 500])
            marks = ",".join("?" * len(chunk))
            for row in self._query(f"SELECT {self._select()} FROM papers WHERE id IN ({marks})", chunk):
                out[row[0]] = row_to_paper(row)
        return out

    def ids(self, order: str = "added") -> list[str]:
        """Every paper id, newest import first ("added"), or by "date", "upvotes", "title"."""
        order_sql = {
            "added": "rowid DESC",
            "date": "date IS NULL, date DESC, rowid DESC",
            "upvotes": "upvotes IS NULL, upvotes DESC, rowid DESC",
            "title": "title COLLATE NOCASE, rowid",
        }.get(order, "rowid DESC")
        if order_sql == "rowid DESC":
            # The id index holds (id, rowid): scanning it instead of the table skips ~150 MB of abstracts at
            # 100k papers (65 ms instead of 200 ms warm, and far less on a cold start).
            return [r[0] for r in self._query(f"SELECT id FROM papers INDEXED BY {_ID_INDEX} ORDER BY rowid DESC")]
        return [r[0] for r in self._query(f"SELECT id FROM papers ORDER BY {order_sql}")]

    def ids_added_after(self, when: str) -> list[str]:
        """Papers whose `added` time is after `when` (same ISO form), newest import first."""
        return [r[0] for r in self._query("SELECT id FROM papers WHERE added > ? ORDER BY rowid DESC", (when,))]

    def iter_papers(self, since_rev: int = 0, batch: int = 2000) -> Iterator[Paper]:
        """All papers (or those changed after `since_rev`), in insertion order, a batch at a time."""
        last = 0
        while True:
            rows = self._query(
                f"SELECT rowid, {self._select()} FROM papers WHERE rowid>? AND rev>? ORDER BY rowid LIMIT ?",
                (last, since_rev, batch),
            )
            if not rows:
                return
            for row in rows:
                yield row_to_paper(row[1:])
            last = rows[-1][0]

    def resolve(self, token: str) -> str:
        """The id a user typed: exact, or a unique prefix of at least MIN_PREFIX characters."""
        text = token.strip().casefold()
        if not text:
            raise UsageError("an empty paper id was given")
        if self._query("SELECT 1 FROM papers WHERE id=?", (text,)):
            return text
        if len(text) >= MIN_PREFIX and all(c in ID_ALPHABET for c in text):
            rows = self._query("SELECT id FROM papers WHERE id >= ? AND id < ? LIMIT 6", (text, text + "\uffff"))
            if len(rows) == 1:
                return rows[0][0]
            if rows:
                shown = ", ".join(r[0] for r in rows[:5])
                raise UsageError(f"paper id {token!r} is ambiguous: it could be {shown}")
        raise UsageError(f"no paper with id {token!r} (ids are shown by `papertui search` and `papertui list`)")

    # -- writes -----------------------------------------------------------------------------------------------
    def merge(self, papers: Iterable[ParsedPaper], source: str) -> MergeReport:
        """Add new papers and fill missing fields of known ones, in one transaction. Call under the library lock."""
        return self._write(lambda db: merge_rows(db, papers, source))

    def remove_batch(self, batch: str, ids: Sequence[str]) -> list[str]:
        """Move papers out of the catalog, kept under `batch` for an undo; the ids that were still present.
        Idempotent. Call under the library lock."""
        return self._write(lambda db: removal.remove_rows(db, batch, ids))

    def restore_batch(self, batch: str) -> list[str]:
        """Put the papers of a removed `batch` back (same ids and fields); the ids restored. Idempotent."""
        return self._write(lambda db: removal.restore_rows(db, batch))

    def purge_batches(self, keep: set[str]) -> int:
        """Forget the removed papers of every batch not in `keep` (no undo entry can bring them back)."""
        return self._write(lambda db: removal.purge_batches(db, keep))

    def removed_since(self, rev: int) -> list[str]:
        """Ids removed after catalog revision `rev` and not in the catalog again (for the index to delete)."""
        rows = self._query("SELECT id FROM gone WHERE rev>? AND id NOT IN (SELECT id FROM papers)", (rev,))
        return [r[0] for r in rows]

    def any_present(self, ids: Sequence[str]) -> bool:
        for start in range(0, len(ids), 500):
            chunk = list(ids[start : start + 500])
            if self._query(f"SELECT 1 FROM papers WHERE id IN ({','.join('?' * len(chunk))}) LIMIT 1", chunk):
                return True
        return False

    def removed_batches(self) -> set[str]:
        return {r[0] for r in self._query("SELECT DISTINCT batch FROM removed")}

    def _write(self, work: Callable[[sqlite3.Connection], _T]) -> _T:
        """Run `work` in one IMMEDIATE transaction: all of it is committed, or none."""
        with self._mutex:
            db = self._conn()
            if self._cannot_upgrade is not None:
                raise self._cannot_upgrade
            try:
                db.execute("BEGIN IMMEDIATE")
                try:
                    result = work(db)
                    db.execute("COMMIT")
                except BaseException:
                    # A failed COMMIT (full disk) can leave the transaction open, holding the database's write
                    # lock for as long as this connection lives (the app's lifetime): always end it. SQLite may
                    # already have rolled back by itself; a failing ROLLBACK must not hide the first error.
                    if db.in_transaction:
                        with contextlib.suppress(sqlite3.Error):
                            db.execute("ROLLBACK")
                    raise
            except sqlite3.DatabaseError as exc:
                raise self._broken(exc) from None
        return result

    def integrity(self) -> list[str]:
        """Problems SQLite finds in the file ([] when healthy), for `papertui doctor`."""
        try:
            rows = self._query("PRAGMA integrity_check")
        except PapertuiError as exc:
            return [str(exc)]
        return [] if rows and rows[0][0] == "ok" else [str(r[0]) for r in rows]
