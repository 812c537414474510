"""Run a query plan (index/plan.py) over the index's segments and pick the top papers.

Each segment is evaluated on its own with whole posting lists (index/segments.py), as numpy arrays: a part's
papers are their doc numbers (ascending) and scores (BM25; 0 for filters). AND, OR and NOT work on dense
per-segment masks and score vectors, so a word in half of 100,000 papers costs well under a millisecond where a
Python dict of its scores cost ~10 ms (measured on the typed-query mix). Checks on the forward stream (phrases,
`abstract:`) are the slow part, so at the top of the query they are left for last and run only on the
best-scoring candidates until enough papers passed; deeper in the query (inside OR or NOT) they run on every
candidate. The total is exact: the candidates the hits did not need are checked too, only to be counted (a
caller may accept an estimate from the share of checked candidates that passed, and the time limit may force
one). The time limit is checked while checking: past it, the papers found so far are returned and the result is
marked partial.
"""

from __future__ import annotations

import heapq
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from operator import itemgetter
from typing import Any, cast

import numpy as np
import numpy.typing as npt

from papertui.index.analysis import PART_SEPARATOR
from papertui.index.cache import K1, SegmentCache
from papertui.index.plan import AllOf, AnyTerm, Check, Checked, Filter_, Nothing, OneOf, Plan, Term
from papertui.index.schema import FORWARD_FIELD
from papertui.index.segments import segment_leaves
from papertui.index.terms import holds

PART_SEPARATOR_BYTES = PART_SEPARATOR.encode()
_FIRST_BATCH = 4
_FEW_TERMS = 16
_PASSED, _FAILED = 1, 2
"""Remembered outcomes of a check (0: not checked yet)."""
"""A prefix's completions up to this many are scored term by term (each term's scores are cached for the next
key typed); more are scored all at once (AnyTerm of an explicit prefix)."""
"""With checks, candidates are checked best first, this many times the limit at a time."""

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
    """doc number → the paper's forward stream (index/segments.py BytesColumn)."""


@dataclass
class Outcome:
    """The chosen papers (segment, its doc number, score), how many papers match, and whether time ran out."""

    hits: list[tuple[Segment, int, float]]
    total: int
    partial: bool = False
    estimated: bool = False


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


def select(run: Run, plan: Plan, limit: int, key: SortKey | None, *, count_limit: int | None = None) -> Outcome:
    """The best `limit` papers: by score (key None) or by `key`. The total is counted even when that means
    checking every candidate, unless more than `count_limit` would be left to check (None: no limit): then it
    is estimated from the candidates checked for the hits. The time limit may also leave it estimated."""
    base, checks = _deferred(plan)
    found_by_segment = []
    total = 0
    for seg in run.segments():
        found = _alive(run.found(base, seg), seg)
        total += len(found)
        found_by_segment.append((seg, found))
    if not checks:
        best: list[tuple[Any, Segment, int, float]] = []
        for seg, found in found_by_segment:
            best.extend(_top(seg, found, limit, key))
        best.sort(key=itemgetter(0))
        return Outcome([(seg, doc, score) for _k, seg, doc, score in best[:limit]], total)
    streams = [_in_order(seg, found, limit * _FIRST_BATCH, key) for seg, found in found_by_segment]
    hits: list[tuple[Segment, int, float]] = []
    seen = 0
    checkers = {id(seg): run.checker(seg, checks) for seg, _found in found_by_segment}
    for _k, seg, doc, score in heapq.merge(*streams, key=itemgetter(0)):
        seen += 1
        if checkers[id(seg)](doc):
            hits.append((seg, doc, score))
        if len(hits) >= limit or run.expired():  # after the check: the best candidate is always checked
            break
    if seen == total and not run.partial:
        return Outcome(hits, len(hits))
    if not run.partial:
        counted = _count(run, found_by_segment, checks, count_limit)
        if counted is not None:
            return Outcome(hits, max(counted[0], len(hits)), estimated=counted[1])
    estimate = round(len(hits) / seen * total) if seen else 0
    return Outcome(hits, max(estimate, len(hits)), run.partial, estimated=True)


