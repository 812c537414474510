"""How the papers of an import merge with each other and with the papers already in the catalog: never erase or
shorten what is stored, fill what is missing.

A title alone does not make two papers one: "Program Synthesis for C++", "... for C#" and "... for C" share a
title key. Papers with one title key merge only when their abstracts agree (one a prefix of the other, as on a
listing that cuts abstracts short, or near-identical); otherwise the newcomer is a paper of its own, under a
variant key (the title key plus a digest of its abstract), and the import says so.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Iterable
from dataclasses import fields, replace
from typing import Any

from papertui.model import Paper, ParsedPaper, abstracts_agree, normalised_abstract
from papertui.store.catalog_rows import COLUMNS, MergeReport, free_id, now, paper_params, row_to_paper

VARIANT_MARK = " ~"
"""Between a title key and the abstract digest of a paper kept apart from another with the same title."""


def variant_key(key: str, abstract: str) -> str:
    digest = hashlib.sha1(normalised_abstract(abstract).encode("utf-8")).hexdigest()[:8]
    return f"{key}{VARIANT_MARK}{digest}"


def title_of_key(key: str) -> str:
    """The title key a stored key belongs to (a variant key without its digest)."""
    return key.split(VARIANT_MARK, 1)[0]


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


def combine_parsed(papers: Iterable[ParsedPaper]) -> dict[str, list[ParsedPaper]]:
    """The papers of one import by title key: those whose abstracts agree merged into one, the others apart."""
    out: dict[str, list[ParsedPaper]] = {}
    for p in papers:
        key = p.key
        if not key:
            continue
        group = out.setdefault(key, [])
        for i, seen in enumerate(group):
            if abstracts_agree(seen.abstract, p.abstract):
                merged = merge_paper(as_paper(seen, "", key, "", "", 0), p)
                group[i] = replace(seen, **_shared_fields(merged))
                break
        else:
            group.append(p)
    return out


def kept_apart(title: str) -> str:
    return (
        f'"{title[:80]}" is kept as a paper of its own: another paper with this title has a different abstract '
        "(papertui merges papers by title only when their abstracts agree)"
    )


def as_paper(p: ParsedPaper, pid: str, key: str, added: str, source: str, rev: int) -> Paper:
    return Paper(id=pid, key=key, added=added, source=source, rev=rev, **_shared_fields(p))


SHARED_FIELDS = tuple(f.name for f in fields(ParsedPaper) if f.name in {g.name for g in fields(Paper)})
"""What a parsed paper and a stored one both describe: copied by name, so a field added to both travels."""


def _shared_fields(paper: ParsedPaper | Paper) -> dict[str, Any]:
    return {name: getattr(paper, name) for name in SHARED_FIELDS}


def merge_rows(db: sqlite3.Connection, incoming: dict[str, list[ParsedPaper]], source: str) -> MergeReport:
    """Merge an import's papers (combine_parsed) into the catalog's rows, inside the caller's transaction."""
    rev = int(db.execute("SELECT v FROM meta WHERE k='rev'").fetchone()[0]) + 1
    existing = same_titles(db, list(incoming))
    added = now()
    updated = found = 0
    changed: list[str] = []
    new_ids: list[str] = []
    warnings: list[str] = []
    with_code = 0
    for key, group in incoming.items():
        known = existing.setdefault(key, [])
        for parsed in group:
            found += 1
            at = next((i for i, old in enumerate(known) if abstracts_agree(old.abstract, parsed.abstract)), None)
            if at is None:
                stored_key = key if all(old.key != key for old in known) else variant_key(key, parsed.abstract)
                if stored_key != key:
                    db.execute("INSERT OR REPLACE INTO meta VALUES ('variants', '1')")
                    warnings.append(kept_apart(parsed.title))
                paper = as_paper(parsed, free_id(db, stored_key), stored_key, added, source, rev)
                db.execute(f"INSERT INTO papers VALUES ({','.join('?' * 15)})", paper_params(paper))
                known.append(paper)
                new_ids.append(paper.id)
                changed.append(paper.id)
            else:
                old = known[at]
                paper = merge_paper(old, parsed)
                if paper != old:
                    paper = replace(paper, rev=rev)
                    db.execute(
                        "UPDATE papers SET title=?, abstract=?, github=?, links=?, has_code=?, authors_count=?, "
                        "date=?, date_text=?, page_date=?, upvotes=?, rev=? WHERE id=?",
                        (*paper_params(paper)[2:12], rev, paper.id),
                    )
                    known[at] = paper
                    updated += 1
                    changed.append(paper.id)
            with_code += paper.has_code
    if changed:
        db.execute("UPDATE meta SET v=? WHERE k='rev'", (str(rev),))
    else:
        rev -= 1
    return MergeReport(
        found=found,
        new=len(new_ids),
        known=found - len(new_ids),
        updated=updated,
        with_code=with_code,
        changed_ids=tuple(changed),
        rev=rev,
        new_ids=tuple(new_ids),
        warnings=tuple(warnings),
    )


def same_titles(db: sqlite3.Connection, keys: list[str]) -> dict[str, list[Paper]]:
    """The stored papers of each title key: the one under the key itself and, once a library holds papers
    kept apart by abstract (meta 'variants'), those under its variant keys (an index range per key)."""
    found: dict[str, list[Paper]] = {}
    for start in range(0, len(keys), 500):
        chunk = keys[start : start + 500]
        marks = ",".join("?" * len(chunk))
        for row in db.execute(f"SELECT {COLUMNS} FROM papers WHERE key IN ({marks})", chunk):
            paper = row_to_paper(row)
            found.setdefault(paper.key, []).append(paper)
    if db.execute("SELECT 1 FROM meta WHERE k='variants'").fetchone():
        for key in keys:
            low = key + VARIANT_MARK
            rows = db.execute(f"SELECT {COLUMNS} FROM papers WHERE key >= ? AND key < ?", (low, low + "\U0010ffff"))
            found.setdefault(key, []).extend(row_to_paper(row) for row in rows)
    return found
