"""The reference line: the same corpus in SQLite FTS5 (stdlib), ranked by bm25, answering the same query mix.

Run beside papertui on the same machine at the same moment, its numbers turn ours into ratios that survive a
noisy machine. Columns mirror what a plain papertui word searches: title (weighted 2.5 like the index), abstract,
and the paper's tags; Porter stemming with accents folded, like the index's analysis.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterable, Iterator
from pathlib import Path

TITLE_WEIGHT = 2.5
SCHEMA = "CREATE VIRTUAL TABLE docs USING fts5(title, abstract, tags, tokenize='porter unicode61 remove_diacritics 2')"


def build(path: Path, rows: Iterable[tuple[str, str, str]]) -> tuple[sqlite3.Connection, float]:
    """A fresh FTS5 table at `path` filled with (title, abstract, tags) rows; returns it and the build seconds."""
    path.unlink(missing_ok=True)
    db = sqlite3.connect(path, isolation_level=None)
    rows = list(rows)  # read the source first: only the FTS5 work is timed
    start = time.perf_counter()
    db.execute(SCHEMA)
    db.execute("BEGIN")
    db.executemany("INSERT INTO docs (title, abstract, tags) VALUES (?, ?, ?)", rows)
    db.execute("COMMIT")
    return db, time.perf_counter() - start


def search(db: sqlite3.Connection, match: str, limit: int = 50) -> list[tuple[int, str]]:
    """The top `limit` (rowid, title) by bm25, the way an app would fetch a result page."""
    sql = f"SELECT rowid, title FROM docs WHERE docs MATCH ? ORDER BY bm25(docs, {TITLE_WEIGHT}, 1.0, 1.0) LIMIT ?"
    try:
        return db.execute(sql, (match, limit)).fetchall()
    except sqlite3.OperationalError:  # a query FTS5 cannot parse counts as an (instant) empty answer
        return []


def timed(db: sqlite3.Connection, matches: Iterable[str]) -> Iterator[float]:
    for match in matches:
        start = time.perf_counter()
        search(db, match)
        yield (time.perf_counter() - start) * 1000
