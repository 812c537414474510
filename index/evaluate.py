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
from array import array
from bisect import bisect_left
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from itertools import repeat
from operator import add, itemgetter, mul, truediv
from typing import Any

from papertui.index.analysis import PART_SEPARATOR
from papertui.index.cache import K1, SegmentCache
from papertui.index.plan import AllOf, AnyTerm, Check, Checked, Filter_, Nothing, OneOf, Plan, Term
from papertui.index.schema import FORWARD_FIELD
from papertui.index.segments import segment_leaves

PART_SEPARATOR_BYTES = PART_SEPARATOR.encode()
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
    forward: Any
    """doc number → the paper's forward stream (index/segments.py BytesColumn)."""


@dataclass
class Outcome:
    """The chosen papers (segment, its doc number, score), how many papers match, and whether time ran out."""

    hits: list[tuple[Segment, int, float]]
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
            return self.any_term(plan, seg)
        if isinstance(plan, Filter_):
            filter_key = (seg.reader.segment().segment_id(), plan)
            papers = self.cache.result(filter_key)
            if papers is None:
                papers = set()
                for text in plan.texts:
                    postings = self.cache.postings(seg.reader, plan.field, text)
                    if postings:
                        papers.update(postings[0])
                self.cache.keep_result(filter_key, papers)
            return papers
        if isinstance(plan, AllOf):
            return self.all_of(plan, seg)
        if isinstance(plan, OneOf):
            return self.one_of(plan, seg)
        assert isinstance(plan, Nothing)
        return set()

    def any_term(self, plan: AnyTerm, seg: Segment) -> Docs:
        total: Docs = {}
        for term in plan.terms:
            found = self.docs(term, seg)
            assert not isinstance(found, _All)
            total = _or(total, found)
        return total

    def scored(self, term: Term, seg: Segment, among: Docs | None = None) -> Scored:
        postings = self.cache.postings(seg.reader, term.field, term.text)
        if not postings:
            return {}
        ids, weights = postings
        norms = self.cache.norms(seg.reader, term.field, self.avg_length(term.field))
        factor = term.idf * (K1 + 1)
        if among is None:
            return dict(zip(ids, self.bm25(ids, weights, norms, factor), strict=True))
        # Few papers left: look each up in the posting list instead of reading all of it into a dict.
        out: Scored = {}
        count = len(ids)
        for doc in among:
            at = bisect_left(ids, doc)
            if at < count and ids[at] == doc:
                w = weights[at]
                out[doc] = factor * w / (w + norms[doc])
        return out

    @staticmethod
    def bm25(ids: array, weights: array, norms: list[float], factor: float) -> Iterator[float]:
        """factor * w / (w + norm) for every posting, in C-level map loops (a comprehension is ~2x slower)."""
        ratios = map(truediv, weights, map(add, weights, map(norms.__getitem__, ids)))
        return map(mul, repeat(factor), ratios)

    def all_of(self, plan: AllOf, seg: Segment) -> Docs | _All:
        # Smallest first: later parts only narrow it (terms by document frequency, others after terms).
        wanted = sorted(plan.wanted, key=lambda p: p.df if isinstance(p, Term | Filter_) else 1 << 40)
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
            if doc not in seg.deleted and passes(seg.forward[doc], checks):
                passed.append(doc)
            if self.expired():
                break
        if isinstance(found, dict):
            return {d: found[d] for d in passed}
        return set(passed)


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
        if not any(option in scope for option in check.options):
            return False
    return True


def _and(a: Docs, b: Docs | _All) -> Docs:
    if isinstance(b, _All):
        return a
    if isinstance(a, dict) and isinstance(b, dict):
        return {d: a[d] + b[d] for d in a.keys() & b.keys()}
    if isinstance(a, dict):
        return {d: a[d] for d in a.keys() & b}
    if isinstance(b, dict):
        return {d: b[d] for d in b.keys() & a}
    return a & b


def _or(a: Docs, b: Docs) -> Docs:
    """The union, scores added. Never changes `a` or `b` (they may be cached), may return one of them."""
    if not a or not b:
        return b or a
    if isinstance(a, set) and isinstance(b, set):
        return a | b
    if isinstance(a, set):
        a = dict.fromkeys(a, 0.0)
    if isinstance(b, set):
        b = dict.fromkeys(b, 0.0)
    if len(a) < len(b):
        a, b = b, a
    both = a.keys() & b.keys()  # C-level: only papers in both need their scores added in Python
    out = dict(a)
    out.update(b)
    for d in both:
        out[d] = a[d] + b[d]
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


