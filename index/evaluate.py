"""Run a query plan (index/plan.py) over the index's segments and pick the top papers.

Each segment is evaluated on its own with whole posting lists (index/segments.py): a scored part gives
{paper: BM25 score}, a filter a set of papers; AND intersects from the smallest part, OR unions, NOT subtracts.
Checks on the forward stream (phrases, `abstract:`) are the slow part, so at the top of the query they are left
for last and run only on the best-scoring candidates until enough papers passed; deeper in the query (inside
OR or NOT) they run on every candidate. The total is exact except when checks stopped early (then estimated
from the share of candidates that passed). The time limit is checked while checking: past it, the papers
found so far are returned and the result is marked partial.
"""

from __future__ import annotations

import heapq
import time
from bisect import bisect_left
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from operator import itemgetter
from typing import Any

from papertui.index.analysis import forward_parts
from papertui.index.cache import K1, SegmentCache
from papertui.index.plan import AllOf, AnyTerm, Check, Checked, Filter_, Nothing, OneOf, Plan, Term
from papertui.index.schema import FORWARD_FIELD

Scored = dict[int, float]
Docs = Scored | set[int]
_PROBE_RATIO = 16
"""AND reads a long posting list in full only if the papers found so far are not far fewer; else it looks
each of them up in the list (binary search)."""
_FIRST_BATCH = 4
"""With checks, candidates are checked best first, this many times the limit at a time."""

clock: Callable[[], float] = time.perf_counter
"""The clock of time limits (tests replace it)."""


class _All:
    """Every paper of the segment (a query of NOTs only)."""


ALL = _All()


@dataclass
class Segment:
    reader: Any
    offset: int
    size: int
    deleted: frozenset[int]
    _forward: Any = None

    def forward(self, docnum: int) -> list[str]:
        if self._forward is None:
            self._forward = self.reader.column_reader(FORWARD_FIELD)
        return forward_parts(self._forward[docnum])


@dataclass
class Outcome:
    """The chosen papers (global doc number, score), how many papers match, and whether time ran out."""

    hits: list[tuple[int, float]]
    total: int
    partial: bool = False


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
        for leaf, offset in self.reader.leaf_readers():
            size = leaf.doc_count_all()
            if size:
                out.append(Segment(leaf, offset, size, frozenset(leaf.segment().deleted_docs())))
        return out

    def expired(self) -> bool:
        if self.deadline is not None and clock() > self.deadline:
            self.partial = True
            return True
        return False

    def avg_length(self, fieldname: str) -> float:
        found = self._avg.get(fieldname)
        if found is None:
            count = max(1, self.reader.doc_count_all())
            found = self._avg[fieldname] = max(1.0, self.reader.field_length(fieldname) / count)
        return found

    # -- evaluation of one segment ------------------------------------------------------------------------
    def docs(self, plan: Plan, seg: Segment) -> Docs | _All:
        """The papers of `plan` in `seg` (checks applied)."""
        if isinstance(plan, Checked):
            found = self.docs(plan.child, seg)
            return self.checked(found, plan.checks, seg)
        if isinstance(plan, Term):
            return self.scored(plan, seg)
        if isinstance(plan, AnyTerm):
            total: Scored = {}
            for term in plan.terms:
                for doc, score in self.scored(term, seg).items():
                    total[doc] = total.get(doc, 0.0) + score
            return total
        if isinstance(plan, Filter_):
            papers: set[int] = set()
            for text in plan.texts:
                postings = self.cache.postings(seg.reader, plan.field, text)
                if postings:
                    papers.update(postings[0])
            return papers
        if isinstance(plan, AllOf):
            return self.all_of(plan, seg)
        if isinstance(plan, OneOf):
            return self.one_of(plan, seg)
        assert isinstance(plan, Nothing)
        return set()

    def scored(self, term: Term, seg: Segment, among: Docs | None = None) -> Scored:
        postings = self.cache.postings(seg.reader, term.field, term.text)
        if not postings:
            return {}
        ids, weights = postings
        norms = self.cache.norms(seg.reader, term.field, self.avg_length(term.field))
        factor = term.idf * (K1 + 1)
        if among is None:
            return {d: factor * w / (w + norms[d]) for d, w in zip(ids, weights, strict=True)}
        # Few papers left: look each up in the posting list instead of reading all of it into a dict.
        out: Scored = {}
        count = len(ids)
        for doc in among:
            at = bisect_left(ids, doc)
            if at < count and ids[at] == doc:
                w = weights[at]
                out[doc] = factor * w / (w + norms[doc])
        return out

    def all_of(self, plan: AllOf, seg: Segment) -> Docs | _All:
        # Smallest first: later parts only narrow it (terms by document frequency, others after terms).
        wanted = sorted(plan.wanted, key=lambda p: p.df if isinstance(p, Term) else 1 << 40)
        found: Docs | _All = ALL
        for part in wanted:
            if isinstance(found, _All):
                found = self.docs(part, seg)
            elif isinstance(part, Term) and len(found) * _PROBE_RATIO < part.df:
                found = _and(found, self.scored(part, seg, among=found))
            else:
                found = _and(found, self.docs(part, seg))
            if not found:
                return set()
        for part in plan.unwanted:
            unwanted = self.docs(part, seg)
            if isinstance(unwanted, _All):
                return set()
            if isinstance(found, _All):
                found = set(range(seg.size))
            if isinstance(found, dict):
                found = {d: s for d, s in found.items() if d not in unwanted}
            else:
                found = found.difference(unwanted)
        return found

    def one_of(self, plan: OneOf, seg: Segment) -> Docs | _All:
        found: Docs = {}
        for option in plan.options:
            docs = self.docs(option, seg)
            if isinstance(docs, _All):
                docs = set(range(seg.size))
            found = _or(found, docs)
        return found

    def checked(self, found: Docs | _All, checks: tuple[Check, ...], seg: Segment) -> Docs:
        """Every paper of `found` that passes the checks (in doc order, until the time limit)."""
        if isinstance(found, _All):
            found = set(range(seg.size))
        passed = []
        for doc in found:
            if doc not in seg.deleted and passes(seg.forward(doc), checks):
                passed.append(doc)
            if self.expired():
                break
        if isinstance(found, dict):
            return {d: found[d] for d in passed}
        return set(passed)