def _count(
    run: Run, found_by_segment: list[tuple[Segment, Found]], checks: tuple[Check, ...], count_limit: int | None
) -> tuple[int, bool] | None:
    """How many candidates pass the checks, and whether that is an estimate; None if time ran out first.

    Candidates checked before (by this search or a recent one: the outcomes are remembered) count as they are.
    The others are all checked, unless more than `count_limit` are left: then `count_limit` of them, spread
    evenly over the candidates, are checked and the share that passed is applied to the rest (the candidates
    checked for the hits are the best scored, a biased sample).
    """
    known = 0
    unchecked: list[tuple[Segment, Ids]] = []
    for seg, found in found_by_segment:
        outcomes = run.cache.check_outcomes(seg.reader, checks, seg.size)[found.ids]
        known += int(np.count_nonzero(outcomes == _PASSED))
        unchecked.append((seg, found.ids[outcomes == 0]))
    left = sum(len(ids) for _seg, ids in unchecked)
    step = 1 if count_limit is None or left <= count_limit else left / max(1, count_limit)
    checked = passed = 0
    for seg, ids in unchecked:
        check = run.checker(seg, checks)
        chosen = ids if step == 1 else ids[np.arange(0, len(ids), step).astype(np.intp)]
        for doc in chosen.tolist():
            passed += check(doc)
            checked += 1
            if run.expired():
                return None
    if checked == left:
        return known + passed, False
    return known + round(passed / max(1, checked) * left), True


def best_scored(found: Found, limit: int) -> npt.NDArray[np.intp]:
    """Positions in `found` of its `limit` best papers, best first; equal scores in doc order.

    argpartition finds a score floor in linear time; only the papers at or above it are sorted.
    """
    scores = found.scores
    if len(scores) > limit > 0:
        floor = scores[np.argpartition(scores, len(scores) - limit)[len(scores) - limit]]
        chosen = np.flatnonzero(scores >= floor)  # ties with the floor too: the doc-order rule needs them all
    else:
        chosen = np.arange(len(scores))
    order = np.lexsort((found.ids[chosen], -scores[chosen]))
    return chosen[order][:limit]


def _python_items(found: Found) -> Iterator[tuple[int, float]]:
    return zip(found.ids.tolist(), found.scores.tolist(), strict=True)


def _top(seg: Segment, found: Found, limit: int, key: SortKey | None) -> list[tuple[Any, Segment, int, float]]:
    """The segment's best `limit` as (sort key, segment, doc number, score)."""
    if key is None:
        at = best_scored(found, limit)
        return [(-s, seg, d, s) for d, s in zip(found.ids[at].tolist(), found.scores[at].tolist(), strict=True)]
    order = _key_function(seg, key)
    return [(order(item), seg, item[0], item[1]) for item in heapq.nsmallest(limit, _python_items(found), key=order)]


def _key_function(seg: Segment, key: SortKey) -> Callable[[tuple[int, float]], Any]:
    of = key(seg)
    return lambda item: of(item[0], item[1])


def _in_order(seg: Segment, found: Found, first: int, key: SortKey | None) -> Iterator[tuple[Any, Segment, int, float]]:
    """All the segment's papers, best first, as (sort key, segment, doc number, score): the first `first`
    picked without sorting everything (checks often find enough among them)."""
    if key is None:
        at = best_scored(found, first)
        yield from _scored_items(seg, found, at)
        if len(found) > len(at):
            rest = np.ones(len(found), dtype=bool)
            rest[at] = False
            others = np.flatnonzero(rest)
            yield from _scored_items(seg, found, others[np.lexsort((found.ids[others], -found.scores[others]))])
        return
    order = _key_function(seg, key)
    items = list(_python_items(found))
    ordered = heapq.nsmallest(first, items, key=order)
    yield from ((order(item), seg, item[0], item[1]) for item in ordered)
    if len(items) > len(ordered):
        chosen = {d for d, _s in ordered}
        rest_items = sorted((item for item in items if item[0] not in chosen), key=order)
        yield from ((order(item), seg, item[0], item[1]) for item in rest_items)


def _scored_items(seg: Segment, found: Found, at: npt.NDArray[np.intp]) -> Iterator[tuple[Any, Segment, int, float]]:
    return ((-s, seg, d, s) for d, s in zip(found.ids[at].tolist(), found.scores[at].tolist(), strict=True))