SortKey = Callable[[Segment], Callable[[int, float], Any]]
"""Given a segment, the key (ascending: first is best) of a paper from its doc number and score."""


def select(run: Run, plan: Plan, limit: int, key: SortKey | None) -> Outcome:
    """The best `limit` papers: by score (key None) or by `key`. Results of parts may be shared with the
    cache, so deleted papers are skipped here rather than removed."""
    base, checks = _deferred(plan)
    found_by_segment = []
    total = 0
    for seg in run.segments():
        found = run.docs(base, seg)
        if isinstance(found, _All):
            found = set(range(seg.size))
        dead = seg.deleted.intersection(found) if seg.deleted else frozenset()
        total += len(found) - len(dead)
        found_by_segment.append((seg, found, dead))
    if not checks:
        best: list[tuple[Any, Segment, int, float]] = []
        for seg, found, dead in found_by_segment:
            best.extend(item for item in _top(seg, found, limit + len(dead), key) if item[2] not in dead)
        best.sort(key=itemgetter(0))
        return Outcome([(seg, doc, score) for _k, seg, doc, score in best[:limit]], total)
    streams = [_in_order(seg, found, limit * _FIRST_BATCH, key) for seg, found, _dead in found_by_segment]
    hits: list[tuple[Segment, int, float]] = []
    seen = 0
    for _k, seg, doc, score in heapq.merge(*streams, key=itemgetter(0)):
        if doc in seg.deleted:
            continue
        seen += 1
        if passes(seg.forward[doc], checks):
            hits.append((seg, doc, score))
        if len(hits) >= limit or run.expired():  # after the check: the best candidate is always checked
            break
    if seen == total and not run.partial:
        return Outcome(hits, len(hits))
    estimate = round(len(hits) / seen * total) if seen else 0
    return Outcome(hits, max(estimate, len(hits)), run.partial)


def _key_function(seg: Segment, key: SortKey | None) -> Callable[[tuple[int, float]], Any]:
    if key is None:
        return _by_score
    of = key(seg)
    return lambda item: of(item[0], item[1])


def _by_score(item: tuple[int, float]) -> float:
    return -item[1]


def _items(found: Docs) -> Any:
    return found.items() if isinstance(found, dict) else ((d, 0.0) for d in sorted(found))


def _top(seg: Segment, found: Docs, limit: int, key: SortKey | None) -> list[tuple[Any, Segment, int, float]]:
    """The segment's best `limit` as (sort key, segment, doc number, score)."""
    if key is None and isinstance(found, dict):
        best = heapq.nlargest(limit, found.items(), key=itemgetter(1))
        return [(-s, seg, d, s) for d, s in best]
    order = _key_function(seg, key)
    return [(order(item), seg, item[0], item[1]) for item in heapq.nsmallest(limit, _items(found), key=order)]


def _in_order(seg: Segment, found: Docs, first: int, key: SortKey | None) -> Iterator[tuple[Any, Segment, int, float]]:
    """All the segment's papers, best first, as (sort key, segment, doc number, score): the first `first`
    picked without sorting everything (checks often find enough among them)."""
    if key is None and isinstance(found, dict):
        best = heapq.nlargest(first, found.items(), key=itemgetter(1))
        yield from ((-s, seg, d, s) for d, s in best)
        if len(found) > len(best):
            chosen = {d for d, _s in best}
            rest = sorted((item for item in found.items() if item[0] not in chosen), key=itemgetter(1), reverse=True)
            yield from ((-s, seg, d, s) for d, s in rest)
        return
    order = _key_function(seg, key)
    items = list(_items(found))
    ordered = heapq.nsmallest(first, items, key=order)
    yield from ((order(item), seg, item[0], item[1]) for item in ordered)
    if len(items) > len(ordered):
        chosen = {d for d, _s in ordered}
        rest = sorted((item for item in items if item[0] not in chosen), key=order)
        yield from ((order(item), seg, item[0], item[1]) for item in rest)
