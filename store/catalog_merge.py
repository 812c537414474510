"""How the papers of an import merge with each other and with the papers already in the catalog: one record per
paper; never erase or shorten what is stored, fill what is missing.

A paper's identity is its arXiv id when a source gave one, else its title. The two meet when a paper first read
from page text (no id) comes again from a structured source (with an id): the title match attaches the id to
the record, whose paper id (and so the user's tags, note and triage) stays. Two different arXiv ids are never
one paper, whatever their titles; one id under two titles (a revised title) is one paper.

A title alone does not make two papers one: "Program Synthesis for C++", "... for C#" and "... for C" share a
title key. Papers with one title key merge only when their abstracts agree (one a prefix of the other, as on a
listing that cuts abstracts short, or near-identical); otherwise the newcomer is a paper of its own, under a
variant key (the title key plus a digest of its abstract, or plus its arXiv id), and the import says so.
"""

from __future__ import annotations

import hashlib
import re
import sqlite3
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import fields, replace

from papertui.model import Paper, ParsedPaper, abstracts_agree, normalised_abstract
from papertui.store.catalog_rows import COLUMNS, INSERT, UPDATE, MergeReport, free_id, now, paper_params, row_to_paper

__all__ = ["abstracts_agree", "merge_paper", "merge_rows", "title_of_key", "variant_key"]

VARIANT_MARK = " ~"
"""Between a title key and what tells apart a paper kept apart from another with the same title."""


def variant_key(key: str, abstract: str) -> str:
    digest = hashlib.sha1(normalised_abstract(abstract).encode("utf-8")).hexdigest()[:8]
    return f"{key}{VARIANT_MARK}{digest}"


def title_of_key(key: str) -> str:
    """The title key a stored key belongs to (a variant key without its digest)."""
    return key.split(VARIANT_MARK, 1)[0]


def _union(old: tuple[str, ...], new: tuple[str, ...], key: Callable[[str], str] = str.casefold) -> tuple[str, ...]:
    """`old` in its order, then what `new` has that `old` lacks (compared by `key`)."""
    seen = {key(x) for x in old}
    extra = []
    for x in new:
        if key(x) not in seen:
            seen.add(key(x))
            extra.append(x)
    return old + tuple(extra)


_NAME_NOISE = re.compile(r"[^\w\s]+")


def author_key(name: str) -> str:
    """One person under the spellings sources use: "Jörg Müller", "Jorg Muller", "Müller, J." and "J. Müller"
    all give "muller j" (last name without accents, first initial)."""
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii").casefold()
    if "," in folded:
        last, _, first = folded.partition(",")
    else:
        *given, last = folded.split() or [""]
        first = " ".join(given)
    last = " ".join(_NAME_NOISE.sub(" ", last).split())
    first = _NAME_NOISE.sub(" ", first).strip()
    return f"{last} {first[:1]}".strip()


def _longer(old: str | None, new: str | None) -> str | None:
    if not new:
        return old
    return new if not old or len(new) > len(old) else old


def _title(old: Paper, new: Paper) -> str:
    if title_of_key(old.key) != new.key:
        # One arXiv id under another title: the title of the later version, when the sources say which is later.
        later = (
            old.arxiv_version is not None and new.arxiv_version is not None and new.arxiv_version > old.arxiv_version
        )
        return new.title if later and new.title.strip() else old.title
    return old.title if len(old.title) >= len(new.title) else new.title


