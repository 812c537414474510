"""More like this, and papers suggested for a tag, from the index's word weights (index/vectors.py).

Both rank every paper by a dot product with a weighted word list, over the papers' `text` weights scaled to unit
length (raw counts, title words boosted). The weighting was chosen by measuring on the three shared page dumps
(each a search page on one topic; README "Finding related work"):

- similar: the paper's own weights × idf, idf = log(N/df) + 1 applied once (to the query side only). Share of the
  5 nearest from the same page: 0.769; TF-IDF cosine 0.739 (the issue's 0.73); BM25-style idf 0.745.
- suggest: Rocchio — the mean of the tagged papers' unit vectors, minus SUGGEST_LIBRARY × the library's mean
  vector, minus SUGGEST_SKIPPED × the mean of the skipped papers' — × idf, over the words the tagged and skipped
  papers hold. Subtracting the library mean is what beats the tag's centroid on a page with a broad topic:
  share of the top 20 from the page of 15 tagged papers, 0.965 / 0.94 (centroid: 0.955 / 0.66).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from papertui.errors import PapertuiError
from papertui.index.cache import SegmentCache
from papertui.index.records import SearchResult, hit_from_stored
from papertui.index.schema import TEXT_FIELD
from papertui.index.vectors import SegmentVectors, VectorCache
from papertui.index.whoosh_compat import segment_leaves

SUGGEST_LIBRARY = 0.7
SUGGEST_SKIPPED = 0.5
MIN_TAGGED = 3
"""Fewer tagged papers say too little about a tag to rank a library by."""


@dataclass
class Part:
    """One segment: its vectors, which of its papers are live, and where its doc numbers start."""

    leaf: Any
    offset: int
    vectors: SegmentVectors
    live: npt.NDArray[np.bool_]

    def postings_of(
        self, words: Sequence[str]
    ) -> tuple[npt.NDArray[np.uint32], npt.NDArray[np.int32], npt.NDArray[np.float32]]:
        """The live postings of `words` (sorted): paper, index of the word in `words`, unit weight."""
        vectors = self.vectors
        to_word = np.full(len(vectors.terms), -1, dtype=np.int32)
        for at, word in enumerate(words):
            local = vectors.index(word)
            if local >= 0:
                to_word[local] = at
        word = to_word[vectors.term_of_posting()]
        keep = word >= 0
        keep &= self.live[vectors.ids]
        ids = vectors.ids[keep]
        return ids, word[keep], self.unit(ids, vectors.weights[keep])

    def unit(self, ids: npt.NDArray[np.uint32], weights: npt.NDArray[np.float16]) -> npt.NDArray[np.float32]:
        norms = self.vectors.norms[ids]
        return np.divide(weights, norms, out=np.zeros(len(ids), np.float32), where=norms > 0)


@dataclass(frozen=True)
class Ranked:
    leaf: Any
    docnum: int
    score: float


@dataclass(frozen=True)
class Ranking:
    best: tuple[Ranked, ...]
    total: int
    """Papers that share at least one word with the query side (the rest score nothing)."""


class Related:
    """The segments of one reader, ready to rank; `mask(leaf)` gives a segment's papers of some kind."""

    def __init__(self, parts: Sequence[Part]) -> None:
        self.parts = list(parts)
        self.papers = sum(int(np.count_nonzero(p.live)) for p in self.parts)

    def idf(self, term: str) -> float:
        df = sum(int(np.count_nonzero(p.live[s[0]])) for p in self.parts if (s := p.vectors.slice(term)))
        return math.log(self.papers / df) + 1.0 if df else 0.0

    def similar(self, leaf: Any, docnum: int, limit: int) -> Ranking:
        part = next(p for p in self.parts if p.leaf is leaf)
        query = part.vectors.doc_terms(docnum)
        weights = {term: w * self.idf(term) for term, w in query.items()}
        scores, touched = self._score(weights)
        exclude = [np.zeros(len(p.live), bool) for p in self.parts]
        exclude[self.parts.index(part)][docnum] = True
        return self._best(scores, touched, exclude, limit)

    def suggest(
        self,
        positive: Callable[[Part], npt.NDArray[np.bool_]],
        negative: Callable[[Part], npt.NDArray[np.bool_]],
        limit: int,
        label: str,
    ) -> Ranking:
        pos = [positive(p) & p.live for p in self.parts]
        neg = [negative(p) & p.live & ~q for p, q in zip(self.parts, pos, strict=True)]
        n_pos, n_neg = sum(int(m.sum()) for m in pos), sum(int(m.sum()) for m in neg)
        if n_pos < MIN_TAGGED:
            raise PapertuiError(f"suggestions need at least {MIN_TAGGED} papers tagged {label} ({n_pos} are)")
        support = self._support(pos, neg)
        # Per support word: summed unit weights over live, tagged and skipped papers, and live papers holding it;
        # whole segments at a time (a word at a time cost ~0.2 ms × thousands of words).
        stats = np.zeros((4, len(support)))
        postings = []
        for part, p_mask, n_mask in zip(self.parts, pos, neg, strict=True):
            ids, word, unit = part.postings_of(support)
            for row, mask in enumerate((None, p_mask[ids], n_mask[ids])):
                chosen = slice(None) if mask is None else mask
                stats[row] += np.bincount(word[chosen], weights=unit[chosen], minlength=len(support))
            stats[3] += np.bincount(word, minlength=len(support))
            postings.append((ids, word, unit))
        in_all, in_pos, in_neg, df = stats
        rocchio = in_pos / n_pos - SUGGEST_LIBRARY * in_all / self.papers
        if n_neg:
            rocchio -= SUGGEST_SKIPPED * in_neg / n_neg
        query = rocchio * (np.log(self.papers / np.maximum(df, 1)) + 1.0)
        scores = []
        touched = []
        for part, (ids, word, unit) in zip(self.parts, postings, strict=True):
            size = len(part.live)
            scores.append(np.bincount(ids, weights=query[word] * unit, minlength=size).astype(np.float32))
            touched.append(np.bincount(ids, minlength=size) > 0)
        exclude = [p | n for p, n in zip(pos, neg, strict=True)]
        return self._best(scores, touched, exclude, limit)

    def _support(self, pos: list[npt.NDArray[np.bool_]], neg: list[npt.NDArray[np.bool_]]) -> list[str]:
        """The words the tagged and skipped papers hold."""
        words: set[str] = set()
        for part, p_mask, n_mask in zip(self.parts, pos, neg, strict=True):
            if not (p_mask.any() or n_mask.any()):
                continue
            held = (p_mask | n_mask)[part.vectors.ids]
            starts = part.vectors.starts
            term_at = np.unique(np.searchsorted(starts, np.flatnonzero(held), side="right") - 1)
            words.update(part.vectors.terms[int(t)] for t in term_at)
        return sorted(words)

    def _score(self, weights: dict[str, float]) -> tuple[list[npt.NDArray[np.float32]], list[npt.NDArray[np.bool_]]]:
        scores = [np.zeros(len(p.live), np.float32) for p in self.parts]
        touched = [np.zeros(len(p.live), bool) for p in self.parts]
        for term, weight in weights.items():
            if not weight:
                continue
            for part, into, seen in zip(self.parts, scores, touched, strict=True):
                found = part.vectors.slice(term)
                if found is not None:
                    ids, w = found
                    into[ids] += np.float32(weight) * part.unit(ids, w)  # a term holds each paper once
                    seen[ids] = True
        return scores, touched

    def _best(
        self,
        scores: list[npt.NDArray[np.float32]],
        touched: list[npt.NDArray[np.bool_]],
        exclude: list[npt.NDArray[np.bool_]],
        limit: int,
    ) -> Ranking:
        candidates: list[tuple[float, int, int, int]] = []
        total = 0
        for index, (part, score, seen, out) in enumerate(zip(self.parts, scores, touched, exclude, strict=True)):
            ok = np.flatnonzero(seen & part.live & ~out)
            total += len(ok)
            if len(ok) > limit:
                ok = ok[np.argpartition(-score[ok], limit - 1)[:limit]]
            candidates.extend((-float(score[d]), part.offset + int(d), index, int(d)) for d in ok)
        candidates.sort()
        best = tuple(Ranked(self.parts[i].leaf, d, -neg) for neg, _g, i, d in candidates[:limit])
        return Ranking(best, total)


