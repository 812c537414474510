"""How the papers of an import merge with each other and with the papers already in the catalog: never erase or
shorten what is stored, fill what is missing."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from papertui.model import Paper, ParsedPaper


def _merge_tuple(old: tuple[str, ...], new: tuple[str, ...]) -> tuple[str, ...]:
    seen = {x.casefold() for x in old}
    extra = tuple(x for x in new if x.casefold() not in seen)
    return old + extra


def merge_paper(old: Paper, new: ParsedPaper) -> Paper:
    """Fill what `old` lacks from `new`; never erase or shorten what is stored."""
    return replace(
        old,
        title=old.title if len(old.title) >= len(new.title) else new.title,
        abstract=old.abstract if len(old.abstract) >= len(new.abstract) else new.abstract,
        github=_merge_tuple(old.github, new.github),
        links=_merge_tuple(old.links, new.links),
        authors_count=old.authors_count if old.authors_count is not None else new.authors_count,
        date=old.date or new.date,
        date_text=old.date_text or new.date_text,
        page_date=old.page_date or new.page_date,
        upvotes=max((v for v in (old.upvotes, new.upvotes) if v is not None), default=None),
    )


def combine_parsed(papers: Iterable[ParsedPaper]) -> dict[str, ParsedPaper]:
    """Collapse papers with the same title key (inside one import) into one, keyed by title key."""
    out: dict[str, ParsedPaper] = {}
    for p in papers:
        key = p.key
        if not key:
            continue
        if key in out:
            merged = merge_paper(as_paper(out[key], "", key, "", "", 0), p)
            out[key] = ParsedPaper(
                title=merged.title,
                abstract=merged.abstract,
                github=merged.github,
                links=merged.links,
                authors_count=merged.authors_count,
                date=merged.date,
                date_text=merged.date_text,
                page_date=merged.page_date,
                upvotes=merged.upvotes,
            )
        else:
            out[key] = p
    return out


def as_paper(p: ParsedPaper, pid: str, key: str, added: str, source: str, rev: int) -> Paper:
    return Paper(
        id=pid,
        key=key,
        title=p.title,
        abstract=p.abstract,
        github=p.github,
        links=p.links,
        authors_count=p.authors_count,
        date=p.date,
        date_text=p.date_text,
        page_date=p.page_date,
        upvotes=p.upvotes,
        added=added,
        source=source,
        rev=rev,
    )
