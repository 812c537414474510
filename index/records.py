"""The records the index exchanges with its callers: documents in, hits and search results out."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from papertui.model import Paper, UserRecord

SORTS = ("relevance", "date", "upvotes", "title")
"""The orders a search or a list can be sorted in (the CLI's --sort, the app's sort key, the index)."""

MIN_TAGGED = 3
"""Suggestions for a tag need this many tagged papers: fewer say too little about it to rank a library by."""


@dataclass(frozen=True)
class IndexDoc:
    """One paper to index, with what the user made for it (None: no tags, no note, unseen)."""

    paper: Paper
    user: UserRecord | None = None


@dataclass(frozen=True)
class Hit:
    """Everything a result row shows, read from stored fields only (no catalog access)."""

    id: str
    score: float
    title: str
    github: str | None
    """The first repository, when the paper has code."""
    has_code: bool
    date: str
    """The display date: ISO when known, else the page's text (e.g. "Sep 26"), else ""."""
    upvotes: int | None
    authors_count: int | None
    tags: tuple[str, ...]
    """In the user's display case."""
    triage: str


@dataclass(frozen=True)
class SearchResult:
    hits: tuple[Hit, ...]
    total: int
    """How many papers match: exact unless total_is_estimate."""
    terms: tuple[str, ...]
    """The user's positive words, for highlight_spans; a word ending in "*" is a prefix."""
    hint: str | None = None
    """A gentle one-line message when part of the query was not understood (hits are then best effort)."""
    partial: bool = False
    """The time limit cut the search short: hits are the best found so far."""
    total_is_estimate: bool = False
    """`total` was estimated (typing mode, or a search cut short): show it as "about N"."""
    prefix_capped: bool = False
    """The word being typed (typing mode) stands for its most frequent completions only: hits may miss papers
    holding a rarer one. `notice` says which word; an explicit `word*` is never capped."""
    notice: str | None = None
    """A one-line remark on how the search was done (not a problem with the query: that is `hint`), e.g.
    "prefix 'co' uses its 8 commonest completions (end it with * for all of them)"."""


def hit_from_stored(stored: Mapping[str, Any], score: float | None) -> Hit:
    return Hit(
        id=stored["id"],
        score=float(score or 0.0),
        title=stored.get("title", ""),
        github=stored.get("github"),
        has_code=bool(stored.get("has_code", False)),
        date=stored.get("date") or "",
        upvotes=stored.get("upvotes"),
        authors_count=stored.get("authors_count"),
        tags=tuple(stored.get("tags_shown") or ()),
        triage=stored.get("triage") or "unseen",
    )


def row_fields(paper: Paper, user: UserRecord | None, tags: tuple[str, ...] | None = None) -> dict[str, Any]:
    """The stored fields a result row is made of (see hit_from_stored). `tags`: the tags to show, when the
    caller has cleaned them (the index drops blank ones); else the record's."""
    return {
        "id": paper.id,
        "title": paper.title,
        "github": paper.github[0] if paper.github else None,
        "has_code": paper.has_code,
        "date": paper.display_date,
        "upvotes": paper.upvotes,
        "authors_count": paper.authors_count,
        "tags_shown": tags if tags is not None else (user.tags if user else ()),
        "triage": user.triage if user else "unseen",
    }


def hit_from(paper: Paper, user: UserRecord | None) -> Hit:
    """A list row for a paper read from the stores: the same row the index makes from its stored fields."""
    return hit_from_stored(row_fields(paper, user), None)
