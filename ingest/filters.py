"""`--category` and `--since`: which records of a structured source are kept.

A record is kept when one of its categories equals a wanted one or lies under it (`cs` keeps `cs.CL`; `cs.CL`
does not keep `cs.CLX`), and when its first version (else its date) is on or after `since`. A record that does
not say (no categories, no date) cannot pass a filter that asks.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from papertui.errors import UsageError
from papertui.ingest.structured import iso_date
from papertui.model import ParsedPaper


@dataclass(frozen=True, slots=True)
class RecordFilter:
    categories: tuple[str, ...] = ()
    since: str | None = None
    """ISO date (YYYY-MM-DD)."""

    @classmethod
    def from_options(cls, categories: Iterable[str] = (), since: str | None = None) -> RecordFilter:
        """Checked user input: a bad date or an empty category is a UsageError."""
        cats = tuple(c.strip() for c in categories)
        if any(not c or " " in c for c in cats):
            raise UsageError("--category takes one arXiv category or archive, e.g. cs.CL or cs")
        day = None
        if since is not None:
            day = iso_date(since)
            if day is None or len(since.strip()) != 10:
                raise UsageError(f"--since takes a date as YYYY-MM-DD, not {since!r}")
        return cls(categories=cats, since=day)

    @property
    def active(self) -> bool:
        return bool(self.categories or self.since)

    def keeps_categories(self, categories: Iterable[str]) -> bool:
        if not self.categories:
            return True
        for have in categories:
            for want in self.categories:
                if have == want or (have.startswith(want) and have[len(want)] == "."):
                    return True
        return False

    def keeps_date(self, first_version: str | None) -> bool:
        return self.since is None or (first_version is not None and first_version >= self.since)

    def keeps(self, paper: ParsedPaper) -> bool:
        return self.keeps_categories(paper.categories) and self.keeps_date(paper.first_version or paper.date)

    def describe(self) -> str:
        parts = [f"--category {c}" for c in self.categories]
        if self.since:
            parts.append(f"--since {self.since}")
        return " ".join(parts)


NO_FILTER = RecordFilter()
