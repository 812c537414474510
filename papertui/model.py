"""The paper records shared by every layer.

`ParsedPaper` is what a reader recognised in some input; `Paper` is a catalog entry with its stable id.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass

_NON_ALNUM = re.compile(r"[\W_]+", re.UNICODE)


def title_key(title: str) -> str:
    """A paper's identity: its title casefolded, with every run of non-alphanumerics collapsed to one space."""
    text = unicodedata.normalize("NFKC", title).casefold()
    return _NON_ALNUM.sub(" ", text).strip()


@dataclass(frozen=True, slots=True)
class ParsedPaper:
    """One paper as recognised in imported text; fields a page did not show are None or empty."""

    title: str
    abstract: str = ""
    github: tuple[str, ...] = ()
    links: tuple[str, ...] = ()
    authors_count: int | None = None
    date: str | None = None
    """ISO date (YYYY-MM-DD) when the year is known."""
    date_text: str | None = None
    """The date as the page showed it, e.g. "Sep 26" when the year is missing."""
    page_date: str | None = None
    """The page's own date line (context for a date without a year)."""
    upvotes: int | None = None
    authors: tuple[str, ...] = ()
    """Author names in the order the source lists them (structured sources; pages give only a count)."""
    arxiv_id: str | None = None
    """The arXiv identifier without its version ("2301.00001", old style "cs/9912001")."""
    arxiv_version: int | None = None
    categories: tuple[str, ...] = ()
    """arXiv categories, primary first ("cs.CL", "cs.LG")."""
    doi: str | None = None
    comment: str | None = None
    """The author's comment line (arXiv `comments`), e.g. "Accepted at ACL 2024; code at ..."."""
    journal_ref: str | None = None
    first_version: str | None = None
    """ISO date (YYYY-MM-DD) of the paper's first version, when the source says."""
    reader: str = "hf-page"
    """The reader that recognised it ("hf-page", "hf-json", "arxiv-atom", "arxiv-snapshot", "bibtex"); the
    catalog records it in Paper.sources."""

    @property
    def key(self) -> str:
        return title_key(self.title)


@dataclass(frozen=True, slots=True)
class Paper:
    """A catalog entry. `id` is short, stable and typeable; `key` is the normalised title it is derived from."""

    id: str
    key: str
    title: str
    abstract: str = ""
    github: tuple[str, ...] = ()
    links: tuple[str, ...] = ()
    authors_count: int | None = None
    date: str | None = None
    date_text: str | None = None
    page_date: str | None = None
    upvotes: int | None = None
    authors: tuple[str, ...] = ()
    arxiv_id: str | None = None
    arxiv_version: int | None = None
    categories: tuple[str, ...] = ()
    doi: str | None = None
    comment: str | None = None
    journal_ref: str | None = None
    first_version: str | None = None
    sources: tuple[str, ...] = ()
    """The readers this paper's fields came from ("hf-page", "hf-json", "arxiv-atom", "arxiv-snapshot",
    "bibtex"), first one first."""
    added: str = ""
    """When the paper first entered the library (ISO 8601, UTC)."""
    source: str = ""
    """Where it was first imported from (file name, "stdin", "clipboard")."""
    rev: int = 0
    """Catalog revision of the last change to this paper (drives incremental index sync)."""

    @property
    def has_code(self) -> bool:
        return bool(self.github)

    @property
    def year(self) -> int | None:
        return int(self.date[:4]) if self.date else None

    @property
    def display_date(self) -> str:
        return self.date or self.date_text or ""


@dataclass(frozen=True, slots=True)
class UserRecord:
    """What the user made for one paper: tags (display case kept), note, triage state."""

    paper_id: str
    tags: tuple[str, ...] = ()
    note: str = ""
    note_created: str | None = None
    note_updated: str | None = None
    triage: str = "unseen"
    """One of TRIAGE_STATES."""
    seen: str | None = None
    """When the paper was first triaged (ISO 8601, UTC)."""
    rev: int = 0


TRIAGE_STATES = ("unseen", "kept", "skipped")


_NOT_WORD = re.compile(r"\W+")
NEAR_IDENTICAL = 0.9
"""Abstracts this similar (difflib ratio of their normalised text) are one paper's, edited between two pages."""


def normalised_abstract(abstract: str) -> str:
    return _NOT_WORD.sub(" ", unicodedata.normalize("NFKC", abstract).casefold()).strip()


def abstracts_agree(first: str, second: str) -> bool:
    """Whether two abstracts under one title are the same paper's: one missing, equal, one a prefix of the other
    (a cut-short abstract, "..." and all), or near-identical."""
    a, b = normalised_abstract(first), normalised_abstract(second)
    if not a or not b or a == b:
        return True
    short, long = sorted((a, b), key=len)
    if long.startswith(short):
        return True
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    # The quick upper bounds first: most different abstracts are told apart without the full comparison.
    return all(ratio() >= NEAR_IDENTICAL for ratio in (matcher.real_quick_ratio, matcher.quick_ratio, matcher.ratio))
