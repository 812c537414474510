"""Data exports: JSON (a list of full records) and CSV (RFC 4180, one row per paper)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from typing import Any

from papertui.model import Paper, UserRecord

# The keys of one exported record, in order. Stable: scripts read these files (new keys go at the end).
FIELDS = (
    "id",
    "title",
    "abstract",
    "github",
    "links",
    "authors_count",
    "date",
    "date_text",
    "page_date",
    "upvotes",
    "added",
    "tags",
    "note",
    "note_created",
    "note_updated",
    "triage",
    "seen",
    "authors",
    "arxiv_id",
    "arxiv_version",
    "categories",
    "doi",
    "comment",
    "journal_ref",
    "first_version",
    "sources",
)
LIST_SEPARATOR = "; "


def export_record(paper: Paper, record: UserRecord) -> dict[str, Any]:
    """A paper and the user's data about it as one flat JSON-ready dict with the keys of FIELDS."""
    return {
        "id": paper.id,
        "title": paper.title,
        "abstract": paper.abstract,
        "github": list(paper.github),
        "links": list(paper.links),
        "authors_count": paper.authors_count,
        "date": paper.date,
        "date_text": paper.date_text,
        "page_date": paper.page_date,
        "upvotes": paper.upvotes,
        "added": paper.added,
        "tags": list(record.tags),
        "note": record.note,
        "note_created": record.note_created,
        "note_updated": record.note_updated,
        "triage": record.triage,
        "seen": record.seen,
        "authors": list(paper.authors),
        "arxiv_id": paper.arxiv_id,
        "arxiv_version": paper.arxiv_version,
        "categories": list(paper.categories),
        "doi": paper.doi,
        "comment": paper.comment,
        "journal_ref": paper.journal_ref,
        "first_version": paper.first_version,
        "sources": list(paper.sources),
    }


def render_json(items: Sequence[tuple[Paper, UserRecord]]) -> str:
    records = [export_record(paper, record) for paper, record in items]
    return json.dumps(records, ensure_ascii=False, indent=2) + "\n"


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return LIST_SEPARATOR.join(value)
    return str(value)


def render_csv(items: Sequence[tuple[Paper, UserRecord]]) -> str:
    out = io.StringIO(newline="")
    # The csv module quotes fields holding commas, quotes or line breaks, and ends rows with CRLF (RFC 4180).
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(FIELDS)
    for paper, record in items:
        row = export_record(paper, record)
        writer.writerow([_cell(row[key]) for key in FIELDS])
    return out.getvalue()
