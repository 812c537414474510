"""The Whoosh schema of the paper index, its text analysis, and the mapping paper ⇄ index document ⇄ Hit.

Only what a result row shows is stored (the abstract is not: the catalog serves it). Sort orders read
columns, never stored fields, so sorting 100k hits does not unpickle 100k documents.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, cast

from whoosh import columns, fields
from whoosh.analysis import CharsetFilter, LowercaseFilter, RegexTokenizer, StemFilter, StopFilter
from whoosh.lang.porter import stem as porter_stem
from whoosh.support.charset import accent_map as _accent_map

from papertui.model import Paper, UserRecord

SCHEMA_VERSION = 1
"""Bump on any change below (fields, analysis, boosts): state() says "old-version", the facade rebuilds."""

TITLE_BOOST = 2.5
"""A word in the title counts this much more than the same word in the abstract or a note."""

TEXT_FIELDS = ("title", "abstract", "note", "tagwords")
"""Where a plain word is looked for. `tagwords` holds the words of the tags, so `read` finds tag "to read"."""

_WORD = re.compile(r"\w+(?:\.?\w+)*", re.UNICODE)
_SPACES = re.compile(r"\s+")
_ACCENTS = cast(dict[int, str], _accent_map)  # keyed by code point, though Whoosh's type says str
_INT32_MAX = 2**31 - 1
_ISO_DATE = re.compile(r"^(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?")


def _analyzer() -> Any:
    # minsize=1 keeps one-character words ("Σ" in "PanGu-Σ", the "3" of "TÜLU 3"); accents are folded so
    # "tulu" finds "TÜLU". Stop words are dropped: they would only make the index and expansions bigger.
    return (
        RegexTokenizer(_WORD)
        | LowercaseFilter()
        | StopFilter(minsize=1)
        | CharsetFilter(_ACCENTS)
        | StemFilter()  # the default Porter stemmer, the same one `words` uses
    )


TEXT_ANALYZER = _analyzer()


@dataclass(frozen=True, slots=True)
class Token:
    """One word of a text: folded (lowercase, no accents, not stemmed), its stem, and where it is."""

    word: str
    stem: str
    start: int
    end: int
    stop: bool


_STOP_WORDS = frozenset(StopFilter().stops)


def words(text: str) -> Iterator[Token]:
    """The words of `text` as the index splits them; stop words (which the index leaves out) are flagged."""
    for match in _WORD.finditer(text):
        lowered = match.group().lower()
        folded = lowered.translate(_ACCENTS)
        yield Token(folded, porter_stem(folded), match.start(), match.end(), lowered in _STOP_WORDS)


def normalize_tag(tag: str) -> str:
    """A tag's search form: case-insensitive, inner whitespace collapsed; a comma cannot split it."""
    return _SPACES.sub(" ", tag.replace(",", " ")).strip().casefold()


def build_schema() -> fields.Schema:
    text = {"analyzer": TEXT_ANALYZER, "phrase": True}
    return fields.Schema(
        id=fields.ID(stored=True, unique=True),
        title=fields.TEXT(stored=True, field_boost=TITLE_BOOST, **text),
        abstract=fields.TEXT(**text),
        note=fields.TEXT(**text),
        tagwords=fields.TEXT(**text),
        # Exact tags, already normalised by normalize_tag; commas separate them so a tag may hold spaces.
        tags=fields.KEYWORD(commas=True, scorable=False),
        tagged=fields.BOOLEAN(),
        has_code=fields.BOOLEAN(stored=True),
        year=fields.ID(),
        triage=fields.ID(stored=True),
        tags_shown=fields.STORED(),
        github=fields.STORED(),
        date=fields.STORED(),
        upvotes=fields.STORED(),
        authors_count=fields.STORED(),
        # Sort keys: unknown dates sort as 0 and unknown upvotes as -1, so newest-first and most-upvoted-first
        # put them last.
        sort_date=fields.COLUMN(columns.NumericColumn("i", default=0)),
        sort_upvotes=fields.COLUMN(columns.NumericColumn("i", default=-1)),
        sort_title=fields.COLUMN(columns.VarBytesColumn()),
    )


def date_number(iso: str | None) -> int:
    """YYYYMMDD as an int for sorting (missing month/day count as 0); 0 when the date is unknown."""
    match = _ISO_DATE.match(iso or "")
    if not match:
        return 0
    year, month, day = (int(part) if part else 0 for part in match.groups())
    return year * 10000 + min(month, 99) * 100 + min(day, 99)


def to_fields(paper: Paper, user: UserRecord | None) -> dict[str, Any]:
    """The index document of one paper; Whoosh leaves out None values (nothing stored, nothing indexed)."""
    tags = tuple(dict.fromkeys(t.strip() for t in (user.tags if user else ()) if normalize_tag(t)))
    normalized = list(dict.fromkeys(normalize_tag(t) for t in tags))
    note = user.note if user else ""
    year = paper.date[:4] if paper.date and _ISO_DATE.match(paper.date) else None
    return {
        "id": paper.id,
        "title": paper.title,
        "abstract": paper.abstract or None,
        "note": note or None,
        "tagwords": " ".join(tags) or None,
        "tags": ",".join(normalized) or None,
        "tagged": bool(tags),
        "has_code": paper.has_code,
        "year": year,
        "triage": user.triage if user else "unseen",
        "tags_shown": tags,
        "github": paper.github[0] if paper.github else None,
        "date": paper.display_date,
        "upvotes": paper.upvotes,
        "authors_count": paper.authors_count,
        "sort_date": date_number(paper.date),
        "sort_upvotes": -1 if paper.upvotes is None else max(-1, min(paper.upvotes, _INT32_MAX)),
        "sort_title": (paper.key or paper.title.casefold()).encode("utf-8"),
    }
