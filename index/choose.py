"""Choosing the hits of a search and counting them, from the papers index/evaluate.py finds in each segment.

Checks at the top of the query (phrases, `abstract:`) are the slow part, so they are run on the best-scored
candidates first, until enough papers passed for the hits. The total is then counted by checking the other
candidates too (their outcomes are remembered for the next searches), or, for a typed key with many left,
estimated from an even sample of them and marked as an estimate.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from operator import itemgetter
from typing import Any

import numpy as np
import numpy.typing as npt

from papertui.index.evaluate import _PASSED, Found, Ids, Run, Segment, _alive
from papertui.index.plan import AllOf, Check, Checked, Plan

_FIRST_BATCH = 4
"""With checks, candidates are checked best first, this many times the limit at a time."""


@dataclass
class Outcome:
    """The chosen papers (segment, its doc number, score), how many papers match, and whether time ran out."""

    hits: list[tuple[Segment, int, float]]
    total: int
    partial: bool = False
    estimated: bool = False


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


def matching(run: Run, plan: Plan, wanted: dict[str, list[int]]) -> set[tuple[str, int]]:
    """Which of the `wanted` papers (doc numbers by segment id) the plan matches: for a query that filters a
    ranking made elsewhere (index/related.py), without reading every match of the query."""
    base, checks = _deferred(plan)
    out: set[tuple[str, int]] = set()
    for seg in run.segments():
        segment_id = seg.reader.segment().segment_id()
        docs = wanted.get(segment_id)
        if not docs:
            continue
        found = _alive(run.found(base, seg), seg)
        candidates = np.asarray(docs, dtype=np.int64)
        hit = candidates[np.isin(candidates, found.ids)]
        check = run.checker(seg, checks) if checks else None
        out.update((segment_id, int(doc)) for doc in hit if check is None or check(int(doc)))
    return out


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