def passes(parts: list[str], checks: tuple[Check, ...]) -> bool:
    for check in checks:
        if check.part is None:
            scope = parts
        elif check.part < len(parts):
            scope = [parts[check.part]]
        else:
            return False
        if not any(option in text for text in scope for option in check.options):
            return False
    return True


def _and(a: Docs, b: Docs | _All) -> Docs:
    if isinstance(b, _All):
        return a
    if isinstance(a, dict) and isinstance(b, dict):
        small, large = (a, b) if len(a) <= len(b) else (b, a)
        return {d: s + large[d] for d, s in small.items() if d in large}
    if isinstance(a, dict):
        return {d: s for d, s in a.items() if d in b}
    if isinstance(b, dict):
        return {d: s for d, s in b.items() if d in a}
    return a & b


def _or(a: Docs, b: Docs) -> Docs:
    if isinstance(a, set) and isinstance(b, set):
        return a | b
    out: Scored = dict.fromkeys(a, 0.0) if isinstance(a, set) else dict(a)
    if isinstance(b, set):
        for d in b:
            out.setdefault(d, 0.0)
    else:
        for d, s in b.items():
            out[d] = out.get(d, 0.0) + s
    return out


# -- choosing the hits ------------------------------------------------------------------------------------


def _deferred(plan: Plan) -> tuple[Plan, tuple[Check, ...]]:
    """The plan without its top-level checks, and those checks (run on the best candidates only)."""
    if isinstance(plan, Checked):
        return plan.child, plan.checks
    if isinstance(plan, AllOf):
        checks: list[Check] = []
        wanted = []
        for part in plan.wanted:
            if isinstance(part, Checked):
                wanted.append(part.child)
                checks.extend(part.checks)
            else:
                wanted.append(part)
        if checks:
            return AllOf(tuple(wanted), plan.unwanted), tuple(checks)
    return plan, ()


SortKey = Callable[[Segment, int, float], Any]


def select(run: Run, plan: Plan, limit: int, key: SortKey | None) -> Outcome:
    """The best `limit` papers: by score (key None) or by `key` (ascending)."""
    base, checks = _deferred(plan)
    ranked: list[Iterator[tuple[Any, int, float]]] = []
    total = 0
    segs = run.segments()
    for seg in segs:
        found = run.docs(base, seg)
        if isinstance(found, _All):
            found = set(range(seg.size))
        items = found.items() if isinstance(found, dict) else ((d, 0.0) for d in found)
        live = [(d, s) for d, s in items if d not in seg.deleted] if seg.deleted else list(items)
        total += len(live)
        ranked.append(_ordered(seg, live, limit, key, bool(checks)))
    merged = heapq.merge(*ranked, key=itemgetter(0))
    if not checks:
        hits = [(doc, score) for _k, doc, score in _take(merged, limit)]
        return Outcome(hits, total)
    hits = []
    seen = 0
    offsets = [seg.offset for seg in segs]
    for _k, doc, score in merged:
        seen += 1
        seg = segs[bisect_left(offsets, doc + 1) - 1]
        if passes(seg.forward(doc - seg.offset), checks):
            hits.append((doc, score))
        if len(hits) >= limit or run.expired():  # after the check: the best candidate is always checked
            break
    if seen == total and not run.partial:
        return Outcome(hits, len(hits))
    estimate = round(len(hits) / seen * total) if seen else 0
    return Outcome(hits, max(estimate, len(hits)), run.partial)


def _take(items: Iterator[Any], count: int) -> list[Any]:
    out = []
    for item in items:
        if len(out) >= count:
            break
        out.append(item)
    return out


def _ordered(
    seg: Segment, live: list[tuple[int, float]], limit: int, key: SortKey | None, everything: bool
) -> Iterator[tuple[Any, int, float]]:
    """(sort key, global doc number, score) of a segment's papers, best first: only the top `limit` unless
    checks will drop some (then all, the first batch picked without a full sort)."""
    if key is None:
        keyed = ((-s, d) for d, s in live)
    else:
        keyed = ((key(seg, d, s), d) for d, s in live)
    scores = dict(live)
    if not everything or len(live) <= limit * _FIRST_BATCH:
        best = heapq.nsmallest(limit if not everything else len(live), keyed, key=itemgetter(0))
        return ((k, seg.offset + d, scores[d]) for k, d in best)
    return _batched(seg, list(keyed), limit * _FIRST_BATCH, scores)


def _batched(
    seg: Segment, keyed: list[tuple[Any, int]], first: int, scores: dict[int, float]
) -> Iterator[tuple[Any, int, float]]:
    best = heapq.nsmallest(first, keyed, key=itemgetter(0))
    yield from ((k, seg.offset + d, scores[d]) for k, d in best)
    chosen = {d for _k, d in best}
    rest = sorted((item for item in keyed if item[1] not in chosen), key=itemgetter(0))
    yield from ((k, seg.offset + d, scores[d]) for k, d in rest)