def merge_paper(old: Paper, new: Paper) -> Paper:
    """Fill what `old` lacks from `new`; never erase or shorten what is stored. Lists keep their order and gain
    what they lack; a value is never replaced by a missing one."""
    authors = _union(old.authors, new.authors, author_key)
    versions = [v for v in (old.arxiv_version, new.arxiv_version) if v is not None]
    firsts = [d for d in (old.first_version, new.first_version) if d]
    authors_count = old.authors_count if old.authors_count is not None else new.authors_count
    return replace(
        old,
        title=_title(old, new),
        abstract=old.abstract if len(old.abstract) >= len(new.abstract) else new.abstract,
        github=_union(old.github, new.github),
        links=_union(old.links, new.links),
        authors_count=authors_count if authors_count is not None or not authors else len(authors),
        date=old.date or new.date,
        date_text=old.date_text or new.date_text,
        page_date=old.page_date or new.page_date,
        upvotes=max((v for v in (old.upvotes, new.upvotes) if v is not None), default=None),
        authors=authors,
        arxiv_id=old.arxiv_id or new.arxiv_id,
        arxiv_version=max(versions, default=None),
        categories=_union(old.categories, new.categories),
        doi=old.doi or new.doi,
        comment=_longer(old.comment, new.comment),
        journal_ref=_longer(old.journal_ref, new.journal_ref),
        first_version=min(firsts, default=None),
        sources=_union(old.sources, new.sources),
    )


SHARED_FIELDS = tuple(f.name for f in fields(ParsedPaper) if f.name in {g.name for g in fields(Paper)})
"""What a parsed paper and a stored one both describe: copied by name, so a field added to both travels."""


def as_paper(p: ParsedPaper) -> Paper:
    """`p` as a record not stored yet (no id, import time or source)."""
    shared = {name: getattr(p, name) for name in SHARED_FIELDS}
    # A page shows how many authors; a structured source lists them: the count is known either way.
    if p.authors_count is None and p.authors:
        shared["authors_count"] = len(p.authors)
    shared["arxiv_id"] = p.arxiv_id or None
    return Paper(id="", key=p.key, sources=(p.reader,) if p.reader else (), **shared)


class Known:
    """The records an import can meet, by paper id, found by arXiv id and by title key (the stored ones it
    could match, and those it adds as it goes)."""

    def __init__(self) -> None:
        self.papers: dict[str, Paper] = {}
        self._by_title: dict[str, list[str]] = {}
        self._by_arxiv: dict[str, str] = {}

    def put(self, handle: str, paper: Paper) -> None:
        if handle not in self.papers:
            self._by_title.setdefault(title_of_key(paper.key), []).append(handle)
        self.papers[handle] = paper
        if paper.arxiv_id:
            self._by_arxiv[paper.arxiv_id] = handle

    def has_arxiv(self, arxiv_id: str) -> bool:
        return arxiv_id in self._by_arxiv

    def same_title(self, key: str) -> list[Paper]:
        return [self.papers[h] for h in self._by_title.get(key, ())]

    def match(self, new: Paper) -> str | None:
        """The record `new` belongs to: the one with its arXiv id, else one of its title whose abstract agrees
        (and that has no other arXiv id); None when it is a paper of its own."""
        if new.arxiv_id and new.arxiv_id in self._by_arxiv:
            return self._by_arxiv[new.arxiv_id]
        for handle in self._by_title.get(new.key, ()):
            old = self.papers[handle]
            if new.arxiv_id and old.arxiv_id:
                continue  # two different ids: never one paper
            if abstracts_agree(old.abstract, new.abstract):
                return handle
        return None

    def free_key(self, new: Paper) -> str:
        """The key a new record is stored under: its title key while no paper holds it, else a variant."""
        taken = {p.key for p in self.same_title(new.key)}
        if new.key not in taken:
            return new.key
        key = f"{new.key}{VARIANT_MARK}{new.arxiv_id}" if new.arxiv_id else variant_key(new.key, new.abstract)
        n = 1
        while key in taken:  # a guard: a clash on the unique key column would abort the whole import
            n += 1
            key = f"{variant_key(new.key, new.abstract)}-{n}"
        return key


def kept_apart(paper: Paper) -> str:
    why = (
        "has a different arXiv id"
        if paper.arxiv_id
        else "has a different abstract (papertui merges papers by title only when their abstracts agree)"
    )
    return f'"{paper.title[:80]}" is kept as a paper of its own: another paper with this title {why}'


