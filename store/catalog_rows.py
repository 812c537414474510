"""Catalog rows <-> Paper records, paper ids, and the report of an import: shared by the catalog, its schema
(catalog_schema.py) and its merge rules (catalog_merge.py)."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from papertui.model import Paper

ID_ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz"  # Crockford base32: no i, l, o, u to misread
ID_LENGTH = 7

READERS = ("hf-page", "hf-json", "arxiv-atom", "arxiv-snapshot", "bibtex")
"""The readers a paper's fields can come from (ParsedPaper.reader), as `stats` lists them."""
PAGE_READER = "hf-page"
"""Every paper of a catalog written before `sources` existed came from page text: the only reader then."""

_FIRST = (
    "id, key, title, abstract, github, links, authors_count, date, date_text, page_date, upvotes, added, source, rev"
)
ADDED_COLUMNS: dict[str, tuple[str, str]] = {
    # name: (column definition for ALTER TABLE, the value a row written before the column existed has)
    "authors": ("TEXT NOT NULL DEFAULT '[]'", "'[]'"),
    "arxiv_id": ("TEXT", "NULL"),
    "arxiv_version": ("INTEGER", "NULL"),
    "categories": ("TEXT NOT NULL DEFAULT '[]'", "'[]'"),
    "doi": ("TEXT", "NULL"),
    "comment": ("TEXT", "NULL"),
    "journal_ref": ("TEXT", "NULL"),
    "first_version": ("TEXT", "NULL"),
    "sources": (f"TEXT NOT NULL DEFAULT '[\"{PAGE_READER}\"]'", f"'[\"{PAGE_READER}\"]'"),
}
"""The columns schema 2 added to `papers` (and `removed`), in table order, after the first schema's."""

COLUMNS = f"{_FIRST}, {', '.join(ADDED_COLUMNS)}"
"""What row_to_paper reads, in its order."""

WRITTEN = (
    "id, key, title, abstract, github, links, has_code, authors_count, date, date_text, page_date, upvotes, added, "
    f"source, rev, {', '.join(ADDED_COLUMNS)}"
)
"""What paper_params writes, in its order (has_code is derived, but stored for a fast count)."""

UPDATED = tuple(c for c in WRITTEN.split(", ") if c not in ("id", "key", "added", "source"))
"""The columns a merge may change in a stored row (id, key, first import time and source never change)."""


def select_list(present: set[str]) -> str:
    """COLUMNS for a `papers` table that may predate schema 2 (a read-only catalog that could not be upgraded):
    a missing column reads as the value an old row stands for."""
    return ", ".join(
        f"{ADDED_COLUMNS[c][1]} AS {c}" if c in ADDED_COLUMNS and c not in present else c for c in COLUMNS.split(", ")
    )


@dataclass(frozen=True, slots=True)
class MergeReport:
    """What one import did to the catalog."""

    found: int
    new: int
    known: int
    updated: int
    with_code: int
    changed_ids: tuple[str, ...]
    rev: int
    new_ids: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    """Papers kept apart from another with the same title (their abstracts or arXiv ids differ)."""


def short_id(key: str, length: int = ID_LENGTH) -> str:
    """A typeable id derived from the title key; longer variants exist for the rare collision."""
    digest = int.from_bytes(hashlib.sha1(key.encode("utf-8")).digest(), "big")
    chars = []
    for _ in range(length):
        digest, rem = divmod(digest, 32)
        chars.append(ID_ALPHABET[rem])
    return "".join(chars)


def now() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()


def _strings(text: str) -> tuple[str, ...]:
    return tuple(json.loads(text))


def _json(values: Sequence[str]) -> str:
    return json.dumps(list(values), ensure_ascii=False)


def row_to_paper(row: Sequence) -> Paper:
    return Paper(
        id=row[0],
        key=row[1],
        title=row[2],
        abstract=row[3],
        github=_strings(row[4]),
        links=_strings(row[5]),
        authors_count=row[6],
        date=row[7],
        date_text=row[8],
        page_date=row[9],
        upvotes=row[10],
        added=row[11],
        source=row[12],
        rev=row[13],
        authors=_strings(row[14]),
        arxiv_id=row[15],
        arxiv_version=row[16],
        categories=_strings(row[17]),
        doi=row[18],
        comment=row[19],
        journal_ref=row[20],
        first_version=row[21],
        sources=_strings(row[22]),
    )


def paper_params(p: Paper) -> dict[str, object]:
    """The row of `p`, by column name (the names of WRITTEN)."""
    return {
        "id": p.id,
        "key": p.key,
        "title": p.title,
        "abstract": p.abstract,
        "github": _json(p.github),
        "links": _json(p.links),
        "has_code": int(p.has_code),
        "authors_count": p.authors_count,
        "date": p.date,
        "date_text": p.date_text,
        "page_date": p.page_date,
        "upvotes": p.upvotes,
        "added": p.added,
        "source": p.source,
        "rev": p.rev,
        "authors": _json(p.authors),
        "arxiv_id": p.arxiv_id,
        "arxiv_version": p.arxiv_version,
        "categories": _json(p.categories),
        "doi": p.doi,
        "comment": p.comment,
        "journal_ref": p.journal_ref,
        "first_version": p.first_version,
        "sources": _json(p.sources),
    }


INSERT = f"INSERT INTO papers ({WRITTEN}) VALUES ({', '.join(':' + c for c in WRITTEN.split(', '))})"
UPDATE = f"UPDATE papers SET {', '.join(f'{c}=:{c}' for c in UPDATED)} WHERE id=:id"


def free_id(db: sqlite3.Connection, key: str) -> str:
    """The shortest id derived from `key` that no paper has yet."""
    length = ID_LENGTH
    while True:
        candidate = short_id(key, length)
        if db.execute("SELECT 1 FROM papers WHERE id=?", (candidate,)).fetchone() is None:
            return candidate
        length += 1