def live_mask(leaf: Any) -> npt.NDArray[np.bool_]:
    live = np.ones(leaf.doc_count_all(), dtype=bool)
    dead: Iterable[int] = leaf.segment().deleted_docs()
    dead_ids = np.fromiter(dead, dtype=np.intp)
    live[dead_ids] = False
    return live


def open_related(reader: Any, cache: SegmentCache, vectors: VectorCache) -> Related:
    parts = []
    for leaf, offset in segment_leaves(reader):
        tables = cache.tables(leaf)
        parts.append(Part(leaf, offset, vectors.of(leaf, tables.get(TEXT_FIELD) if tables else None), live_mask(leaf)))
    return Related(parts)


def term_mask(cache: SegmentCache, fieldname: str, term: str) -> Callable[[Part], npt.NDArray[np.bool_]]:
    """A segment's papers holding an exact term (a tag, a triage state)."""

    def mask(part: Part) -> npt.NDArray[np.bool_]:
        found = np.zeros(len(part.live), dtype=bool)
        postings = cache.postings(part.leaf, fieldname, term)
        if postings:
            found[np.asarray(postings[0], dtype=np.intp)] = True
        return found

    return mask


def as_result(ranking: Ranking, cache: SegmentCache) -> SearchResult:
    hits = tuple(hit_from_stored(cache.stored_fields(r.leaf, r.docnum), r.score) for r in ranking.best)
    return SearchResult(hits, ranking.total, ())