def merge_rows(db: sqlite3.Connection, papers: Iterable[ParsedPaper], source: str) -> MergeReport:
    """Merge an import's papers into the catalog's rows, inside the caller's transaction.

    Each paper meets the catalog as it stands after the ones before it, so one import of a page gives the same
    records as importing its papers one at a time; copies of one paper in the import count once.
    """
    incoming = [as_paper(p) for p in papers if p.key]
    rev = int(db.execute("SELECT v FROM meta WHERE k='rev'").fetchone()[0]) + 1
    known = stored(db, [p.key for p in incoming], [p.arxiv_id for p in incoming if p.arxiv_id])
    before = dict(known.papers)  # as stored; a record this import adds is put here as first inserted
    added = now()
    touched: dict[str, None] = {}  # the records this import found, in order
    new_ids: list[str] = []
    warnings: list[str] = []
    for parsed in incoming:
        at = known.match(parsed)
        if at is None:
            key = known.free_key(parsed)
            if key != parsed.key:
                db.execute("INSERT OR REPLACE INTO meta VALUES ('variants', '1')")
                warnings.append(kept_apart(parsed))
            paper = replace(parsed, id=free_id(db, key), key=key, added=added, source=source, rev=rev)
            db.execute(INSERT, paper_params(paper))  # at once: free_id must see the ids this import takes
            known.put(paper.id, paper)
            before[paper.id] = paper
            new_ids.append(paper.id)
            at = paper.id
        else:
            known.put(at, merge_paper(known.papers[at], parsed))
        touched[at] = None
    fresh = set(new_ids)
    changed: list[str] = []
    for pid in touched:
        paper = known.papers[pid]
        if paper != before[pid]:  # each changed row is written once, in its final state
            db.execute(UPDATE, paper_params(replace(paper, rev=rev)))
        if pid in fresh or paper != before[pid]:
            changed.append(pid)
    if changed:
        db.execute("UPDATE meta SET v=? WHERE k='rev'", (str(rev),))
    else:
        rev -= 1
    return MergeReport(
        found=len(touched),
        new=len(new_ids),
        known=len(touched) - len(new_ids),
        updated=len(changed) - len(new_ids),
        with_code=sum(known.papers[pid].has_code for pid in touched),
        changed_ids=tuple(changed),
        rev=rev,
        new_ids=tuple(new_ids),
        warnings=tuple(warnings),
    )


def stored(db: sqlite3.Connection, keys: list[str], arxiv_ids: list[str]) -> Known:
    """The stored papers an import can meet: those with its arXiv ids, and those of its title keys — the one
    under the key itself and, once a library holds papers kept apart (meta 'variants'), those under its
    variant keys (an index range per key)."""
    known = Known()
    keys = list(dict.fromkeys(keys))
    for column in ("key", "arxiv_id"):
        # Ids whose paper came with its title already are not asked for again.
        values = keys if column == "key" else [i for i in dict.fromkeys(arxiv_ids) if not known.has_arxiv(i)]
        for start in range(0, len(values), 500):
            chunk = values[start : start + 500]
            marks = ",".join("?" * len(chunk))
            for row in db.execute(f"SELECT {COLUMNS} FROM papers WHERE {column} IN ({marks})", chunk):
                if row[0] not in known.papers:
                    known.put(row[0], row_to_paper(row))
    if db.execute("SELECT 1 FROM meta WHERE k='variants'").fetchone():
        for key in keys:
            low = key + VARIANT_MARK
            rows = db.execute(f"SELECT {COLUMNS} FROM papers WHERE key >= ? AND key < ?", (low, low + "\U0010ffff"))
            for row in rows:
                if row[0] not in known.papers:
                    known.put(row[0], row_to_paper(row))
    return known
