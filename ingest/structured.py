"""What every structured reader (JSON, Atom, snapshot, BibTeX) shares: its result, whitespace and date
normalisation, arXiv identifiers, and the repository links a free-text field names.

A reader is a pure function over text; it refuses input that is not its format with a one-line
PapertuiError rather than guessing, and skips a broken record with a warning naming where it was.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from papertui.errors import PapertuiError
from papertui.ingest.links import find_links
from papertui.ingest.text import strip_controls
from papertui.model import ParsedPaper

MAX_WARNINGS = 40
"""A file with thousands of broken records says so in a count, not thousands of lines."""


class NotThisFormat(PapertuiError):
    """The input is not the format the reader reads (a one-line reason naming the expected format)."""


@dataclass(frozen=True, slots=True)
class ReadResult:
    """What one structured source yielded; `reader` is the ParsedPaper.reader name of its format."""

    papers: tuple[ParsedPaper, ...]
    reader: str
    warnings: tuple[str, ...] = ()
    skipped: int = 0
    """Records left out: broken ones (each warned about) and, when filtering, those the filter dropped."""


class Warnings:
    """Collects warnings up to MAX_WARNINGS and counts the rest, so a summary line can close the list."""

    def __init__(self) -> None:
        self.items: list[str] = []
        self.dropped = 0

    def add(self, message: str) -> None:
        if len(self.items) < MAX_WARNINGS:
            self.items.append(message)
        else:
            self.dropped += 1

    def done(self) -> tuple[str, ...]:
        extra = [f"... and {self.dropped} more warnings like these"] if self.dropped else []
        return (*self.items, *extra)


def clean(value: object) -> str:
    """A text field on one line: NFKC, control characters dropped, every run of whitespace (hard line breaks
    and the indentation of wrapped arXiv titles) one space. Non-strings (null, numbers) become ""."""
    if not isinstance(value, str) or not value:
        return ""
    # ASCII is already NFKC; str.split() collapses whitespace several times faster than a regex does, which
    # matters at millions of snapshot records.
    text = value if value.isascii() else unicodedata.normalize("NFKC", value)
    return " ".join(strip_controls(text).split())


_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def iso_date(value: object) -> str | None:
    """YYYY-MM-DD from an ISO date or timestamp ("2024-01-15T17:59:59.000Z"); None when it is not one."""
    if not isinstance(value, str):
        return None
    match = _ISO_DATE.match(value.strip())
    if not match:
        return None
    try:
        return dt.date(*(int(g) for g in match.groups())).isoformat()
    except ValueError:
        return None


# New-style ids (2007 on): YYMM.NNNN or YYMM.NNNNN; old style: archive[.SUBJ]/YYMMNNN (kept whole).
_ARXIV_ID = re.compile(
    r"(?:arxiv:|arxiv\.org/(?:abs|pdf)/|oai:arxiv\.org:)?"
    r"(?P<id>\d{4}\.\d{4,5}|[a-z][a-z-]*(?:\.[A-Z]{2})?/\d{7})(?:v(?P<v>\d+))?(?:\.pdf)?$",
    re.IGNORECASE,
)


def split_arxiv_id(value: object) -> tuple[str | None, int | None]:
    """(id without version, version) from a bare id, "arXiv:ID", or an abs/pdf URL; (None, None) otherwise."""
    if not isinstance(value, str):
        return None, None
    text = value.strip().rstrip("/")
    match = _ARXIV_ID.search(text)
    if not match:
        return None, None
    start = match.start()
    # The id must stand alone ("12301.00001" is not one), and inside a longer text (a URL, a URN) that text
    # must be arXiv's: "https://example.org/abc/1234567" is not an old-style id.
    if start and (text[start - 1].isalnum() or "arxiv" not in text.casefold()):
        return None, None
    ident = match.group("id")
    version = match.group("v")
    return ident, int(version) if version else None


def repos_in(texts: Iterable[str]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(GitHub repositories, other links) named in free-text fields, each in order of first appearance."""
    github: dict[str, None] = {}
    links: dict[str, None] = {}
    for text in texts:
        found = find_links(text)
        github.update(dict.fromkeys(found.github))
        links.update(dict.fromkeys(found.links))
    return tuple(github), tuple(links)


def joined(first: Iterable[str], *rest: Iterable[str]) -> tuple[str, ...]:
    """The values of several lists in order, each once, empty ones dropped."""
    out: dict[str, None] = {}
    for values in (first, *rest):
        out.update(dict.fromkeys(v for v in values if v))
    return tuple(out)
