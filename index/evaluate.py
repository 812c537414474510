"""Run a query plan (index/plan.py) over one segment of the index; index/choose.py picks the top papers.

Each segment is evaluated on its own with whole posting lists (index/whoosh_compat.py), as numpy arrays: a part's
papers are their doc numbers (ascending) and scores (BM25; 0 for filters). AND, OR and NOT work on dense
per-segment masks and score vectors, so a word in half of 100,000 papers costs well under a millisecond where a
Python dict of its scores cost ~10 ms (measured on the typed-query mix). Checks on the forward stream (phrases,
`abstract:`) are the slow part: at the top of the query index/choose.py runs them on the best candidates first;
deeper in the query (inside OR or NOT) they run here on every candidate. Their outcomes are remembered per
segment. The time limit is checked while checking: past it, the papers found so far are returned and the result
is marked partial.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, cast

import numpy as np
import numpy.typing as npt

from papertui.index.analysis import PART_SEPARATOR
from papertui.index.cache import K1, SegmentCache
from papertui.index.plan import AllOf, AnyTerm, Check, Checked, Filter_, Nothing, OneOf, Plan, Term
from papertui.index.schema import FORWARD_FIELD
from papertui.index.terms import holds
from papertui.index.whoosh_compat import segment_leaves

PART_SEPARATOR_BYTES = PART_SEPARATOR.encode()
_FEW_TERMS = 16
"""A prefix's completions up to this many are scored term by term (each term's scores are cached for the next
key typed); more are scored all at once (AnyTerm of an explicit prefix)."""
_PASSED, _FAILED = 1, 2
"""Remembered outcomes of a check (0: not checked yet)."""

clock: Callable[[], float] = time.perf_counter
"""The clock of time limits (tests replace it)."""

Ids = npt.NDArray[np.int64]
Scores = npt.NDArray[np.float64]


@dataclass(frozen=True)
class Found:
    """Papers of one segment: doc numbers (ascending, unique) and their scores (0.0 for a filter's papers)."""

    ids: Ids
    scores: Scores

    def __len__(self) -> int:
        return len(self.ids)


EMPTY = Found(np.zeros(0, np.int64), np.zeros(0))


class _All:
    """Every paper of the segment (a query of NOTs only)."""


ALL = _All()


def every_paper(size: int) -> Found:
    return Found(np.arange(size, dtype=np.int64), np.zeros(size))


@dataclass
class Segment:
    reader: Any
    offset: int
    size: int
    deleted: frozenset[int]
    forward: Any
    """doc number → the paper's forward stream (index/whoosh_compat.py BytesColumn)."""


@dataclass
class Run:
    """One search: the index's segments, shared caches and the deadline."""

    reader: Any
    cache: SegmentCache
    deadline: float | None
    partial: bool = False
    _avg: dict[str, float] = field(default_factory=dict)

    def segments(self) -> list[Segment]:
        out = []
        for leaf, offset in segment_leaves(self.reader):
            size = leaf.doc_count_all()
            if size:
                deleted = frozenset(leaf.segment().deleted_docs())
                out.append(Segment(leaf, offset, size, deleted, self.cache.bytes_column(leaf, FORWARD_FIELD)))
        return out

    def expired(self) -> bool:
        if self.deadline is not None and clock() > self.deadline:
            self.partial = True
            return True
        return False

    def avg_length(self, fieldname: str) -> float:
        """The field's average length over live papers (Whoosh's totals still count deleted ones)."""
        found = self._avg.get(fieldname)
        if found is None:
            dead = sum(self.cache.deleted(leaf).length(fieldname) for leaf, _offset in segment_leaves(self.reader))
            count = max(1, self.reader.doc_count())
            found = self._avg[fieldname] = max(1.0, (self.reader.field_length(fieldname) - dead) / count)
        return found

    # -- evaluation of one segment ------------------------------------------------------------------------
    def docs(self, plan: Plan, seg: Segment) -> Found | _All:
        """The papers of `plan` in `seg` (checks applied)."""
        if isinstance(plan, Checked):
            return self.checked(self.found(plan.child, seg), plan.checks, seg)
        if isinstance(plan, Term):
            # Scores of a word depend on the segment, the word's idf (in the plan) and the length norms in use;
            # kept for the next keys typed, which repeat the words before the one being typed, and most of the
            # completions of the prefix being typed.
            self.cache.norms(seg.reader, plan.field, self.avg_length(plan.field))  # brought up to date first
            key = (seg.reader.segment().segment_id(), plan, self.cache.norms_key(seg.reader, plan.field))
            found = self.cache.result(key)
            if found is None:
                found = self.scored(plan, seg)
                self.cache.keep_result(key, found)
            return found
        if isinstance(plan, AnyTerm):
            if len(plan.terms) <= _FEW_TERMS:
                return _union([self.found(term, seg) for term in plan.terms], seg.size)
            return self.many_terms(plan, seg)
        if isinstance(plan, Filter_):
            filter_key = (seg.reader.segment().segment_id(), plan)
            papers = self.cache.result(filter_key)
            if papers is None:
                parts = []
                for text in plan.texts:
                    postings = self.cache.postings(seg.reader, plan.field, text)
                    if postings:
                        ids = _as_ids(postings[0])
                        parts.append(Found(ids, np.zeros(len(ids))))
                papers = _union(parts, seg.size)
                self.cache.keep_result(filter_key, papers)
            return papers
        if isinstance(plan, AllOf):
            return self.all_of(plan, seg)
        if isinstance(plan, OneOf):
            return _union([self.found(option, seg) for option in plan.options], seg.size)
        assert isinstance(plan, Nothing)
        return EMPTY

    def found(self, plan: Plan, seg: Segment) -> Found:
        """docs(), with "every paper" spelled out."""
        docs = self.docs(plan, seg)
        return every_paper(seg.size) if isinstance(docs, _All) else docs

    def scored(self, term: Term, seg: Segment) -> Found:
        postings = self.cache.postings(seg.reader, term.field, term.text)
        if not postings:
            return EMPTY
        ids = _as_ids(postings[0])
        weights = np.frombuffer(postings[1], dtype=np.float32).astype(np.float64)
        norms = self.cache.norms(seg.reader, term.field, self.avg_length(term.field))
        factor = term.idf * (K1 + 1)
        return Found(ids, factor * weights / (weights + norms[ids]))

    def many_terms(self, plan: AnyTerm, seg: Segment) -> Found:
        """The papers of any of many terms (an exact prefix: thousands, maybe), scores added, in a few numpy
        passes over all their postings at once: term by term cost ~25 µs each in Python."""
        fieldname = plan.terms[0].field
        norms = self.cache.norms(seg.reader, fieldname, self.avg_length(fieldname))
        key = (seg.reader.segment().segment_id(), plan.key or plan, self.cache.norms_key(seg.reader, fieldname))
        found = self.cache.result(key)
        if found is not None:
            return cast(Found, found)
        ids_parts: list[Ids] = []
        weight_parts: list[npt.NDArray[np.float32]] = []
        factors: list[float] = []
        table = (self.cache.tables(seg.reader) or {}).get(fieldname)
        # The segment's term list says which terms it holds: a lookup of a missing term costs as much as a read.
        held = plan.terms if table is None else [term for term in plan.terms if holds(table, term.text)]
        for term in held:
            postings = self.cache.postings(seg.reader, term.field, term.text)
            if postings:
                ids_parts.append(_as_ids(postings[0]))
                weight_parts.append(np.frombuffer(postings[1], dtype=np.float32))
                factors.append(term.idf * (K1 + 1))
        if not ids_parts:
            return EMPTY
        ids = np.concatenate(ids_parts)
        weights = np.concatenate(weight_parts).astype(np.float64)
        factor = np.repeat(np.array(factors), [len(part) for part in ids_parts])
        scores = factor * weights / (weights + norms[ids])
        total = np.bincount(ids, weights=scores, minlength=seg.size).astype(np.float64, copy=False)
        present = np.flatnonzero(np.bincount(ids, minlength=seg.size))
        found = Found(present, total[present])
        self.cache.keep_result(key, found)
        return found

    def checker(self, seg: Segment, checks: tuple[Check, ...]) -> Callable[[int], bool]:
        """passes() for a paper of `seg` by doc number, remembering outcomes: reading a paper's forward stream
        is most of a check (a decompression), and the next key typed repeats most checks of the last one."""
        outcomes = self.cache.check_outcomes(seg.reader, checks, seg.size)
        forward = seg.forward

        def check(doc: int) -> bool:
            known = outcomes[doc]
            if not known:
                known = outcomes[doc] = _PASSED if passes(forward[doc], checks) else _FAILED
            return bool(known == _PASSED)

        return check

    def all_of(self, plan: AllOf, seg: Segment) -> Found | _All:
        # Smallest first: later parts only narrow it (terms by document frequency, others after terms).
        wanted = sorted(plan.wanted, key=lambda p: p.df if isinstance(p, Term | Filter_) else 1 << 40)
        found: Found | _All = ALL
        for part in wanted:
            docs = self.docs(part, seg)
            if isinstance(docs, _All):
                continue
            found = docs if isinstance(found, _All) else _both(found, docs, seg.size)
            if not len(found):
                return EMPTY
        for part in plan.unwanted:
            unwanted = self.docs(part, seg)
            if isinstance(unwanted, _All):
                return EMPTY
            if isinstance(found, _All):
                found = every_paper(seg.size)
            found = _without(found, unwanted, seg.size)
        return found

    def checked(self, found: Found, checks: tuple[Check, ...], seg: Segment) -> Found:
        """Every paper of `found` that passes the checks (in doc order, until the time limit)."""
        passed = []
        check = self.checker(seg, checks)
        for at, doc in enumerate(found.ids.tolist()):
            if doc not in seg.deleted and check(doc):
                passed.append(at)
            if self.expired():
                break
        keep = np.array(passed, dtype=np.int64)
        return Found(found.ids[keep], found.scores[keep])


def passes(forward: bytes, checks: tuple[Check, ...]) -> bool:
    parts: list[bytes] | None = None
    for check in checks:
        if check.part is None:
            scope = forward  # parts are framed by spaces and split by a newline: a match stays in one part
        else:
            if parts is None:
                parts = forward.split(PART_SEPARATOR_BYTES)
            if check.part >= len(parts):
                return False
            scope = parts[check.part]
        if check.words is not None:
            if check.words.isdisjoint(scope.split()):
                return False
        elif check.then is None:
            if not any(option in scope for option in check.options):
                return False
        elif not any(_followed(scope, option, check.then) for option in check.options):
            return False
    return True


def _followed(scope: bytes, head: bytes, then: frozenset[bytes]) -> bool:
    """`head` (framed by spaces) occurs in `scope` right before a word of `then`."""
    at = scope.find(head)
    while at >= 0:
        start = at + len(head)
        end = scope.find(b" ", start)
        if end > start and scope[start:end] in then:
            return True
        at = scope.find(head, at + 1)
    return False


def _as_ids(raw: Any) -> Ids:
    """A posting list's doc numbers (an array.array, read without copying) as int64."""
    return np.asarray(raw).astype(np.int64)


def _union(parts: list[Found], size: int) -> Found:
    """The papers of any part, scores added. Parts may be cached: never changed, and one may be returned."""
    parts = [p for p in parts if len(p)]
    if len(parts) <= 1:
        return parts[0] if parts else EMPTY
    total = np.zeros(size)
    present = np.zeros(size, dtype=bool)
    for part in parts:
        total[part.ids] += part.scores  # doc numbers are unique within a part: plain fancy indexing adds right
        present[part.ids] = True
    ids = np.flatnonzero(present)
    return Found(ids, total[ids])


def _both(a: Found, b: Found, size: int) -> Found:
    """The papers in both, scores added."""
    if len(a) > len(b):
        a, b = b, a
    in_b = np.zeros(size, dtype=bool)
    in_b[b.ids] = True
    keep = in_b[a.ids]
    ids = a.ids[keep]
    b_scores = np.zeros(size)
    b_scores[b.ids] = b.scores
    return Found(ids, a.scores[keep] + b_scores[ids])


def _without(found: Found, unwanted: Found, size: int) -> Found:
    out = np.zeros(size, dtype=bool)
    out[unwanted.ids] = True
    keep = ~out[found.ids]
    return Found(found.ids[keep], found.scores[keep])


def _alive(found: Found, seg: Segment) -> Found:
    """`found` less the segment's deleted papers (results of parts may be cached with them)."""
    if not seg.deleted or not len(found):
        return found
    dead = np.zeros(seg.size, dtype=bool)
    dead[np.fromiter(seg.deleted, dtype=np.int64, count=len(seg.deleted))] = True
    keep = ~dead[found.ids]
    return Found(found.ids[keep], found.scores[keep])
