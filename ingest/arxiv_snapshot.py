"""The arXiv metadata snapshot (JSON Lines, as in the Kaggle "Cornell-University/arxiv" data set) ->
ParsedPaper records, one line at a time.

Each line is one paper: `id` (new style "0704.0001" or old style "cs/9912001"), `submitter`, `authors` (one
string), `title`, `comments`, `journal-ref`, `doi`, `report-no`, `categories` (space-separated, primary
first), `license`, `abstract`, `versions` [{`version`: "v1", `created`: RFC 2822 date}], `update_date`,
`authors_parsed` [[last, first, suffix]]. Titles and abstracts are hard-wrapped and indented: normalised.

The file is gigabytes: `iter_snapshot` is a generator over lines, holding one record at a time. Filters run
before a record is built, and a category filter first looks for the wanted names in the raw line, so the
lines it drops are never decoded.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from papertui.ingest.filters import NO_FILTER, RecordFilter
from papertui.ingest.structured import NotThisFormat, ReadResult, Warnings, clean, iso_date, joined, repos_in
from papertui.ingest.structured import split_arxiv_id as _split
from papertui.model import ParsedPaper

READER = "arxiv-snapshot"
SNAPSHOT_KEYS = frozenset({"id", "abstract"})
"""With `categories` or `versions`, the keys that make a JSON line a snapshot record."""


def looks_like_snapshot_record(record: object) -> bool:
    return (
        isinstance(record, dict) and record.keys() >= SNAPSHOT_KEYS and ("categories" in record or "versions" in record)
    )


class SnapshotStats:
    """Counts kept while streaming: records read, kept, filtered out, broken (warned about)."""

    def __init__(self) -> None:
        self.read = 0
        self.kept = 0
        self.filtered = 0
        self.broken = 0
        self.warnings = Warnings()


def iter_snapshot(
    lines: Iterable[bytes | str],
    record_filter: RecordFilter = NO_FILTER,
    stats: SnapshotStats | None = None,
    on_line: Callable[[int], None] | None = None,
) -> Iterator[ParsedPaper]:
    """The papers of a snapshot's lines that pass `record_filter`. A line that is not JSON, or not a record
    with an id and a title, is skipped with a warning naming its line number. `on_line(n)` is told every
    line number read, for progress."""
    stats = stats or SnapshotStats()
    wanted = [c.encode() for c in record_filter.categories]
    for lineno, line in enumerate(lines, start=1):
        if on_line is not None:
            on_line(lineno)
        if not line.strip():
            continue
        stats.read += 1
        raw = line.encode() if isinstance(line, str) else line
        if wanted and not any(w in raw for w in wanted):
            stats.filtered += 1
            continue
        try:
            record = json.loads(raw)
        except ValueError as exc:
            stats.broken += 1
            stats.warnings.add(f"line {lineno}: not a JSON record ({str(exc).split(':')[0]}); skipped")
            continue
        # Categories are checked before the record is built: with a filter, most records are dropped here.
        cats = record.get("categories") if wanted and isinstance(record, dict) else None
        if isinstance(cats, str) and not record_filter.keeps_categories(cats.split()):
            stats.filtered += 1
            continue
        paper = snapshot_paper(record) if isinstance(record, dict) else None
        if paper is None:
            stats.broken += 1
            stats.warnings.add(f"line {lineno}: not an arXiv record with an id and a title; skipped")
            continue
        if not record_filter.keeps(paper):
            stats.filtered += 1
            continue
        stats.kept += 1
        yield paper


def read_snapshot(text: str, record_filter: RecordFilter = NO_FILTER) -> ReadResult:
    """A whole (small) snapshot held in memory: the tests' and the clipboard's path."""
    first = next((line for line in text.splitlines() if line.strip()), "")
    try:
        head = json.loads(first)
    except ValueError:
        head = None
    if not looks_like_snapshot_record(head):
        raise NotThisFormat("expected arXiv metadata snapshot JSON Lines (one record with id and abstract a line)")
    stats = SnapshotStats()
    papers = tuple(iter_snapshot(text.splitlines(), record_filter, stats))
    return ReadResult(
        papers=papers, reader=READER, warnings=stats.warnings.done(), skipped=stats.broken + stats.filtered
    )


def _authors(record: dict[str, Any]) -> tuple[str, ...]:
    parsed = record.get("authors_parsed")
    if isinstance(parsed, list) and parsed:
        names = []
        for parts in parsed:
            if isinstance(parts, list) and parts:
                last, first, suffix = ([p if isinstance(p, str) else "" for p in parts] + ["", ""])[:3]
                names.append(clean(f"{first} {last} {suffix}"))  # one clean per name: the hot path
        return tuple(n for n in names if n)
    text = clean(record.get("authors"))
    if not text:
        return ()
    return tuple(n.strip() for n in text.replace(" and ", ", ").split(",") if n.strip())


# "Mon, 2 Apr 2007 19:18:42 GMT" (RFC 2822): a regex reads the day, month and year much faster than email.utils.
_CREATED = re.compile(r"(\d{1,2}) ([A-Za-z]{3}) (\d{4})")
_MONTHS = {m: i for i, m in enumerate("jan feb mar apr may jun jul aug sep oct nov dec".split(), start=1)}


def _first_version(record: dict[str, Any]) -> str | None:
    versions = record.get("versions")
    if isinstance(versions, list) and versions and isinstance(versions[0], dict):
        created = versions[0].get("created")
        match = _CREATED.search(created) if isinstance(created, str) else None
        month = _MONTHS.get(match.group(2).casefold()) if match else None
        if match and month:
            return f"{match.group(3)}-{month:02d}-{int(match.group(1)):02d}"
    return None


def _latest_version(record: dict[str, Any]) -> int | None:
    versions = record.get("versions")
    if isinstance(versions, list) and versions and isinstance(versions[-1], dict):
        name = versions[-1].get("version")
        if isinstance(name, str) and name[1:].isdigit():
            return int(name[1:])
    return None


def snapshot_paper(record: dict[str, Any]) -> ParsedPaper | None:
    title = clean(record.get("title"))
    ident = record.get("id")
    arxiv_id, _ = _split(ident if isinstance(ident, str) else "")
    if not title or arxiv_id is None:
        return None
    abstract = clean(record.get("abstract"))
    comment = clean(record.get("comments")) or None
    github, links = repos_in([comment or "", abstract])
    categories = record.get("categories")
    first = _first_version(record)
    authors = _authors(record)
    return ParsedPaper(
        title=title,
        abstract=abstract,
        github=github,
        links=links,
        authors_count=len(authors) or None,
        date=first or iso_date(record.get("update_date")),
        authors=authors,
        arxiv_id=arxiv_id,
        arxiv_version=_latest_version(record),
        categories=joined(categories.split()) if isinstance(categories, str) else (),
        doi=clean(record.get("doi")) or None,
        comment=comment,
        journal_ref=clean(record.get("journal-ref")) or None,
        first_version=first,
        reader=READER,
    )
