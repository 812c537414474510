"""Catalog rows <-> Paper records, paper ids, and the report of an import: shared by the catalog and its merge
rules (catalog_merge.py)."""

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

COLUMNS = (
    "id, key, title, abstract, github, links, authors_count, date, date_text, page_date, upvotes, added, source, rev"
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
    """Papers kept apart from another with the same title (their abstracts differ)."""


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


def row_to_paper(row: Sequence) -> Paper:
    return Paper(
        id=row[0],
        key=row[1],
        title=row[2],
        abstract=row[3],
        github=tuple(json.loads(row[4])),
        links=tuple(json.loads(row[5])),
        authors_count=row[6],
        date=row[7],
        date_text=row[8],
        page_date=row[9],
        upvotes=row[10],
        added=row[11],
        source=row[12],
        rev=row[13],
    )


def paper_params(p: Paper) -> tuple:
    return (
        p.id,
        p.key,
        p.title,
        p.abstract,
        json.dumps(list(p.github), ensure_ascii=False),
        json.dumps(list(p.links), ensure_ascii=False),
        int(p.has_code),
        p.authors_count,
        p.date,
        p.date_text,
        p.page_date,
        p.upvotes,
        p.added,
        p.source,
        p.rev,
    )


def free_id(db: sqlite3.Connection, key: str) -> str:
    """The shortest id derived from `key` that no paper has yet."""
    length = ID_LENGTH
    while True:
        candidate = short_id(key, length)
        if db.execute("SELECT 1 FROM papers WHERE id=?", (candidate,)).fetchone() is None:
            return candidate
        length += 1
